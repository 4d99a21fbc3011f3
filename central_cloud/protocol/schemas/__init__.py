"""JSON schemas (Draft 2020-12) of every protocol payload, per version.

Names:

* an RPC method's name ('execute', 'push', 'ping', 'report', 'progress',
  'alarm', 'request') describes that method's keyword arguments, e.g.
  ``{'command': {...}}`` for 'execute';
* 'command', 'business_data', 'monitoring_report' and 'alarm_record'
  describe one object;
* 'ping_reply' and 'request_reply' describe what a call returns;
* notification event types ('desktop.site.update', ...) their payloads.
"""

import copy

from central_cloud.protocol import exception
from central_cloud.protocol.schemas import central_messages
from central_cloud.protocol.schemas import notifications
from central_cloud.protocol.schemas import site_messages
from central_cloud.protocol import versions

DIALECT = 'https://json-schema.org/draft/2020-12/schema'


def _build(version):
    built = {}
    for module in (site_messages, central_messages, notifications):
        for name, schema in module.build(version).items():
            # Copied: the building blocks are shared between schemas.
            schema = copy.deepcopy(schema)
            schema['$schema'] = DIALECT
            schema['title'] = '%s (RPC API %s)' % (name, version)
            built[name] = schema
    return built


_SCHEMAS = {version: _build(version) for version in versions.KNOWN}


def names(version=None):
    """The schema names known at ``version`` (default: current)."""
    return sorted(_SCHEMAS[versions.resolve(version)])


def get(name, version=None):
    """A copy of the schema ``name`` at ``version`` (default: current)."""
    try:
        return copy.deepcopy(_SCHEMAS[versions.resolve(version)][name])
    except KeyError:
        raise exception.UnknownMessage(name) from None
