"""deliver (1.2): acknowledged delivery of a site's outbox items."""

from unittest import mock

import oslo_messaging as messaging
import pytest

from central_cloud.protocol import central_api
from central_cloud.protocol import endpoints
from central_cloud.protocol import exception
from central_cloud.protocol import rpc
from central_cloud.protocol import topics
from central_cloud.protocol import validation
from tests.unit.protocol import conftest
from tests.unit.protocol import samples


def _api(transport, **kwargs):
    api = central_api.CentralAPI(transport, **kwargs)
    api.client = mock.Mock()
    return api


def test_deliver_is_a_1_2_call(transport):
    api = _api(transport)
    items = samples.outbox_items()
    api.client.prepare.return_value.call.return_value = {'acked': [1, 2, 3]}
    assert api.deliver({}, 'site-a', items, timeout=9, retry=0) == {
        'acked': [1, 2, 3]}
    api.client.prepare.assert_called_once_with(version='1.2', timeout=9,
                                               retry=0)
    api.client.prepare.return_value.call.assert_called_once_with(
        {}, 'deliver', site='site-a', items=items)


def test_deliver_reply_is_validated(transport):
    api = _api(transport)
    api.client.prepare.return_value.call.return_value = {'acked': ['1']}
    with pytest.raises(exception.InvalidMessage) as info:
        api.deliver({}, 'site-a', samples.outbox_items())
    assert "Invalid 'deliver_reply' message: acked[0] must be of type " \
        "integer" in str(info.value)


def test_capped_client_refuses_to_deliver(transport):
    api = _api(transport, version_cap='1.1')
    with pytest.raises(exception.PeerTooOld) as info:
        api.deliver({}, 'site-a', samples.outbox_items())
    assert 'deliver() needs RPC API version 1.2, but the peer is capped ' \
        'at 1.1' in str(info.value)
    assert not api.client.prepare.called


@pytest.mark.parametrize('mutate, words', [
    (lambda items: items[0]['payload']['report'].update(seq=0),
     'items[0].payload.report.seq must be at least 1'),
    (lambda items: items[1].update(kind='note'), 'items[1].kind must be one'),
    (lambda items: items[2]['payload'].update(extra=1),
     'items[2].payload.extra is not an allowed field'),
    (lambda items: items.clear(), 'items must have at least 1 items'),
    (lambda items: items[2]['payload']['alarm'].update(site='site-b'),
     "item 3 belongs to site 'site-b', not 'site-a'"),
])
def test_deliver_refuses_bad_items(transport, mutate, words):
    api = _api(transport)
    items = samples.outbox_items()
    mutate(items)
    with pytest.raises(exception.InvalidMessage) as info:
        api.deliver({}, 'site-a', items)
    assert words in str(info.value)
    assert not api.client.prepare.called


def test_every_outbox_kind_is_a_cast_of_the_central_api():
    for item in samples.outbox_items():
        validation.validate(item['kind'], item['payload'])


def test_cast_retry_is_passed_to_the_driver(transport):
    api = _api(transport)
    api.progress({}, samples.new_id(), 'running', retry=0)
    api.client.prepare.assert_called_once_with(version='1.0', retry=0)


def test_deliver_over_the_bus(transport, central_server):
    engine = conftest.Recorder(reply={'acked': [1, 2], 'refused': [
        {'seq': 3, 'reason': 'unknown command'}]})
    central_server(endpoints.CentralEndpoint(engine))
    items = samples.outbox_items()
    reply = central_api.CentralAPI(transport).deliver({}, 'site-a', items,
                                                      timeout=5)
    assert reply['acked'] == [1, 2]
    assert engine.calls == [('deliver', 'site-a', items)]


def test_1_1_central_answers_peer_too_old(transport, central_server):
    engine = conftest.Recorder(reply={'acked': []})
    central_server(endpoints.CentralEndpoint(engine, version='1.1'))
    with pytest.raises(exception.PeerTooOld) as info:
        central_api.CentralAPI(transport).deliver(
            {}, 'site-a', samples.outbox_items(), timeout=5)
    assert 'the peer answered that it does not support it' in \
        str(info.value)
    assert engine.calls == []


def test_mislabelled_deliver_to_a_1_1_central(transport, central_server):
    engine = conftest.Recorder(reply={'acked': []})
    central_server(endpoints.CentralEndpoint(engine, version='1.1'))
    client = rpc.get_rpc_client(transport, topics.CENTRAL_TOPIC, timeout=5)
    with pytest.raises(messaging.UnsupportedVersion) as info:
        client.prepare(version='1.0').call(
            {}, 'deliver', site='site-a', items=samples.outbox_items())
    assert 'does not support RPC version 1.2' in str(info.value)
    assert engine.calls == []


def test_rejected_command_is_reported_with_its_id():
    rejected = []
    endpoint = endpoints.SiteEndpoint(
        conftest.Recorder(), 'site-a',
        on_invalid_command=lambda ctxt, *args: rejected.append(args))
    command = samples.create_command()
    command['params']['flavor'] = ''
    with pytest.raises(messaging.ExpectedException):
        endpoint.execute({}, command=command)
    [(command_id, reason)] = rejected
    assert command_id == command['id']
    assert reason.startswith("Invalid 'execute' message: command.params."
                             "flavor must be at least 1 characters long")


@pytest.mark.parametrize('command', [
    None, 'text', {'id': 'not-a-uuid', 'action': 'create'}, {'id': 7}])
def test_rejected_command_without_an_id_is_only_logged(command):
    rejected = []
    endpoint = endpoints.SiteEndpoint(
        conftest.Recorder(), 'site-a',
        on_invalid_command=lambda ctxt, *args: rejected.append(args))
    with pytest.raises(messaging.ExpectedException):
        endpoint.execute({}, command=command)
    assert rejected == []


def test_a_failing_rejection_hook_does_not_escape(caplog):
    def hook(ctxt, command_id, reason):
        raise RuntimeError('outbox full')
    endpoint = endpoints.SiteEndpoint(conftest.Recorder(), 'site-a',
                                      on_invalid_command=hook)
    command = samples.server_command('stop')
    command['action'] = 'explode'
    with pytest.raises(messaging.ExpectedException):
        endpoint.execute({}, command=command)
    assert 'Could not report rejected command' in caplog.text
