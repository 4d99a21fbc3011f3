"""The site agent: its parts wired together, started and stopped.

Threads: the RPC server (central -> site), the courier (outbox -> central),
the reporter (a monitoring report every interval), the resync (after a
start or a reconnect) and the command workers. The RPC server starts in
its own thread because oslo.messaging blocks until the bus answers: the
site keeps working, and queueing, while the WAN is down.
"""

import threading
import time

from oslo_log import log as logging

from central_cloud.protocol import central_api
from central_cloud.protocol import endpoints
from central_cloud.protocol import rpc
from central_cloud.protocol import topics
from site_plugins import alarms
from site_plugins import backends
from site_plugins.executor import executor
from site_plugins.executor import runner
from site_plugins import manager
from site_plugins import monitors
from site_plugins.monitors import report
from site_plugins.monitors import wan as wan_monitor
from site_plugins.outbox import courier
from site_plugins.outbox import database
from site_plugins.outbox import queue
from site_plugins.outbox import records
from site_plugins import resync
from site_plugins import signing
from site_plugins import templates
from site_plugins import wan

LOG = logging.getLogger(__name__)

OUTBOX_CORRUPTED = 'outbox_corrupted'
SETTINGS_KEY = 'configure.overrides'


class SiteAgent(object):
    """One site's agent. ``prepare()``, then ``start()``; ``stop()``.

    ``backend`` and ``transport`` replace the configured ones (tests).
    """

    def __init__(self, conf, backend=None, transport=None):
        self.conf = conf
        self.site = conf.site.name
        self.backend = backend
        self.transport = transport
        self.stopping = threading.Event()
        self._resync_wanted = threading.Event()
        self._threads = []
        self._server_started = threading.Event()
        self._report_now = threading.Event()
        self._corruptions = []
        #: Why the agent stopped by itself, if it did.
        self.failure = None

    # Building.

    def prepare(self):
        """Open the outbox and reach the site cloud.

        Raises at once if either cannot work: the caller exits with one
        line.
        """
        conf = self.conf
        self.database = database.LocalDatabase(
            conf.outbox.path, self.site, on_corruption=self._corrupted)
        self.database.open()
        self.outbox = queue.Outbox(self.database, on_put=self._wake)
        self.records = records.Records(self.database)
        self.alarms = alarms.AlarmBook(self.site, self.outbox, self.records)
        for moved, reason in self._corruptions:
            self._alarm_corruption(moved, reason)
        self._restore_settings()
        if self.backend is None:
            self.backend = backends.load(conf.executor.backend, conf)
        self.backend.check()
        self.wan = wan.WanCounter.restore(self.records)
        self.templates = templates.build_manager(
            conf, self.site, self.backend, self.wan, self.alarms,
            self.stopping, on_ready=self._report_now.set,
            heartbeat=self._build_step)
        self.executor = executor.Executor(
            self.backend, conf, self.site, on_configure=self._keep_settings,
            stopping=self.stopping, templates=self.templates)
        self.runner = runner.CommandRunner(self.executor, self.outbox,
                                           self.records, self.alarms,
                                           conf.executor.workers)
        self.reporter = report.Reporter(
            self.site, conf,
            monitors.load(conf.monitor.monitors, self.backend, conf,
                          self.site) +
            [wan_monitor.WanMonitor(self.wan, self.records)],
            self.alarms, self.outbox)
        if self.transport is None:
            self.transport = rpc.get_rpc_transport(
                conf, url=conf.central.transport_url)
        signer, verifier = signing.signer_and_verifier(conf, self.site)
        self.api = central_api.CentralAPI(
            self.transport, version_cap=conf.central.upgrade_level or None,
            serializer=wan.CountingSerializer(self.wan), signer=signer)
        self.courier = courier.Courier(self.site, self.outbox, self.api,
                                       conf, on_link_up=self.request_resync)
        self.resync = resync.Resync(self.site, self.api, conf, self.runner,
                                    self.records)
        self.manager = manager.SiteManager(self.site, self.runner,
                                           self.records)
        self.endpoint = endpoints.SiteEndpoint(
            self.manager, self.site,
            on_invalid_command=self.manager.reject_command,
            verifier=verifier)
        self.server = rpc.get_rpc_server(
            self.transport, topics.SITE_TOPIC, [self.endpoint],
            server=self.site, serializer=wan.CountingSerializer(self.wan))

    def _wake(self):
        courier_ = getattr(self, 'courier', None)
        if courier_ is not None:
            courier_.wake()

    def _corrupted(self, moved, reason):
        if getattr(self, 'alarms', None) is None:
            self._corruptions.append((moved, reason))  # raised once ready
        else:
            self._alarm_corruption(moved, reason)

    def _alarm_corruption(self, moved, reason):
        self.alarms.event(
            alarms.make_key('outbox-corrupted', moved.rsplit('-', 1)[-1]),
            OUTBOX_CORRUPTED, 'major',
            'The outbox of site %s was corrupted (%s) and moved to %s; '
            'items it held were not delivered' % (self.site, reason, moved),
            self.site)

    def _restore_settings(self):
        for name, value in sorted(
                self.records.setting(SETTINGS_KEY, {}).items()):
            group, _sep, option = name.partition('.')
            try:
                self.conf.set_override(option, value, group=group)
            except Exception as exc:
                LOG.warning('Setting %s from central is ignored: %s', name,
                            exc)

    def _build_step(self, command_id, what):
        """A long template build moved on: central hears it is alive."""
        LOG.info('Template build of command %s: %s', command_id or '-',
                 what)
        if command_id:
            self.outbox.put('progress', {'command_id': command_id,
                                         'state': 'running', 'result': None})

    def _keep_settings(self, applied):
        kept = self.records.setting(SETTINGS_KEY, {})
        kept.update(applied)
        kept = {k: v for k, v in kept.items() if v is not None}
        self.records.set_setting(SETTINGS_KEY, kept)

    # Running.

    def request_resync(self):
        self._resync_wanted.set()

    def start(self):
        for name, target in (('rpc-server', self._serve),
                             ('courier', self.courier.run),
                             ('reporter', self._report_loop),
                             ('resync', self._resync_loop)):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        LOG.info('Site agent of %s started (region %s)', self.site,
                 self.conf.site.region or self.site)

    def _serve(self):
        try:
            self.server.start()
        except Exception as exc:
            LOG.exception('The RPC server could not start')
            self.failure = 'cannot listen for central: %s' % exc
            self.stopping.set()
            return
        self._server_started.set()
        LOG.info('Listening for central on topic %s, server %s',
                 topics.SITE_TOPIC, self.site)

    def _report_loop(self):
        keep = self.conf.executor.keep_finished_days * 86400
        while not self.stopping.is_set():
            try:
                self.reporter.report_once()
                self.records.prune_finished(keep)
            except Exception:
                LOG.exception('Could not build the monitoring report')
            # A new template is reported at once, not at the next tick.
            self._report_now.wait(self.conf.monitor.report_interval)
            self._report_now.clear()

    def _resync_loop(self):
        backoff = courier.Backoff(self.conf.central.retry_interval,
                                  self.conf.central.retry_interval_max)
        while not self.stopping.is_set():
            self._resync_wanted.wait(1.0)
            if not self._resync_wanted.is_set() or self.stopping.is_set():
                continue
            self._resync_wanted.clear()
            try:
                self.resync.run()
                backoff.reset()
            except Exception as exc:
                delay = backoff.next()
                LOG.warning('Resync with central failed (%s: %s); trying '
                            'again in %.0f s', type(exc).__name__, exc,
                            delay)
                if not self.stopping.wait(delay):
                    self._resync_wanted.set()

    def wait(self):
        """Block until ``stopping`` is set (by a signal or a failure)."""
        while not self.stopping.wait(1.0):
            pass

    def stop(self, timeout=5):
        """Stop taking work, let the threads end, close the outbox.

        A delivery still waiting for central's answer is abandoned: its
        items stay in the outbox and go again at the next start.
        """
        LOG.info('Site agent of %s stopping', self.site)
        self.stopping.set()
        self._resync_wanted.set()  # wakes the resync thread to end
        self._report_now.set()  # and the reporter
        self.courier.stop()
        if self._server_started.is_set():
            try:
                self.server.stop()
                self.server.wait()
            except Exception:
                LOG.exception('The RPC server did not stop cleanly')
        self.runner.shutdown(wait=False)
        deadline = time.monotonic() + timeout
        busy = []
        for thread in self._threads:
            if thread.name != 'rpc-server':
                thread.join(max(deadline - time.monotonic(), 0.1))
                if thread.is_alive():
                    busy.append(thread.name)
        self.runner.wait_idle(max(deadline - time.monotonic(), 0.1))
        if busy:
            LOG.info('Not waiting for %s: what is in flight stays in the '
                     'outbox', ', '.join(busy))
        else:
            self.database.close()
            try:
                self.transport.cleanup()
            except Exception:
                LOG.debug('Transport cleanup failed', exc_info=True)
        LOG.info('Site agent of %s stopped', self.site)
