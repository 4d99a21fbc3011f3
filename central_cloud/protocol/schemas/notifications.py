"""Schemas of the notifications central publishes, by event type."""

from central_cloud.protocol import fields
from central_cloud.protocol.schemas import central_messages
from central_cloud.protocol.schemas import common
from central_cloud.protocol import topics


def build(version):
    return {
        topics.EVENT_SITE_UPDATE: common.closed_object({
            'site': common.SITE,
            'availability': common.enum(fields.SITE_AVAILABILITY),
            'at': common.TIMESTAMP,
            'missed_reports': common.integer(),
            'last_report_at': dict(common.TIMESTAMP,
                                   type=['string', 'null']),
        }, required=('site', 'availability', 'at')),
        topics.EVENT_COMMAND_UPDATE: common.closed_object({
            'command_id': common.UUID,
            'site': common.SITE,
            'action': common.enum(fields.ACTIONS),
            'state': common.enum(fields.COMMAND_STATES),
            'at': common.TIMESTAMP,
            'message': common.text(fields.MAX_TEXT),
        }, required=('command_id', 'site', 'action', 'state', 'at')),
        topics.EVENT_ALARM_UPDATE: central_messages.ALARM,
    }
