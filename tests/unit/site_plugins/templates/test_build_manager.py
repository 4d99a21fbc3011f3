"""The template manager as the agent builds it from its config."""

import os

from site_plugins import templates
from site_plugins.templates import builder
from site_plugins import wan


def test_from_config_without_central(conf, backend, book):
    mgr = templates.build_manager(conf, 'site-a', backend, wan.WanCounter(),
                                  book)
    assert mgr.central is None
    assert isinstance(mgr.builder, builder.SnapshotBuilder)
    # The file cache is the site's own, beside the outbox.
    assert mgr.files.directory == os.path.join(
        os.path.dirname(conf.outbox.path), 'bundle-files', 'site-a')


def test_from_config_with_central(conf, backend, book, tmp_path):
    conf.set_override('central_region', 'Central', group='templates')
    conf.set_override('file_cache_dir', str(tmp_path / 'c'),
                      group='templates')
    mgr = templates.build_manager(conf, 'site-a', backend, wan.WanCounter(),
                                  book)
    assert (mgr.central.region, mgr.central.interface) == ('Central',
                                                           'public')
    assert mgr.files.directory == str(tmp_path / 'c')
    # Connections are made on first use, not at start.
    assert mgr.cloud.conn is backend.conn
