"""Building blocks shared by the message schemas.

Patterns end with ``\\Z``: Python's ``$`` would also accept a trailing
newline. ``description`` is what an error message says is allowed.
"""

from central_cloud.protocol import fields


def anchored(body):
    return '^(?:%s)\\Z' % body


def text(max_length=fields.MAX_NAME, min_length=0):
    return {'type': 'string', 'minLength': min_length,
            'maxLength': max_length}


def name(max_length=fields.MAX_NAME):
    return text(max_length, min_length=1)


def integer(minimum=0, maximum=fields.MAX_INT):
    return {'type': 'integer', 'minimum': minimum, 'maximum': maximum}


def enum(values):
    return {'type': 'string', 'enum': list(values)}


def string_map(max_entries, max_length=fields.MAX_NAME):
    """A dict of str -> str, as nova metadata or scheduler hints."""
    return {
        'type': 'object',
        'maxProperties': max_entries,
        'propertyNames': name(max_length),
        'additionalProperties': text(max_length),
    }


def closed_object(properties, required=()):
    """An object with exactly these fields; unknown fields are rejected."""
    schema = {'type': 'object', 'properties': properties,
              'additionalProperties': False}
    if required:
        schema['required'] = list(required)
    return schema


def array(items, max_items, unique=False):
    schema = {'type': 'array', 'items': items, 'maxItems': max_items}
    if unique:
        schema['uniqueItems'] = True
    return schema


UUID = {
    'type': 'string',
    'pattern': anchored('[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-'
                        '[0-9a-fA-F]{4}-[0-9a-fA-F]{12}'),
    'description': 'a UUID such as 8c0d5ad4-7ac8-4a31-9d0f-c1b9b9e9f3a1',
}

SITE = {
    'type': 'string',
    'pattern': anchored('[A-Za-z0-9][A-Za-z0-9._-]{0,62}'),
    'description': "a site name: up to 63 letters, digits, '.', '_' or '-', "
                   "starting with a letter or digit",
}

# Template types, business data ids and alarm keys share this shape.
IDENTIFIER = {
    'type': 'string',
    'pattern': anchored('[A-Za-z0-9][A-Za-z0-9._:-]{0,254}'),
    'description': "an identifier: up to 255 letters, digits, '.', '_', "
                   "':' or '-', starting with a letter or digit",
}

# Bundle file names: a plain file name in the bundle directory, never a
# path ('/', '..'), an option ('-x'), or control and bidi characters.
FILE_NAME = {
    'type': 'string',
    'maxLength': 255,
    'pattern': anchored('[A-Za-z0-9_][A-Za-z0-9_+-]*(?:[.][A-Za-z0-9_+-]+)*'),
    'description': "a file name: up to 255 letters, digits, '_', '+', '-' "
                   "or single dots between them, starting with a letter, "
                   "digit or '_'",
}

# Alarm kinds such as 'host_down' or 'capacity.low'.
KIND = {
    'type': 'string',
    'pattern': anchored('[A-Za-z0-9][A-Za-z0-9._:-]{0,63}'),
    'description': "a kind: up to 64 letters, digits, '.', '_', ':' or "
                   "'-', starting with a letter or digit",
}

TIMESTAMP = {
    'type': 'string',
    'pattern': anchored(
        '[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])'
        'T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)'
        '([.][0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])'),
    'description': 'an RFC 3339 timestamp such as 2024-05-01T12:00:00Z',
}

CHECKSUM = {
    'type': 'string',
    'pattern': anchored('[0-9a-f]{32}|[0-9a-f]{64}|[0-9a-f]{128}'),
    'description': 'a lower-case hex md5, sha256 or sha512 digest',
}

VERSION = {
    'type': 'string',
    'pattern': anchored('[0-9]{1,4}[.][0-9]{1,4}'),
    'description': "an RPC API version such as '1.1'",
}
