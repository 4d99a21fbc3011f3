"""Request schemas of /v1/templates."""

from central_cloud.api.schemas import types

MAX_BUNDLES = 100

BUNDLE_REF = types.closed_object({
    'name': types.name(),
    'version': types.name(64),
}, required=('name', 'version'))

CREATE = types.closed_object({
    'type_name': types.IDENTIFIER,
    'os': types.nullable(types.name()),
    'base_image_id': types.nullable(types.UUID),
    'base_image_checksum': types.nullable(types.CHECKSUM),
    'bundles': types.array(BUNDLE_REF, MAX_BUNDLES),
}, required=('type_name',))

# A change of base image or bundles makes a new template version.
UPDATE = dict(types.closed_object({
    'os': types.nullable(types.name()),
    'base_image_id': types.nullable(types.UUID),
    'base_image_checksum': types.nullable(types.CHECKSUM),
    'bundles': types.array(BUNDLE_REF, MAX_BUNDLES),
}), minProperties=1)

LIST_QUERY = types.list_query({
    'os': types.query_many(types.query_text()),
}, marker=types.IDENTIFIER)
