"""The virtual sites of one simulator process, and what drives them.

Threads, whatever the number of sites: one scheduler (every site's
report timer, delivery retries, the schedule's events), one RPC server
with one AMQP connection for every site's queue (``bus``), a pool of
``delivery_workers`` that deliver outboxes with the agent's ``Courier``
through one shared ``CentralAPI``, and a pool of ``command_workers``
that run commands. A site is woken for delivery when its outbox grows,
unless a retry is already due (as the agent's courier, it then waits
for its growing delay); a site is never delivered by two workers at
once, so its items reach central in ``seq`` order.

Reports start at a random phase within the first interval, so that
sites do not report in lockstep.
"""

from concurrent import futures
import os
import random
import threading
import time

from oslo_log import log as logging

from central_cloud.dashboard import geomap
from central_cloud.protocol import central_api
from central_cloud.protocol import rpc
from site_plugins.simulator import bus
from site_plugins.simulator import compute as compute_mod
from site_plugins.simulator import conf as sim_conf
from site_plugins.simulator import geography
from site_plugins.simulator import keys as keys_mod
from site_plugins.simulator import reports
from site_plugins.simulator import schedule
from site_plugins.simulator import scheduler as scheduler_mod
from site_plugins.simulator import site as site_mod

LOG = logging.getLogger(__name__)

# Batches one delivery turn sends before the site yields its worker.
MAX_BATCHES = 5


def process_usage():
    """``{'rss_mib', 'cpu_s'}`` of this process."""
    with open('/proc/self/statm') as f:
        pages = int(f.read().split()[1])
    times = os.times()
    return {'rss_mib': round(pages * os.sysconf('SC_PAGE_SIZE') / 2 ** 20,
                             1),
            'cpu_s': round(times.user + times.system, 2)}


class Fleet(object):
    """The sites ``[simulator] first_index`` .. ``+ sites - 1``.

    ``api`` (a ``CentralAPI``) and ``transport`` replace the ones made
    from ``[central]`` (tests).
    """

    def __init__(self, conf, api=None, transport=None,
                 clock=time.monotonic):
        sim = conf.simulator
        self.conf = conf
        self.first = sim.first_index
        self.count = sim.sites
        self.rng = random.Random(sim.seed)
        self.builder = reports.builder_for(conf.central.upgrade_level,
                                           sim.report_interval,
                                           sim.changed_host_share)
        self.scheduler = scheduler_mod.Scheduler(clock)
        self.delivery_pool = futures.ThreadPoolExecutor(
            sim.delivery_workers, thread_name_prefix='deliver')
        self.command_pool = futures.ThreadPoolExecutor(
            sim.command_workers, thread_name_prefix='command')
        if api is None:
            transport = transport or rpc.get_rpc_transport(
                conf, url=conf.central.transport_url)
            api = self._central_api(transport)
        self.transport = transport
        self.api = api
        self.keys = keys_mod.load(sim.keys_file) if sim.keys_file else {}
        self.server = None
        self.started_at = None
        self.reports = 0
        self._lock = threading.Lock()
        self.sites = {}
        self._by_offset = []

    def _central_api(self, transport, signer=None):
        return central_api.CentralAPI(
            transport, version_cap=self.conf.central.upgrade_level or None,
            signer=signer)

    def _signed(self, name):
        """The site's own ``CentralAPI`` when it has a key, and verifier."""
        signer, verifier = keys_mod.signer_and_verifier(
            name, self.keys.get(name),
            self.conf.signing.require_from_central)
        if signer is None or self.transport is None:
            return self.api, verifier
        return self._central_api(self.transport, signer), verifier

    @property
    def name(self):
        return '%s-simulator-%d' % (self.conf.simulator.name_prefix,
                                    self.first)

    def build(self):
        """Make the sites: places, hosts, flavors, templates."""
        sim = self.conf.simulator
        flavors = [sim_conf.parse_flavor(text) for text in sim.flavors]
        hosts = [('%s-host-%d' % ('cmp', n), sim.host_vcpus,
                  sim.host_ram_mb, sim.host_disk_gb)
                 for n in range(1, sim.hosts_per_site + 1)]
        rings = geomap.outlines()
        for index in range(self.first, self.first + self.count):
            name = sim_conf.site_name(sim.name_prefix, index)
            city, latitude, longitude = geography.place(
                sim.seed, index, sim.spread_km, rings)
            compute = compute_mod.VirtualCompute(
                name, hosts, flavors, sim.template_types,
                latency=sim.command_latency, failure_rate=sim.failure_rate,
                rng=self.rng, clock=self.scheduler.now)
            api, verifier = self._signed(name)
            site = site_mod.VirtualSite(
                name, index, latitude, longitude, city, compute, self.conf,
                api, self.command_pool, self.wake, verifier=verifier)
            self.sites[name] = site
            self._by_offset.append(site)
        # The outlines are only needed to place the sites.
        geomap.outlines.cache_clear()
        LOG.info('Built %d virtual sites %s..%s', self.count,
                 self._by_offset[0].name, self._by_offset[-1].name)
        return self

    # Running.

    def start(self, events=(), listen=True):
        """Listen for central, then start reporting and the schedule."""
        if listen:
            self.server = bus.server_for(self.transport, self.name,
                                         lambda: list(self.sites),
                                         self.sites.get)
            self.server.start()
        self.scheduler.start()
        now = self.started_at = self.scheduler.now()
        interval = self.conf.simulator.report_interval
        for site in self._by_offset:
            self.scheduler.call_every(
                interval, now + self.rng.uniform(0, interval),
                self._report, site)
        for event in events:
            self.scheduler.call_at(now + event.at, self._play, event)
        LOG.info('Fleet %s started: %d sites reporting every %d s',
                 self.name, self.count, interval)

    def stop(self):
        if self.server is not None:
            try:
                self.server.stop()
                self.server.wait()
            except Exception:
                LOG.exception('The RPC server did not stop cleanly')
        self.scheduler.stop()
        for site in self._by_offset:
            site.stopping.set()
        self.delivery_pool.shutdown(wait=False, cancel_futures=True)
        self.command_pool.shutdown(wait=False, cancel_futures=True)
        if self.transport is not None:
            try:
                self.transport.cleanup()
            except Exception:
                LOG.debug('Transport cleanup failed', exc_info=True)

    def _report(self, site):
        if site.report(self.builder) is not None:
            self.reports += 1

    def _play(self, event):
        changed = self.act(event.action, event.selector)
        LOG.info('Schedule: %s %d site(s)', event.action, len(changed))

    # Delivery.

    def wake(self, site):
        """The site's outbox grew: deliver it unless a retry is due."""
        with self._lock:
            if site.delivery_queued or site.retry_pending or \
                    site.state == site_mod.DOWN:
                return
            site.delivery_queued = True
        try:
            self.delivery_pool.submit(self._deliver, site)
        except RuntimeError:
            pass  # shutting down

    def _deliver(self, site):
        try:
            delay = site.deliver(MAX_BATCHES)
        except Exception:
            LOG.exception('Delivery of site %s failed', site.name)
            delay = self.conf.central.retry_interval
        with self._lock:
            site.delivery_queued = False
            if delay:
                site.retry_pending = True
        if delay:
            self.scheduler.call_later(delay, self._retry, site)
        elif delay == 0 or (len(site.outbox) and site.state == site_mod.UP):
            self.wake(site)

    def _retry(self, site):
        with self._lock:
            site.retry_pending = False
        self.wake(site)

    # Control.

    def select(self, selector):
        """The sites of this process that ``selector`` names."""
        if selector.everything:
            return list(self._by_offset)
        found = {}
        last = self.first + self.count - 1
        for first, end in selector.ranges:
            for index in range(max(first, self.first), min(end, last) + 1):
                site = self._by_offset[index - self.first]
                found[site.name] = site
        for name in selector.names:
            if name in self.sites:
                found[name] = self.sites[name]
        return sorted(found.values(), key=lambda site: site.index)

    def act(self, action, selector):
        """Cut, restore, kill or start the selected sites.

        Returns the names of those whose state changed.
        """
        schedule.parse_action(action)
        changed = [site for site in self.select(selector)
                   if getattr(site, action)()]
        for site in changed:
            if action in ('restore', 'start'):
                self.delivery_pool.submit(site.replay)
                self.wake(site)
        if changed:
            LOG.info('%s: %d site(s), %s..%s', action, len(changed),
                     changed[0].name, changed[-1].name)
        return [site.name for site in changed]

    def stats(self):
        """The fleet's counters and the process's memory and CPU."""
        states = dict.fromkeys(site_mod.STATES, 0)
        backlog = held = 0
        for site in self._by_offset:
            states[site.state] += 1
            backlog += len(site.outbox)
            held += len(site.held)
        return dict(process_usage(), name=self.name, sites=self.count,
                    first_index=self.first, states=states,
                    reports=self.reports, outbox_backlog=backlog,
                    held_messages=held,
                    scheduler_lag_s=round(self.scheduler.lag, 3),
                    uptime_s=round(self.scheduler.now() -
                                   (self.started_at or
                                    self.scheduler.now()), 1))

    def servers(self, selector):
        """Servers of the selected sites' computes, counted."""
        total, by_status, by_command = 0, {}, {}
        for site in self.select(selector):
            counts = site.compute.server_counts()
            total += counts['servers']
            for key, value in counts['by_status'].items():
                by_status[key] = by_status.get(key, 0) + value
            for key, value in counts['by_command'].items():
                by_command[key] = by_command.get(key, 0) + value
        return {'servers': total, 'by_status': by_status,
                'by_command': by_command}
