"""Fixtures of the API tests: config, a SQLite database, the app."""

import pytest

from central_cloud.api import app as api_app
from central_cloud.api import policy
from central_cloud.conf import CONF
from central_cloud.db import api as db_api
from central_cloud.db import models
from tests.unit.api import fixtures
from tests.unit.db import fixtures as db_fixtures


@pytest.fixture
def config():
    """The global config, parsed with no files; noauth by default."""
    config = fixtures.Config().start()
    config.config(auth_strategy='noauth', group='api')
    policy.reset()
    yield config
    policy.reset()
    config.stop()


@pytest.fixture
def db(tmp_path):
    """The DB api on an empty SQLite database with the schema."""
    with db_fixtures.database_url('sqlite', tmp_path) as url:
        with db_fixtures.db_api_on(url) as engine:
            models.Base.metadata.create_all(engine)
            yield db_api


@pytest.fixture
def client(config, db):
    return fixtures.Client(api_app.setup_app(CONF))


@pytest.fixture
def site(client):
    """The site SiteA, registered through the API."""
    resp = client.post('/v1/sites', fixtures.SITE)
    assert resp.status_int == 201, resp.text
    return resp.json['site']


@pytest.fixture
def template(client):
    resp = client.post('/v1/templates', fixtures.TEMPLATE)
    assert resp.status_int == 201, resp.text
    return resp.json['template']


@pytest.fixture
def member_desktop(client, site, template):
    """One desktop of project-a, created by its member."""
    resp = client.post('/v1/desktops', {
        'home_site': 'SiteA', 'template_type': 'office', 'flavor': 'm1.desk',
        'name': 'alice-desk'}, as_=fixtures.MEMBER)
    assert resp.status_int == 202, resp.text
    return resp.json['desktops'][0]


@pytest.fixture
def make_client(config, db):
    """Build a client after changing the config (e.g. auth_strategy)."""
    return lambda: fixtures.Client(api_app.setup_app(CONF))


@pytest.fixture
def world(client, db, site, template):
    """One of everything the endpoints refer to."""
    client.post('/v1/sites', dict(fixtures.SITE, name='SiteB'))
    db.create_desktop({'id': fixtures.DESKTOP_ID, 'site': 'SiteA',
                       'project_id': 'admin-project', 'name': 'd',
                       'template_type': 'office', 'flavor': 'f',
                       'server_uuid': fixtures.SERVER_ID})
    db.raise_alarm('SiteA', 'k', 'major', 'host_down', 'down')
    db.create_bundle({'name': 'a', 'version': '1',
                      'template_type': 'office'})
    return client
