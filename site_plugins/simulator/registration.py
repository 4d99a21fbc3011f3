"""Register the virtual sites at central, and remove them again.

Through central's own REST API (``POST /v1/sites``, ``DELETE
/v1/sites/{name}``) with the ``openstack desktop`` client, on a
keystoneauth session from a clouds.yaml cloud or the OS_* variables.
A site that already exists is kept as it is (a second process, or a
restart, registers the same names); one that is already gone counts as
removed. Requests go ``workers`` at a time.
"""

from concurrent import futures

import openstack.config
from oslo_log import log as logging

from central_cloud.osc import client as central_client
from central_cloud.osc import exceptions as client_exceptions

LOG = logging.getLogger(__name__)


class RegistrationError(Exception):
    """Some sites could not be registered or removed; ``str()`` says why."""


def client_from_conf(conf):
    """central's REST client as ``[simulator_central]`` says."""
    group = conf.simulator_central
    files = [group.clouds_file] if group.clouds_file else None
    cloud = openstack.config.OpenStackConfig(config_files=files).get_one(
        cloud=group.cloud, region_name=group.region_name)
    return central_client.Client(cloud.get_session(),
                                 region_name=group.region_name,
                                 interface=group.interface)


def site_settings(conf):
    """The ``POST /v1/sites`` settings of a virtual site."""
    sim = conf.simulator
    settings = {}
    if sim.group:
        settings['group'] = sim.group
    if sim.reserve_ratio is not None:
        settings['reserve_ratio'] = sim.reserve_ratio
    return settings


def _each(sites, work, workers):
    failures = []
    with futures.ThreadPoolExecutor(workers) as pool:
        done = pool.map(lambda site: (site, _attempt(work, site)), sites)
        for site, error in done:
            if error is not None:
                failures.append((site, error))
    return failures


def _attempt(work, site):
    try:
        work(site)
    except Exception as exc:  # the API's answer or a failed connection
        return exc
    return None


def register(client, sites, conf, workers=8):
    """Create every site at central that is not there yet."""
    settings = site_settings(conf)

    def create(site):
        try:
            client.create_site(site.name, site.name, site.latitude,
                               site.longitude, **settings)
        except client_exceptions.APIError as exc:
            if exc.http_status != 409:
                raise
    _check(_each(sites, create, workers), 'register', len(sites))
    LOG.info('Registered %d site(s) at central', len(sites))


def unregister(client, names, workers=8):
    """Delete the named sites at central; those already gone are fine."""
    def delete(name):
        try:
            client.delete_site(name)
        except client_exceptions.APIError as exc:
            if exc.http_status != 404:
                raise
    _check(_each(names, delete, workers), 'remove', len(names))
    LOG.info('Removed %d site(s) from central', len(names))


def _check(failures, what, total):
    if failures:
        site, error = failures[0]
        name = getattr(site, 'name', site)
        raise RegistrationError(
            'could not %s %d of %d site(s); first, %s: %s'
            % (what, len(failures), total, name, error))
