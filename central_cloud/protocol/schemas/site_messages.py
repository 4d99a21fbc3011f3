"""Schemas of what central sends to a site: commands and business data."""

from central_cloud.protocol import fields
from central_cloud.protocol.schemas import common
from central_cloud.protocol import versions

OPTION_NAME = {
    'type': 'string',
    'pattern': common.anchored(
        '[a-z][a-z0-9_]{0,63}([.][a-z][a-z0-9_]{0,63})?'),
    'description': "an option name such as 'report_interval' or "
                   "'monitor.report_interval'",
}

CREATE_PARAMS = common.closed_object({
    'name': common.name(),
    'flavor': common.name(),
    'template_type': common.IDENTIFIER,
    'image': common.UUID,
    'count': common.integer(1, fields.MAX_COUNT),
    'scheduler_hints': common.string_map(fields.MAX_HINTS),
    'metadata': common.string_map(fields.MAX_METADATA),
    'network': common.UUID,
}, required=('name', 'flavor', 'template_type'))

# delete, stop, start, suspend and resume act on one server of the site.
SERVER_PARAMS = common.closed_object({
    'server_id': common.UUID,
    'desktop_id': common.UUID,
}, required=('server_id',))

CONFIGURE_PARAMS = common.closed_object({
    'options': {
        'type': 'object',
        'minProperties': 1,
        'maxProperties': fields.MAX_OPTIONS,
        'propertyNames': OPTION_NAME,
        'additionalProperties': {
            'type': ['string', 'number', 'boolean', 'null'],
            'maxLength': fields.MAX_TEXT,
        },
    },
}, required=('options',))

SHA256 = {
    'type': 'string',
    'pattern': common.anchored('[0-9a-f]{64}'),
    'description': 'a sha256 digest: 64 lower-case hex digits',
}

# build_template (1.4): everything the site needs to build the template
# from its base image, small enough for the WAN; files come by sha256.
BUNDLE_SPEC = common.closed_object({
    'name': common.name(),
    'version': common.name(64),
    'files': common.array(common.closed_object({
        'name': common.name(),
        'sha256': SHA256,
        'size': common.integer(),
    }, required=('name', 'sha256', 'size')), fields.MAX_BUNDLE_FILES),
    'install_commands': common.array(common.text(fields.MAX_TEXT, 1),
                                     fields.MAX_INSTALL_COMMANDS),
}, required=('name', 'version'))

BUILD_TEMPLATE_PARAMS = common.closed_object({
    'template_type': common.IDENTIFIER,
    'version': common.integer(1),
    'base_image': common.closed_object({
        'id': common.UUID,
        'checksum': common.CHECKSUM,
    }, required=('checksum',)),
    'bundles': common.array(BUNDLE_SPEC, fields.MAX_BUNDLES),
    'precache': {'type': 'boolean'},
}, required=('template_type', 'version', 'base_image'))

PARAMS = dict({'create': CREATE_PARAMS, 'configure': CONFIGURE_PARAMS,
               fields.BUILD_TEMPLATE: BUILD_TEMPLATE_PARAMS},
              **{action: SERVER_PARAMS for action in fields.SERVER_ACTIONS})


def when_equals(field, value, then):
    """An if/then rule: when ``field`` equals ``value``, apply ``then``."""
    return {'if': {'properties': {field: {'const': value}},
                   'required': [field]},
            'then': then}


def command():
    schema = common.closed_object({
        'id': common.UUID,
        'action': common.enum(fields.ACTIONS),
        'site': common.SITE,
        'created_at': common.TIMESTAMP,
        'params': {'type': 'object'},
    }, required=('id', 'action', 'site', 'created_at', 'params'))
    # The params are checked against the schema of the command's action.
    schema['allOf'] = [
        when_equals('action', action, {'properties': {'params': params}})
        for action, params in PARAMS.items()]
    return schema


def business_kinds(version):
    if versions.is_at_least(version, versions.NOTICE):
        return fields.BUSINESS_KINDS
    return fields.BUSINESS_KINDS_1_0


def business_data(version):
    # ``body`` belongs to each kind's handler: it stays open so business
    # data can evolve without an RPC API version.
    return common.closed_object({
        'kind': common.enum(business_kinds(version)),
        'id': common.IDENTIFIER,
        'version': common.integer(1),
        'body': {'type': 'object',
                 'maxProperties': fields.MAX_BODY_ENTRIES},
        'deleted': {'type': 'boolean'},
    }, required=('kind', 'id', 'version', 'body'))


def build(version):
    return {
        'command': command(),
        'business_data': business_data(version),
        # Messages: the schema of the method's keyword arguments.
        'execute': common.closed_object({'command': command()},
                                        required=('command',)),
        'push': common.closed_object({'data': business_data(version)},
                                     required=('data',)),
        'ping': common.closed_object({}),
        # Where a message goes: the site agent's RPC server name.
        'target': common.closed_object({'site': common.SITE},
                                       required=('site',)),
        'ping_reply': common.closed_object({
            'site': common.SITE,
            'version': common.VERSION,
            'at': common.TIMESTAMP,
        }, required=('site', 'version', 'at')),
    }
