"""Shared parts of the config-generation commands.

``desktop-central-manage config generate`` and ``desktop-site-config``
turn command-line values into an ini file. This module holds what they
share: ``--set GROUP.OPTION=VALUE`` parsing, a check of every value against
the real oslo.config options (so a generated file never holds a value the
service would refuse at start), the ini text and an atomic file write.
Nothing here registers options on the global ``cfg.CONF``.
"""

import collections
import contextlib
import io
import logging
import os
import re
import sys
import tempfile
import warnings

from keystoneauth1 import loading as ks_loading
from oslo_config import cfg
import stevedore

NAME = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')


class InvalidValue(ValueError):
    """A value that cannot go into the file; ``str()`` is one line."""


def parse_setting(text):
    """``GROUP.OPTION=VALUE`` -> (group, option, value); argparse type."""
    key, sep, value = text.partition('=')
    group, dot, option = key.partition('.')
    if not (sep and dot and NAME.match(group) and NAME.match(option)):
        raise InvalidValue('%r is not GROUP.OPTION=VALUE, e.g. '
                           'DEFAULT.debug=true' % text)
    if '\n' in value:
        raise InvalidValue('%s.%s: a value cannot span lines'
                           % (group, option))
    return group, option, value


def apply_settings(sections, settings, registry):
    """Add ``--set`` values to ``sections``; they override generated ones.

    An option given twice becomes a list if it is a multi-valued option,
    and is refused otherwise.
    """
    seen = collections.defaultdict(list)
    for group, option, value in settings:
        seen[(group, option)].append(value)
    for (group, option), values in seen.items():
        opt = registry.find(group, option)
        if len(values) > 1 and not getattr(opt, 'multi', False):
            raise InvalidValue('--set %s.%s is given %d times; it takes '
                               'one value' % (group, option, len(values)))
        value = values if getattr(opt, 'multi', False) else values[0]
        sections.setdefault(group, {})[option] = value
    return sections


@contextlib.contextmanager
def quiet_imports():
    """Import quietly what warns or logs when imported.

    Listing oslo.messaging's options imports eventlet, which warns and logs
    at import time; a config generator has no use for that noise.
    """
    backend = logging.getLogger('oslo_service.backend')
    level = backend.level
    backend.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings('ignore', message=r'\s*Eventlet is '
                                                      r'deprecated')
            yield
    finally:
        backend.setLevel(level)


class Registry(object):
    """The options a service reads, by group, from oslo.config namespaces.

    ``namespaces`` are ``oslo.config.opts`` entry point names, as in the
    service's oslo-config-generator file. ``auth_groups`` are groups that
    also hold the options of a keystoneauth plugin (``auth_type``).
    """

    def __init__(self, namespaces, auth_groups=()):
        self._groups = collections.defaultdict(dict)
        self.auth_groups = tuple(auth_groups)
        # Loaded one at a time, as a group is looked for: listing
        # oslo.messaging's options alone takes most of a second.
        self._pending = list(namespaces)

    def _load(self, namespace):
        with quiet_imports():
            manager = stevedore.NamedExtensionManager(
                'oslo.config.opts', names=[namespace],
                on_load_failure_callback=self._load_failed)
            for ext in manager:
                for group, opts in ext.plugin():
                    self._add(group, opts)
        for group in self.auth_groups:
            if group in self._groups:
                self._add(group, ks_loading.get_auth_common_conf_options())

    def _has(self, group):
        while group not in self._groups and self._pending:
            self._load(self._pending.pop(0))
        return group in self._groups

    @property
    def groups(self):
        """Every group of every namespace."""
        while self._pending:
            self._load(self._pending.pop(0))
        return self._groups

    @staticmethod
    def _load_failed(manager, entrypoint, exc):
        raise InvalidValue('cannot load the options of %s: %s'
                           % (entrypoint, exc))

    def _add(self, group, opts):
        name = getattr(group, 'name', group) or 'DEFAULT'
        for opt in opts:
            self._groups[name][opt.dest] = opt

    def _auth_plugin_opts(self, group, sections):
        auth_type = sections.get(group, {}).get('auth_type')
        if not auth_type:
            return {}
        names = ks_loading.get_available_plugin_names()
        if auth_type not in names:
            raise InvalidValue('[%s] auth_type: unknown plugin %r; '
                               'available: %s' % (group, auth_type,
                                                  ', '.join(sorted(names))))
        opts = ks_loading.get_auth_plugin_conf_options(auth_type)
        return {opt.dest: opt for opt in opts}

    def find(self, group, option, sections=None):
        """The option object; InvalidValue naming what is allowed if none."""
        if not self._has(group):
            raise InvalidValue('unknown option group [%s]; known groups: %s'
                               % (group, ', '.join(sorted(self.groups))))
        # A group (DEFAULT, say) may have options in several namespaces.
        while option not in self._groups[group] and self._pending:
            self._load(self._pending.pop(0))
        known = dict(self._groups[group])
        if group in self.auth_groups and sections is not None:
            known.update(self._auth_plugin_opts(group, sections))
        try:
            return known[option]
        except KeyError:
            if group in self.auth_groups and sections is None:
                return None  # an auth plugin option, checked later
            hint = ''
            if group in self.auth_groups and not (
                    sections.get(group, {}).get('auth_type')):
                hint = ('; the options of an auth plugin (password, '
                        'username...) need %s.auth_type' % group)
            raise InvalidValue('unknown option %s in [%s]; known options: '
                               '%s%s' % (option, group,
                                         ', '.join(sorted(known)), hint)
                               ) from None

    def check(self, sections):
        """Every value must be one its option accepts; raise if not."""
        for group, options in sections.items():
            for option, value in options.items():
                if value is None:
                    continue  # not written: the default applies
                opt = self.find(group, option, sections)
                values = value if isinstance(value, list) else [value]
                for item in values:
                    _check_value(group, opt, item)


def _check_value(group, opt, value):
    text = format_value(value)
    if '\n' in text:
        raise InvalidValue('[%s] %s: a value cannot span lines'
                           % (group, opt.dest))
    if '$' in text:
        return  # oslo.config interpolates it when the service reads it
    try:
        opt.type(text)
    except ValueError as exc:
        raise InvalidValue('[%s] %s = %s: %s' % (
            group, opt.dest, '****' if opt.secret else text,
            ' '.join(str(exc).split()))) from None


def format_value(value):
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, (list, tuple)):
        return ','.join(format_value(v) for v in value)
    return str(value)


def ini_text(sections):
    """The ini text of ``{group: {option: value}}``.

    ``None`` values are left out (their defaults apply), a list value of a
    multi-valued option repeats the key, empty groups are left out.
    """
    out = io.StringIO()
    for group, options in sections.items():
        options = {k: v for k, v in options.items() if v is not None}
        if not options:
            continue
        out.write('[%s]\n' % group)
        for name, value in options.items():
            for item in (value if isinstance(value, list) else [value]):
                text = format_value(item)
                if '\n' in text:
                    raise InvalidValue('[%s] %s: a value cannot span lines'
                                       % (group, name))
                out.write('%s = %s\n' % (name, text))
        out.write('\n')
    return out.getvalue()


def write(path, text, mode=0o640):
    """Write ``text`` to ``path`` (``-``: stdout) atomically.

    The file holds passwords, so it is not world-readable.
    """
    if path in (None, '-'):
        sys.stdout.write(text)
        return
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InvalidValue('cannot write %s: directory %s does not exist'
                           % (path, directory))
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=directory, prefix='.conf-')
        with os.fdopen(fd, 'w') as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise InvalidValue('cannot write %s: %s'
                           % (path, exc.strerror or exc)) from None


def load(text, register):
    """A fresh ConfigOpts with ``text`` loaded; ``register(conf)`` first."""
    conf = cfg.ConfigOpts()
    register(conf)
    with tempfile.NamedTemporaryFile('w', suffix='.conf') as f:
        f.write(text)
        f.flush()
        conf([], project='desktop-federation', default_config_files=[f.name])
    return conf
