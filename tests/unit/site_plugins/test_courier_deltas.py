"""Delta reports from the courier (1.5), and full ones for older peers."""

import copy

import pytest

from central_cloud.protocol import endpoints
from central_cloud.protocol import report_delta
from central_cloud.protocol import rpc
from central_cloud.protocol import topics
from site_plugins.outbox import courier
from tests.unit.protocol import samples
from tests.unit.site_plugins import conftest
from tests.unit.site_plugins import test_courier


class DeltaCentral(test_courier.FakeCentral):
    """Applies deltas as central does: on its latest report, or asks."""

    def __init__(self):
        super().__init__()
        self.latest = None
        self.received = []     # what came: 'full', 'delta' or 'heartbeat'
        self.lose_next = False

    def deliver(self, ctxt, site, items):
        acked, resend = [], []
        for item in items:
            if item['kind'] != 'report':
                acked.append(item['seq'])
                continue
            report = item['payload']['report']
            if self.latest and report['seq'] <= self.latest['seq']:
                acked.append(item['seq'])
                continue
            if report_delta.is_delta(report):
                self.received.append('heartbeat' if report_delta.is_heartbeat(
                    report) else 'delta')
                if (self.latest is None
                        or report['base_seq'] != self.latest['seq']):
                    resend.append(item['seq'])
                    continue
                merged = report_delta.apply(self.latest, report)
                if report_delta.digest(merged) != report['digest']:
                    resend.append(item['seq'])
                    continue
                report = merged
            else:
                self.received.append('full')
            if self.lose_next:
                self.lose_next = False
                resend.append(item['seq'])
                continue
            self.latest = report
            acked.append(item['seq'])
        reply = {'acked': acked}
        if resend:
            reply['resend_full'] = resend
        return reply


def _serve(transport, manager, version=None):
    server = rpc.get_rpc_server(
        transport, topics.CENTRAL_TOPIC,
        [endpoints.CentralEndpoint(manager, version=version)],
        server='engine-1')
    server.start()
    return server


@pytest.fixture
def central(transport):
    manager = DeltaCentral()
    server = _serve(transport, manager)
    yield manager
    server.stop()
    server.wait()


BASE = samples.report(conftest.SITE)


def _report(outbox, used=0):
    report = copy.deepcopy(BASE)
    del report['seq']
    report['hosts'][0]['resources']['VCPU']['used'] = used
    return outbox.put_report(report)


def _drain(mail):
    while mail.deliver_once():
        pass


def test_unchanged_reports_go_as_heartbeats(conf, outbox, transport,
                                            central):
    mail = courier.Courier(conftest.SITE, outbox,
                           test_courier._link(transport), conf)
    _report(outbox)
    _drain(mail)
    for _ in range(3):
        _report(outbox)
        _drain(mail)
    last = _report(outbox, used=1)
    _drain(mail)
    assert central.received == ['full', 'heartbeat', 'heartbeat',
                                'heartbeat', 'delta']
    assert central.latest['hosts'] == last['hosts']
    assert len(outbox) == 0


def test_a_batch_chains_its_deltas(conf, outbox, transport, central):
    mail = courier.Courier(conftest.SITE, outbox,
                           test_courier._link(transport), conf)
    _report(outbox)
    _drain(mail)
    for used in (1, 1, 2):
        last = _report(outbox, used=used)
    _drain(mail)
    assert central.received == ['full', 'delta', 'heartbeat', 'delta']
    assert central.latest['hosts'] == last['hosts']


def test_central_asks_for_a_full_report(conf, outbox, transport, central):
    mail = courier.Courier(conftest.SITE, outbox,
                           test_courier._link(transport), conf)
    _report(outbox)
    _drain(mail)
    central.latest = dict(central.latest, seq=0)   # central lost one
    _report(outbox)
    assert mail.deliver_once() == 0 and len(outbox) == 1
    _drain(mail)
    assert central.received == ['full', 'heartbeat', 'full']
    assert len(outbox) == 0


def test_off_by_configuration(conf, outbox, transport, central):
    conf.set_override('report_deltas', False, group='central')
    mail = courier.Courier(conftest.SITE, outbox,
                           test_courier._link(transport), conf)
    for _ in range(2):
        _report(outbox)
        _drain(mail)
    assert central.received == ['full', 'full']


def test_capped_at_1_4_sends_full_reports(conf, outbox, transport, central):
    mail = courier.Courier(conftest.SITE, outbox,
                           test_courier._link(transport, cap='1.4'), conf)
    for _ in range(2):
        _report(outbox)
        _drain(mail)
    assert central.received == ['full', 'full']
    stored = central.latest
    assert 'digest' not in stored and 'reflects' not in stored


def test_a_1_4_central_gets_full_reports(conf, outbox, transport):
    manager = DeltaCentral()
    server = _serve(transport, manager, version='1.4')
    try:
        mail = courier.Courier(conftest.SITE, outbox,
                               test_courier._link(transport), conf)
        for _ in range(3):
            _report(outbox)
            _drain(mail)
    finally:
        server.stop()
        server.wait()
    assert manager.received == ['full', 'full', 'full']
    assert mail.full_until > 0 and mail.legacy_until == 0
    assert len(outbox) == 0 and outbox.dead() == []
