"""The OpenAPI 3.1 document of the REST API, built from the code.

Paths and methods come from the router (``app.build_router()``); request
bodies and query parameters are the very JSON schemas the controllers
validate with (``central_cloud.api.schemas``); path parameters use the
patterns the controllers check ids against. ``OPERATIONS`` adds what the
code cannot say by itself: a summary, the success status and the key
of the answer. A route missing from ``OPERATIONS`` (or an entry with no
route) fails the unit test, so the document cannot drift from the code.

Answers are described as far as they are stable: the success status, a
JSON object with its resource key (an object, or a list with ``links``
for paging), the raw bytes of file downloads, and the error body of
``errors`` for every other status.
"""

import collections
import copy

from central_cloud.api.schemas import alarms
from central_cloud.api.schemas import bundles
from central_cloud.api.schemas import commands
from central_cloud.api.schemas import desktops
from central_cloud.api.schemas import fleet
from central_cloud.api.schemas import monitoring
from central_cloud.api.schemas import notices
from central_cloud.api.schemas import placement
from central_cloud.api.schemas import rollouts
from central_cloud.api.schemas import sites
from central_cloud.api.schemas import templates
from central_cloud.api.schemas import types

OPENAPI = '3.1.0'
PATH = '/v1/openapi.json'

# What a path parameter looks like (see controllers.base.url_id/url_int).
_INT_ID = {'type': 'string', 'pattern': '^[0-9]{1,10}\\Z'}
PATH_PARAMETERS = {
    'site_name': types.SITE,
    'type_name': types.IDENTIFIER,
    'bundle_id': _INT_ID,
    'name': bundles.FILE_NAME,
    'digest': bundles.SHA256,
    'rollout_id': types.UUID,
    'desktop_id': types.UUID,
    'command_id': types.UUID,
    'alarm_id': _INT_ID,
    'notice_id': _INT_ID,
}

# A one-resource answer, a list answer, bytes, no body, this document.
ONE, LIST, BYTES, EMPTY, DOCUMENT = 'one', 'list', 'bytes', 'empty', 'doc'

# The request body of an upload: raw bytes, not JSON.
RAW_BYTES = object()

Operation = collections.namedtuple(
    'Operation', 'summary status key kind body query')


def _op(summary, status=200, key=None, kind=ONE, body=None, query=None):
    return Operation(summary, status, key, kind, body, query)


OPERATIONS = {
    ('GET', '/v1/sites'): _op('List sites', key='sites', kind=LIST,
                              query=sites.LIST_QUERY),
    ('POST', '/v1/sites'): _op('Register a site', 201, 'site',
                               body=sites.CREATE),
    ('GET', '/v1/sites/{site_name}'): _op('Show a site', key='site'),
    ('PATCH', '/v1/sites/{site_name}'): _op('Change a site', key='site',
                                            body=sites.UPDATE),
    ('DELETE', '/v1/sites/{site_name}'): _op('Remove a site', 204,
                                             kind=EMPTY),
    ('POST', '/v1/sites/{site_name}/action'): _op(
        'Manage, unmanage or put a site in maintenance', key='site',
        body=sites.ACTION),
    ('GET', '/v1/templates'): _op('List template types', key='templates',
                                  kind=LIST, query=templates.LIST_QUERY),
    ('POST', '/v1/templates'): _op('Create a template type', 201,
                                   'template', body=templates.CREATE),
    ('GET', '/v1/templates/{type_name}'): _op('Show a template type',
                                              key='template'),
    ('PATCH', '/v1/templates/{type_name}'): _op(
        'Change a template type', key='template', body=templates.UPDATE),
    ('DELETE', '/v1/templates/{type_name}'): _op('Delete a template type',
                                                 204, kind=EMPTY),
    ('GET', '/v1/bundles'): _op('List bundles', key='bundles', kind=LIST,
                                query=bundles.LIST_QUERY),
    ('POST', '/v1/bundles'): _op('Create a bundle record', 201, 'bundle',
                                 body=bundles.CREATE),
    ('GET', '/v1/bundles/{bundle_id}'): _op('Show a bundle', key='bundle'),
    ('DELETE', '/v1/bundles/{bundle_id}'): _op('Delete a bundle', 204,
                                               kind=EMPTY),
    ('GET', '/v1/bundles/{bundle_id}/files/{name}'): _op(
        "Download a bundle file's bytes", kind=BYTES),
    ('PUT', '/v1/bundles/{bundle_id}/files/{name}'): _op(
        "Upload a bundle file's bytes", 201, 'file', body=RAW_BYTES),
    ('GET', '/v1/blobs/{digest}'): _op('Download a file by its sha256',
                                       kind=BYTES),
    ('GET', '/v1/rollouts'): _op('List rollouts', key='rollouts',
                                 kind=LIST, query=rollouts.LIST_QUERY),
    ('POST', '/v1/rollouts'): _op('Roll a template or a bundle out to '
                                  'sites', 202, 'rollout',
                                  body=rollouts.CREATE),
    ('GET', '/v1/rollouts/{rollout_id}'): _op('Show a rollout',
                                              key='rollout'),
    ('POST', '/v1/rollouts/{rollout_id}/abort'): _op('Abort a rollout',
                                                     key='rollout'),
    ('GET', '/v1/desktops'): _op('List desktops', key='desktops',
                                 kind=LIST, query=desktops.LIST_QUERY),
    ('POST', '/v1/desktops'): _op('Create desktops', 202, 'desktops',
                                  kind=LIST, body=desktops.CREATE),
    ('GET', '/v1/desktops/{desktop_id}'): _op('Show a desktop',
                                              key='desktop'),
    ('DELETE', '/v1/desktops/{desktop_id}'): _op(
        'Delete a desktop (204 when it had no server yet)', 202, 'desktop'),
    ('POST', '/v1/desktops/{desktop_id}/action'): _op(
        'Stop, start, suspend or resume a desktop', 202, 'command',
        body=desktops.ACTION),
    ('GET', '/v1/commands'): _op('List commands', key='commands',
                                 kind=LIST, query=commands.LIST_QUERY),
    ('GET', '/v1/commands/{command_id}'): _op('Show a command',
                                              key='command'),
    ('GET', '/v1/alarms'): _op('List alarms', key='alarms', kind=LIST,
                               query=alarms.LIST_QUERY),
    ('GET', '/v1/alarms/{alarm_id}'): _op('Show an alarm', key='alarm'),
    ('POST', '/v1/alarms/{alarm_id}/acknowledge'): _op(
        'Acknowledge an alarm (the body is optional)', key='alarm',
        body=alarms.ACKNOWLEDGE),
    ('GET', '/v1/notices'): _op('List notices', key='notices', kind=LIST,
                                query=notices.LIST_QUERY),
    ('POST', '/v1/notices'): _op('Publish a notice to sites', 201, 'notice',
                                 body=notices.CREATE),
    ('GET', '/v1/notices/{notice_id}'): _op('Show a notice', key='notice'),
    ('GET', '/v1/monitoring'): _op("The sites' latest reports",
                                   key='sites', kind=LIST,
                                   query=monitoring.LIST_QUERY),
    ('GET', '/v1/monitoring/{site_name}'): _op(
        "A site's latest report and its history", key='site',
        query=monitoring.SHOW_QUERY),
    ('GET', '/v1/fleet/summary'): _op(
        'The fleet in numbers and map cells', key='summary',
        query=fleet.SUMMARY_QUERY),
    ('GET', '/v1/placement/explain'): _op(
        'Where desktops would be placed, and why (a dry run)',
        key='explain', query=placement.EXPLAIN_QUERY),
    ('GET', PATH): _op('This document', kind=DOCUMENT),
}

# Every operation that takes a body takes it required, except these.
_OPTIONAL_BODY = {('POST', '/v1/alarms/{alarm_id}/acknowledge')}

ERROR = {
    'type': 'object',
    'required': ['error'],
    'properties': {'error': {
        'type': 'object',
        'required': ['code', 'title', 'message'],
        'properties': {'code': {'type': 'integer'},
                       'title': {'type': 'string'},
                       'message': {'type': 'string'}}}},
}

_LINKS = {'type': 'array', 'items': {
    'type': 'object', 'required': ['rel', 'href'],
    'properties': {'rel': {'type': 'string'}, 'href': {'type': 'string'}}}}


def _answer_schema(op):
    if op.kind == LIST:
        return {'type': 'object', 'required': [op.key],
                'properties': {op.key: {'type': 'array',
                                        'items': {'type': 'object'}},
                               'links': _LINKS}}
    return {'type': 'object', 'required': [op.key],
            'properties': {op.key: {'type': 'object'}}}


def _responses(method, template, op):
    error = {'description': 'An error: what was wrong and what is '
                            'allowed.',
             'content': {'application/json': {'schema': ERROR}}}
    if op.kind == EMPTY:
        success = {'description': 'Done; no body.'}
    elif op.kind == BYTES:
        success = {'description': "The file's bytes.",
                   'headers': {'X-Content-SHA256': {
                       'description': 'The sha256 of the bytes.',
                       'schema': bundles.SHA256}},
                   'content': {'application/octet-stream': {
                       'schema': {'type': 'string',
                                  'format': 'binary'}}}}
    elif op.kind == DOCUMENT:
        success = {'description': 'The OpenAPI document.',
                   'content': {'application/json': {
                       'schema': {'type': 'object',
                                  'required': ['openapi', 'paths']}}}}
    else:
        success = {'description': op.summary + '.',
                   'content': {'application/json': {
                       'schema': _answer_schema(op)}}}
    responses = {str(op.status): success, 'default': error}
    if (method, template) == ('DELETE', '/v1/desktops/{desktop_id}'):
        responses['204'] = {'description': 'Deleted at once: the desktop '
                                           'had no server yet.'}
    return responses


def _query_parameters(schema):
    parameters = []
    required = set(schema.get('required', ()))
    for name, item in sorted(schema.get('properties', {}).items()):
        parameter = {'name': name, 'in': 'query',
                     'required': name in required,
                     'schema': copy.deepcopy(item)}
        if item.get('type') == 'array':
            parameter.update(style='form', explode=True)
        parameters.append(parameter)
    return parameters


def _path_parameters(template):
    return [{'name': name, 'in': 'path', 'required': True,
             'schema': copy.deepcopy(PATH_PARAMETERS[name])}
            for name in _names(template)]


def _names(template):
    return [part[1:-1] for part in template.split('/')
            if part.startswith('{') and part.endswith('}')]


def _operation(method, template, op):
    operation = {
        'operationId': '%s %s' % (method, template),
        'summary': op.summary,
        'parameters': _path_parameters(template) + (
            _query_parameters(op.query) if op.query else []),
        'responses': _responses(method, template, op),
        'security': [{'keystone': []}],
    }
    if op.body is RAW_BYTES:
        operation['requestBody'] = {
            'required': True,
            'content': {'application/octet-stream': {
                'schema': {'type': 'string', 'format': 'binary'}}}}
    elif op.body is not None:
        operation['requestBody'] = {
            'required': (method, template) not in _OPTIONAL_BODY,
            'content': {'application/json': {
                'schema': copy.deepcopy(op.body)}}}
    return operation


def routes_without_operation(router):
    """(method, template) of routes that OPERATIONS does not describe."""
    return sorted((method, template)
                  for template, method, _ in router.routes()
                  if (method, template) not in OPERATIONS)


def document(router):
    """The OpenAPI document (a dict) of ``router``'s routes."""
    paths = {}
    for template, method, _handler in router.routes():
        op = OPERATIONS[(method, template)]
        paths.setdefault(template, {})[method.lower()] = _operation(
            method, template, op)
    return {
        'openapi': OPENAPI,
        'info': {'title': 'desktop-federation central API',
                 'version': 'v1',
                 'description': __doc__.split('\n\n')[0]},
        'paths': paths,
        'components': {'securitySchemes': {'keystone': {
            'type': 'apiKey', 'in': 'header', 'name': 'X-Auth-Token',
            'description': 'A Keystone token.'}}},
    }
