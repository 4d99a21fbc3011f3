"""Request schemas of /v1/bundles (records; file metadata only)."""

from central_cloud.api.schemas import types
from central_cloud.protocol import fields
from central_cloud.protocol.schemas import common

MAX_FILES = 1000
MAX_COMMANDS = 100

SHA256 = {
    'type': 'string',
    'pattern': common.anchored('[0-9a-f]{64}'),
    'description': 'a sha256 digest: 64 lower-case hex digits',
}

FILE_NAME = common.FILE_NAME

FILE = types.closed_object({
    'name': FILE_NAME,
    'sha256': SHA256,
    'size': types.integer(0),
}, required=('name', 'sha256', 'size'))

INSTALL_COMMAND = {'type': 'string', 'minLength': 1,
                   'maxLength': fields.MAX_TEXT}

CREATE = types.closed_object({
    'name': types.name(),
    'version': types.name(64),
    'template_type': types.IDENTIFIER,
    'files': types.array(FILE, MAX_FILES),
    'install_commands': types.array(INSTALL_COMMAND, MAX_COMMANDS),
    'targets': types.TARGETS,
}, required=('name', 'version', 'template_type'))

LIST_QUERY = types.list_query({
    'name': types.query_many(types.query_text()),
    'version': types.query_many(types.query_text(64)),
    'template_type': types.query_many(types.query_text()),
}, marker=types.QUERY_INTEGER)
