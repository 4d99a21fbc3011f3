"""Django for the dashboard's unit tests, and for them only.

The other unit tests run in the same pytest process and know nothing of
Django: the settings module is set when pytest first reaches this
folder, the test database lives from the first dashboard test to the
end of the run, and what Horizon's test data does to other libraries'
exception classes is undone after each test (``isolation``).
"""

import os

import django
import pytest

from tests.unit.dashboard import isolation

isolation.snapshot()
os.environ['DJANGO_SETTINGS_MODULE'] = 'tests.unit.dashboard.settings'
django.setup()


@pytest.fixture(autouse=True)
def real_exception_classes():
    yield
    isolation.restore()


@pytest.fixture(scope='session', autouse=True)
def django_test_database():
    from django.test import utils
    utils.setup_test_environment()
    databases = utils.setup_databases(verbosity=0, interactive=False)
    yield
    utils.teardown_databases(databases, verbosity=0)
    utils.teardown_test_environment()
