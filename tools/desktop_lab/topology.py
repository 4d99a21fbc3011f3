"""Load and validate the lab topology file."""

import re

from desktop_lab.errors import LabError

NAME_RE = re.compile(r'^[A-Za-z][A-Za-z0-9]{0,31}$')
HOST_KEYS = {'vcpus': (1, 512), 'memory_mb': (512, 1048576),
             'disk_gb': (1, 100000)}
REGION_KEYS = {'name', 'latitude', 'longitude', 'hosts', 'shared_pool',
               'vcpus', 'memory_mb', 'disk_gb'}
TOP_KEYS = {'host_defaults', 'regions', 'base_port'}


def _fail(path, msg):
    raise LabError('topology %s: %s' % (path, msg))


def _int(path, where, value, lo, hi):
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(path, '%s must be an integer, got %r' % (where, value))
    if not lo <= value <= hi:
        _fail(path, '%s must be between %d and %d, got %d'
              % (where, lo, hi, value))
    return value


def _float(path, where, value, lo, hi):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(path, '%s must be a number, got %r' % (where, value))
    if not lo <= value <= hi:
        _fail(path, '%s must be between %s and %s, got %s'
              % (where, lo, hi, value))
    return float(value)


def validate(data, path='<topology>'):
    """Return the resolved topology dict, or raise LabError."""
    if not isinstance(data, dict):
        _fail(path, 'must be a mapping with a "regions" list')
    unknown = set(data) - TOP_KEYS
    if unknown:
        _fail(path, 'unknown key(s) %s; allowed: %s'
              % (', '.join(sorted(unknown)), ', '.join(sorted(TOP_KEYS))))
    defaults = data.get('host_defaults') or {}
    if not isinstance(defaults, dict) or set(defaults) - set(HOST_KEYS):
        _fail(path, 'host_defaults may only set %s'
              % ', '.join(sorted(HOST_KEYS)))
    base_port = _int(path, 'base_port', data.get('base_port', 25000),
                     1024, 65000)
    regions = data.get('regions')
    if not isinstance(regions, list) or not regions:
        _fail(path, '"regions" must be a non-empty list')
    if len(regions) > 9:
        _fail(path, 'at most 9 regions fit on one machine, got %d'
              % len(regions))
    out, seen = [], set()
    for i, reg in enumerate(regions):
        where = 'regions[%d]' % i
        if not isinstance(reg, dict):
            _fail(path, '%s must be a mapping' % where)
        unknown = set(reg) - REGION_KEYS
        if unknown:
            _fail(path, '%s: unknown key(s) %s; allowed: %s'
                  % (where, ', '.join(sorted(unknown)),
                     ', '.join(sorted(REGION_KEYS))))
        name = reg.get('name')
        if not isinstance(name, str) or not NAME_RE.match(name):
            _fail(path, '%s.name must be letters and digits starting with '
                  'a letter (at most 32), got %r' % (where, name))
        if name.lower() in seen:
            _fail(path, 'region name %r appears twice' % name)
        seen.add(name.lower())
        region = {
            'name': name,
            'latitude': _float(path, where + '.latitude',
                               reg.get('latitude'), -90, 90),
            'longitude': _float(path, where + '.longitude',
                                reg.get('longitude'), -180, 180),
            'hosts': _int(path, where + '.hosts', reg.get('hosts', 2), 1, 8),
            'shared_pool': bool(reg.get('shared_pool', False)),
        }
        for key, (lo, hi) in HOST_KEYS.items():
            value = reg.get(key, defaults.get(key, {'vcpus': 4,
                                                    'memory_mb': 8192,
                                                    'disk_gb': 80}[key]))
            region[key] = _int(path, '%s.%s' % (where, key), value, lo, hi)
        out.append(region)
    if sum(1 for r in out if r['shared_pool']) > 1:
        _fail(path, 'at most one region may be the shared pool')
    return {'base_port': base_port, 'regions': out}


def load(path):
    try:
        import yaml
    except ImportError:
        raise LabError('PyYAML is missing; run "tools/lab up" first')
    try:
        with open(path) as f:
            data = yaml.safe_load(f)
    except OSError as exc:
        raise LabError('cannot read topology %s: %s' % (path, exc.strerror))
    except yaml.YAMLError as exc:
        mark = getattr(exc, 'problem_mark', None)
        where = ' at line %d' % (mark.line + 1) if mark else ''
        raise LabError('topology %s is not valid YAML%s: %s'
                       % (path, where, getattr(exc, 'problem', exc)))
    return validate(data, path)
