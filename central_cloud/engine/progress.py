"""Command progress from the sites: the state machine (M5).

``pending -> sent -> running -> succeeded | failed``. Every move is a
compare-and-set, so progress that arrives twice (a resent outbox item, a
cast and its re-drive) or late (``running`` after ``succeeded``) changes
nothing. A final state and its desktop change commit together.
"""

from oslo_log import log as logging

from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.db import transaction
from central_cloud.engine import desktops
from central_cloud.engine import exception

LOG = logging.getLogger(__name__)

NOT_FINAL = ('pending', 'sent', 'running')
# The error of a command central gave up on starts with this; a success
# the site reports later still counts (the server exists).
GAVE_UP = 'central gave up'


def error_text(result):
    """The error of a failed command, from the site's result."""
    result = result or {}
    text = result.get('message') or 'failed at the site'
    fault = result.get('fault') or {}
    if fault.get('message') and fault['message'] not in text:
        text = '%s (%s)' % (text, fault['message'])
    return text


def _command(command_id, site):
    try:
        command = db_api.get_command(command_id)
    except db_exception.NotFound:
        raise exception.Refused('unknown command %s' % command_id)
    if site is not None and command.site.name != site:
        raise exception.Refused('command %s belongs to site %s, not %s'
                                % (command_id, command.site.name, site))
    return command


def apply(command_id, state, result=None, site=None, seq=None):
    """Apply one progress message; True if it changed the command.

    ``site``: the site that sent it, when known (``deliver``); ``seq``:
    its outbox seq there, which the site's reports name when they
    reflect it. Raises ``Refused`` for an unknown command or one of
    another site.
    """
    command = _command(command_id, site)
    if state == 'running':
        return db_api.command_transition(command_id, NOT_FINAL, 'running')
    with transaction.writer():
        if state == 'succeeded':
            from_states = NOT_FINAL
            if command.state == 'failed' and (
                    command.error or '').startswith(GAVE_UP):
                from_states += ('failed',)
            changed = db_api.command_transition(
                command_id, from_states, 'succeeded', result=result,
                error=None)
            if changed:
                desktops.succeeded(command, result, seq)
        else:
            changed = db_api.command_transition(
                command_id, NOT_FINAL, 'failed', result=result,
                error=error_text(result))
            if changed:
                desktops.failed(command, result)
    if changed:
        LOG.info('Command %s (%s at site %s) %s', command_id,
                 command.action, command.site.name, state)
    else:
        LOG.debug('Progress %s of command %s changes nothing (it is %s)',
                  state, command_id, command.state)
    return changed
