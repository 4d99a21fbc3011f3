"""Take commands in, run each once, and record how it went.

A command id is never run twice at the same time, and a command that has
finished is not run again: its recorded result is reported once more
(central re-drives a command until it sees a final progress). Progress
and results go to the outbox; the final one in the same transaction that
records the command as finished.
"""

from concurrent import futures
import threading

from oslo_log import log as logging

from site_plugins import alarms as alarms_mod
from site_plugins.executor import results

LOG = logging.getLogger(__name__)

COMMAND_FAILED = 'command_failed'


class CommandRunner(object):
    """Runs commands on ``workers`` threads through ``executor``.

    ``pool`` (an ``Executor``) replaces the runner's own threads, so that
    many runners can share one pool; ``shutdown`` then leaves it running.
    """

    def __init__(self, executor, outbox, records, alarm_book, workers,
                 pool=None):
        self.executor = executor
        self.outbox = outbox
        self.records = records
        self.alarms = alarm_book
        self._own_pool = pool is None
        self._pool = pool or futures.ThreadPoolExecutor(
            max_workers=workers, thread_name_prefix='command')
        self._running = set()
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)

    def submit(self, command):
        """Queue ``command``; False if it runs already or has finished."""
        command_id = command['id']
        with self._lock:
            if command_id in self._running:
                LOG.info('Command %s is already running', command_id)
                return False
            done = self.records.finished(command_id)
            if done is None:
                self._running.add(command_id)
        if done is not None:
            action, state, result = done
            LOG.info('Command %s (%s) already %s; reporting it again',
                     command_id, action, state)
            self._progress(command_id, state, result)
            return False
        LOG.info('Command %s (%s) accepted', command_id, command['action'])
        try:
            self._pool.submit(self._run, command)
        except RuntimeError:  # shutting down: central will send it again
            self._done(command_id)
            return False
        return True

    def reject(self, command_id, action, reason):
        """Fail a command that cannot run at all (e.g. a bad payload)."""
        with self._lock:
            if command_id in self._running:
                return
        LOG.warning('Command %s rejected: %s', command_id, reason)
        self._finish({'id': command_id, 'action': action or 'unknown'},
                     results.FAILED, results.failed(reason))

    def _run(self, command):
        try:
            self._progress(command['id'], results.RUNNING, None)
            try:
                state, result = self.executor.run(command)
            except results.Interrupted:
                LOG.info('Command %s left unfinished: the agent stops; it '
                         'goes on when central sends it again',
                         command['id'])
                return
            except Exception as exc:
                LOG.exception('Command %s failed unexpectedly',
                              command['id'])
                state, result = results.FAILED, results.failed(
                    'The site agent failed to run the command: %s: %s'
                    % (type(exc).__name__, exc))
            self._finish(command, state, result)
        except Exception:
            # The outbox itself failed; central will send the command
            # again, so it must not stay marked as running.
            LOG.exception('Cannot record the outcome of command %s',
                          command['id'])
        finally:
            self._done(command['id'])

    def _done(self, command_id):
        with self._lock:
            self._running.discard(command_id)
            self._idle.notify_all()

    def _progress(self, command_id, state, result):
        self.outbox.put('progress', {'command_id': command_id,
                                     'state': state, 'result': result})

    def _finish(self, command, state, result):
        def work(conn):
            self.records.finish(command['id'], command['action'], state,
                                result)
            self._progress(command['id'], state, result)
            if state == results.FAILED:
                self.alarms.event(
                    alarms_mod.make_key('command-failed', command['id']),
                    COMMAND_FAILED, 'minor',
                    'Command %s (%s) failed: %s' % (
                        command['id'], command['action'], result['message']),
                    command['id'])
        self.records.db.run(work)

    def running(self):
        with self._lock:
            return set(self._running)

    def wait_idle(self, timeout=None):
        """True once no command runs (within ``timeout`` seconds)."""
        with self._lock:
            return self._idle.wait_for(lambda: not self._running, timeout)

    def shutdown(self, wait=False):
        """Stop taking commands.

        Queued ones are dropped (central sends them again); running ones
        end at their next wait, unfinished.
        """
        if self._own_pool:
            self._pool.shutdown(wait=wait, cancel_futures=True)
