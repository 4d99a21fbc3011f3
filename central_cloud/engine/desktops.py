"""What a command's outcome does to its desktop row.

Called inside the transaction that moved the command, so the command's
state and its desktop change together or not at all.
"""

from oslo_log import log as logging

from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.db import models

LOG = logging.getLogger(__name__)

ACTIVE, ERROR = models.DESKTOP_ACTIVE, models.DESKTOP_ERROR
# The desktop state after each action succeeded (delete removes it).
STATE_AFTER = {'create': ACTIVE, 'start': ACTIVE, 'resume': ACTIVE,
               'stop': 'stopped', 'suspend': 'suspended'}


def _desktop(command):
    if not command.desktop_id:
        return None
    try:
        return db_api.get_desktop(command.desktop_id)
    except db_exception.NotFound:
        LOG.info('Command %s finished, but its desktop %s is gone',
                 command.id, command.desktop_id)
        return None


def _server_id(result):
    result = result or {}
    ids = result.get('server_ids') or []
    return result.get('server_id') or (ids[0] if ids else None)


def _forget(desktop_id):
    try:
        db_api.delete_desktop(desktop_id)
    except db_exception.NotFound:
        pass


def _created(desktop, server_id, state):
    """Record the server a create made.

    A delete asked for meanwhile (the desktop is ``deleting``) is queued.
    """
    if db_api.record_server(desktop.id, server_id, state):
        command = db_api.queue_server_command(desktop.id, 'delete')
        LOG.info('Desktop %s was deleted while it was being created: '
                 'queued delete command %s for server %s', desktop.id,
                 command.id, server_id)


def succeeded(command, result):
    """Record the effect of a command that succeeded at its site."""
    desktop = _desktop(command)
    if desktop is None:
        return
    if command.action == 'delete':
        _forget(desktop.id)
        LOG.info('Desktop %s deleted at site %s', desktop.id,
                 command.site.name)
        return
    if command.action == 'create':
        server_id = _server_id(result)
        if server_id is None:
            LOG.error('Command %s created desktop %s but named no server',
                      command.id, desktop.id)
            db_api.update_desktop(desktop.id, {'state': ERROR})
        else:
            _created(desktop, server_id, ACTIVE)
        return
    if command.action in STATE_AFTER:
        db_api.update_desktop(desktop.id,
                              {'state': STATE_AFTER[command.action]})


def failed(command, result=None):
    """A command of the desktop failed: the desktop is in error.

    A failed create may still have left a server (in ERROR) at the
    site: it is recorded, so deleting the desktop removes it too.
    """
    desktop = _desktop(command)
    if desktop is None:
        return
    if command.action == 'create':
        server_id = _server_id(result)
        if server_id:
            _created(desktop, server_id, ERROR)
            return
        if desktop.state == models.DESKTOP_DELETING:
            _forget(desktop.id)
            LOG.info('Desktop %s, deleted while being created, is gone: '
                     'its create failed without a server', desktop.id)
            return
    db_api.update_desktop(desktop.id, {'state': ERROR})
