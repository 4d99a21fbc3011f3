"""A virtual site: its outbox through cut, restore, kill and start."""

from concurrent import futures
import random
import uuid

import oslo_messaging as messaging
import pytest

from central_cloud.protocol import exception as protocol_exception
from site_plugins.simulator import compute as compute_mod
from site_plugins.simulator import reports
from site_plugins.simulator import site as site_mod

NAME = 'sim-00001'


class FakeCentral(object):
    """Acks every delivered item and remembers it; no pending commands."""

    def __init__(self):
        self.items = []
        self.requests = []

    def can_send_version(self, version, version_cap=None):
        return False  # full reports only

    def deliver(self, ctxt, site, items, timeout=None, retry=None):
        self.items.extend(items)
        return {'acked': [item['seq'] for item in items]}

    def request(self, ctxt, site, kind, since=None, timeout=None,
                retry=None):
        self.requests.append(kind)
        return {'kind': kind, 'until': '2026-12-04T00:00:00.000000Z',
                'more': False, 'items': []}


@pytest.fixture
def central():
    return FakeCentral()


@pytest.fixture
def pool():
    pool = futures.ThreadPoolExecutor(2)
    yield pool
    pool.shutdown(wait=True)


@pytest.fixture
def site(sim, clock, central, pool):
    compute = compute_mod.VirtualCompute(
        NAME, [('cmp-1', 4, 4096, 100)],
        [{'id': 'small', 'name': 'small', 'vcpus': 1, 'ram': 512,
          'disk': 1}], ['office'], rng=random.Random(0), clock=clock)
    return site_mod.VirtualSite(NAME, 1, 48.0, 2.0, 'Paris', compute, sim,
                                central, pool, lambda site: None)


@pytest.fixture
def builder():
    return reports.builder_for(None, 10, 0.5)


def report_seqs(central):
    return [item['payload']['report']['seq'] for item in central.items
            if item['kind'] == 'report']


def test_reports_are_valid_and_numbered(site, builder, central):
    first = site.report(builder)
    assert first['seq'] == 1 and first['site'] == NAME
    assert first['hosts'][0]['resources']['VCPU']['total'] == 4
    assert first['flavors'][0]['name'] == 'small'
    assert first['templates'][0]['type'] == 'office'
    site.report(builder)
    assert site.deliver(5) is None
    assert report_seqs(central) == [1, 2]
    assert [item['seq'] for item in central.items] == [1, 2]


def test_a_cut_site_keeps_its_outbox_and_sends_it_in_order(
        site, builder, central):
    site.report(builder)
    site.deliver(5)
    assert site.cut()
    for _ in range(3):
        site.report(builder)
    assert site.deliver(5) > 0  # the courier's back-off
    assert len(site.outbox) == 3 and report_seqs(central) == [1]
    assert site.restore()
    assert site.deliver(5) is None
    assert report_seqs(central) == [1, 2, 3, 4]
    assert [item['seq'] for item in central.items] == [1, 2, 3, 4]
    assert central.requests  # resynced after the link came back


def test_messages_for_a_cut_site_wait_and_run_in_order(site, pool):
    command = {'id': str(uuid.uuid4()), 'site': NAME, 'action': 'create',
               'created_at': '2026-12-04T00:00:00.000000Z',
               'params': {'name': 'd', 'flavor': 'small', 'count': 1,
                          'template_type': 'office'}}
    site.cut()
    site.receive('execute', {}, {'command': command})
    with pytest.raises(site_mod.NotServing):
        site.receive('ping', {}, {})
    assert len(site.held) == 1 and site.compute.server_counts()[
        'servers'] == 0
    site.restore()
    site.replay()
    runner = site._runner
    assert runner.wait_idle(5)
    assert site.compute.server_counts()['by_command'] == {command['id']: 1}
    # Sent again (central re-drives): reported again, not made again.
    site.receive('execute', {}, {'command': command})
    assert runner.wait_idle(5)
    assert site.compute.server_counts()['servers'] == 1


def test_a_killed_site_is_silent_and_resyncs_when_started(site, builder,
                                                          central):
    site.report(builder)
    site.deliver(5)
    assert site.kill() and not site.kill()
    assert site.report(builder) is None
    assert site.deliver(5) is None
    assert site.start()
    site.report(builder)
    site.deliver(5)
    assert report_seqs(central) == [1, 2]
    assert central.requests[0] == 'commands'


def test_an_invalid_command_is_refused_by_the_agents_endpoint(site):
    with pytest.raises(messaging.ExpectedException):
        site.receive('execute', {}, {'command': {'id': 'nope'}})
    assert len(site.outbox) == 0  # no readable id: nothing to report


def test_the_outbox_refuses_what_central_would(site):
    with pytest.raises(protocol_exception.InvalidMessage):
        site.outbox.put('report', {'report': {'site': NAME}})
    assert site.outbox.last_seq == 0
