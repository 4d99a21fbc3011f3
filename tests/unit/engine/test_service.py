"""The engine as a whole on an in-memory bus: sites talk to it for real."""

import time
import uuid

import oslo_messaging as messaging
import pytest

from central_cloud.conf import CONF
from central_cloud.engine import service as engine_service
from central_cloud.protocol import central_api
from central_cloud.protocol import endpoints
from central_cloud.protocol import exception as protocol_exception
from central_cloud.protocol import rpc
from central_cloud.protocol import topics
from tests.unit.engine import samples
from tests.unit.protocol import conftest as protocol_conftest


def wait_for(check, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    pytest.fail('timed out waiting for %s' % check)


def running_engine(transport, tmp_path, require_signatures):
    """A started engine with fast periodic jobs; stops it at the end."""
    CONF([], project='desktop-federation', default_config_files=[])
    CONF.set_override('state_path', str(tmp_path))
    CONF.set_override('backend_url', '', group='coordination')
    for option in ('dispatch_interval', 'audit_interval',
                   'notice_push_interval', 'redrive_interval'):
        CONF.set_override(option, 0.1, group='engine')
    CONF.set_override('host', 'engine-1', group='engine')
    CONF.set_override('require_from_sites', require_signatures,
                      group='signing')
    service = engine_service.EngineService(CONF, transport=transport)
    service.start()
    yield service
    service.stop()
    CONF.reset()
    CONF.clear()


@pytest.fixture
def engine(db, transport, tmp_path):
    # These sites do not sign; test_signatures covers signed messages.
    yield from running_engine(transport, tmp_path, require_signatures=False)


@pytest.fixture
def site_agent(transport):
    """A site agent's RPC server for SiteA that records what it gets."""
    agent = protocol_conftest.Recorder()
    server = rpc.get_rpc_server(transport, topics.SITE_TOPIC,
                                [endpoints.SiteEndpoint(agent, 'SiteA')],
                                server='SiteA')
    server.start()
    yield agent
    server.stop()
    server.wait()


def test_a_command_goes_out_and_its_progress_comes_back(
        db, make_site, engine, site_agent, transport):
    make_site('SiteA')
    desktop, command = samples.create_desktop(db)
    [(method, sent)] = site_agent.wait(1)
    assert (method, sent['id']) == ('execute', command.id)
    server = str(uuid.uuid4())
    central_api.CentralAPI(transport).progress(
        {}, command.id, 'succeeded', {'server_id': server})
    wait_for(lambda: db.get_desktop(desktop.id).state == 'active')
    assert db.get_desktop(desktop.id).server_uuid == server


def test_reports_deliveries_and_requests(db, make_site, engine, transport):
    make_site('SiteA')
    api = central_api.CentralAPI(transport)
    api.report({}, samples.report(seq=1))
    wait_for(lambda: db.get_site('SiteA').last_report_seq == 1)
    reply = api.deliver({}, 'SiteA', [samples.item(
        2, 'report', {'report': samples.report(seq=2)})], timeout=10)
    assert reply == {'acked': [2]}
    assert db.get_site('SiteA').last_report_seq == 2
    assert api.request({}, 'SiteA', 'commands', timeout=10)['items'] == []


def test_malformed_messages_are_rejected_and_the_engine_stays_up(
        db, make_site, engine, transport, caplog):
    make_site('SiteA')
    api = central_api.CentralAPI(transport)
    api.report({}, samples.report(seq=1))
    wait_for(lambda: db.get_site('SiteA').last_report_seq == 1)
    stored = (db.get_latest_report('SiteA').body, db.get_site('SiteA'))
    # A peer that skips validation sends broken payloads.
    raw = rpc.get_rpc_client(transport, topics.CENTRAL_TOPIC, timeout=10)
    bad = samples.report(seq=9)
    bad['hosts'][0]['state'] = 'exploded'
    raw.prepare(version='1.0').cast({}, 'report', report=bad)
    raw.prepare(version='1.0').cast({}, 'progress', command_id='nope',
                                    state='running')
    raw.prepare(version='1.0').cast({}, 'alarm', alarm={'site': 'SiteA'})
    with pytest.raises((protocol_exception.InvalidMessage,
                        messaging.RemoteError)):
        raw.prepare(version='1.2').call(
            {}, 'deliver', site='SiteA',
            items=[samples.item(1, 'report', {'report': bad})])
    protocol_conftest.wait_for_log(caplog, 'Rejected alarm message')
    assert 'hosts[0].state must be one of: up, down, disabled' in \
        caplog.text
    assert 'Rejected progress message' in caplog.text
    assert 'Rejected deliver message' in caplog.text
    assert db.get_latest_report('SiteA').body == stored[0]
    assert db.get_site('SiteA').last_report_seq == 1
    assert db.list_alarms() == []
    # Still serving.
    api.report({}, samples.report(seq=2))
    wait_for(lambda: db.get_site('SiteA').last_report_seq == 2)


def test_stop_stores_queued_reports(db, make_site, transport, tmp_path):
    make_site('SiteA')
    CONF([], project='desktop-federation', default_config_files=[])
    CONF.set_override('state_path', str(tmp_path))
    CONF.set_override('backend_url', '', group='coordination')
    CONF.set_override('ingest_batch_window', 1.0, group='engine')
    try:
        service = engine_service.EngineService(CONF, transport=transport)
        service.start()
        service.manager.report({}, samples.report(seq=4))
        service.stop()
    finally:
        CONF.reset()
        CONF.clear()
    assert db.get_site('SiteA').last_report_seq == 4
