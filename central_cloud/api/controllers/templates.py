"""/v1/templates: template type records (create, list, show, delete).

Pushing templates to sites belongs to the engine's rollouts.
"""

from central_cloud.api.controllers import base
from central_cloud.api.schemas import templates as schemas
from central_cloud.api import validation
from central_cloud.db import api as db_api

FIELDS = ('type_name', 'os', 'base_image_id', 'base_image_checksum',
          'bundles', 'created_at', 'updated_at')


def view(template):
    data = template.to_dict()
    shown = {field: data.get(field) for field in FIELDS}
    shown['bundles'] = shown['bundles'] or []
    return shown


def checked_type(value):
    return base.url_id(value, base.IDENTIFIER, 'template')


class TemplatesController(object):

    def index(self, req):
        base.authorize(req, 'template:get_all')
        query = validation.query(req, schemas.LIST_QUERY)
        limit = base.page_limit(query)
        templates = db_api.list_templates(
            filters=base.filters(query, ('os',)), limit=limit,
            marker=query.get('marker'))
        return base.page(req, 'templates', [view(t) for t in templates],
                         limit, lambda item: item['type_name'])

    def create(self, req):
        base.authorize(req, 'template:create')
        body = validation.body(req, schemas.CREATE)
        return 201, {'template': view(db_api.create_template(body))}

    def show(self, req, type_name):
        base.authorize(req, 'template:get')
        return {'template': view(db_api.get_template(checked_type(type_name)))}

    def delete(self, req, type_name):
        base.authorize(req, 'template:delete')
        db_api.delete_template(checked_type(type_name))
        return 204, None
