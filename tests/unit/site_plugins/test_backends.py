"""The openstacksdk back end: loading, the start check, error mapping."""

from keystoneauth1 import exceptions as ks_exceptions
from openstack import exceptions as sdk_exceptions
import pytest

from site_plugins import backends
from site_plugins.backends import base
from site_plugins.backends import sdk
from site_plugins import plugins
from tests.unit.site_plugins import fakes


def test_the_default_back_end_is_found_by_name():
    found = plugins.find(backends.NAMESPACE, 'openstacksdk',
                         backends.BUILTIN)
    assert found is sdk.OpenStackSDKBackend


def test_an_unknown_back_end_names_the_known_ones(conf):
    with pytest.raises(plugins.PluginNotFound) as info:
        backends.load('vmware', conf)
    assert str(info.value).startswith(
        "no plugin 'vmware' in desktop_federation.site.backends "
        "(available: openstacksdk")


def test_check_passes_on_a_working_cloud(backend):
    backend.check()


def test_check_names_the_missing_service(backend, cloud):
    cloud.missing_endpoints.add('placement')
    with pytest.raises(base.CloudError) as info:
        backend.check()
    assert str(info.value) == ('cannot use the placement service of region '
                               'site-a: No placement endpoint in region')


@pytest.mark.parametrize('error, kind, message', [
    (fakes.not_found('Instance x'), base.NotFound,
     'Instance x could not be found.'),
    (fakes.http_error(sdk_exceptions.ConflictException, 409, 'busy'),
     base.Conflict, 'busy'),
    (fakes.http_error(sdk_exceptions.ForbiddenException, 403,
                      'Quota exceeded for cores'), base.CloudError,
     'Quota exceeded for cores'),
    (ks_exceptions.ConnectFailure('Unable to establish connection\nmore'),
     base.Unavailable, 'Unable to establish connection'),
    (sdk_exceptions.EndpointNotFound('no endpoint'), base.CloudError,
     'no endpoint'),
])
def test_client_errors_become_cloud_errors(error, kind, message):
    with pytest.raises(kind) as info:
        with sdk.translated():
            raise error
    assert str(info.value) == message


def test_an_http_error_keeps_its_code_as_the_fault():
    with pytest.raises(base.CloudError) as info:
        with sdk.translated():
            raise fakes.http_error(sdk_exceptions.ForbiddenException, 403,
                                   'Quota exceeded for cores')
    assert info.value.fault == {'code': 403,
                                'message': 'Quota exceeded for cores'}
