"""Fixtures of the placer tests that use a database (SQLite)."""

from oslo_config import cfg
import pytest

from central_cloud.conf import CONF
from central_cloud.db import models
from central_cloud.protocol import rpc
from tests.unit.db import fixtures
from tests.unit.engine import conftest as engine_conftest
from tests.unit.placement import samples


@pytest.fixture
def db(tmp_path):
    with fixtures.db_api_on('sqlite:///%s' % (tmp_path / 'c.sqlite')) as \
            engine:
        models.Base.metadata.create_all(engine)
        yield fixtures.db_api


@pytest.fixture
def config():
    CONF([], project='desktop-federation', default_config_files=[])
    yield CONF
    CONF.reset()


class Lab(object):
    """The lab's regions in a database: Central (pool), SiteA-C."""

    COORDINATES = {'Central': samples.PARIS, 'SiteA': samples.BRUSSELS,
                   'SiteB': samples.AMSTERDAM, 'SiteC': samples.LYON}

    def __init__(self, db):
        self.db = db
        self.seq = {}
        for name, (latitude, longitude) in self.COORDINATES.items():
            db.create_site({'name': name, 'region': name,
                            'latitude': latitude, 'longitude': longitude,
                            'shared_pool': name == 'Central'})
            self.report(name)

    def report(self, name, hosts=None, **values):
        self.seq[name] = self.seq.get(name, 0) + 1
        body = samples.report(name, hosts, **values)
        self.db.ingest_reports([{'site': name, 'seq': self.seq[name],
                                 'body': body}])

    def fill(self, name):
        self.report(name, [samples.host(name.lower() + '-%d' % n,
                                        used=(4, 0, 0)) for n in (1, 2)])

    def desktop(self, home='SiteA', flavor='medium', scope=None,
                name='desk'):
        """A desktop and its create command, as the REST API writes."""
        desktop = self.db.create_desktop({
            'site': home, 'project_id': 'p1', 'name': name,
            'template_type': 'office', 'flavor': flavor, 'scope': scope,
            'state': 'building'})
        command = self.db.create_command(
            home, 'create', desktop_id=desktop.id,
            payload={'name': name, 'flavor': flavor,
                     'template_type': 'office',
                     'metadata': {'desktop_id': desktop.id}})
        return desktop, command


@pytest.fixture
def lab(db, config):
    return Lab(db)


@pytest.fixture
def sites_bus():
    """A real SiteAPI whose casts are recorded (see the engine tests)."""
    conf = cfg.ConfigOpts()
    conf([], project='desktop-federation')
    transport = rpc.get_rpc_transport(conf, url='fake://')
    yield engine_conftest.SiteBus(transport)
    transport.cleanup()
