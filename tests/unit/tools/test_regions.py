"""The lab's waits ride out a service that is still starting."""

import collections

from keystoneauth1 import exceptions as ksa_exceptions
from openstack import exceptions as sdk_exceptions
import pytest

from desktop_lab import regions

Item = collections.namedtuple('Item', 'name')


def _raising(exc):
    def call():
        raise exc
    return call


def test_names_of_a_list_call():
    assert regions._names_or_none(lambda: [Item('a'), Item('b')]) == {
        'a', 'b'}


@pytest.mark.parametrize('exc', [
    ksa_exceptions.ConnectFailure('refused'),
    sdk_exceptions.HttpException('unavailable', http_status=503)])
def test_a_transient_failure_is_none(exc):
    assert regions._names_or_none(_raising(exc)) is None


def test_a_client_error_is_raised():
    with pytest.raises(sdk_exceptions.HttpException):
        regions._names_or_none(_raising(
            sdk_exceptions.HttpException('forbidden', http_status=403)))
