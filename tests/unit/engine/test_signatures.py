"""Signed messages through a real engine on an in-memory bus."""

import time
import uuid

import pytest

from central_cloud.engine import signatures
from central_cloud.protocol import central_api
from central_cloud.protocol import endpoints
from central_cloud.protocol import exception as protocol_exception
from central_cloud.protocol import rpc
from central_cloud.protocol import signing
from central_cloud.protocol import topics
from tests.unit.engine import samples
from tests.unit.engine.test_service import running_engine
from tests.unit.engine.test_service import wait_for
from tests.unit.protocol import conftest as protocol_conftest


@pytest.fixture
def engine(db, transport, tmp_path, make_site):
    make_site('SiteA')
    make_site('SiteB')
    yield from running_engine(transport, tmp_path, require_signatures=True)


def site_api(transport, site, key):
    return central_api.CentralAPI(
        transport, signer=signing.SiteSigner(site, *key))


def alarm_of(db, site):
    found = db.list_alarms(filters={'site': site,
                                    'kind': 'message_signature_invalid'})
    return found[0] if found else None


def test_a_report_signed_by_its_site_is_stored(db, engine, transport):
    key = db.create_site_key('SiteA')
    site_api(transport, 'SiteA', key).report({}, samples.report(seq=5))
    wait_for(lambda: db.get_site('SiteA').last_report_seq == 5)


def test_a_report_for_siteb_signed_with_sitea_key_is_dropped(
        db, engine, transport):
    key_a = db.create_site_key('SiteA')
    db.create_site_key('SiteB')
    forged = samples.report(site='SiteB', seq=7)
    site_api(transport, 'SiteA', key_a).report({}, forged)
    # SiteA's key, claiming to be SiteB.
    site_api(transport, 'SiteB', key_a).report({}, forged)
    alarm = wait_for(lambda: alarm_of(db, 'SiteB'))
    assert alarm.state == 'raised' and alarm.severity == 'critical'
    assert key_a[1] not in alarm.message
    # An honest report of SiteB after the forged ones is stored; the
    # forged seq never was.
    key_b = db.get_valid_site_keys('SiteB')[0][:2]
    site_api(transport, 'SiteB', key_b).report(
        {}, samples.report(site='SiteB', seq=1))
    wait_for(lambda: db.get_site('SiteB').last_report_seq == 1)
    assert db.get_latest_report('SiteB').seq == 1
    assert alarm_of(db, 'SiteA') is None


def test_unsigned_messages_are_refused_by_default(db, engine, transport):
    api = central_api.CentralAPI(transport)
    with pytest.raises(protocol_exception.SignatureRejected,
                       match='not signed'):
        api.deliver({}, 'SiteA', [samples.item(
            1, 'report', {'report': samples.report(seq=1)})], timeout=10)
    assert db.get_site('SiteA').last_report_seq is None
    assert alarm_of(db, 'SiteA') is not None


def deliver_until_acked(api, seq, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        try:
            return api.deliver({}, 'SiteA', [samples.item(
                seq, 'report', {'report': samples.report(seq=seq)})],
                timeout=10)
        except protocol_exception.SignatureRejected:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_rotation_keeps_old_key_messages_within_the_overlap(
        db, engine, transport, monkeypatch):
    old = db.create_site_key('SiteA')
    api_old = site_api(transport, 'SiteA', old)
    assert api_old.deliver({}, 'SiteA', [samples.item(
        1, 'report', {'report': samples.report(seq=1)})],
        timeout=10) == {'acked': [1]}
    new = db.rotate_site_key('SiteA', 2)
    # The engine still caches the old key alone; it reads the new one
    # when a message signed with it arrives (at most once a second, so
    # the first delivery may be refused: the site sends it again).
    api_new = site_api(transport, 'SiteA', new)
    assert deliver_until_acked(api_new, 2) == {'acked': [2]}
    assert api_old.deliver({}, 'SiteA', [samples.item(
        3, 'report', {'report': samples.report(seq=3)})],
        timeout=10) == {'acked': [3]}
    # After the overlap the old key is refused, the new one still works.
    seq, deadline = 4, time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            api_old.deliver({}, 'SiteA', [samples.item(
                seq, 'report', {'report': samples.report(seq=seq)})],
                timeout=10)
        except protocol_exception.SignatureRejected:
            break
        seq += 1
        time.sleep(0.2)
    else:
        pytest.fail('the old key was still accepted 10 s after its '
                    'overlap of 2 s')
    assert db.get_site('SiteA').last_report_seq == seq - 1
    assert api_new.deliver({}, 'SiteA', [samples.item(
        seq, 'report', {'report': samples.report(seq=seq)})],
        timeout=10) == {'acked': [seq]}


def test_progress_moves_only_commands_of_the_signing_site(
        db, engine, transport):
    key_a = db.create_site_key('SiteA')
    desktop, command = samples.create_desktop(db, site='SiteB')
    server = str(uuid.uuid4())
    site_api(transport, 'SiteA', key_a).progress(
        {}, command.id, 'succeeded', {'server_id': server})
    # A report sent after the progress is stored: the progress was
    # handled (and refused) before it.
    site_api(transport, 'SiteA', key_a).report({}, samples.report(seq=9))
    wait_for(lambda: db.get_site('SiteA').last_report_seq == 9)
    assert db.get_desktop(desktop.id).state == 'building'


def test_central_signs_what_it_sends_to_a_site(db, engine, transport):
    key = db.create_site_key('SiteA')
    received = protocol_conftest.Recorder()
    verifier = signing.Verifier(signing.StaticKeys('SiteA', *key),
                                expected_site='SiteA')
    server = rpc.get_rpc_server(
        transport, topics.SITE_TOPIC,
        [endpoints.SiteEndpoint(received, 'SiteA', verifier=verifier)],
        server='SiteA')
    server.start()
    try:
        desktop, command = samples.create_desktop(db)
        [(method, sent)] = received.wait(1)
        assert (method, sent['id']) == ('execute', command.id)
        # A key rotation: central signs with both keys in the overlap.
        db.rotate_site_key('SiteA', 600)
        engine.signatures.keys.forget()
        assert engine.site_api.ping({}, 'SiteA', timeout=10)['site'] == \
            'SiteA'
    finally:
        server.stop()
        server.wait()


class Conf(object):
    class signing(object):
        key_cache_ttl = 30
        require_from_sites = True
        alarm_interval = 300


def test_alarms_of_a_flood_are_rate_limited(monkeypatch):
    raised = []
    monkeypatch.setattr(signatures.alarms, 'raise_signature_invalid',
                        lambda site, message: raised.append(site) or True)
    now = [0.0]
    sigs = signatures.Signatures(Conf, load=lambda site: [],
                                 clock=lambda: now[0])
    exc = protocol_exception.SignatureRejected('report', 'not signed',
                                               'SiteB')
    for _ in range(1000):
        sigs.on_rejected(exc)
    sigs.on_rejected(protocol_exception.SignatureRejected(
        'report', 'not signed', 'SiteC'))
    sigs.on_rejected(protocol_exception.SignatureRejected(
        'progress', 'not signed', None))
    assert raised == ['SiteB', 'SiteC']
    now[0] = 301
    sigs.on_rejected(exc)
    assert raised == ['SiteB', 'SiteC', 'SiteB']
