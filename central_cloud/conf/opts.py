"""List the central service's options for oslo-config-generator.

Registered under the ``oslo.config.opts`` entry point; the generator calls
``list_opts()`` and gets ``(group, [options])`` pairs.
"""

import collections

from central_cloud.conf import api
from central_cloud.conf import broker
from central_cloud.conf import database
from central_cloud.conf import engine
from central_cloud.conf import monitoring
from central_cloud.conf import paths
from central_cloud.conf import placement
from central_cloud.conf import signing

_MODULES = (paths, api, broker, database, engine, monitoring, placement,
            signing)


def list_opts():
    return merge(_MODULES)


def merge(modules):
    """(group, [options]) pairs from modules that each have list_opts()."""
    grouped = collections.defaultdict(list)
    for module in modules:
        for group, opts in module.list_opts().items():
            grouped[group].extend(opts)
    return sorted(grouped.items(), key=lambda item: _group_name(item[0]))


def _group_name(group):
    return getattr(group, 'name', group)
