"""Endpoints validate what they receive before any handler runs."""

import logging

import oslo_messaging as messaging
from oslo_messaging._drivers import common as remote_errors
import pytest

from central_cloud.protocol import endpoints
from central_cloud.protocol import exception
from central_cloud.protocol import rpc
from central_cloud.protocol import topics
from central_cloud.protocol import versions
from tests.unit.protocol import conftest
from tests.unit.protocol import samples


def test_endpoints_carry_a_versioned_target():
    assert endpoints.SiteEndpoint.target.version == versions.CURRENT
    assert endpoints.CentralEndpoint.target.version == versions.CURRENT
    old = endpoints.CentralEndpoint(conftest.Recorder(), version='1.0')
    assert old.target.version == '1.0'


def test_malformed_payload_is_logged_and_not_handled(caplog):
    agent = conftest.Recorder()
    endpoint = endpoints.SiteEndpoint(agent, 'site-a')
    command = samples.create_command()
    command['action'] = 'explode'
    with caplog.at_level(logging.WARNING):
        with pytest.raises(messaging.ExpectedException) as info:
            endpoint.execute({'request_id': 'req-1'}, command=command)
    assert isinstance(info.value.exc_info[1], exception.InvalidMessage)
    assert agent.calls == []
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert 'Rejected execute message (RPC API %s, request req-1): ' \
        'command.action must be one of' % versions.CURRENT in \
        record.getMessage()


def test_missing_and_unknown_arguments_are_rejected():
    endpoint = endpoints.CentralEndpoint(conftest.Recorder())
    with pytest.raises(messaging.ExpectedException) as info:
        endpoint.report({})
    assert 'report is required' in str(info.value.exc_info[1])
    with pytest.raises(messaging.ExpectedException) as info:
        endpoint.alarm({}, alarm=samples.alarm(), urgent=True)
    assert 'urgent is not an allowed field' in str(info.value.exc_info[1])


def test_valid_payload_reaches_the_manager():
    engine = conftest.Recorder()
    endpoint = endpoints.CentralEndpoint(engine)
    command_id = samples.new_id()
    endpoint.progress({}, command_id=command_id, state='running')
    assert engine.calls == [('progress', command_id, 'running', None)]


def test_only_protocol_methods_are_exposed():
    for cls in (endpoints.SiteEndpoint, endpoints.CentralEndpoint):
        exposed = sorted(name for name in dir(cls)
                         if getattr(getattr(cls, name), 'exposed', False))
        assert exposed == {
            endpoints.SiteEndpoint: ['execute', 'ping', 'push'],
            endpoints.CentralEndpoint: ['alarm', 'deliver', 'progress',
                                        'report', 'request'],
        }[cls]


def test_malformed_cast_over_the_bus(transport, site_server, caplog):
    agent = conftest.Recorder()
    site_server(endpoints.SiteEndpoint(agent, 'site-a'), 'site-a')
    client = rpc.get_rpc_client(transport, topics.SITE_TOPIC)
    command = samples.server_command('stop')
    del command['params']['server_id']
    client.prepare(server='site-a', version='1.0').cast(
        {}, 'execute', command=command)
    record = conftest.wait_for_log(caplog, 'Rejected execute message')
    assert record.levelno == logging.WARNING
    assert 'command.params.server_id is required but missing' in \
        record.getMessage()
    assert agent.calls == []


def test_malformed_call_gets_a_clear_error(transport, central_server):
    engine = conftest.Recorder(reply=samples.request_reply())
    central_server(endpoints.CentralEndpoint(engine))
    client = rpc.get_rpc_client(transport, topics.CENTRAL_TOPIC, timeout=5)
    with pytest.raises(exception.InvalidMessage) as info:
        client.prepare(version='1.0').call(
            {}, 'request', site='site-a', kind='movies')
    assert info.value.field == 'kind'
    assert str(info.value).startswith(
        "Invalid 'request' message: kind must be one of: template")
    assert engine.calls == []


def test_rejection_crosses_the_wire_as_invalid_message():
    """What a broker driver does with the error a call raises."""
    endpoint = endpoints.CentralEndpoint(conftest.Recorder())
    try:
        endpoint.request({}, site='site-a')
    except messaging.ExpectedException as expected:
        wire = remote_errors.serialize_remote_exception(expected.exc_info)
    rebuilt = remote_errors.deserialize_remote_exception(
        wire, rpc.ALLOWED_REMOTE_EXMODS)
    assert isinstance(rebuilt, exception.InvalidMessage)
    assert rebuilt.field == 'kind'
    assert rebuilt.message_name == 'request'
    assert str(rebuilt).startswith(
        "Invalid 'request' message: kind is required but missing")
    # A transport that does not allow our errors gets a RemoteError.
    plain = remote_errors.deserialize_remote_exception(wire, [])
    assert isinstance(plain, messaging.RemoteError)
    assert plain.exc_type == 'InvalidMessage'
    assert 'kind is required but missing' in plain.value


def test_invalid_reply_is_not_sent(transport, central_server, caplog):
    engine = conftest.Recorder(reply={'items': 'none'})
    central_server(endpoints.CentralEndpoint(engine))
    client = rpc.get_rpc_client(transport, topics.CENTRAL_TOPIC, timeout=5)
    with pytest.raises(exception.InvalidMessage) as info:
        client.prepare(version='1.0').call(
            {}, 'request', site='site-a', kind='bundle')
    assert "Invalid 'request_reply' message" in str(info.value)
    conftest.wait_for_log(caplog, 'The request handler gave an invalid')
