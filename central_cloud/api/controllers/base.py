"""What the controllers share: context, policy, paging and URL ids."""

import re
from urllib import parse

from central_cloud.api import auth
from central_cloud.api import errors
from central_cloud.api import policy
from central_cloud.api.schemas import types
import central_cloud.conf
from central_cloud.protocol import error_messages

CONF = central_cloud.conf.CONF

# What the ids in URLs look like; others are 404s without a lookup.
SITE_NAME = types.SITE
UUID = types.UUID
IDENTIFIER = types.IDENTIFIER
# Integer ids are 32-bit in every database the service supports.
MAX_INT_ID = 2 ** 31 - 1


def context(req):
    return auth.context_of(req)


def authorize(req, rule, target=None):
    """403 unless rule ``rule`` (without its prefix) allows the caller."""
    policy.authorize(context(req), rule, target)


def allowed(req, rule, target=None):
    return policy.check(context(req), rule, target)


def _not_found(kind, value):
    return errors.NotFound('%s %s not found'
                           % (kind, error_messages.shorten(value)))


def url_id(value, schema, kind):
    """``value`` if it fits ``schema`` (a pattern type), else 404."""
    if not re.search(schema['pattern'], value):
        raise _not_found(kind, value)
    return value


def url_int(value, kind):
    """An integer id from the URL; 404 if it cannot be one."""
    if not re.fullmatch('[0-9]{1,10}', value) or int(value) > MAX_INT_ID:
        raise _not_found(kind, value)
    return int(value)


def page_limit(query):
    """``?limit=`` lowered to ``[api] max_limit``; the default too."""
    limit = CONF.api.max_limit
    if 'limit' in query:
        limit = min(int(query['limit']), limit)
    return limit


def filters(query, names, rename=None):
    """The DB filters among the query's parameters."""
    rename = rename or {}
    return {rename.get(name, name): query[name]
            for name in names if name in query}


def as_bool(value):
    return value == 'true'


def page(req, key, items, limit, marker_of):
    """A list answer, with a ``next`` link when the page is full."""
    body = {key: items}
    if items and len(items) == limit:
        params = [(k, v) for k, v in req.GET.items() if k != 'marker']
        params.append(('marker', str(marker_of(items[-1]))))
        body['links'] = [{'rel': 'next', 'href': '%s?%s' % (
            req.path_url, parse.urlencode(params))}]
    return body
