"""The RabbitMQ operations the credentials command needs, via rabbitmqctl.

``Rabbitmqctl(command, timeout)`` runs ``command`` (a list, e.g.
``['rabbitmqctl', '-n', 'rabbit@wan1']``) with one subcommand per call.
Passwords go on standard input, never on the command line, so they show
in no process list. A failing call raises ``BrokerError`` with
rabbitmqctl's own message (and never a password); a missing user gives
``NoSuchUser``.
"""

import json
import subprocess


class BrokerError(Exception):
    """The broker refused or could not be reached."""


class NoSuchUser(BrokerError):
    pass


class Rabbitmqctl(object):

    def __init__(self, command, timeout=60):
        if not command:
            raise BrokerError('no rabbitmqctl command is configured '
                              '([broker] rabbitmqctl_command)')
        self.command = list(command)
        self.timeout = timeout

    def _run(self, *args, stdin=None):
        argv = self.command + ['-q'] + list(args)
        name = [arg for arg in args if not arg.startswith('-')][0]
        try:
            out = subprocess.run(argv, input=stdin, capture_output=True,
                                 text=True, timeout=self.timeout)
        except FileNotFoundError:
            raise BrokerError('%s: command not found ([broker] '
                              'rabbitmqctl_command)' % argv[0]) from None
        except subprocess.TimeoutExpired:
            raise BrokerError('rabbitmqctl %s did not answer within %d s'
                              % (name, self.timeout)) from None
        if out.returncode:
            message = ' '.join((out.stderr or out.stdout).split())
            if 'no_such_user' in message or 'does not exist' in message:
                raise NoSuchUser(message)
            raise BrokerError('rabbitmqctl %s failed (exit %d): %s'
                              % (name, out.returncode, message))
        return out.stdout

    def add_user(self, user, password):
        self._run('add_user', user, stdin=password + '\n')

    def change_password(self, user, password):
        self._run('change_password', user, stdin=password + '\n')

    def delete_user(self, user):
        self._run('delete_user', user)

    def close_connections(self, user, reason):
        self._run('close_all_user_connections', user, reason)

    def set_permissions(self, vhost, user, perms):
        self._run('set_permissions', '-p', vhost, user, perms.configure,
                  perms.write, perms.read)
        if perms.topic_exchange:
            self._run('set_topic_permissions', '-p', vhost, user,
                      perms.topic_exchange, perms.topic_write,
                      perms.topic_read)

    def _rows(self, names, *args):
        # -s: no table header; columns are tab-separated.
        return [dict(zip(names, line.split('\t')))
                for line in self._run('-s', *args).splitlines() if line]

    def user_permissions(self, user):
        """[{vhost, configure, write, read}]; NoSuchUser if none."""
        return self._rows(('vhost', 'configure', 'write', 'read'),
                          'list_user_permissions', user)

    def topic_permissions(self, user):
        """[{vhost, exchange, write, read}]; NoSuchUser if none."""
        return self._rows(('vhost', 'exchange', 'write', 'read'),
                          'list_user_topic_permissions', user)

    def users(self):
        """Every user name of the broker."""
        return [row['user'] for row in json.loads(
            self._run('list_users', '--formatter', 'json') or '[]')]
