"""Load the agent's plugins (back ends, monitors) through stevedore."""

import importlib
from importlib import metadata

from oslo_log import log as logging
from stevedore import driver
from stevedore import exception as stevedore_exception

LOG = logging.getLogger(__name__)


class PluginNotFound(Exception):
    """No plugin of that name in the namespace; ``str()`` says which exist."""


def _raise(manager, entry_point, exc):
    raise exc


def available(namespace, builtin):
    names = set(builtin)
    names.update(ep.name for ep in metadata.entry_points(group=namespace))
    return sorted(names)


def find(namespace, name, builtin):
    """The plugin class ``name`` of ``namespace``.

    The entry point wins; ``builtin`` (name -> 'module:Class') covers the
    in-tree plugins when the installed metadata lacks them.
    """
    registered = {ep.name for ep in metadata.entry_points(group=namespace)}
    if name in registered:
        try:
            return driver.DriverManager(
                namespace, name, invoke_on_load=False,
                on_load_failure_callback=_raise).driver
        except stevedore_exception.NoMatches:
            pass
    if name not in builtin:
        raise PluginNotFound(
            'no plugin %r in %s (available: %s)'
            % (name, namespace, ', '.join(available(namespace, builtin))))
    LOG.debug('Using the in-tree plugin %s of %s', name, namespace)
    module_name, _sep, attr = builtin[name].partition(':')
    return getattr(importlib.import_module(module_name), attr)


def load(namespace, name, builtin, *args):
    """The plugin ``name`` of ``namespace``, built with ``args``."""
    return find(namespace, name, builtin)(*args)
