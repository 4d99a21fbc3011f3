"""A real WAN between one site and central: lossy, then silently cut.

The site's agent leaves the host's network for a namespace of its own
behind a veth pair (``wan_link``); the nftables rules of that namespace
act on the WAN broker's port only, so the site's own cloud stays near.

1. 2 % of the WAN packets are dropped at random, both ways, during a
   burst of creates: every one succeeds.
2. Every packet from the site to central is dropped (no reset) for longer
   than the AMQP heartbeat timeout: central marks the site offline within
   its detection bound (``[monitoring] report_interval`` times
   ``offline_after_missed``, plus one auditor run), and once the packets
   pass again the same agent process reconnects by itself.

Then the counts of ``faults`` hold: each command succeeded once with one
server in Nova, the reports kept in the outbox during the cut reached
central without a gap, the outbox drained with no dead item.
"""

import configparser
import json
import os
import signal
import time
import urllib.parse

import pytest

from tests.functional import conftest
from tests.functional import faults
from tests.functional import wan_link

SITE = 'SiteC'
BURST = 6
LOSS_PERCENT = 2
# Seconds between the auditor's runs unless central's config says.
AUDIT_INTERVAL = 10.0
HEARTBEAT_TIMEOUT = 60   # oslo.messaging's default
SLACK = 5                # polling and one report in flight


def _central_conf(lab):
    parser = configparser.ConfigParser(interpolation=None)
    path = os.path.join(lab.dir, 'etc', 'desktop-central',
                        'desktop-central.conf')
    assert parser.read(path), 'no central config at %s' % path
    return parser


def detection_bound(lab):
    """Seconds after a cut by which central must call the site offline."""
    conf = _central_conf(lab)
    interval = conf.getint('monitoring', 'report_interval', fallback=60)
    missed = conf.getint('monitoring', 'offline_after_missed', fallback=2)
    audit = conf.getfloat('engine', 'audit_interval',
                          fallback=AUDIT_INTERVAL)
    return interval * missed + audit + SLACK


def _lab_ports(lab):
    with open(os.path.join(lab.dir, 'state.json')) as f:
        services = json.load(f)['services']
    return [svc['port'] for svc in services.values() if svc.get('port')]


def _wan_port(agent_conf):
    """The broker port of the agent's transport URL (the lab has one)."""
    url = agent_conf.get('central', 'transport_url', fallback=None) or \
        agent_conf.get('DEFAULT', 'transport_url')
    netloc = urllib.parse.urlsplit(url).netloc
    first = netloc.rsplit('@', 1)[-1].split(',')[0]
    return urllib.parse.urlsplit('//' + first).port or 5672


@pytest.fixture
def site_behind_wan(lab, tmp_path):
    """SiteC's agent runs in a namespace of its own; the lab's comes back.

    Yields ``(link, agent process)``.
    """
    reason = wan_link.netns_usable()
    if reason:
        pytest.skip(reason)
    service = faults.agent_service(SITE)
    conf = faults.agent_conf(lab, SITE)
    link = wan_link.WanLink(_lab_ports(lab), _wan_port(conf), str(tmp_path))
    pid = faults.pid_of(lab, service)
    # The same command line as the lab's agent, config file included.
    with open('/proc/%d/cmdline' % pid, 'rb') as f:
        argv = [a.decode() for a in f.read().split(b'\0') if a]
    try:
        link.open()
        # The lab's agent stops cleanly: it gives its outbox to the new one.
        os.killpg(pid, signal.SIGTERM)
        faults.poll('%s (pid %d) stopped' % (service, pid),
                    lambda: not faults.alive(pid), 30, interval=0.2)
        yield link, link.spawn(argv, 'agent.log')
    finally:
        link.close()
        if not faults.alive(faults.pid_of(lab, service)):
            faults.restart(service)


def _reports_after(api, seq):
    return faults.latest_seq(api, SITE) > seq


def test_lossy_then_cut_wan_loses_nothing(lab, site_behind_wan):
    link, agent = site_behind_wan
    api = lab.central()
    conftest.wait_for_room(api, SITE, count=BURST)
    baseline = faults.Baseline(lab, api, SITE)
    created = []
    try:
        # The agent in the namespace reports through the link.
        seq = faults.latest_seq(api, SITE)
        faults.poll('%s reporting from its namespace' % SITE,
                    lambda: _reports_after(api, seq), faults.STATE_WAIT)

        link.lose(LOSS_PERCENT)
        for index in range(1, BURST + 1):
            created.append(faults.create(api, SITE, 'fault-lossy-%d'
                                         % index))
        faults.wait_succeeded(api, created)
        link.heal()

        bound = detection_bound(lab)
        cut_for = HEARTBEAT_TIMEOUT + 20
        link.cut_outbound()
        cut_at = time.monotonic()
        faults.poll('%s offline at central after the cut' % SITE,
                    lambda: faults.site(api, SITE)['availability'] ==
                    'offline', bound)
        assert time.monotonic() - cut_at <= bound
        assert agent.poll() is None, 'the agent exited during the cut'
        time.sleep(max(0, cut_for - (time.monotonic() - cut_at)))
        assert link.dropped() > 0, 'the cut dropped no packet'
        link.heal()

        # Nothing restarts the agent: it reconnects by itself.
        faults.poll('%s online again after the cut' % SITE,
                    lambda: faults.site(api, SITE)['availability'] ==
                    'online', faults.WAIT)
        assert agent.poll() is None, 'the agent exited after the cut'
        faults.assert_nothing_lost(lab, api, SITE, created, baseline)
    finally:
        faults.delete(api, [desktop_id for desktop_id, _c in created])
