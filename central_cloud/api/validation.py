"""Parse and check request bodies and query strings against schemas.

Errors are 400s whose message names the field and what it allows, in the
words of ``central_cloud.protocol.error_messages``; nothing else escapes
for bad input.
"""

import json

import jsonschema
from jsonschema import exceptions as jsonschema_exceptions

from central_cloud.api import errors
import central_cloud.conf
from central_cloud.protocol import error_messages
from central_cloud.protocol import fields

CONF = central_cloud.conf.CONF

_JSON_TYPES = ('application/json', 'application/merge-patch+json')


# Validators of the (module-level, never freed) schemas, by id().
_VALIDATORS = {}


def _validator(schema):
    if id(schema) not in _VALIDATORS:
        _VALIDATORS[id(schema)] = (
            schema, jsonschema.Draft202012Validator(schema))
    return _VALIDATORS[id(schema)][1]


def _check(schema, value, what):
    error = jsonschema_exceptions.best_match(
        _validator(schema).iter_errors(value))
    if error is None:
        return value
    field, detail = error_messages.describe(error)
    if field == 'payload':
        field = what
    raise errors.BadRequest('Invalid %s: %s %s' % (what, field, detail))


def _bad_text(text):
    """Why ``text`` cannot be stored, or None."""
    if '\x00' in text:
        return 'contains a NUL character'
    try:
        text.encode('utf-8')
    except UnicodeEncodeError:
        return 'is not valid Unicode (lone surrogate)'
    return None


def _check_plain(value):
    """Refuse what no schema should have to see: depth, NULs, surrogates."""
    stack = [(value, [], 1)]
    while stack:
        item, path, depth = stack.pop()
        if depth > fields.MAX_DEPTH:
            raise errors.BadRequest(
                'Invalid request body: %s is nested deeper than %d levels'
                % (error_messages.format_path(path), fields.MAX_DEPTH))
        if isinstance(item, dict):
            for key, child in item.items():
                problem = _bad_text(key)
                if problem:
                    raise errors.BadRequest(
                        'Invalid request body: %s has a key that %s'
                        % (error_messages.format_path(path), problem))
                stack.append((child, path + [key], depth + 1))
        elif isinstance(item, list):
            stack.extend((child, path + [index], depth + 1)
                         for index, child in enumerate(item))
        elif isinstance(item, str) and _bad_text(item):
            raise errors.BadRequest('Invalid request body: %s %s' % (
                error_messages.format_path(path), _bad_text(item)))


def _refuse_constant(name):
    raise ValueError('%s is not valid JSON' % name)


def json_body(req, optional=False):
    """The request's JSON body (None if empty and ``optional``)."""
    limit = CONF.api.max_request_body_size
    if req.content_length is not None and req.content_length > limit:
        raise errors.RequestEntityTooLarge(
            'the request body is larger than %d bytes' % limit)
    raw = req.body_file.read(limit + 1)
    if len(raw) > limit:
        raise errors.RequestEntityTooLarge(
            'the request body is larger than %d bytes' % limit)
    if not raw.strip():
        if optional:
            return None
        raise errors.BadRequest('the request needs a JSON body')
    if req.content_type and req.content_type not in _JSON_TYPES:
        raise errors.UnsupportedMediaType(
            'the request body must be application/json, not %s'
            % req.content_type)
    try:
        body = json.loads(raw.decode('utf-8'),
                          parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise errors.BadRequest('the request body is not valid JSON: %s'
                                % str(exc)[:200])
    _check_plain(body)
    return body


def body(req, schema, optional=False):
    """The JSON body checked against ``schema``; a dict (or None)."""
    data = json_body(req, optional=optional)
    if data is None:
        return None
    if not isinstance(data, dict):
        raise errors.BadRequest(
            'Invalid request body: it must be a JSON object (got %s)'
            % error_messages.json_type(data))
    return _check(schema, data, 'request body')


def query(req, schema):
    """The query string checked against ``schema`` (a closed object).

    A parameter whose schema is an array may repeat; any other parameter
    may appear once. Values are strings until the schema checked them.
    """
    properties = schema.get('properties', {})
    try:
        params = req.GET
        names = list(params.keys())
    except UnicodeDecodeError:
        raise errors.BadRequest('Invalid query string: it is not UTF-8')
    values = {}
    for name in names:
        if name in values:
            continue
        given = params.getall(name)
        if properties.get(name, {}).get('type') == 'array':
            values[name] = given
        elif len(given) > 1:
            raise errors.BadRequest(
                'Invalid query string: %s may be given only once' % name)
        else:
            values[name] = given[0]
    for name, value in values.items():
        for text in [name] + (value if isinstance(value, list) else [value]):
            if _bad_text(text):
                raise errors.BadRequest('Invalid query string: %s %s' % (
                    error_messages.format_path([name]), _bad_text(text)))
    return _check(schema, values, 'query string')
