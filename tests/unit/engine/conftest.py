"""Fixtures of the engine tests: a SQLite database, a clock, fake sites."""

import datetime

from oslo_config import cfg
from oslo_utils import timeutils
import pytest

from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.engine import ingest
from central_cloud.engine import manager
from central_cloud.protocol import rpc
from central_cloud.protocol import site_api
from tests.unit.db import fixtures

NOW = fixtures.NOW


@pytest.fixture
def db_url(tmp_path):
    return 'sqlite:///%s' % (tmp_path / 'central.sqlite')


@pytest.fixture
def db(db_url):
    """The DB api on an empty SQLite database with the schema."""
    with fixtures.db_api_on(db_url) as engine:
        models.Base.metadata.create_all(engine)
        yield fixtures.db_api


class Clock(object):
    """``timeutils.utcnow()`` under the test's control."""

    def __init__(self, start):
        self.now = start
        timeutils.set_time_override(start)

    def advance(self, seconds):
        self.now += datetime.timedelta(seconds=seconds)
        timeutils.set_time_override(self.now)
        return self.now


@pytest.fixture
def clock():
    yield Clock(NOW)
    timeutils.clear_time_override()


@pytest.fixture
def make_site(db):
    def make(name='SiteA', **values):
        return fixtures.make_site(db, name, **values)
    return make


@pytest.fixture
def transport():
    conf = cfg.ConfigOpts()
    conf([], project='desktop-federation')
    transport = rpc.get_rpc_transport(conf, url='fake://')
    yield transport
    transport.cleanup()


class SiteBus(object):
    """A real ``SiteAPI`` (it validates) whose casts are recorded.

    ``sent`` holds ``(site, method, kwargs)``; set ``error`` to make the
    next casts raise it.
    """

    def __init__(self, transport, version_cap=None):
        self.api = site_api.SiteAPI(transport, version_cap=version_cap)
        self.api.client = self
        self.sent = []
        self.error = None

    def prepare(self, **options):
        return _Context(self, options)

    def commands(self):
        return [kwargs['command'] for _site, method, kwargs in self.sent
                if method == 'execute']

    def pushes(self):
        return [(site, kwargs['data']) for site, method, kwargs in self.sent
                if method == 'push']


class _Context(object):

    def __init__(self, bus, options):
        self.bus = bus
        self.options = options

    def cast(self, ctxt, method, **kwargs):
        if self.bus.error is not None:
            raise self.bus.error
        self.bus.sent.append((self.options.get('server'), method, kwargs))


@pytest.fixture
def sites_bus(transport):
    return SiteBus(transport)


class OwnsAll(object):
    """A partition with one engine."""

    def owns(self, key):
        return True


class OwnsNothing(object):

    def owns(self, key):
        return False


@pytest.fixture
def batcher(db):
    batcher = ingest.ReportBatcher(batch_size=50, window=0.01)
    batcher.start()
    yield batcher
    batcher.stop()


@pytest.fixture
def engine_manager(batcher):
    return manager.EngineManager(batcher, deliver_timeout=10)


def set_availability(site, availability, last_report_at=None):
    """What reports and the auditor set: the site's availability."""
    with transaction.writer() as session:
        session.query(models.Site).filter_by(name=site).update(
            {'availability': availability,
             'last_report_at': last_report_at})
