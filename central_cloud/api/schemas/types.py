"""Field types shared by the request schemas.

A ``description`` is what a 400 says is allowed when a pattern fails.
"""

from central_cloud.protocol import fields
from central_cloud.protocol.schemas import common

SITE = common.SITE
UUID = common.UUID
IDENTIFIER = common.IDENTIFIER
CHECKSUM = common.CHECKSUM
closed_object = common.closed_object
array = common.array
enum = common.enum

MAX_LIST_FILTER_VALUES = 50
MAX_TARGETS = 1000


def name(max_length=fields.MAX_NAME):
    """Printable text without leading or trailing blanks."""
    return {'type': 'string', 'minLength': 1, 'maxLength': max_length,
            'pattern': common.anchored(r'[^\s\x00-\x1f\x7f]'
                                       r'(?:[^\x00-\x1f\x7f]*'
                                       r'[^\s\x00-\x1f\x7f])?'),
            'description': 'printable text of 1 to %d characters, without '
                           'leading or trailing blanks' % max_length}


def nullable(schema):
    """``schema``, or null to clear the field."""
    return dict(schema, type=[schema['type'], 'null'])


def number(minimum, maximum):
    return {'type': 'number', 'minimum': minimum, 'maximum': maximum}


def integer(minimum, maximum=fields.MAX_INT):
    return {'type': 'integer', 'minimum': minimum, 'maximum': maximum}


BOOLEAN = {'type': 'boolean'}

# An action body such as {"stop": null}: exactly one action, no argument.
NO_ARGUMENT = {'type': ['null', 'object'], 'maxProperties': 0}


def action_body(actions):
    schema = closed_object({action: NO_ARGUMENT for action in actions})
    schema.update(minProperties=1, maxProperties=1)
    return schema


# {"sites": [...], "groups": [...]}; empty (or left out) means all sites.
TARGETS = closed_object({
    'sites': array(SITE, MAX_TARGETS, unique=True),
    'groups': array(name(), MAX_TARGETS, unique=True),
})


# Query strings: every value is a string until it is checked.
def query_text(max_length=fields.MAX_NAME):
    return {'type': 'string', 'minLength': 1, 'maxLength': max_length}


def query_enum(values):
    return {'type': 'string', 'enum': list(values)}


def query_many(item):
    """A filter that may repeat (``?state=a&state=b`` means either)."""
    return {'type': 'array', 'items': item,
            'maxItems': MAX_LIST_FILTER_VALUES}


QUERY_BOOLEAN = {'type': 'string', 'enum': ['true', 'false']}
QUERY_INTEGER = {'type': 'string',
                 'pattern': common.anchored('[0-9]{1,9}'),
                 'description': 'a whole number'}
QUERY_POSITIVE = {'type': 'string',
                  'pattern': common.anchored('0*[1-9][0-9]{0,8}'),
                  'description': 'a whole number of at least 1'}


def list_query(filters, marker):
    """A list's query string: filters, ?limit= and ?marker=."""
    return closed_object(dict(filters, limit=QUERY_POSITIVE, marker=marker))
