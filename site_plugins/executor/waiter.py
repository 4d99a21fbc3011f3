"""Follow a server until it reaches the state a command asked for."""

import threading
import time

from oslo_log import log as logging

from site_plugins.backends import base
from site_plugins.executor import results

LOG = logging.getLogger(__name__)

GONE = None  # the target of a delete


def wait_for(backend, server_id, target, timeout, interval, stopping=None,
             clock=time.monotonic):
    """The server once its status is ``target`` with no task running.

    ``target=GONE`` waits until the server no longer exists. Raises
    ``CommandFailed`` with Nova's fault if the server goes to ERROR, or
    when ``timeout`` seconds pass. A service that cannot be reached for a
    moment is asked again until the deadline. ``stopping`` (an Event)
    set by the agent's shutdown raises ``Interrupted``.
    """
    stopping = stopping or threading.Event()
    deadline = clock() + timeout
    server, last_error = None, None
    while True:
        try:
            server = backend.get_server(server_id)
            last_error = None
        except base.Unavailable as exc:
            last_error = exc
            LOG.debug('Cannot see server %s yet: %s', server_id, exc)
        if last_error is None:
            if server is None or server['status'] == 'DELETED':
                if target is GONE:
                    return None
                raise results.CommandFailed(
                    'Server %s disappeared' % server_id)
            if server['status'] == 'ERROR':
                raise _error(server)
            if server['status'] == target and not server['task_state']:
                return server
        if clock() >= deadline:
            raise _timeout(server_id, server, target, timeout, last_error)
        if stopping.wait(interval):
            raise results.Interrupted('the agent is stopping')


def _error(server):
    fault = server.get('fault')
    reason = fault['message'] if fault else 'no fault was recorded'
    return results.CommandFailed(
        'Server %s (%s) went to ERROR: %s'
        % (server['name'], server['id'], reason), fault, [server['id']])


def _timeout(server_id, server, target, timeout, last_error):
    outcome = ('was not deleted' if target is GONE
               else 'did not reach %s' % target)
    if last_error is not None:
        seen = 'the compute service could not be reached: %s' % last_error
    elif server is None:
        seen = 'it was never seen'
    else:
        seen = 'it is %s' % server['status']
        if server['task_state']:
            seen += ' (task %s)' % server['task_state']
    return results.CommandFailed(
        'Server %s %s within %d s: %s' % (server_id, outcome, timeout, seen),
        server_ids=[server_id])
