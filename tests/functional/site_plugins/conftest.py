"""Fixtures for the site agent against the lab's real SiteA (no mocks).

The agent runs under a site name of its own, so it never takes commands
meant for the lab's agents; every server and image a test makes is
deleted afterwards.
"""

import uuid

from oslo_config import fixture as config_fixture
import pytest

from desktop_lab import images
from site_plugins.backends import sdk
from site_plugins import conf as site_conf
from site_plugins.executor import create
from site_plugins.executor import executor

REGION = 'SiteA'
WAIT = 180


@pytest.fixture(scope='module')
def site_conn(lab):
    if REGION not in lab.site_names:
        pytest.skip('the lab topology has no region %s' % REGION)
    return lab.connect(REGION)


@pytest.fixture(scope='module')
def tiny_image(site_conn):
    return images.ensure_tiny_image(site_conn)


@pytest.fixture
def agent_conf(lab, site_conn, tmp_path):
    """``cfg.CONF`` for an agent of ``REGION`` under a test site name."""
    conf = site_conf.CONF
    conf([], project=site_conf.PROJECT, default_config_files=[])
    fixture = config_fixture.Config(conf)
    fixture.setUp()
    fixture.config(group='site', name='functest-%s' % uuid.uuid4().hex[:8],
                   region=REGION)
    fixture.config(group='site_cloud', cloud='desktop-lab',
                   clouds_file=lab.clouds_yaml)
    fixture.config(group='central', transport_url='fake://')
    fixture.config(group='outbox', path=str(tmp_path / 'outbox.sqlite'))
    fixture.config(group='executor', poll_interval=0.2,
                   command_timeout=WAIT)
    yield conf
    fixture.cleanUp()
    conf.reset()
    conf.clear()


@pytest.fixture
def backend(agent_conf):
    backend = sdk.OpenStackSDKBackend(agent_conf)
    backend.check()
    return backend


class Commands(object):
    """Builds commands, runs them, and remembers what to clean up."""

    def __init__(self, conf, backend, conn, image):
        self.site = conf.site.name
        self.executor = executor.Executor(backend, conf, self.site)
        self.conn = conn
        self.image = image
        self.command_ids = []

    def command(self, action, **params):
        command_id = str(uuid.uuid4())
        if action == 'create':
            self.command_ids.append(command_id)
        return {'id': command_id, 'action': action, 'site': self.site,
                'created_at': '2024-05-01T12:00:00Z', 'params': params}

    def create(self, **params):
        defaults = {'name': 'functest-desk', 'flavor': 'desktop.small',
                    'template_type': 'functest', 'image': self.image.id}
        return self.command('create', **dict(defaults, **params))

    def run(self, command):
        return self.executor.run(command)

    def servers(self, command_id):
        return list(self.conn.compute.servers(
            tags=create.command_tag(command_id)))

    def cleanup(self):
        doomed = [s for command_id in self.command_ids
                  for s in self.servers(command_id)]
        for server in doomed:
            self.conn.compute.delete_server(server, ignore_missing=True)
        for server in doomed:
            self.conn.compute.wait_for_delete(server, wait=WAIT)


@pytest.fixture
def commands(agent_conf, backend, site_conn, tiny_image):
    made = Commands(agent_conf, backend, site_conn, tiny_image)
    yield made
    made.cleanup()


@pytest.fixture
def make_image(site_conn):
    """Upload a tiny private image with properties; deleted after."""
    made = []

    def make(name, **properties):
        image = site_conn.image.create_image(
            name=name, data=images.DATA, disk_format='raw',
            container_format='bare', visibility='private', wait=True,
            allow_duplicates=True, **properties)
        made.append(image)
        return image
    yield make
    for image in made:
        site_conn.image.delete_image(image, ignore_missing=True)
