"""Fixtures: the global config set for a test site, a fake cloud, a
temporary outbox and an in-memory message bus."""

from oslo_config import fixture as config_fixture
import pytest

from central_cloud.protocol import rpc
from site_plugins import alarms
from site_plugins.backends import sdk
from site_plugins import conf as site_conf
from site_plugins.outbox import database
from site_plugins.outbox import queue
from site_plugins.outbox import records
from tests.unit.site_plugins import fakes

SITE = 'site-a'


@pytest.fixture
def conf(tmp_path):
    """``cfg.CONF`` parsed with no files, set for ``SITE``; reset after."""
    conf = site_conf.CONF
    conf([], project=site_conf.PROJECT, default_config_files=[])
    fixture = config_fixture.Config(conf)
    fixture.setUp()
    fixture.config(group='site', name=SITE)
    fixture.config(group='site_cloud', cloud='test-cloud')
    fixture.config(group='central', transport_url='fake://',
                   retry_interval=0.01, retry_interval_max=0.05,
                   call_timeout=5)
    fixture.config(group='outbox', path=str(tmp_path / 'outbox.sqlite'))
    fixture.config(group='executor', poll_interval=0.01,
                   command_timeout=5)
    fixture.config(group='monitor', report_interval=60)
    # The fake central here does not sign; test_agent_signing covers it.
    fixture.config(group='signing', require_from_central=False)
    yield conf
    fixture.cleanUp()
    conf.reset()
    conf.clear()


@pytest.fixture
def cloud():
    return fakes.FakeCloud()


@pytest.fixture
def backend(conf, cloud):
    return sdk.OpenStackSDKBackend(conf, connection=cloud)


@pytest.fixture
def db(conf):
    database_ = database.LocalDatabase(conf.outbox.path, SITE)
    database_.open()
    yield database_
    database_.close()


@pytest.fixture
def outbox(db):
    return queue.Outbox(db)


@pytest.fixture
def book(db, outbox):
    return alarms.AlarmBook(SITE, outbox, records.Records(db))


@pytest.fixture
def transport(conf):
    transport = rpc.get_rpc_transport(conf, url='fake://')
    yield transport
    transport.cleanup()


def kinds(outbox):
    """The kinds of the items waiting in ``outbox``, in order."""
    return [item['kind'] for item in outbox.pending(1000)]


def payloads(outbox, kind):
    return [item['payload'] for item in outbox.pending(1000)
            if item['kind'] == kind]
