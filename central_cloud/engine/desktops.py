"""What a command's outcome does to its desktop row.

Called inside the transaction that moved the command, so the command's
state and its desktop change together or not at all.
"""

from oslo_log import log as logging

from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception

LOG = logging.getLogger(__name__)

ACTIVE, ERROR = 'active', 'error'
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


def succeeded(command, result):
    """Record the effect of a command that succeeded at its site."""
    desktop = _desktop(command)
    if desktop is None:
        return
    if command.action == 'delete':
        db_api.delete_desktop(desktop.id)
        LOG.info('Desktop %s deleted at site %s', desktop.id,
                 command.site.name)
        return
    values = {}
    if command.action == 'create':
        server_id = _server_id(result)
        if server_id is None:
            LOG.error('Command %s created desktop %s but named no server',
                      command.id, desktop.id)
            db_api.update_desktop(desktop.id, {'state': ERROR})
            return
        values['server_uuid'] = server_id
    if command.action in STATE_AFTER:
        values['state'] = STATE_AFTER[command.action]
    if values:
        db_api.update_desktop(desktop.id, values)


def failed(command):
    """A command of the desktop failed: the desktop is in error."""
    desktop = _desktop(command)
    if desktop is not None:
        db_api.update_desktop(desktop.id, {'state': ERROR})
