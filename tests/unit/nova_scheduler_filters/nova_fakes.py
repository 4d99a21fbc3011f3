"""nova, its scheduler test fakes and our plugins, loaded for unit tests.

The unit tests of the whole project share one process, and two things
would let nova disturb the others:

* nova registers its options on ``cfg.CONF`` when ``nova.conf`` is first
  imported, and some of their names (``state_path``, ``max_limit``...)
  are the central service's too. So nova's modules are executed while
  ``cfg.CONF`` is a ConfigOpts of nova's own, which ``nova.conf.CONF`` (and
  so the plugins' options) keeps pointing at. Any other library imported
  on the way still registers on the process's ``cfg.CONF``, as it would
  anywhere else.
* Importing the package ``nova.tests.unit`` monkey-patches the process
  with eventlet, while the other tests run real threads. That package is
  therefore registered bare (its path, not its ``__init__``) before
  ``nova.tests.unit.scheduler.fakes`` is imported. The fakes only need
  nova's versioned objects registered.
"""

import importlib
import importlib.util
import sys

from oslo_config import cfg

NOVA_CONF = cfg.ConfigOpts()
_SHARED_CONF = cfg.CONF
_TEST_PACKAGE = 'nova.tests.unit'


def _is_nova(name):
    return name == 'nova' or name.startswith('nova.')


class _ConfLoader(object):
    """Runs a module's body with ``cfg.CONF`` set to ``conf``."""

    def __init__(self, loader, conf):
        self._loader = loader
        self._conf = conf

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        saved = cfg.CONF
        cfg.CONF = self._conf
        try:
            self._loader.exec_module(module)
        finally:
            cfg.CONF = saved

    def __getattr__(self, name):
        return getattr(self._loader, name)


class _NovaConfFinder(object):
    """Runs nova's modules on NOVA_CONF, all others on the shared one."""

    def find_spec(self, fullname, path, target=None):
        nova = _is_nova(fullname)
        if not nova and cfg.CONF is _SHARED_CONF:
            return None
        spec = self._spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _ConfLoader(
                spec.loader, NOVA_CONF if nova else _SHARED_CONF)
        return spec

    def _spec(self, fullname, path, target):
        for finder in sys.meta_path:
            find = getattr(finder, 'find_spec', None)
            if finder is self or find is None:
                continue
            spec = find(fullname, path, target)
            if spec is not None:
                return spec
        return None


def _register_bare_package(name):
    if name in sys.modules:
        return
    module = importlib.util.module_from_spec(importlib.util.find_spec(name))
    sys.modules[name] = module
    parent, _, child = name.rpartition('.')
    setattr(sys.modules[parent], child, module)


def _load():
    if 'nova.conf' not in sys.modules:
        sys.meta_path.insert(0, _NovaConfFinder())
    objects = importlib.import_module('nova.objects')
    objects.register_all()
    _register_bare_package(_TEST_PACKAGE)
    return importlib.import_module(_TEST_PACKAGE + '.scheduler.fakes')


fakes = _load()
FakeHostState = fakes.FakeHostState
