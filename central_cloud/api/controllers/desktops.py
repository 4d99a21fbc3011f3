"""/v1/desktops: create, list, show, act on and delete desktops.

The API does not talk to sites. Each change writes the desktop rows and
one ``pending`` command per desktop, in one transaction, and answers 202
with the command ids; the engine's dispatcher sends the commands and
records their progress.

* ``POST /v1/desktops`` creates ``count`` desktops at the home site, each
  with a ``create`` command; the engine's placer then keeps each at home
  or moves it where there is room, within the desktop's ``scope``
  (stored with the desktop, and in the server metadata). An unknown
  home site, template type, or a flavor the home site does not report,
  is a 400 naming which.
* ``POST /v1/desktops/{id}/action`` with ``{"stop": null}``, start,
  suspend or resume queues that command for the desktop's server.
* ``DELETE /v1/desktops/{id}`` queues a ``delete`` command (202). A
  desktop whose create command was never sent is removed at once (204);
  one whose create is under way becomes ``deleting`` (202, no command
  yet), and the engine queues the delete when the create ends.

A member sees only its project's desktops: any other desktop is a 404.
"""

import uuid

from oslo_log import log as logging

from central_cloud.api.controllers import base
from central_cloud.api.controllers import commands
from central_cloud.api import errors
from central_cloud.api import references
from central_cloud.api.schemas import desktops as schemas
from central_cloud.api import validation
from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.placement import capacity

LOG = logging.getLogger(__name__)

FIELDS = ('id', 'name', 'site', 'origin_site', 'server_uuid', 'project_id',
          'owner', 'template_type', 'flavor', 'scope', 'state', 'created_at',
          'updated_at')
BUILDING, DELETING = models.DESKTOP_BUILDING, models.DESKTOP_DELETING
IN_FLIGHT = ('pending', 'sent', 'running')

# Server metadata that the create command carries to the site.
META_DESKTOP_ID = 'desktop_id'
META_OWNER = 'desktop_owner'
META_SCOPE = 'desktop_scope'


def view(desktop):
    data = desktop.to_dict()
    return {field: data.get(field) for field in FIELDS}


def _target(desktop):
    return {'project_id': desktop.project_id}


def visible_desktop(req, desktop_id):
    """The desktop if the caller may see it; 404 otherwise."""
    base.url_id(desktop_id, base.UUID, 'desktop')
    try:
        desktop = db_api.get_desktop(desktop_id)
    except db_exception.NotFound:
        desktop = None
    if desktop is None or not base.allowed(req, 'desktop:get',
                                           _target(desktop)):
        raise errors.NotFound('desktop %s not found' % desktop_id)
    return desktop


def create_params(name, body, desktop_id, owner):
    """The ``create`` command's params, per the protocol's schema."""
    metadata = {META_DESKTOP_ID: desktop_id,
                META_SCOPE: body.get('scope', schemas.DEFAULT_SCOPE)}
    if owner:
        metadata[META_OWNER] = owner
    return {'name': name, 'flavor': body['flavor'],
            'template_type': body['template_type'], 'metadata': metadata}


class DesktopsController(object):

    def index(self, req):
        ctx = base.context(req)
        base.authorize(req, 'desktop:get_all')
        query = validation.query(req, schemas.LIST_QUERY)
        filters = base.filters(
            query, ('site', 'state', 'template_type', 'owner', 'project'),
            rename={'project': 'project_id'})
        all_projects = base.allowed(req, 'desktop:get_all_projects')
        if not all_projects:
            if filters.get('project_id', ctx.project_id) != ctx.project_id:
                raise errors.Forbidden(
                    "policy does not allow listing other projects' "
                    'desktops')
            filters['project_id'] = ctx.project_id
        marker = query.get('marker')
        if marker is not None and not all_projects:
            # A marker must be a desktop the caller could list.
            visible_marker(req, marker)
        limit = base.page_limit(query)
        desktops = db_api.list_desktops(filters=filters, limit=limit,
                                        marker=marker)
        return base.page(req, 'desktops', [view(d) for d in desktops],
                         limit, lambda item: item['id'])

    def create(self, req):
        ctx = base.context(req)
        base.authorize(req, 'desktop:create')
        if not ctx.project_id:
            raise errors.Forbidden('creating desktops needs a token scoped '
                                   'to a project')
        body = validation.body(req, schemas.CREATE)
        site = self._home_site(body['home_site'])
        known_template(body['template_type'])
        known_flavor(site.name, body['flavor'])
        owner = body.get('owner') or ctx.user_id
        count = body.get('count', 1)
        created = []
        # One transaction: all the desktops and their commands, or none.
        with transaction.writer():
            for number in range(1, count + 1):
                name = body['name']
                if count > 1:
                    name = '%s-%d' % (name, number)
                desktop_id = str(uuid.uuid4())
                desktop = db_api.create_desktop({
                    'id': desktop_id, 'site': site.name,
                    'project_id': ctx.project_id, 'owner': owner,
                    'name': name, 'template_type': body['template_type'],
                    'flavor': body['flavor'], 'scope': body.get('scope'),
                    'state': BUILDING})
                command = db_api.create_command(
                    site.name, 'create', desktop_id=desktop_id,
                    payload=create_params(name, body, desktop_id, owner))
                created.append(dict(view(desktop), command_id=command.id))
        LOG.info('Queued %d desktop(s) of template %s at site %s for '
                 'project %s: commands %s', count, body['template_type'],
                 site.name, ctx.project_id,
                 ', '.join(d['command_id'] for d in created))
        return 202, {'desktops': created}

    @staticmethod
    def _home_site(name):
        site = known_site(name, 'home_site')
        if site.management_state != 'managed':
            raise errors.Conflict(
                'site %s is %s: desktops are created only on managed sites'
                % (name, site.management_state))
        return site

    def show(self, req, desktop_id):
        return {'desktop': view(visible_desktop(req, desktop_id))}

    def action(self, req, desktop_id):
        desktop = visible_desktop(req, desktop_id)
        body = validation.body(req, schemas.ACTION)
        (action,) = body
        base.authorize(req, 'desktop:%s' % action, _target(desktop))
        if desktop.state == DELETING:
            raise errors.Conflict('desktop %s is being deleted'
                                  % desktop.id)
        if not desktop.server_uuid:
            raise errors.Conflict(
                'desktop %s has no server at site %s yet; retry once its '
                'create command has succeeded' % (desktop.id,
                                                  desktop.site.name))
        command = db_api.queue_server_command(desktop.id, action)
        LOG.info('Queued %s of desktop %s at site %s: command %s', action,
                 desktop.id, desktop.site.name, command.id)
        return 202, {'command': commands.view(command)}

    def delete(self, req, desktop_id):
        desktop = visible_desktop(req, desktop_id)
        base.authorize(req, 'desktop:delete', _target(desktop))
        if desktop.state == DELETING:
            raise errors.Conflict('desktop %s is already being deleted'
                                  % desktop.id)
        if not desktop.server_uuid:
            try:
                desktop = self._delete_unbuilt(desktop)
            except db_exception.NotFound:
                desktop = None
            if desktop is None:
                LOG.info('Deleted desktop %s, which had no server',
                         desktop_id)
                return 204, None
            if desktop.state == DELETING:
                return 202, {'desktop': view(desktop), 'command': None}
        command = db_api.queue_server_command(desktop.id, 'delete',
                                              {'state': DELETING})
        LOG.info('Queued delete of desktop %s at site %s: command %s',
                 desktop.id, desktop.site.name, command.id)
        return 202, {'desktop': view(db_api.get_desktop(desktop.id)),
                     'command': commands.view(command)}

    def _delete_unbuilt(self, desktop):
        """Delete a desktop that had no server; None once it is gone.

        A create that is under way makes the desktop ``deleting`` (the
        engine queues the delete when the create ends); the desktop is
        returned then, as it is when its create succeeded meanwhile.
        """
        if (self._create_in_flight(desktop)
                and db_api.mark_unbuilt_deleting(desktop.id)
                and self._create_in_flight(desktop)):
            LOG.info('Desktop %s is being created at site %s: it will be '
                     'deleted when its create ends', desktop.id,
                     desktop.site.name)
        desktop = db_api.get_desktop(desktop.id)
        if desktop.server_uuid:
            return desktop
        if desktop.state == DELETING and self._create_in_flight(desktop):
            return desktop
        db_api.delete_desktop(desktop.id)
        return None

    @staticmethod
    def _create_in_flight(desktop):
        """Whether a create of the desktop is sent or running.

        A pending one is failed first by a compare-and-set, so the
        dispatcher can no longer send it.
        """
        in_flight = False
        for command in db_api.list_commands(filters={
                'desktop_id': desktop.id, 'action': 'create',
                'state': list(IN_FLIGHT)}):
            in_flight = in_flight or not (
                command.state == 'pending' and db_api.command_transition(
                    command.id, ['pending'], 'failed',
                    error='cancelled: the desktop was deleted before the '
                          'command was sent'))
        return in_flight


def visible_marker(req, marker):
    """400 unless the marker is a desktop the caller can see."""
    try:
        visible_desktop(req, marker)
    except errors.NotFound:
        raise errors.BadRequest('Invalid query string: marker desktop %s '
                                'not found' % marker)


def known_site(name, field, what='request body'):
    """The named site; 400 naming ``field`` if there is none."""
    try:
        return db_api.get_site(name)
    except db_exception.NotFound:
        raise errors.BadRequest('Invalid %s: %s names the unknown site %s'
                                % (what, field, name))


def known_template(type_name, what='request body'):
    """400 unless the template type exists."""
    references.template_type(type_name, what=what)


def known_flavor(site, flavor, what='request body'):
    """400 unless ``site`` reports ``flavor`` (by name or id).

    A site that has not reported its flavors (no report yet, or an agent
    older than RPC API 1.3) cannot be checked: the request goes ahead.
    """
    try:
        report = db_api.get_latest_report(site)
    except db_exception.NotFound:
        return
    flavors = capacity.flavors_of(report.body)
    if flavors is None or capacity.find_flavor(flavors, flavor):
        return
    raise errors.BadRequest(
        'Invalid %s: flavor names the unknown flavor %s at site %s (its '
        'flavors: %s)' % (what, flavor, site,
                          ', '.join(sorted(flavors)) or 'none'))
