"""central's REST API for the panels: the OSC plugin's client, as the user.

``client(request)`` gives a ``central_cloud.osc.client.Client`` on a
keystoneauth session that carries the signed-in user's token to
central's endpoint from the user's service catalog. central serves every
region from one place, so when the user looks at a region whose catalog
has no ``desktop-federation`` endpoint, the endpoint of any region is
used (or the one of ``DESKTOP_FEDERATION_REGION`` when it is set).

Settings (all optional): ``DESKTOP_FEDERATION_REGION``,
``DESKTOP_FEDERATION_ENDPOINT`` (central's URL, instead of the one in the
catalog: a second central, say, with a database of its own),
``DESKTOP_FEDERATION_TIMEOUT`` (seconds per request, default 20), and
Horizon's own ``OPENSTACK_ENDPOINT_TYPE``, ``OPENSTACK_SSL_NO_VERIFY``
and ``OPENSTACK_SSL_CACERT``.
"""

import re

from django.conf import settings
from horizon import exceptions as horizon_exceptions
from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import session as ks_session
from keystoneauth1 import token_endpoint
from openstack_dashboard.api import base

from central_cloud.osc import client as rest
from central_cloud.osc import exceptions as rest_exceptions

SERVICE_TYPE = rest.SERVICE_TYPE
DEFAULT_TIMEOUT = 20
APP_NAME = 'horizon-desktop-federation'
_CACHED = '_desktop_federation_client'


def _interface():
    endpoint_type = getattr(settings, 'OPENSTACK_ENDPOINT_TYPE', None)
    return base.ENDPOINT_TYPE_TO_INTERFACE.get(endpoint_type or '',
                                               endpoint_type or 'public')


def endpoint(request):
    """central's API URL; ServiceCatalogException if the catalog lacks it."""
    fixed = getattr(settings, 'DESKTOP_FEDERATION_ENDPOINT', None)
    if fixed:
        return fixed
    region = getattr(settings, 'DESKTOP_FEDERATION_REGION', None)
    try:
        return base.url_for(request, SERVICE_TYPE, region=region)
    except horizon_exceptions.ServiceCatalogException:
        if region:
            raise
    service = base.get_service_from_catalog(request.user.service_catalog,
                                            SERVICE_TYPE) or {}
    interface = _interface()
    for found in service.get('endpoints', []):
        if found.get('interface') == interface and found.get('url'):
            return found['url']
    raise horizon_exceptions.ServiceCatalogException(SERVICE_TYPE)


def is_available(request):
    """Whether the user's catalog has central's API (in any region)."""
    try:
        endpoint(request)
    except horizon_exceptions.ServiceCatalogException:
        return False
    return True


def _verify():
    if getattr(settings, 'OPENSTACK_SSL_NO_VERIFY', False):
        return False
    return getattr(settings, 'OPENSTACK_SSL_CACERT', None) or True


def client(request):
    """The REST client for this request, as the signed-in user."""
    cached = getattr(request, _CACHED, None)
    if cached is not None:
        return cached
    url = endpoint(request)
    session = ks_session.Session(
        auth=token_endpoint.Token(url, request.user.token.id),
        verify=_verify(), app_name=APP_NAME,
        timeout=getattr(settings, 'DESKTOP_FEDERATION_TIMEOUT',
                        DEFAULT_TIMEOUT))
    found = rest.Client(session, endpoint=url)
    setattr(request, _CACHED, found)
    return found


def is_missing_route(exc):
    """A 404 on a list: central's API is older and lacks that resource."""
    return isinstance(exc, rest_exceptions.NotFound)


def describe(exc):
    """A short reason for an error message, without a traceback."""
    if isinstance(exc, rest_exceptions.ClientError):
        return str(exc)
    if isinstance(exc, ks_exceptions.ConnectTimeout):
        return "central's API did not answer in time"
    if isinstance(exc, ks_exceptions.ConnectionError):
        where, reason = _connection_failure(exc)
        return "central's API cannot be reached%s: %s" % (where, reason)
    if isinstance(exc, horizon_exceptions.ServiceCatalogException):
        return ('the service catalog has no %s endpoint' % SERVICE_TYPE)
    return _first_line(exc) or type(exc).__name__


_CONNECT_TO = re.compile(r'connection to (\S+?): ')
_REASONS = (('Connection refused', 'connection refused'),
            ('Name or service not known', 'unknown host'),
            ('No route to host', 'no route to host'),
            ('timed out', 'timed out'),
            ('CERTIFICATE_VERIFY_FAILED', 'its TLS certificate is not '
                                          'trusted'))


def _connection_failure(exc):
    """`` at <url>`` (or nothing) and a short reason."""
    text = str(exc)
    found = _CONNECT_TO.search(text)
    where = ' at %s' % found.group(1) if found else ''
    for needle, reason in _REASONS:
        if needle in text:
            return where, reason
    return where, type(exc).__name__


def _first_line(exc):
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else ''
