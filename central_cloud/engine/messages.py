"""Protocol messages built from database rows.

Each builder returns a payload of the protocol's schema (``command`` or
``business_data``); ``checked()`` validates one before it leaves, so a
row that cannot be expressed is reported instead of breaking a whole
batch or reply.
"""

from central_cloud.engine import times
from central_cloud.protocol import fields
from central_cloud.protocol import validation

# The business data id of the resync hint (kind system_info).
RESYNC_HINT_ID = 'central.resync'


def command(row):
    """The ``execute`` payload of a command row."""
    return {'id': row.id, 'action': row.action, 'site': row.site.name,
            'created_at': times.wire(row.created_at),
            'params': row.payload or {}}


def changed_at(row):
    """When a row last changed (rows of TimestampMixin)."""
    return row.updated_at or row.created_at


def notice(row):
    # Notices do not change once created: one version.
    return {'kind': fields.NOTICE, 'id': str(row.id), 'version': 1,
            'body': {'title': row.title, 'body': row.body,
                     'created_at': times.wire(row.created_at)}}


def template(row):
    return {'kind': 'template', 'id': row.type_name,
            'version': times.version(changed_at(row)),
            'body': {'os': row.os, 'base_image_id': row.base_image_id,
                     'base_image_checksum': row.base_image_checksum,
                     'bundles': row.bundles or []}}


def bundle(row):
    return {'kind': 'bundle', 'id': '%s:%s' % (row.name, row.version),
            'version': times.version(changed_at(row)),
            'body': {'name': row.name, 'version': row.version,
                     'template_type': row.template_type,
                     'files': row.files, 'install_commands':
                     row.install_commands}}


def resync_hint(reason, now):
    """System information telling a site that central wants a resync."""
    return {'kind': 'system_info', 'id': RESYNC_HINT_ID,
            'version': times.version(now),
            'body': {'action': 'resync', 'reason': reason,
                     'at': times.wire(now)}}


def checked(schema, payload):
    """``payload`` if it matches ``schema``; raises InvalidMessage."""
    return validation.validate(schema, payload)
