"""Fixtures of the template tests: fake clouds and a manager on them."""

import pytest

from site_plugins.outbox import records
from site_plugins.templates import base_images
from site_plugins.templates import builder
from site_plugins.templates import files
from site_plugins.templates import manager
from site_plugins.templates import precache
from site_plugins import wan
from tests.unit.site_plugins.templates import fakes

BASE_DATA = b'base image bytes ' * 100
FILE_DATA = b'#!/bin/sh\necho app\n'


@pytest.fixture
def tconf(conf, tmp_path):
    conf.set_override('central_region', 'Central', group='templates')
    conf.set_override('builder_done_state', 'ACTIVE', group='templates')
    conf.set_override('build_timeout', 5, group='templates')
    conf.set_override('file_cache_dir', str(tmp_path / 'files'),
                      group='templates')
    return conf


@pytest.fixture
def counter():
    return wan.WanCounter()


@pytest.fixture
def site_cloud():
    return fakes.FakeSiteCloud()


@pytest.fixture
def central(counter):
    central = fakes.FakeCentral(counter)
    central.base = central.add(fakes.image('ubuntu', BASE_DATA))
    central.blobs[fakes.hashlib.sha256(FILE_DATA).hexdigest()] = FILE_DATA
    return central


@pytest.fixture
def spec(central):
    return {'template_type': 'office', 'version': 2,
            'base_image': {'id': central.base['id'],
                           'checksum': central.base['checksum']},
            'bundles': [{'name': 'app', 'version': '1.0',
                         'files': [{'name': 'app.sh',
                                    'sha256': fakes.hashlib.sha256(
                                        FILE_DATA).hexdigest(),
                                    'size': len(FILE_DATA)}],
                         'install_commands': ['sh ./app.sh']}],
            'precache': True}


class Calls(object):
    def __init__(self):
        self.ready = 0
        self.steps = []

    def on_ready(self):
        self.ready += 1

    def heartbeat(self, command_id, what):
        self.steps.append((command_id, what))


@pytest.fixture
def calls():
    return Calls()


@pytest.fixture
def make_manager(tconf, site_cloud, central, counter, book, calls):
    def make(central=central):
        return manager.TemplateManager(
            tconf, 'site-a', site_cloud, central,
            files.FileCache(tconf.templates.file_cache_dir, central,
                            counter),
            base_images.BaseImages(tconf, site_cloud, central, counter,
                                   poll=0.001),
            builder.SnapshotBuilder(tconf, site_cloud, poll=0.001),
            precache.Precacher(tconf, site_cloud), book,
            on_ready=calls.on_ready, heartbeat=calls.heartbeat)
    return make


@pytest.fixture
def alarms_of(db):
    return lambda: records.Records(db).alarms()
