"""List the site agent's options for oslo-config-generator.

Registered under the ``oslo.config.opts`` entry point; the generator calls
``list_opts()`` and gets ``(group, [options])`` pairs.
"""

import collections

from site_plugins.conf import central
from site_plugins.conf import executor
from site_plugins.conf import monitor
from site_plugins.conf import outbox
from site_plugins.conf import signing
from site_plugins.conf import site
from site_plugins.conf import site_cloud
from site_plugins.conf import templates

_MODULES = (site, site_cloud, central, executor, monitor, outbox,
            templates, signing)


def list_opts():
    grouped = collections.defaultdict(list)
    for module in _MODULES:
        for group, opts in module.list_opts().items():
            grouped[group].extend(opts)
    return sorted(grouped.items(), key=lambda item: _group_name(item[0]))


def _group_name(group):
    return getattr(group, 'name', group)
