"""/v1/rollouts: push a template type or a bundle to sites (M9-M11).

``POST /v1/rollouts`` names what to push, either ``template_type`` (its
current version) or ``bundle_id`` (the bundle joins its template type,
replacing an older version of itself: an application update, which
makes a new template version), and where: ``sites`` and ``groups``, or
every site (a bundle's own targets by default). Each site is one step:
the engine sends it a ``build_template`` command when a slot is free
(``max_parallel_sites``; ``mode: serial`` means one at a time) and,
with ``stop_on_failure``, starts no new site after a step failed.
Unknown sites or groups are refused (400) before anything changes.

``GET /v1/rollouts`` lists them, ``GET /v1/rollouts/{id}`` shows one
with its steps, ``POST /v1/rollouts/{id}/abort`` stops it starting
sites.
"""

from oslo_log import log as logging

from central_cloud.api.controllers import base
from central_cloud.api import errors
from central_cloud.api.schemas import rollouts as schemas
from central_cloud.api import validation
from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.protocol import exception as protocol_exception
from central_cloud.protocol import fields
from central_cloud.protocol import validation as protocol_validation

LOG = logging.getLogger(__name__)

FIELDS = ('id', 'template_type', 'template_version', 'bundle_id',
          'targets', 'mode', 'max_parallel_sites', 'stop_on_failure',
          'state', 'created_at', 'updated_at', 'finished_at')
STEP_FIELDS = ('site', 'position', 'state', 'command_id', 'details',
               'started_at', 'finished_at')
SITE_PAGE = 1000


def step_view(step):
    data = step.to_dict()
    return {field: data.get(field) for field in STEP_FIELDS}


def view(rollout, steps):
    data = rollout.to_dict()
    shown = {field: data.get(field) for field in FIELDS}
    counts = dict.fromkeys(
        ('waiting', 'running', 'succeeded', 'failed', 'skipped',
         'aborted'), 0)
    for step in steps:
        counts[step.state] += 1
    shown['step_counts'] = counts
    shown['steps'] = [step_view(step) for step in steps]
    return shown


def _all_sites(filters=None):
    sites, marker = [], None
    while True:
        page = db_api.list_sites(filters=filters, limit=SITE_PAGE,
                                 marker=marker)
        sites.extend(page)
        if len(page) < SITE_PAGE:
            return sites
        marker = page[-1].name


def target_sites(sites, groups):
    """Site names, in order: those named, then those of the groups.

    Neither means every site. Unknown sites and empty groups are 400s
    that name them.
    """
    chosen = []
    if sites:
        known = {s.name for s in db_api.list_sites(
            filters={'name': list(sites)}, limit=len(sites))}
        unknown = [name for name in sites if name not in known]
        if unknown:
            raise errors.BadRequest(
                'Invalid request body: sites names unknown site(s): %s'
                % ', '.join(unknown))
        chosen.extend(sites)
    if groups:
        members = _all_sites({'group': list(groups)})
        empty = [g for g in groups if not any(s.group == g
                                              for s in members)]
        if empty:
            raise errors.BadRequest(
                'Invalid request body: groups names group(s) with no site: '
                '%s' % ', '.join(empty))
        chosen.extend(s.name for s in members if s.name not in chosen)
    if not sites and not groups:
        chosen = [s.name for s in _all_sites()]
    if not chosen:
        raise errors.BadRequest('There is no site to roll out to')
    return chosen


def _bundle(bundle_id):
    try:
        return db_api.get_bundle(bundle_id)
    except db_exception.NotFound:
        raise errors.BadRequest('Invalid request body: bundle_id names the '
                                'unknown bundle %d' % bundle_id)


def _template(type_name):
    try:
        return db_api.get_template(type_name)
    except db_exception.NotFound:
        raise errors.BadRequest('Invalid request body: template type %s '
                                'does not exist' % type_name)


def _bundle_spec(ref):
    found = db_api.list_bundles(filters={'name': ref['name'],
                                         'version': ref['version']},
                                limit=1)
    if not found:
        raise errors.Conflict('bundle %s version %s, which the template '
                              'uses, does not exist'
                              % (ref['name'], ref['version']))
    bundle = found[0]
    missing = sorted(
        {f['sha256'] for f in bundle.files}
        - db_api.stored_blobs(f['sha256'] for f in bundle.files))
    if missing:
        names = [f['name'] for f in bundle.files if f['sha256'] in missing]
        raise errors.Conflict(
            'bundle %s version %s has files not uploaded yet: %s (upload '
            'them with PUT /v1/bundles/%d/files/{name})'
            % (bundle.name, bundle.version, ', '.join(names), bundle.id))
    return {'name': bundle.name, 'version': bundle.version,
            'files': [{'name': f['name'], 'sha256': f['sha256'],
                       'size': f['size']} for f in bundle.files],
            'install_commands': list(bundle.install_commands)}


def build_params(template, bundles_of=None):
    """The ``build_template`` params of a template's current version.

    ``bundles_of``: the bundle refs to use instead of the template's.
    409 if the template cannot be built yet.
    """
    if not template.base_image_checksum:
        raise errors.Conflict(
            'template %s has no base image checksum: set base_image_id '
            'and base_image_checksum (the os_hash_value of the image in '
            "central's Glance) first" % template.type_name)
    refs = template.bundles if bundles_of is None else bundles_of
    base_image = {'checksum': template.base_image_checksum}
    if template.base_image_id:
        base_image['id'] = template.base_image_id
    params = {'template_type': template.type_name,
              'version': template.version, 'base_image': base_image,
              'bundles': [_bundle_spec(ref) for ref in refs or []],
              'precache': True}
    try:
        protocol_validation.validate('command', {
            'id': '00000000-0000-0000-0000-000000000000',
            'action': fields.BUILD_TEMPLATE, 'site': 'site',
            'created_at': fields.timestamp(), 'params': params})
    except protocol_exception.InvalidMessage as exc:
        raise errors.Conflict('template %s cannot be sent to sites: %s'
                              % (template.type_name, exc.reason))
    return params


def _with_bundle(template, bundle):
    """The template's bundle refs once ``bundle`` is in them."""
    refs = [dict(ref) for ref in template.bundles or []]
    for ref in refs:
        if ref['name'] == bundle.name:
            ref['version'] = bundle.version
            return refs
    return refs + [{'name': bundle.name, 'version': bundle.version}]


def _mode_and_limit(body, site_count):
    mode = body.get('mode', 'parallel')
    limit = body.get('max_parallel_sites')
    if mode == 'serial':
        if limit not in (None, 1):
            raise errors.BadRequest(
                'Invalid request body: mode serial runs one site at a '
                'time; max_parallel_sites must be 1 or left out (got %d)'
                % limit)
        return mode, 1
    return mode, limit or site_count


class RolloutsController(object):

    def index(self, req):
        base.authorize(req, 'rollout:get_all')
        query = validation.query(req, schemas.LIST_QUERY)
        limit = base.page_limit(query)
        rollouts = db_api.list_rollouts(
            filters=base.filters(query, ('state', 'template_type')),
            limit=limit, marker=query.get('marker'))
        steps = {}
        for step in db_api.list_rollout_steps([r.id for r in rollouts]):
            steps.setdefault(step.rollout_id, []).append(step)
        return base.page(req, 'rollouts', [
            view(r, steps.get(r.id, [])) for r in rollouts], limit,
            lambda item: item['id'])

    def create(self, req):
        base.authorize(req, 'rollout:create')
        body = validation.body(req, schemas.CREATE)
        if ('template_type' in body) == ('bundle_id' in body):
            raise errors.BadRequest(
                'Invalid request body: give either template_type (push a '
                'template type) or bundle_id (push a bundle), not both '
                'and not neither')
        bundle = None
        if 'bundle_id' in body:
            bundle = _bundle(body['bundle_id'])
            template = _template(bundle.template_type)
            sites, groups = body.get('sites'), body.get('groups')
            if not sites and not groups:
                sites = (bundle.targets or {}).get('sites')
                groups = (bundle.targets or {}).get('groups')
            refs = _with_bundle(template, bundle)
        else:
            template = _template(body['template_type'])
            sites, groups = body.get('sites'), body.get('groups')
            refs = template.bundles
        names = target_sites(sites or [], groups or [])
        mode, limit = _mode_and_limit(body, len(names))
        # Checked before anything changes: a refused request changes
        # nothing, not even the template's bundles.
        build_params(template, refs)
        if bundle is not None:
            template = db_api.set_template_bundle(
                template.type_name, bundle.name, bundle.version)
        params = build_params(template)
        rollout = db_api.create_rollout({
            'template_type': template.type_name,
            'template_version': template.version,
            'bundle_id': bundle.id if bundle else None,
            'targets': {key: value for key, value in
                        (('sites', sites), ('groups', groups)) if value},
            'mode': mode, 'max_parallel_sites': limit,
            'stop_on_failure': body.get('stop_on_failure', False),
            'params': params}, names)
        LOG.info('Rollout %s: template %s version %d to %d site(s) (%s, at '
                 'most %d at once%s)', rollout.id, template.type_name,
                 template.version, len(names), mode, limit,
                 ', stops on failure' if rollout.stop_on_failure else '')
        return 202, {'rollout': view(rollout,
                                     db_api.list_rollout_steps(rollout.id))}

    def show(self, req, rollout_id):
        base.authorize(req, 'rollout:get')
        rollout = db_api.get_rollout(base.url_id(rollout_id, base.UUID,
                                                 'rollout'))
        return {'rollout': view(rollout,
                                db_api.list_rollout_steps(rollout.id))}

    def abort(self, req, rollout_id):
        base.authorize(req, 'rollout:abort')
        rollout = db_api.abort_rollout(base.url_id(rollout_id, base.UUID,
                                                   'rollout'))
        LOG.info('Rollout %s aborted', rollout.id)
        return {'rollout': view(rollout,
                                db_api.list_rollout_steps(rollout.id))}
