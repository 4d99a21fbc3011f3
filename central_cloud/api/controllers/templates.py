"""/v1/templates: template types (create, list, show, change, delete).

A template type is a base image in central's Glance (known by its
checksum) plus bundles in install order. Changing its base image or its
bundles makes a new ``version``; rollouts build that version at sites.
"""

from central_cloud.api.controllers import base
from central_cloud.api import references
from central_cloud.api.schemas import templates as schemas
from central_cloud.api import validation
from central_cloud.db import api as db_api

FIELDS = ('type_name', 'version', 'os', 'base_image_id',
          'base_image_checksum', 'bundles', 'created_at', 'updated_at')


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
        references.bundles(body.get('bundles'))
        return 201, {'template': view(db_api.create_template(body))}

    def show(self, req, type_name):
        base.authorize(req, 'template:get')
        return {'template': view(db_api.get_template(checked_type(type_name)))}

    def update(self, req, type_name):
        base.authorize(req, 'template:update')
        type_name = checked_type(type_name)
        body = validation.body(req, schemas.UPDATE)
        references.bundles(body.get('bundles'))
        return {'template': view(db_api.update_template(type_name, body))}

    def delete(self, req, type_name):
        base.authorize(req, 'template:delete')
        db_api.delete_template(checked_type(type_name))
        return 204, None
