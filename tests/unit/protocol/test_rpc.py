"""Transport, server, notifier factories and the context serializer."""

from unittest import mock

from oslo_context import context as oslo_context
import oslo_messaging as messaging
import pytest

from central_cloud.protocol import endpoints
from central_cloud.protocol import exception
from central_cloud.protocol import notifier
from central_cloud.protocol import rpc
from central_cloud.protocol import site_api
from central_cloud.protocol import topics
from tests.unit.protocol import conftest
from tests.unit.protocol import samples


def test_private_config_can_cast(conf):
    """oslo.messaging reads options it registers on cfg.CONF only."""
    assert 'oslo_messaging_tracing' not in conf
    transport = rpc.get_rpc_transport(conf, url='fake://')
    try:
        assert conf.oslo_messaging_tracing.tracing_enabled is False
        assert conf.oslo_messaging_metrics.metrics_enabled is False
        site_api.SiteAPI(transport).push({}, 'site-z',
                                         samples.business_data())
    finally:
        transport.cleanup()


def test_our_errors_rebuild_remotely():
    assert 'central_cloud.protocol.exception' in rpc.ALLOWED_REMOTE_EXMODS


def test_server_target_and_access_policy(transport):
    server = rpc.get_rpc_server(
        transport, topics.SITE_TOPIC,
        [endpoints.SiteEndpoint(conftest.Recorder(), 'site-a')],
        server='site-a')
    target = server._target
    assert (target.exchange, target.topic, target.server) == (
        topics.EXCHANGE, 'desktop-site', 'site-a')
    assert isinstance(server.dispatcher.access_policy,
                      messaging.ExplicitRPCAccessPolicy)
    assert server.executor_type == 'threading'


def test_context_serializer_round_trip():
    serializer = rpc.ContextSerializer()
    ctxt = oslo_context.RequestContext(user_id='u1', project_id='p1')
    wire = serializer.serialize_context(ctxt)
    assert isinstance(wire, dict)
    back = serializer.deserialize_context(wire)
    assert (back.user_id, back.project_id) == ('u1', 'p1')
    assert back.request_id == ctxt.request_id
    assert serializer.serialize_context({'a': 1}) == {'a': 1}


def test_notifier_validates_then_publishes():
    raw = mock.Mock()
    publisher = notifier.Notifier(raw)
    payload = samples.VALID[topics.EVENT_SITE_UPDATE]()
    publisher.info({}, topics.EVENT_SITE_UPDATE, payload)
    raw.info.assert_called_once_with({}, topics.EVENT_SITE_UPDATE, payload)
    publisher.error({}, topics.EVENT_ALARM_UPDATE, samples.alarm())
    with pytest.raises(exception.InvalidMessage) as info:
        publisher.warn({}, topics.EVENT_COMMAND_UPDATE, {'state': 'lost'})
    assert "Invalid 'desktop.command.update' message" in str(info.value)
    with pytest.raises(exception.UnknownMessage):
        publisher.info({}, 'execute', {'command': samples.create_command()})
    assert not raw.warn.called


def test_get_notifier(conf):
    transport = rpc.get_notification_transport(conf, url='fake://')
    try:
        publisher = notifier.get_notifier(transport, 'desktop-central.host1')
        assert publisher._notifier.publisher_id == 'desktop-central.host1'
        publisher.info({}, topics.EVENT_ALARM_UPDATE, samples.alarm())
    finally:
        transport.cleanup()
