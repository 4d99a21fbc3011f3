"""``validate()``: check a payload against its versioned schema.

Each schema is compiled to Python code once (fastjsonschema), which
checks a valid payload about twenty times faster than jsonschema's
interpreter. A payload the compiled check refuses is checked again by
jsonschema, the reference, whose error names the field and what is
allowed; the two must agree (a unit test compares them).
"""

import functools
import math

import fastjsonschema
import jsonschema
from jsonschema import exceptions as jsonschema_exceptions
from oslo_log import log as logging

from central_cloud.protocol import error_messages
from central_cloud.protocol import exception
from central_cloud.protocol import fields
from central_cloud.protocol import schemas
from central_cloud.protocol import versions

LOG = logging.getLogger(__name__)

# Upper bound on the characters of all strings in one payload.
MAX_PAYLOAD_CHARS = 4 * 1024 * 1024
_SCALARS = (str, bool, int, type(None))


@functools.lru_cache(maxsize=None)
def _validator(name, version):
    return jsonschema.Draft202012Validator(schemas.get(name, version))


@functools.lru_cache(maxsize=None)
def _compiled(name, version):
    schema = schemas.get(name, version)
    # Only keywords that mean the same in draft 7 and 2020-12 are used.
    schema.pop('$schema', None)
    return fastjsonschema.compile(schema, use_default=False,
                                  use_formats=False)


def _reference_error(validator, payload):
    return jsonschema_exceptions.best_match(validator.iter_errors(payload))


def validate(name, payload, version=None):
    """Return ``payload`` if it matches schema ``name`` at ``version``.

    ``version`` defaults to the current RPC API version. A payload that
    breaks the schema raises ``InvalidMessage`` naming the field and what
    is allowed; nothing else is raised for bad input. An unknown ``name``
    or ``version`` is a programming error: ``UnknownMessage`` or
    ``BadVersion`` (both ``ValueError``).
    """
    version = versions.resolve(version)
    validator = _validator(name, version)
    try:
        _check_plain_json(name, payload)
        try:
            _compiled(name, version)(payload)
            return payload
        except fastjsonschema.JsonSchemaValueException:
            error = _reference_error(validator, payload)
        if error is None:
            LOG.warning('Schema %s %s: the compiled check refused a payload '
                        'that jsonschema accepts; accepted', name, version)
    except exception.InvalidMessage:
        raise
    except Exception as exc:
        # Defence in depth: odd input must not escape as a traceback.
        LOG.debug('Validating %s failed unexpectedly: %r', name, exc)
        raise exception.InvalidMessage(
            'cannot be validated (%s)' % type(exc).__name__, name) from None
    if error is not None:
        field, detail = error_messages.describe(error)
        raise exception.InvalidMessage('%s %s' % (field, detail), name, field)
    return payload


def _field(link):
    """The dotted field of a ``(parent, key)`` chain; built on error only."""
    parts = []
    while link is not None:
        link, key = link
        parts.append(key)
    return error_messages.format_path(parts[::-1])


def _check_plain_json(name, payload):
    """Only JSON data, bounded in depth and size, reaches the schema."""
    chars = 0
    stack = [(payload, None, 1)]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        value, link, depth = pop()
        kind = type(value)
        if kind is str or isinstance(value, str):
            chars += len(value)
        elif kind is dict or isinstance(value, dict):
            if depth >= fields.MAX_DEPTH and value:
                _too_deep(name, link, value, depth)
            for key, item in value.items():
                if type(key) is not str:
                    field = _field(link)
                    raise exception.InvalidMessage(
                        '%s has a key that is not a string (%s)'
                        % (field, error_messages.shorten(key)), name, field)
                chars += len(key)
                push((item, (link, key), depth + 1))
        elif kind is list or isinstance(value, list):
            if depth >= fields.MAX_DEPTH and value:
                _too_deep(name, link, value, depth)
            extend((item, (link, index), depth + 1)
                   for index, item in enumerate(value))
        elif kind is float:
            if not math.isfinite(value):
                field = _field(link)
                raise exception.InvalidMessage(
                    '%s must be a finite number (got %r)' % (field, value),
                    name, field)
        elif isinstance(value, _SCALARS):
            chars += 1
        else:
            field = _field(link)
            raise exception.InvalidMessage(
                '%s is a %s, which is not JSON data'
                % (field, type(value).__name__), name, field)
        if chars > MAX_PAYLOAD_CHARS:
            raise exception.InvalidMessage(
                'payload is larger than %d characters' % MAX_PAYLOAD_CHARS,
                name, 'payload')
    return payload


def _too_deep(name, link, value, depth):
    """An item of ``value`` would sit deeper than MAX_DEPTH."""
    key = next(iter(value)) if isinstance(value, dict) else 0
    field = _field((link, key))
    raise exception.InvalidMessage(
        '%s is nested deeper than %d levels' % (field, fields.MAX_DEPTH),
        name, field)
