"""The site's template manager: find, build and pre-cache templates.

``manager.TemplateManager`` runs the M11 flow for one template spec:
``base_images`` finds the base image by checksum or brings it from
central's Glance, ``files`` fetches and verifies bundle files,
a builder plugin builds the template, and ``precache`` caches it on the
desktop hosts. Builders are loaded by name from the
``desktop_federation.site.template_builders`` stevedore namespace
(``[templates] builder``); ``builder.SnapshotBuilder`` (``snapshot``)
is the default. ``cloud`` holds the Glance, Nova and central API calls.
"""

import os

from oslo_log import log as logging

from site_plugins.backends import sdk
from site_plugins import plugins
from site_plugins.templates import base_images
from site_plugins.templates import cloud
from site_plugins.templates import files
from site_plugins.templates import manager
from site_plugins.templates import precache

LOG = logging.getLogger(__name__)

NAMESPACE = 'desktop_federation.site.template_builders'

# In-tree builders, used when the package metadata lacks the entry point.
BUILTIN = {'snapshot': 'site_plugins.templates.builder:SnapshotBuilder'}


def load_builder(name, conf, site_cloud, stopping=None):
    """The template builder ``name``."""
    return plugins.load(NAMESPACE, name, BUILTIN, conf, site_cloud,
                        stopping)


def file_cache_dir(conf):
    """``[templates] file_cache_dir``, or one beside the outbox per site."""
    return conf.templates.file_cache_dir or os.path.join(
        os.path.dirname(os.path.abspath(conf.outbox.path)), 'bundle-files',
        conf.site.name)


def build_manager(conf, site, backend, counter, alarm_book, stopping=None,
                  on_ready=None, heartbeat=None):
    """A ``TemplateManager`` on the site cloud the agent uses."""
    def connect():
        conn = getattr(backend, 'conn', None)
        if conn is None:
            with sdk.translated():
                conn = sdk.connect(conf)
        return conn
    conn = cloud.Lazy(connect)
    site_cloud = cloud.SiteCloud(conn)
    central = None
    if conf.templates.central_region:
        central = cloud.CentralCloud(cloud.Lazy(lambda: conn.get().session),
                                     conf.templates.central_region,
                                     conf.site_cloud.interface, counter)
    else:
        LOG.warning('[templates] central_region is not set: the site uses '
                    'the templates it holds but cannot build new ones')
    return manager.TemplateManager(
        conf, site, site_cloud, central,
        files.FileCache(file_cache_dir(conf), central, counter),
        base_images.BaseImages(conf, site_cloud, central, counter,
                               stopping),
        load_builder(conf.templates.builder, conf, site_cloud, stopping),
        precache.Precacher(conf, site_cloud), alarm_book,
        on_ready=on_ready, heartbeat=heartbeat)
