"""/v1/sites: register, list, show, update, delete; manage actions.

``POST /v1/sites/{name}/action`` takes ``{"manage": null}``,
``{"unmanage": null}`` or ``{"maintenance": null}`` and sets the site's
management state (managed, unmanaged, maintenance).
"""

from oslo_log import log as logging

from central_cloud.api.controllers import base
from central_cloud.api.schemas import sites as schemas
from central_cloud.api import validation
from central_cloud.db import api as db_api

LOG = logging.getLogger(__name__)

FIELDS = ('name', 'region', 'latitude', 'longitude', 'group',
          'management_state', 'availability', 'last_report_at', 'missed',
          'reserve_ratio', 'shared_pool', 'created_at', 'updated_at')
FILTERS = ('group', 'region', 'availability', 'management_state',
           'shared_pool')


def view(site):
    data = site.to_dict()
    return {field: data.get(field) for field in FIELDS}


def checked_name(value):
    """A site name from the URL; 404 if it cannot be one."""
    return base.url_id(value, base.SITE_NAME, 'site')


class SitesController(object):

    def index(self, req):
        base.authorize(req, 'site:get_all')
        query = validation.query(req, schemas.LIST_QUERY)
        filters = base.filters(query, FILTERS)
        if 'shared_pool' in filters:
            filters['shared_pool'] = base.as_bool(filters['shared_pool'])
        limit = base.page_limit(query)
        sites = db_api.list_sites(filters=filters, limit=limit,
                                  marker=query.get('marker'))
        return base.page(req, 'sites', [view(s) for s in sites], limit,
                         lambda item: item['name'])

    def create(self, req):
        base.authorize(req, 'site:create')
        body = validation.body(req, schemas.CREATE)
        return 201, {'site': view(db_api.create_site(body))}

    def show(self, req, site_name):
        base.authorize(req, 'site:get')
        return {'site': view(db_api.get_site(checked_name(site_name)))}

    def update(self, req, site_name):
        base.authorize(req, 'site:update')
        name = checked_name(site_name)
        body = validation.body(req, schemas.UPDATE)
        site = db_api.update_site(name, body)
        LOG.info('Updated site %s: %s', name, ', '.join(sorted(body)))
        return {'site': view(site)}

    def delete(self, req, site_name):
        base.authorize(req, 'site:delete')
        db_api.delete_site(checked_name(site_name))
        return 204, None

    def action(self, req, site_name):
        name = checked_name(site_name)
        body = validation.body(req, schemas.ACTION)
        (action,) = body
        base.authorize(req, 'site:%s' % action)
        state = schemas.ACTIONS[action]
        site = db_api.update_site(name, {'management_state': state})
        LOG.info('Site %s is now %s', name, state)
        return {'site': view(site)}
