"""Turn a jsonschema error into "<field> <what is allowed>" for people.

The offending value is quoted short: a bad payload must never flood a log.
"""

import json
import re

MAX_SHOWN = 40
_IDENTIFIER = re.compile(r'[A-Za-z_][A-Za-z0-9_]*\Z')
_JSON_TYPES = ((bool, 'boolean'), (int, 'integer'), (float, 'number'),
               (str, 'string'), (list, 'array'), (dict, 'object'))


def json_type(value):
    if value is None:
        return 'null'
    for python_type, name in _JSON_TYPES:
        if isinstance(value, python_type):
            return name
    return type(value).__name__


def shorten(value):
    """A short, safe rendering of a value for an error message."""
    if isinstance(value, dict):
        return 'an object with %d fields' % len(value)
    if isinstance(value, list):
        return 'an array of %d items' % len(value)
    if isinstance(value, str):
        text = json.dumps(value[:MAX_SHOWN + 1])
    else:
        text = repr(value)
    if len(text) > MAX_SHOWN:
        text = text[:MAX_SHOWN - 3] + '...'
    return text


def format_path(path):
    """``['command', 'params', 'metadata', 'a b']`` -> command.params...."""
    text = ''
    for part in path:
        if isinstance(part, int):
            text += '[%d]' % part
        elif _IDENTIFIER.match(part):
            text += ('.' if text else '') + part
        else:
            text += '[%s]' % shorten(part)
    return text or 'payload'


def _join(path, key):
    return format_path(list(path) + [key])


def _choices(values):
    return ', '.join(str(v) for v in values)


def _extra_fields(error):
    schema = error.schema
    known = schema.get('properties', {})
    patterns = schema.get('patternProperties', {})
    extras = sorted(key for key in error.instance
                    if key not in known and
                    not any(re.search(p, key) for p in patterns))
    allowed = _choices(known) or 'no fields'
    for pattern in patterns:
        allowed += ', or a name matching %s' % pattern
    return extras, allowed


def _detail(error):
    """What the value breaks, for value-level keywords."""
    kind, limit, value = error.validator, error.validator_value, error.instance
    got = '(got %s)' % shorten(value)
    if kind == 'type':
        expected = limit if isinstance(limit, str) else ' or '.join(limit)
        return 'must be of type %s (got %s)' % (expected, json_type(value))
    if kind == 'enum':
        return 'must be one of: %s %s' % (_choices(limit), got)
    if kind == 'const':
        return 'must be %s %s' % (shorten(limit), got)
    if kind == 'pattern':
        wanted = error.schema.get('description') or 'matching %s' % limit
        return 'must be %s %s' % (wanted, got)
    bounds = {
        'minLength': ('must be at least %s characters long', len),
        'maxLength': ('must be at most %s characters long', len),
        'minItems': ('must have at least %s items', len),
        'maxItems': ('must have at most %s items', len),
        'minProperties': ('must have at least %s entries', len),
        'maxProperties': ('must have at most %s entries', len),
        'minimum': ('must be at least %s', shorten),
        'maximum': ('must be at most %s', shorten),
        'exclusiveMinimum': ('must be greater than %s', shorten),
        'exclusiveMaximum': ('must be less than %s', shorten),
    }
    if kind in bounds:
        template, measure = bounds[kind]
        return (template % limit) + ' (got %s)' % measure(value)
    if kind == 'uniqueItems':
        return 'must not contain duplicates'
    text = error.message
    return text if len(text) <= 200 else text[:197] + '...'


def describe(error):
    """``(field, detail)`` for the jsonschema ``error``."""
    path = list(error.absolute_path)
    if error.validator == 'required':
        missing = [f for f in error.validator_value if f not in error.instance]
        return _join(path, missing[0]), 'is required but missing'
    if error.validator == 'additionalProperties':
        extras, allowed = _extra_fields(error)
        if extras:
            return (_join(path, extras[0]),
                    'is not an allowed field (allowed: %s)' % allowed)
    field = format_path(path)
    if 'propertyNames' in error.schema_path:
        return field, 'has an invalid key %s: %s' % (
            shorten(error.instance), _detail(error))
    return field, _detail(error)
