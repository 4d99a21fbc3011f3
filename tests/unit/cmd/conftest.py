"""Fixtures of the command line tests."""

import logging

import pytest

from central_cloud.conf import CONF
from tests.unit.db import fixtures


@pytest.fixture(autouse=True)
def clean_config():
    """Each command parses the global config and sets up logging; undo."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    CONF.clear()
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def engine(tmp_path):
    """The DB api on an empty SQLite database."""
    with fixtures.database_url('sqlite', tmp_path) as url:
        with fixtures.db_api_on(url) as engine:
            yield engine
