"""Cloud back ends: how the agent talks to its region's services.

A back end implements ``base.CloudBackend`` and is loaded by name from the
``desktop_federation.site.backends`` stevedore namespace (``[executor]
backend``); ``sdk.OpenStackSDKBackend`` (``openstacksdk``) is the default.
"""

from site_plugins import plugins

NAMESPACE = 'desktop_federation.site.backends'

# In-tree back ends, used when the package metadata lacks the entry point
# (e.g. running from a source tree that was never installed).
BUILTIN = {'openstacksdk': 'site_plugins.backends.sdk:OpenStackSDKBackend'}


def load(name, conf):
    """The back end ``name``, built with ``conf``."""
    return plugins.load(NAMESPACE, name, BUILTIN, conf)
