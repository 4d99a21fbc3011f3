"""flavors: the flavors the site's Nova offers (RPC API 1.3).

Central reads their sizes from the report to place desktops (a desktop
must fit on one host) and to refuse a request for a flavor the home site
does not have.
"""

from oslo_log import log as logging

from central_cloud.protocol import fields
from site_plugins.monitors import base

LOG = logging.getLogger(__name__)

# As many as the report's schema takes.
MAX_FLAVORS = 1000


def _count(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(value)
    return value


def flavors(found):
    """The report's ``flavors``, sorted by name, sizes checked."""
    listed = []
    for flavor in found:
        try:
            entry = {'name': str(flavor['name'])[:fields.MAX_NAME],
                     'id': str(flavor['id'])[:fields.MAX_NAME],
                     'vcpus': _count(flavor['vcpus']),
                     'ram': _count(flavor['ram']),
                     'disk': _count(flavor['disk'])}
        except (KeyError, TypeError, ValueError):
            LOG.warning('Flavor %s is not reported: its size is not whole '
                        'numbers (%r)', flavor.get('name'), flavor)
            continue
        if entry['name'] and entry['id']:
            listed.append(entry)
    listed.sort(key=lambda f: (f['name'], f['id']))
    return listed[:MAX_FLAVORS]


class FlavorsMonitor(base.Monitor):
    """Fills ``flavors``."""

    name = 'flavors'

    def collect(self):
        return base.Observation({'flavors': flavors(self.backend.flavors())},
                                [])
