"""/v1/alarms: site alarms (list, show, acknowledge).

Sites and the engine's auditor raise and clear alarms; people only
acknowledge them: ``POST /v1/alarms/{id}/acknowledge`` with no body, or
``{"acknowledged": false}`` to take the acknowledgement back.
"""

from oslo_log import log as logging

from central_cloud.api.controllers import base
from central_cloud.api.schemas import alarms as schemas
from central_cloud.api import validation
from central_cloud.db import api as db_api

LOG = logging.getLogger(__name__)

FIELDS = ('id', 'site', 'key', 'severity', 'kind', 'state', 'message',
          'raised_at', 'cleared_at', 'acknowledged', 'created_at',
          'updated_at')
FILTERS = ('site', 'state', 'severity', 'kind', 'acknowledged')


def view(alarm):
    data = alarm.to_dict()
    return {field: data.get(field) for field in FIELDS}


class AlarmsController(object):

    def index(self, req):
        base.authorize(req, 'alarm:get_all')
        query = validation.query(req, schemas.LIST_QUERY)
        filters = base.filters(query, FILTERS)
        if 'acknowledged' in filters:
            filters['acknowledged'] = base.as_bool(filters['acknowledged'])
        limit = base.page_limit(query)
        marker = query.get('marker')
        alarms = db_api.list_alarms(
            filters=filters, limit=limit,
            marker=int(marker) if marker is not None else None)
        return base.page(req, 'alarms', [view(a) for a in alarms], limit,
                         lambda item: item['id'])

    def show(self, req, alarm_id):
        base.authorize(req, 'alarm:get')
        return {'alarm': view(db_api.get_alarm(
            base.url_int(alarm_id, 'alarm')))}

    def acknowledge(self, req, alarm_id):
        base.authorize(req, 'alarm:acknowledge')
        alarm_id = base.url_int(alarm_id, 'alarm')
        body = validation.body(req, schemas.ACKNOWLEDGE, optional=True)
        acknowledged = (body or {}).get('acknowledged', True)
        alarm = db_api.acknowledge_alarm(alarm_id, acknowledged)
        LOG.info('Alarm %d (%s at site %s) %s', alarm_id, alarm.key,
                 alarm.site.name,
                 'acknowledged' if acknowledged else 'unacknowledged')
        return {'alarm': view(alarm)}
