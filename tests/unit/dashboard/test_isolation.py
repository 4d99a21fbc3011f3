"""Horizon's test data leaves other libraries' exceptions as they were."""

from keystoneauth1 import exceptions as ks_exceptions
from openstack import exceptions as sdk_exceptions

from tests.unit.dashboard import fakes
from tests.unit.dashboard import isolation


def _real():
    assert str(ks_exceptions.ConnectFailure('refused')) == 'refused'
    assert str(sdk_exceptions.SDKException('boom')) == 'boom'
    for cls in isolation.CLASSES:
        assert 'silence_logging' not in cls.__dict__, cls


class DuringAViewTest(fakes.DashboardTestCase):

    def test_the_exceptions_are_real(self):
        _real()


def test_after_a_view_test_too():
    from openstack_dashboard.test.test_data import utils
    holder = type('Holder', (), {})()
    utils.load_test_data(holder)
    isolation.restore()
    _real()
