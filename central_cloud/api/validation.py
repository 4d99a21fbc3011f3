"""Parse and check request bodies and query strings against schemas.

Errors are 400s whose message names the field and what it allows, in the
words of ``central_cloud.protocol.error_messages``; nothing else escapes
for bad input. A request body is a JSON object: ``null``, arrays and
scalars are refused on every route. A schema's ``integer`` is a JSON
number written without a fraction part or exponent (``1.0`` and ``1e3``
are refused); its bounds come from the schema. A body that ends before
its Content-Length, or stalls, is a 400 as well.
"""

import json

import jsonschema
from jsonschema import exceptions as jsonschema_exceptions
from jsonschema import validators

from central_cloud.api import errors
import central_cloud.conf
from central_cloud.protocol import error_messages
from central_cloud.protocol import fields

CONF = central_cloud.conf.CONF

_JSON_TYPES = ('application/json', 'application/merge-patch+json')


# Validators of the (module-level, never freed) schemas, by id().
_VALIDATORS = {}


def _is_integer(checker, value):
    # JSON Schema counts 1.0 as an integer; a count or an id written
    # with a fraction part is a client's mistake worth naming.
    return isinstance(value, int) and not isinstance(value, bool)


StrictValidator = validators.extend(
    jsonschema.Draft202012Validator,
    type_checker=jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        'integer', _is_integer))


def _validator(schema):
    if id(schema) not in _VALIDATORS:
        _VALIDATORS[id(schema)] = (schema, StrictValidator(schema))
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


def read_failed(req, exc):
    """The 400 for a body whose bytes did not all arrive."""
    stated = req.content_length
    return errors.BadRequest(
        'the request body did not arrive whole%s: the client stopped '
        'sending or closed the connection (%s)' % (
            ' (Content-Length states %d bytes)' % stated
            if stated is not None else '', str(exc)[:100] or 'read error'))


def read_body(req, limit):
    """Up to ``limit`` + 1 bytes of the body; a 400 if it breaks off."""
    try:
        raw = req.body_file.read(limit + 1)
    except (OSError, ValueError) as exc:
        raise read_failed(req, exc)
    stated = req.content_length
    if stated is not None and len(raw) < min(stated, limit + 1):
        raise read_failed(req, 'got %d bytes' % len(raw))
    return raw


_NO_BODY = object()


def json_body(req, optional=False):
    """The request's JSON body (``_NO_BODY`` if empty and ``optional``)."""
    limit = CONF.api.max_request_body_size
    if req.content_length is not None and req.content_length > limit:
        raise errors.RequestEntityTooLarge(
            'the request body is larger than %d bytes' % limit)
    raw = read_body(req, limit)
    if len(raw) > limit:
        raise errors.RequestEntityTooLarge(
            'the request body is larger than %d bytes' % limit)
    if not raw.strip():
        if optional:
            return _NO_BODY
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
    """The JSON body checked against ``schema``; a dict (or None).

    Only an empty body is "no body" for an ``optional`` one: ``null``
    is refused like any other value that is not an object.
    """
    data = json_body(req, optional=optional)
    if data is _NO_BODY:
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
