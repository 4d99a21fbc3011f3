"""Fixtures of the database tests; see ``fixtures`` for the backends."""

import pytest

from central_cloud.db import api as db_api
from central_cloud.db import models
from tests.unit.db import fixtures


@pytest.fixture(params=fixtures.BACKENDS)
def db_url(request, tmp_path):
    """The URL of an empty database, on SQLite and maybe PostgreSQL."""
    with fixtures.database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def engine(db_url):
    """The engine of the DB api, pointed at an empty database."""
    with fixtures.db_api_on(db_url) as engine:
        yield engine


@pytest.fixture
def db(engine):
    """The DB api on a database with the models' schema."""
    models.Base.metadata.create_all(engine)
    return db_api


@pytest.fixture
def site(db):
    """A site named SiteA."""
    return fixtures.make_site(db)
