"""/v1/notices: announcements for sites (create, list, show).

Creating a notice stores it; the engine pushes it to its target sites
(business data kind ``notice``).
"""

from oslo_log import log as logging

from central_cloud.api.controllers import base
from central_cloud.api import references
from central_cloud.api.schemas import notices as schemas
from central_cloud.api import validation
from central_cloud.db import api as db_api

LOG = logging.getLogger(__name__)

FIELDS = ('id', 'title', 'body', 'targets', 'created_at', 'updated_at')


def view(notice):
    data = notice.to_dict()
    return {field: data.get(field) for field in FIELDS}


class NoticesController(object):

    def index(self, req):
        base.authorize(req, 'notice:get_all')
        query = validation.query(req, schemas.LIST_QUERY)
        limit = base.page_limit(query)
        marker = query.get('marker')
        notices = db_api.list_notices(
            limit=limit, marker=int(marker) if marker is not None else None)
        return base.page(req, 'notices', [view(n) for n in notices], limit,
                         lambda item: item['id'])

    def create(self, req):
        base.authorize(req, 'notice:create')
        body = validation.body(req, schemas.CREATE)
        references.target_sites(body.get('targets'))
        notice = db_api.create_notice(body['title'], body['body'],
                                      body.get('targets') or {})
        LOG.info('Created notice %d: %s', notice.id, notice.title)
        return 201, {'notice': view(notice)}

    def show(self, req, notice_id):
        base.authorize(req, 'notice:get')
        return {'notice': view(db_api.get_notice(
            base.url_int(notice_id, 'notice')))}
