"""``--wait`` for the desktop commands: poll until each desktop is done.

Each desktop is followed through its command (``GET /v1/commands/{id}``)
and, when that ends, its desktop row. A delete whose command is not
queued yet (the desktop's create is still running) is followed through
the desktop alone until it is gone. Every change is one line on the
given stream, per desktop and prefixed with its site; when one of its
desktops is done, the site's count of done and failed ones follows.
"""

import collections
import time

from keystoneauth1 import exceptions as ks_exceptions

from central_cloud.osc import exceptions

FINAL = ('succeeded', 'failed')
DEFAULT_TIMEOUT = 600
INTERVAL = 1.0
DELETED = 'deleted'
ERROR = 'error'


class Watch(object):
    """One desktop being waited for, and what became of it."""

    def __init__(self, desktop, action, command=None):
        self.desktop = dict(desktop)
        self.action = action
        self.command = dict(command) if command else None
        self.done = False
        self.ok = False
        self.error = None

    @property
    def site(self):
        # The placer may move a desktop and its command to a lender; the
        # command, read on every round, knows first.
        return (self.command or {}).get('site') or self.desktop.get('site')

    @property
    def label(self):
        return '%s (%s)' % (self.desktop.get('name'), self.desktop.get('id'))

    @property
    def command_state(self):
        return (self.command or {}).get('state')

    def row(self):
        """The desktop's fields with its command's id and state."""
        return dict(self.desktop,
                    command_id=(self.command or {}).get('id'),
                    command_state=self.command_state)

    def finish(self, ok, error=None):
        self.done, self.ok, self.error = True, ok, error


def transient(exc):
    """An error worth another poll: central busy or briefly away."""
    if isinstance(exc, exceptions.APIError):
        return exc.http_status >= 500
    return isinstance(exc, ks_exceptions.ConnectionError)


class Waiter(object):
    """Poll central until every watched desktop is done or time is up."""

    def __init__(self, api, stream, timeout=DEFAULT_TIMEOUT,
                 interval=INTERVAL, clock=time.monotonic, sleep=time.sleep):
        self.api = api
        self.stream = stream
        self.timeout = timeout
        self.interval = interval
        self.clock = clock
        self.sleep = sleep

    def wait(self, watches):
        """Wait for ``watches``; the ones that failed or timed out."""
        deadline = self.clock() + self.timeout
        for watch in watches:
            self._say(watch, self._status(watch))
        pending = [w for w in watches if not w.done]
        while pending:
            for watch in pending:
                self._poll(watch)
                if watch.done:
                    self._site_count(watches, watch.site)
            pending = [w for w in watches if not w.done]
            if pending and self.clock() >= deadline:
                for watch in pending:
                    watch.finish(False, 'not done within %d s' % self.timeout)
                    self._say(watch, self._status(watch))
                for site in sorted({w.site for w in pending}):
                    self._site_count(watches, site)
                break
            if pending:
                self.sleep(self.interval)
        return [w for w in watches if not w.ok]

    # -- one round for one desktop -----------------------------------------

    def _poll(self, watch):
        try:
            if watch.command and watch.command_state not in FINAL:
                self._poll_command(watch)
            if not watch.command or watch.command_state in FINAL:
                self._poll_desktop(watch)
        except exceptions.ClientError as exc:
            if not transient(exc):
                raise
        except ks_exceptions.ConnectionError:
            pass  # central is briefly unreachable: try again next round

    def _poll_command(self, watch):
        command = self.api.get_command(watch.command['id'])
        changed = command.get('state') != watch.command_state
        watch.command = command
        if changed and command.get('state') not in FINAL:
            self._say(watch, self._status(watch))

    def _poll_desktop(self, watch):
        before = watch.desktop.get('state')
        self._refresh(watch)
        now = watch.desktop.get('state')
        state = watch.command_state
        if watch.command and watch.action != 'delete':
            # The command is over: the desktop row has its outcome.
            watch.finish(state == 'succeeded', watch.command.get('error'))
        elif state == 'failed':
            watch.finish(False, watch.command.get('error'))
        elif now == DELETED:
            watch.finish(True)
        elif now == ERROR:
            watch.finish(False, 'the desktop is in error instead of being '
                                'deleted')
        elif now == before:
            return
        self._say(watch, self._status(watch))

    def _refresh(self, watch):
        try:
            watch.desktop = self.api.get_desktop(watch.desktop['id'])
        except exceptions.NotFound:
            watch.desktop = dict(watch.desktop, state=DELETED)

    # -- what is printed ---------------------------------------------------

    @staticmethod
    def _status(watch):
        text = '%s %s' % (watch.action, watch.command_state
                          if watch.command else 'queued after the create')
        if watch.done and watch.error:
            text += ': %s' % watch.error
        return text + ', desktop %s' % watch.desktop.get('state')

    def _say(self, watch, text):
        self.stream.write('%s: %s: %s\n' % (watch.site, watch.label, text))
        self.stream.flush()

    def _site_count(self, watches, site):
        counts = collections.Counter()
        for watch in watches:
            if watch.site == site:
                counts['all'] += 1
                counts['done'] += watch.done
                counts['failed'] += watch.done and not watch.ok
        self.stream.write('%s: %d of %d desktop(s) done, %d failed\n' % (
            site, counts['done'], counts['all'], counts['failed']))
        self.stream.flush()


def failure_messages(failed):
    """One line per failed desktop, for the command's exit."""
    return ['%s: %s: %s failed: %s' % (
        w.site, w.label, w.action,
        w.error or 'its command %s' % (w.command or {}).get('id'))
        for w in failed]
