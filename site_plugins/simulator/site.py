"""One virtual site: the agent's parts on a virtual compute, no threads.

A ``VirtualSite`` is what a site agent is, wired from the agent's own
classes: ``SiteEndpoint`` (validation) and ``SiteManager`` take central's
messages, ``CommandRunner`` and ``Executor`` run commands on the
``VirtualCompute`` (deduped by command id, as at a real site),
``AlarmBook`` raises alarms, the ``Courier`` delivers the outbox and
``Resync`` catches up after a cut or a restart. The fleet gives it
threads from shared pools and calls ``report()``/``deliver()`` when due.

States:

* ``up``: reports, delivers and handles central's messages;
* ``cut``: its WAN link is down. It keeps reporting and running
  commands; what it owes central waits in its outbox, and central's
  messages wait for it (as in its queue at the broker), both in order;
* ``down``: the agent is killed. Nothing runs; commands under way stop
  unfinished (central sends them again); the outbox, the finished
  commands and the compute's servers stay, as the SQLite file and Nova
  would. ``start()`` brings it back: it resyncs with central once it
  reaches it.
"""

import collections
import threading

from oslo_log import log as logging
import oslo_messaging as messaging

from central_cloud.protocol import endpoints
from site_plugins import alarms as alarms_mod
from site_plugins.executor import executor as executor_mod
from site_plugins.executor import results
from site_plugins.executor import runner as runner_mod
from site_plugins import manager as manager_mod
from site_plugins.outbox import courier as courier_mod
from site_plugins import resync as resync_mod
from site_plugins.simulator import compute as compute_mod
from site_plugins.simulator import outbox as outbox_mod

LOG = logging.getLogger(__name__)

UP, CUT, DOWN = 'up', 'cut', 'down'
STATES = (UP, CUT, DOWN)


class LinkCut(Exception):
    """The site's simulated WAN link is cut; nothing reached the bus."""


class NotServing(Exception):
    """A call reached a site that is cut or down."""


class LinkGate(object):
    """The site's view of the shared ``CentralAPI``: closed while cut."""

    def __init__(self, site, api):
        self._site = site
        self._api = api

    def __getattr__(self, name):
        method = getattr(self._api, name)

        def gated(*args, **kwargs):
            if self._site.state != UP:
                raise LinkCut('the WAN link of site %s is %s (simulated)'
                              % (self._site.name, self._site.state))
            return method(*args, **kwargs)
        return gated


class _Guarded(object):
    """The executor, refusing to start a command once the agent died."""

    def __init__(self, executor, stopping):
        self.executor = executor
        self.stopping = stopping

    def run(self, command):
        if self.stopping.is_set():
            raise results.Interrupted('the agent is down')
        return self.executor.run(command)


class VirtualSite(object):
    """See the module docstring. ``on_wake(site)``: the outbox grew."""

    def __init__(self, name, index, latitude, longitude, city, compute,
                 conf, api, command_pool, on_wake, verifier=None):
        self.name = name
        self.index = index
        self.latitude = latitude
        self.longitude = longitude
        self.city = city
        self.compute = compute
        self.conf = conf
        self.state = UP
        self.held = collections.deque()
        self.report_state = {}
        # The fleet's bookkeeping of this site's delivery.
        self.delivery_queued = False
        self.retry_pending = False
        self._on_wake = on_wake
        self._command_pool = command_pool
        self._verifier = verifier
        self._lock = threading.Lock()
        self.db = outbox_mod.MemoryDatabase(name)
        self.outbox = outbox_mod.MemoryOutbox(self.db, on_put=self._wake)
        self.records = outbox_mod.MemoryRecords(self.db)
        self.alarms = alarms_mod.AlarmBook(name, self.outbox, self.records)
        self.api = LinkGate(self, api)
        self.courier = courier_mod.Courier(name, self.outbox, self.api, conf,
                                           on_link_up=self._link_up)
        self.stopping = threading.Event()
        self._endpoint = None
        self._runner = None
        self._linked_before = False
        self.resyncs = 0

    def _wake(self):
        self._on_wake(self)

    # The agent's parts that handle central's messages, made on demand.

    def _parts(self):
        with self._lock:
            if self._endpoint is None:
                executor = executor_mod.Executor(
                    self.compute, self.conf, self.name,
                    stopping=self.stopping,
                    templates=compute_mod.VirtualTemplates(self.compute))
                self._runner = runner_mod.CommandRunner(
                    _Guarded(executor, self.stopping), self.outbox,
                    self.records, self.alarms, 1, pool=self._command_pool)
                manager = manager_mod.SiteManager(self.name, self._runner,
                                                  self.records)
                self._endpoint = endpoints.SiteEndpoint(
                    manager, self.name,
                    on_invalid_command=manager.reject_command,
                    verifier=self._verifier)
            return self._endpoint, self._runner

    # What the fleet calls.

    def report(self, builder):
        """Put the next monitoring report in the outbox (not when down)."""
        if self.state == DOWN:
            return None
        return self.outbox.put_report(builder.build(self))

    def deliver(self, max_batches):
        """Deliver up to ``max_batches``; ``Courier.step()``'s delay."""
        if self.state == DOWN:
            return None
        for _batch in range(max_batches):
            delay = self.courier.step()
            if delay != 0:
                return delay
        return 0

    def receive(self, method, ctxt, args):
        """A message from central: handled now, or held while not up."""
        if method == 'ping' and self.state != UP:
            raise NotServing('site %s is %s' % (self.name, self.state))
        with self._lock:
            if self.state != UP or self.held:
                self.held.append((method, ctxt, args))
                return None
        return self._handle(method, ctxt, args)

    def _handle(self, method, ctxt, args):
        endpoint, _runner = self._parts()
        return getattr(endpoint, method)(ctxt, **args)

    def replay(self):
        """Handle the messages held while the site was cut or down."""
        while self.state == UP:
            with self._lock:
                if not self.held:
                    return
                method, ctxt, args = self.held.popleft()
            try:
                self._handle(method, ctxt, args)
            except messaging.ExpectedException:
                pass  # refused by the endpoint, which said why
            except Exception:
                LOG.exception('Site %s: a held %s message failed', self.name,
                              method)

    def _link_up(self):
        """The courier reached central after a failure (or a restart)."""
        if not self._linked_before:
            # A new site: central has nothing it missed.
            self._linked_before = True
            return
        _endpoint, runner = self._parts()
        self.resyncs += 1
        try:
            resync_mod.Resync(self.name, self.api, self.conf, runner,
                              self.records).run()
        except Exception as exc:
            LOG.warning('Site %s: resync with central failed: %s',
                        self.name, exc)

    # Cut, restore, kill, start.

    def cut(self):
        if self.state == UP:
            self.state = CUT
            return True
        return False

    def restore(self):
        if self.state == CUT:
            self.state = UP
            return True
        return False

    def kill(self):
        if self.state == DOWN:
            return False
        self.state = DOWN
        self.stopping.set()
        with self._lock:
            self._endpoint = self._runner = None
        self.courier.link_up = False
        return True

    def start(self):
        if self.state != DOWN:
            return False
        self.stopping = threading.Event()
        self.state = UP
        return True

    def status(self):
        outbox = self.outbox
        return {
            'name': self.name, 'index': self.index, 'state': self.state,
            'city': self.city, 'latitude': self.latitude,
            'longitude': self.longitude, 'outbox': len(outbox),
            'last_item_seq': outbox.last_seq,
            'last_report_seq': outbox.last_report_seq,
            'held_messages': len(self.held), 'resyncs': self.resyncs,
            'link_up': self.courier.link_up,
            'running_commands': len(self._runner.running())
            if self._runner is not None else 0,
        }
