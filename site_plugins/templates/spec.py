"""Template specs: what a site needs to build one template version.

A spec has the shape of the ``build_template`` command's params:
``template_type``, ``version``, ``base_image`` (``checksum``, maybe
``id``) and ``bundles`` (name, version, files, install commands). A
rollout's command carries it; a desktop create that finds no template
asks central's REST API for the template type's current spec.
"""

from oslo_log import log as logging

from site_plugins.templates import errors

LOG = logging.getLogger(__name__)

# The template image's properties (the contract with the monitors, the
# executor's create and the scheduler's weigher).
TEMPLATE_TYPE = 'desktop_template_type'
TEMPLATE_VERSION = 'desktop_template_version'
BASE_CHECKSUM = 'desktop_base_checksum'
BUNDLES = 'desktop_bundles'


def image_properties(spec):
    bundles = ','.join('%s=%s' % (b['name'], b['version'])
                       for b in spec.get('bundles') or [])
    properties = {TEMPLATE_TYPE: spec['template_type'],
                  TEMPLATE_VERSION: str(spec['version']),
                  BASE_CHECKSUM: spec['base_image']['checksum'],
                  # The snapshot inherits the base image's properties.
                  'desktop_base_image': 'false'}
    if bundles:
        properties[BUNDLES] = bundles[:255]
    return properties


def from_central(central, template_type):
    """The current spec of ``template_type``, from central's API."""
    if central is None:
        raise errors.BuildFailed(
            'spec', 'Template %s is missing and cannot be built: '
            "[templates] central_region is not set" % template_type)
    found = central.api_get('/v1/templates/%s' % template_type)
    if found is None:
        raise errors.BuildFailed(
            'spec', 'Template type %s does not exist at central'
            % template_type)
    template = found['template']
    if not template.get('base_image_checksum'):
        raise errors.BuildFailed(
            'spec', 'Template type %s has no base image at central, so the '
            'site cannot build it' % template_type)
    bundles = []
    for ref in template.get('bundles') or []:
        page = central.api_get('/v1/bundles', params={
            'name': ref['name'], 'version': ref['version']})
        rows = (page or {}).get('bundles') or []
        if not rows:
            raise errors.BuildFailed(
                'spec', 'Bundle %s %s of template %s does not exist at '
                'central' % (ref['name'], ref['version'], template_type))
        bundle = rows[0]
        bundles.append({
            'name': bundle['name'], 'version': bundle['version'],
            'files': [{'name': f['name'], 'sha256': f['sha256'],
                       'size': f['size']} for f in bundle['files']],
            'install_commands': list(bundle['install_commands'])})
    base_image = {'checksum': template['base_image_checksum']}
    if template.get('base_image_id'):
        base_image['id'] = template['base_image_id']
    return {'template_type': template_type,
            'version': template.get('version') or 1,
            'base_image': base_image, 'bundles': bundles, 'precache': True}
