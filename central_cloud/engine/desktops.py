"""What a command's outcome does to its desktop row.

Called inside the transaction that moved the command, so the command's
state and its desktop change together or not at all.

A create's placement claim is released when the desktop is active and
dropped when it fails. A create that a site refused with NoValidHost
does not fail the desktop: the site is recorded as refusing it, the
server left in ERROR there is deleted, and a new pending create goes
back to the home site for the placer to try the next candidate, until
``[placement] max_placement_attempts`` sites were tried.
"""

from oslo_log import log as logging

import central_cloud.conf
from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.db import models
from central_cloud.placement import decide

CONF = central_cloud.conf.CONF
LOG = logging.getLogger(__name__)

# How nova words a scheduling failure, in a server fault or our result.
NO_VALID_HOST = 'no valid host'

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


def succeeded(command, result, seq=None):
    """Record the effect of a command that succeeded at its site.

    ``seq``: the outbox seq of the progress at the site, if delivered;
    the placer counts the create's claim or the delete's freed capacity
    until a report reflects it.
    """
    desktop = _desktop(command)
    if desktop is None:
        return
    if command.action == 'delete':
        db_api.record_freed(command.id, desktop.id, seq)
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
        db_api.release_claims(desktop.id, progress_seq=seq)
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
        if no_valid_host(result) and _place_again(command, desktop, result):
            return
        db_api.drop_claims(desktop.id)
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


def no_valid_host(result):
    """Whether a failed create's result is nova's NoValidHost."""
    result = result or {}
    fault = result.get('fault') or {}
    return any(NO_VALID_HOST in (text or '').lower()
               for text in (result.get('message'), fault.get('message')))


def _server_ids(result):
    result = result or {}
    ids = list(result.get('server_ids') or [])
    if result.get('server_id') and result['server_id'] not in ids:
        ids.insert(0, result['server_id'])
    return ids


def _place_again(command, desktop, result):
    """A site refused the create (NoValidHost): try the next candidate.

    False when the desktop is no longer being built (a delete came
    meanwhile) or enough sites were tried; it then fails as usual.
    """
    if desktop.state != models.DESKTOP_BUILDING:
        return False
    site = command.site.name
    db_api.refuse_claim(command.id, desktop.id, site)
    tried = db_api.list_commands(filters={'desktop_id': desktop.id,
                                          'action': 'create'})
    if len(tried) >= CONF.placement.max_placement_attempts:
        LOG.warning('Desktop %s: site %s found no valid host, and %d '
                    'site(s) were tried; it fails', desktop.id, site,
                    len(tried))
        db_api.drop_claims(desktop.id)
        return False
    for server_id in _server_ids(result):
        # Not the desktop's server: its delete leaves the desktop alone.
        db_api.create_command(site, 'delete',
                              payload={'server_id': server_id})
    home = (desktop.origin_site or desktop.site).name
    payload = dict(command.payload or {})
    hints = dict(payload.pop('scheduler_hints', None) or {})
    hints.pop(decide.ORIGIN_HINT, None)
    if hints:
        payload['scheduler_hints'] = hints
    db_api.update_desktop(desktop.id, {'site': home, 'origin_site': None})
    again = db_api.create_command(home, 'create', desktop_id=desktop.id,
                                  payload=payload)
    LOG.warning('Desktop %s: site %s found no valid host; placing it again '
                '(command %s, attempt %d of %d)', desktop.id, site, again.id,
                len(tried) + 1, CONF.placement.max_placement_attempts)
    return True
