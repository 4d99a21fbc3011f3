"""The OpenStackClient plugin: ``openstack desktop ...``.

OpenStackClient loads this module from the ``openstack.cli.extension``
entry point ``desktop``: it adds ``--os-desktop-api-version`` to the
global options and makes the client of central's REST API (found in
the catalog as service type ``desktop-federation``) on the command's
keystoneauth session. The commands are the ``openstack.desktop.v1``
entry points.
"""

import logging

from osc_lib import exceptions
from osc_lib import utils

from central_cloud.osc import client

LOG = logging.getLogger(__name__)

API_NAME = 'desktop'
API_VERSION_OPTION = 'os_desktop_api_version'
DEFAULT_API_VERSION = client.API_VERSION
API_VERSIONS = {'1': 'central_cloud.osc.client.Client'}


def make_client(instance):
    """The REST client for the region and interface of the command."""
    endpoint = instance.get_endpoint_for_service_type(
        client.SERVICE_TYPE, region_name=instance.region_name,
        interface=instance.interface)
    LOG.debug('desktop-federation API at %s', endpoint)
    return client.Client(instance.session, endpoint=endpoint,
                         region_name=instance.region_name,
                         interface=instance.interface)


def check_api_version(version):
    """Refuse an API version this plugin cannot speak."""
    if version not in API_VERSIONS:
        raise exceptions.UnsupportedVersion(
            'desktop-federation API version %s is not supported '
            '(supported: %s)' % (version, ', '.join(sorted(API_VERSIONS))))
    return True


def build_option_parser(parser):
    """Add ``--os-desktop-api-version`` to the global options."""
    parser.add_argument(
        '--os-desktop-api-version',
        metavar='<desktop-api-version>',
        default=utils.env('OS_DESKTOP_API_VERSION',
                          default=DEFAULT_API_VERSION),
        help='desktop-federation API version, default=%s '
             '(Env: OS_DESKTOP_API_VERSION)' % DEFAULT_API_VERSION)
    return parser
