"""central's endpoint from the user's catalog, the client, error texts."""

from unittest import mock

from django.test import override_settings
from django.test import SimpleTestCase
from horizon import exceptions as horizon_exceptions
from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import session as ks_session

from central_cloud.dashboard import api
from central_cloud.osc import client as rest
from tests.unit.dashboard import fakes


def _request(catalog, region='SiteA'):
    user = mock.Mock(service_catalog=catalog, services_region=region)
    user.token.id = 'user-token'
    return mock.Mock(spec=['user'], user=user)


def _service(*endpoints):
    return {'type': 'desktop-federation', 'name': 'desktop-federation',
            'endpoints': [{'region': region, 'region_id': region,
                           'interface': interface, 'url': url}
                          for region, interface, url in endpoints]}


OTHER = {'type': 'compute', 'endpoints': [
    {'region': 'SiteA', 'region_id': 'SiteA', 'interface': 'public',
     'url': 'http://nova'}]}


class EndpointTest(SimpleTestCase):

    def test_the_users_region_first(self):
        request = _request([OTHER, _service(
            ('Central', 'public', 'http://central'),
            ('SiteA', 'public', 'http://near'))])
        self.assertEqual('http://near', api.endpoint(request))

    def test_any_region_when_the_users_has_none(self):
        request = _request([OTHER, _service(
            ('Central', 'internal', 'http://internal'),
            ('Central', 'public', 'http://central'))])
        self.assertEqual('http://central', api.endpoint(request))
        self.assertTrue(api.is_available(request))

    @override_settings(DESKTOP_FEDERATION_REGION='Central')
    def test_the_configured_region(self):
        request = _request([_service(
            ('Central', 'public', 'http://central'),
            ('SiteA', 'public', 'http://near'))])
        self.assertEqual('http://central', api.endpoint(request))

    @override_settings(DESKTOP_FEDERATION_ENDPOINT='http://127.0.0.1:9',
                       DESKTOP_FEDERATION_REGION='Central')
    def test_a_configured_endpoint_wins_over_the_catalog(self):
        request = _request([_service(('Central', 'public',
                                      'http://central'))])
        self.assertEqual('http://127.0.0.1:9', api.endpoint(request))

    @override_settings(DESKTOP_FEDERATION_REGION='Elsewhere')
    def test_the_configured_region_must_have_it(self):
        request = _request([_service(('SiteA', 'public', 'http://near'))])
        self.assertRaises(horizon_exceptions.ServiceCatalogException,
                          api.endpoint, request)

    @override_settings(OPENSTACK_ENDPOINT_TYPE='internalURL')
    def test_the_configured_interface(self):
        request = _request([_service(
            ('Central', 'public', 'http://central'),
            ('Central', 'internal', 'http://internal'))])
        self.assertEqual('http://internal', api.endpoint(request))

    def test_no_central_in_the_catalog(self):
        request = _request([OTHER])
        self.assertRaises(horizon_exceptions.ServiceCatalogException,
                          api.endpoint, request)
        self.assertFalse(api.is_available(request))


class ClientTest(SimpleTestCase):

    def test_client_carries_the_users_token_to_central(self):
        request = _request([_service(('SiteA', 'public', 'http://near'))])
        client = api.client(request)
        self.assertIsInstance(client, rest.Client)
        self.assertIs(client, api.client(request))
        session = client.api.session
        self.assertIsInstance(session, ks_session.Session)
        self.assertEqual('user-token', session.get_token())
        self.assertEqual('http://near', client.api.endpoint_override)
        self.assertEqual(api.DEFAULT_TIMEOUT, session.timeout)
        self.assertTrue(session.verify)

    @override_settings(OPENSTACK_SSL_NO_VERIFY=True,
                       DESKTOP_FEDERATION_TIMEOUT=5)
    def test_tls_and_timeout_settings(self):
        request = _request([_service(('SiteA', 'public', 'http://near'))])
        session = api.client(request).api.session
        self.assertFalse(session.verify)
        self.assertEqual(5, session.timeout)

    @override_settings(OPENSTACK_SSL_CACERT='/etc/ssl/ca.pem')
    def test_ca_file(self):
        request = _request([_service(('SiteA', 'public', 'http://near'))])
        self.assertEqual('/etc/ssl/ca.pem',
                         api.client(request).api.session.verify)


class DescribeTest(SimpleTestCase):

    def test_api_errors_keep_status_and_request_id(self):
        text = api.describe(fakes.bad_request('flavor is unknown'))
        self.assertEqual('flavor is unknown (HTTP 400) (Request-ID: '
                         'req-1234)', text)

    def test_unreachable_and_slow(self):
        self.assertEqual("central's API cannot be reached at "
                         "http://127.0.0.1:1/v1/sites: connection refused",
                         api.describe(fakes.unreachable()))
        self.assertEqual("central's API cannot be reached: ConnectFailure",
                         api.describe(ks_exceptions.ConnectFailure('?')))
        self.assertEqual("central's API did not answer in time",
                         api.describe(ks_exceptions.ConnectTimeout('x')))

    def test_catalog_and_anything_else(self):
        self.assertIn('no desktop-federation endpoint', api.describe(
            horizon_exceptions.ServiceCatalogException('x')))
        self.assertEqual('boom', api.describe(ValueError('boom\nmore')))
        self.assertEqual('KeyError', api.describe(KeyError()))

    def test_missing_route(self):
        self.assertTrue(api.is_missing_route(fakes.not_found()))
        self.assertFalse(api.is_missing_route(fakes.bad_request('x')))
