"""Delivery: in order, deleted only once central acknowledged, retried
while the link is down, and a plain cast fallback for an older central."""

import contextlib
import threading
import time

import oslo_messaging as messaging
import pytest

from central_cloud.protocol import central_api
from central_cloud.protocol import endpoints
from central_cloud.protocol import exception as protocol_exception
from central_cloud.protocol import fields
from central_cloud.protocol import rpc
from central_cloud.protocol import topics
from site_plugins.outbox import courier
from tests.unit.protocol import samples
from tests.unit.site_plugins import conftest


class FakeCentral(object):
    """A central manager that does what ``CentralEndpoint.deliver`` asks.

    It stores items once per (site, seq) and acks only what it stored.
    """

    def __init__(self):
        self.stored = []
        self.keys = set()
        self.casts = []
        self.fail_at = None     # a seq central cannot store for now
        self.refuse = {}        # seq -> reason
        self.commands = []
        self.requests = []
        self.lock = threading.Lock()

    def deliver(self, ctxt, site, items):
        acked, refused = [], []
        with self.lock:
            for item in items:
                seq = item['seq']
                if seq in self.refuse:
                    refused.append({'seq': seq, 'reason': self.refuse[seq]})
                    continue
                if seq == self.fail_at:
                    break  # keeps the order: the rest comes again
                if (site, seq) not in self.keys:
                    self.keys.add((site, seq))
                    self.stored.append(item)
                acked.append(seq)
        return {'acked': acked, 'refused': refused}

    def report(self, ctxt, report):
        self.casts.append(('report', report['seq']))

    def progress(self, ctxt, command_id, state, result):
        self.casts.append(('progress', state))

    def alarm(self, ctxt, alarm):
        self.casts.append(('alarm', alarm['key']))

    def request(self, ctxt, site, kind, since):
        self.requests.append((kind, since))
        items = self.commands if kind == fields.COMMANDS else []
        return {'kind': kind, 'until': fields.timestamp(), 'more': False,
                'items': items}


class Link(object):
    """A CentralAPI whose WAN can be cut: every message fails while down.

    ``lose_replies`` lets central get a call but loses its answer.
    """

    def __init__(self, api):
        self.api = api
        self.down = False
        self.lose_replies = False
        self.attempts = 0

    def __getattr__(self, name):
        method = getattr(self.api, name)

        def send(*args, **kwargs):
            self.attempts += 1
            if self.down:
                raise messaging.MessageDeliveryFailure('WAN is down')
            result = method(*args, **kwargs)
            if self.lose_replies:
                raise messaging.MessagingTimeout('reply lost')
            return result
        return send


@pytest.fixture
def central(transport):
    manager = FakeCentral()
    server = rpc.get_rpc_server(transport, topics.CENTRAL_TOPIC,
                                [endpoints.CentralEndpoint(manager)],
                                server='engine-1')
    server.start()
    yield manager
    server.stop()
    server.wait()


def _link(transport, cap=None):
    return Link(central_api.CentralAPI(transport, version_cap=cap))


def _fill(outbox, count):
    for index in range(count):
        if index % 3 == 0:
            report = samples.report(conftest.SITE)
            del report['seq']
            outbox.put_report(report)
        elif index % 3 == 1:
            outbox.put('progress', {'command_id': samples.new_id(),
                                    'state': 'running', 'result': None})
        else:
            outbox.put('alarm', {'alarm': samples.alarm(conftest.SITE)})


@contextlib.contextmanager
def running(mail):
    thread = threading.Thread(target=mail.run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        mail.stop()
        thread.join(5)


def _wait(predicate, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


def test_delivers_in_order_and_forgets_what_central_acked(
        conf, outbox, transport, central):
    conf.set_override('batch_size', 4, group='central')
    _fill(outbox, 10)
    mail = courier.Courier(conftest.SITE, outbox, _link(transport), conf)
    assert mail.deliver_once() == 4
    assert len(outbox) == 6
    while mail.deliver_once():
        pass
    assert len(outbox) == 0
    assert [item['seq'] for item in central.stored] == list(range(1, 11))
    assert [item['kind'] for item in central.stored][:3] == [
        'report', 'progress', 'alarm']


def test_what_central_did_not_store_is_sent_again(conf, outbox, transport,
                                                  central):
    _fill(outbox, 5)
    central.fail_at = 3
    mail = courier.Courier(conftest.SITE, outbox, _link(transport), conf)
    assert mail.deliver_once() == 2
    assert [item['seq'] for item in outbox.pending(10)] == [3, 4, 5]
    central.fail_at = None
    mail.deliver_once()
    assert [item['seq'] for item in central.stored] == [1, 2, 3, 4, 5]


def test_a_lost_reply_is_redelivered_and_deduped(conf, outbox, transport,
                                                 central):
    _fill(outbox, 3)
    link = _link(transport)
    mail = courier.Courier(conftest.SITE, outbox, link, conf)
    link.lose_replies = True
    with pytest.raises(messaging.MessagingTimeout):
        mail.deliver_once()
    assert len(outbox) == 3  # central has them, but we do not know it
    link.lose_replies = False
    assert mail.deliver_once() == 3
    assert len(outbox) == 0
    assert [item['seq'] for item in central.stored] == [1, 2, 3]


def test_refused_items_are_kept_aside(conf, outbox, transport, central):
    _fill(outbox, 3)
    central.refuse = {2: 'unknown command'}
    mail = courier.Courier(conftest.SITE, outbox, _link(transport), conf)
    assert mail.deliver_once() == 3
    assert outbox.dead() == [(2, 'progress',
                              'refused by central: unknown command')]
    assert [item['seq'] for item in central.stored] == [1, 3]


def test_a_dead_link_loses_nothing(conf, outbox, transport, central):
    link = _link(transport)
    ups = []
    mail = courier.Courier(conftest.SITE, outbox, link, conf,
                           on_link_up=lambda: ups.append(len(outbox)))
    outbox.on_put = mail.wake
    _fill(outbox, 2)
    with running(mail):
        assert _wait(lambda: len(central.stored) == 2)
        link.down = True
        _fill(outbox, 30)  # the site keeps working meanwhile
        assert _wait(lambda: link.attempts > 5)
        assert len(outbox) == 30
        link.down = False
        assert _wait(lambda: len(outbox) == 0)
    seqs = [item['seq'] for item in central.stored]
    assert seqs == list(range(1, 33))
    assert len(ups) == 2  # the first delivery, then the reconnection
    reports = [item['payload']['report']['seq'] for item in central.stored
               if item['kind'] == 'report']
    assert reports == list(range(1, len(reports) + 1))


def test_an_older_central_gets_casts(conf, outbox, transport, central):
    _fill(outbox, 3)
    mail = courier.Courier(conftest.SITE, outbox,
                           _link(transport, cap='1.1'), conf)
    assert mail.deliver_once() == 3
    assert len(outbox) == 0
    assert _wait(lambda: len(central.casts) == 3)
    # Casts are handled on several threads: no order is promised.
    assert sorted(cast[0] for cast in central.casts) == [
        'alarm', 'progress', 'report']
    assert central.stored == []


def test_backoff_doubles_up_to_a_cap():
    backoff = courier.Backoff(1.0, 5.0, jitter=0.0)
    assert [backoff.next() for _ in range(5)] == [1.0, 2.0, 4.0, 5.0, 5.0]
    backoff.reset()
    assert backoff.next() == 1.0
    jittered = courier.Backoff(1.0, 5.0, jitter=0.5, rand=lambda: 1.0)
    assert jittered.next() == 0.5


def test_a_batch_too_big_for_one_message_goes_one_by_one(
        conf, outbox, transport, central, monkeypatch):
    _fill(outbox, 3)
    link = _link(transport)
    real = link.api.deliver

    def deliver(ctxt, site, items, **kwargs):
        if len(items) > 1:
            raise protocol_exception.InvalidMessage(
                'payload is larger than 4194304 characters', 'deliver')
        return real(ctxt, site, items, **kwargs)
    monkeypatch.setattr(link.api, 'deliver', deliver)
    mail = courier.Courier(conftest.SITE, outbox, link, conf)
    while mail.deliver_once():
        pass
    assert [item['seq'] for item in central.stored] == [1, 2, 3]
    assert outbox.dead() == []


def test_an_item_that_breaks_the_rules_is_kept_aside(conf, outbox, db,
                                                     transport, central):
    _fill(outbox, 2)
    # As if written by a version with other rules.
    db.run(lambda conn: conn.execute(
        "UPDATE items SET payload = '{\"command_id\": \"x\", "
        "\"state\": \"running\"}' WHERE seq = 2"))
    mail = courier.Courier(conftest.SITE, outbox, _link(transport), conf)
    while mail.deliver_once():
        pass
    [(seq, kind, reason)] = outbox.dead()
    assert (seq, kind) == (2, 'progress')
    assert 'payload.command_id must be a UUID' in reason
    assert [item['seq'] for item in central.stored] == [1]
