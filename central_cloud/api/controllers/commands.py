"""/v1/commands: management commands, their state, attempts and result.

Commands are written by the API (``pending``) and moved along
``pending -> sent -> running -> succeeded | failed`` by the engine. The
policy target is the project of the command's desktop: members follow
the commands of their own desktops (``?desktop=<id>`` to list them).
"""

from central_cloud.api.controllers import base
from central_cloud.api import errors
from central_cloud.api.schemas import commands as schemas
from central_cloud.api import validation
from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception

FIELDS = ('id', 'site', 'desktop_id', 'action', 'state', 'attempts',
          'last_sent_at', 'result', 'error', 'created_at', 'updated_at')


def view(command):
    data = command.to_dict()
    shown = {field: data.get(field) for field in FIELDS}
    shown['params'] = data.get('payload')
    return shown


def _target(desktop_id):
    """The policy target: the project of the desktop, if there is one."""
    project_id = None
    if desktop_id:
        try:
            project_id = db_api.get_desktop(desktop_id).project_id
        except db_exception.NotFound:
            pass
    return {'project_id': project_id}


class CommandsController(object):

    def index(self, req):
        query = validation.query(req, schemas.LIST_QUERY)
        base.authorize(req, 'command:get_all', _target(query.get('desktop')))
        filters = base.filters(query, ('site', 'state', 'action', 'desktop'),
                               rename={'desktop': 'desktop_id'})
        limit = base.page_limit(query)
        commands = db_api.list_commands(filters=filters, limit=limit,
                                        marker=query.get('marker'))
        return base.page(req, 'commands', [view(c) for c in commands],
                         limit, lambda item: item['id'])

    def show(self, req, command_id):
        base.url_id(command_id, base.UUID, 'command')
        command = db_api.get_command(command_id)
        if not base.allowed(req, 'command:get',
                            _target(command.desktop_id)):
            raise errors.NotFound('command %s not found' % command_id)
        return {'command': view(command)}
