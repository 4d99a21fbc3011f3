"""delete, stop, start, suspend and resume: one server, idempotently.

A server already in the asked-for state counts as done (a delete of a
server that is gone succeeds), so a command central sends again does no
harm.
"""

from oslo_log import log as logging

from site_plugins.backends import base
from site_plugins.executor import results
from site_plugins.executor import waiter

LOG = logging.getLogger(__name__)

# The status each action ends in (None: the server is gone).
TARGETS = {'delete': waiter.GONE, 'stop': 'SHUTOFF', 'start': 'ACTIVE',
           'suspend': 'SUSPENDED', 'resume': 'ACTIVE'}


class ServerAction(object):
    """Runs one server command; see the module docstring."""

    def __init__(self, backend, conf, site, stopping=None):
        self.backend = backend
        self.conf = conf
        self.site = site
        self.stopping = stopping

    def __call__(self, command):
        action = command['action']
        server_id = command['params']['server_id']
        target = TARGETS[action]
        server = self.backend.get_server(server_id)
        if server is None:
            if action == 'delete':
                return results.succeeded(
                    'Server %s was already deleted' % server_id,
                    [server_id])
            raise results.CommandFailed('Server %s does not exist at site %s'
                                        % (server_id, self.site))
        if (target is not waiter.GONE and server['status'] == target and
                not server['task_state']):
            return results.succeeded('Server %s was already %s'
                                     % (server_id, target), [server_id])
        self._request(action, server)
        waiter.wait_for(self.backend, server_id, target,
                        self.conf.executor.command_timeout,
                        self.conf.executor.poll_interval, self.stopping)
        done = 'deleted' if target is waiter.GONE else 'is %s' % target
        return results.succeeded('Server %s %s' % (server_id, done),
                                 [server_id])

    def _request(self, action, server):
        try:
            self.backend.server_action(server['id'], action)
        except base.NotFound:
            if action != 'delete':
                raise results.CommandFailed(
                    'Server %s does not exist at site %s'
                    % (server['id'], self.site))
        except base.Conflict as exc:
            if server['task_state']:
                # Busy with another task (maybe this very action, sent
                # before): its outcome is what we wait for.
                LOG.info('Server %s is busy (%s); waiting for it', server[
                    'id'], server['task_state'])
                return
            raise results.CommandFailed(
                'Nova refused to %s server %s: %s' % (action, server['id'],
                                                      exc),
                exc.fault, [server['id']]) from exc
        except base.CloudError as exc:
            raise results.CommandFailed(
                'Nova failed to %s server %s: %s' % (action, server['id'],
                                                     exc),
                exc.fault, [server['id']]) from exc
