"""/v1/bundles: application bundle records (create, list, show, delete).

A bundle record carries its files' metadata (name, sha256, size), its
install commands and its target sites or groups; the files themselves
and their push to sites belong to the engine's rollouts.
"""

from central_cloud.api.controllers import base
from central_cloud.api.schemas import bundles as schemas
from central_cloud.api import validation
from central_cloud.db import api as db_api

FIELDS = ('id', 'name', 'version', 'template_type', 'files',
          'install_commands', 'targets', 'created_at', 'updated_at')
FILTERS = ('name', 'version', 'template_type')


def view(bundle):
    data = bundle.to_dict()
    return {field: data.get(field) for field in FIELDS}


class BundlesController(object):

    def index(self, req):
        base.authorize(req, 'bundle:get_all')
        query = validation.query(req, schemas.LIST_QUERY)
        limit = base.page_limit(query)
        marker = query.get('marker')
        bundles = db_api.list_bundles(
            filters=base.filters(query, FILTERS), limit=limit,
            marker=int(marker) if marker is not None else None)
        return base.page(req, 'bundles', [view(b) for b in bundles], limit,
                         lambda item: item['id'])

    def create(self, req):
        base.authorize(req, 'bundle:create')
        body = validation.body(req, schemas.CREATE)
        return 201, {'bundle': view(db_api.create_bundle(body))}

    def show(self, req, bundle_id):
        base.authorize(req, 'bundle:get')
        return {'bundle': view(db_api.get_bundle(
            base.url_int(bundle_id, 'bundle')))}

    def delete(self, req, bundle_id):
        base.authorize(req, 'bundle:delete')
        db_api.delete_bundle(base.url_int(bundle_id, 'bundle'))
        return 204, None
