"""``validate()``: check a payload against its versioned schema."""

import functools
import math

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


def validate(name, payload, version=None):
    """Return ``payload`` if it matches schema ``name`` at ``version``.

    ``version`` defaults to the current RPC API version. A payload that
    breaks the schema raises ``InvalidMessage`` naming the field and what
    is allowed; nothing else is raised for bad input. An unknown ``name``
    or ``version`` is a programming error: ``UnknownMessage`` or
    ``BadVersion`` (both ``ValueError``).
    """
    validator = _validator(name, versions.resolve(version))
    try:
        _check_plain_json(name, payload)
        error = jsonschema_exceptions.best_match(
            validator.iter_errors(payload))
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


def _check_plain_json(name, payload):
    """Only JSON data, bounded in depth and size, reaches jsonschema."""
    chars = 0
    stack = [(payload, [], 1)]
    while stack:
        value, path, depth = stack.pop()
        field = error_messages.format_path(path)
        if depth > fields.MAX_DEPTH:
            raise exception.InvalidMessage(
                '%s is nested deeper than %d levels'
                % (field, fields.MAX_DEPTH), name, field)
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise exception.InvalidMessage(
                        '%s has a key that is not a string (%s)'
                        % (field, error_messages.shorten(key)), name, field)
                chars += len(key)
                stack.append((item, path + [key], depth + 1))
        elif isinstance(value, list):
            stack.extend((item, path + [index], depth + 1)
                         for index, item in enumerate(value))
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise exception.InvalidMessage(
                    '%s must be a finite number (got %r)' % (field, value),
                    name, field)
        elif isinstance(value, _SCALARS):
            chars += len(value) if isinstance(value, str) else 1
        else:
            raise exception.InvalidMessage(
                '%s is a %s, which is not JSON data'
                % (field, type(value).__name__), name, field)
        if chars > MAX_PAYLOAD_CHARS:
            raise exception.InvalidMessage(
                'payload is larger than %d characters' % MAX_PAYLOAD_CHARS,
                name, 'payload')
    return payload
