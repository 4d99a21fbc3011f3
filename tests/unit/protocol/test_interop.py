"""1.0 and 1.1 peers interoperate in both directions over the message bus.

A 1.0 peer is an endpoint whose target (and so its schemas) is at 1.0, or
a client capped at 1.0.
"""

import oslo_messaging as messaging
import pytest

from central_cloud.protocol import central_api
from central_cloud.protocol import endpoints
from central_cloud.protocol import exception
from central_cloud.protocol import rpc
from central_cloud.protocol import site_api
from central_cloud.protocol import topics
from central_cloud.protocol import versions
from tests.unit.protocol import conftest
from tests.unit.protocol import samples


# Central -> site.

def test_client_capped_at_1_0_to_a_1_1_site(transport, site_server):
    agent = conftest.Recorder()
    site_server(endpoints.SiteEndpoint(agent, 'site-a'), 'site-a')
    api = site_api.SiteAPI(transport, version_cap='1.0')
    command = samples.create_command()
    api.execute({}, 'site-a', command)
    api.push({}, 'site-a', samples.business_data('bundle'))
    with pytest.raises(exception.PeerTooOld):
        api.push({}, 'site-a', samples.business_data('notice'))
    calls = agent.wait(2)
    assert sorted(call[0] for call in calls) == ['execute', 'push']
    assert ('execute', command) in calls
    assert api.ping({}, 'site-a', timeout=5)['version'] == versions.CURRENT


def test_1_1_client_capped_at_1_0_to_a_1_0_site(transport, site_server):
    agent = conftest.Recorder()
    site_server(endpoints.SiteEndpoint(agent, 'site-a', version='1.0'),
                'site-a')
    api = site_api.SiteAPI(transport, version_cap='1.0')
    api.push({}, 'site-a', samples.business_data('template'))
    with pytest.raises(exception.PeerTooOld):
        api.push({}, 'site-a', samples.business_data('notice'))
    assert agent.wait(1)[0][0] == 'push'
    assert api.ping({}, 'site-a', timeout=5)['version'] == '1.0'


def test_1_1_site_gets_a_notice(transport, site_server):
    agent = conftest.Recorder()
    site_server(endpoints.SiteEndpoint(agent, 'site-a'), 'site-a')
    notice = samples.business_data('notice')
    site_api.SiteAPI(transport).push({}, 'site-a', notice)
    assert agent.wait(1) == [('push', notice)]


def test_uncapped_client_to_a_1_0_site(transport, site_server, caplog):
    """Without a cap, 1.0 messages still work; a notice is not handled."""
    agent = conftest.Recorder()
    site_server(endpoints.SiteEndpoint(agent, 'site-a', version='1.0'),
                'site-a')
    api = site_api.SiteAPI(transport)
    api.push({}, 'site-a', samples.business_data('notice'))  # sent as 1.1
    conftest.wait_for_log(caplog, 'Exception during message handling')
    api.push({}, 'site-a', samples.business_data('template'))
    calls = agent.wait(1)
    assert [call[1]['kind'] for call in calls] == ['template']


# Site -> central.

def test_client_capped_at_1_0_to_a_1_1_central(transport, central_server):
    engine = conftest.Recorder(reply=samples.request_reply('template'))
    central_server(endpoints.CentralEndpoint(engine))
    api = central_api.CentralAPI(transport, version_cap='1.0')
    api.report({}, samples.report())
    report = engine.wait(1)[0][1]
    assert 'templates' not in report and report['seq'] == 7
    assert api.request({}, 'site-a', 'template', timeout=5)['kind'] == \
        'template'
    with pytest.raises(exception.PeerTooOld):
        api.request({}, 'site-a', 'notice')


def test_1_1_client_capped_at_1_0_to_a_1_0_central(
        transport, central_server):
    engine = conftest.Recorder(reply=samples.request_reply('commands'))
    central_server(endpoints.CentralEndpoint(engine, version='1.0'))
    api = central_api.CentralAPI(transport, version_cap='1.0')
    api.report({}, samples.report())
    api.progress({}, samples.new_id(), 'running')
    api.alarm({}, samples.alarm())
    calls = engine.wait(3)
    assert sorted(call[0] for call in calls) == ['alarm', 'progress',
                                                 'report']
    report = [call[1] for call in calls if call[0] == 'report'][0]
    assert 'templates' not in report
    reply = api.request({}, 'site-a', 'commands', timeout=5)
    assert reply['items'][0]['action'] == 'create'


def test_1_1_central_gets_templates(transport, central_server):
    engine = conftest.Recorder()
    central_server(endpoints.CentralEndpoint(engine))
    report = samples.report()
    central_api.CentralAPI(transport).report({}, report)
    assert engine.wait(1) == [('report', report)]


def test_uncapped_request_to_a_1_0_central(transport, central_server):
    engine = conftest.Recorder(reply=samples.request_reply('bundle'))
    central_server(endpoints.CentralEndpoint(engine, version='1.0'))
    api = central_api.CentralAPI(transport)
    assert api.request({}, 'site-a', 'bundle', timeout=5)['more'] is False
    with pytest.raises(exception.PeerTooOld) as info:
        api.request({}, 'site-a', 'notice', timeout=5)
    assert 'the peer answered that it does not support it' in \
        str(info.value)
    assert len(engine.calls) == 1


def test_1_0_central_rejects_what_1_0_does_not_define(transport,
                                                      central_server,
                                                      caplog):
    """A sender that labels a 1.1 payload 1.0 is rejected with a reason."""
    engine = conftest.Recorder()
    central_server(endpoints.CentralEndpoint(engine, version='1.0'))
    client = rpc.get_rpc_client(transport, topics.CENTRAL_TOPIC)
    client.prepare(version='1.0').cast({}, 'report',
                                       report=samples.report())
    record = conftest.wait_for_log(caplog, 'Rejected report message')
    assert 'report.templates is not an allowed field' in \
        record.getMessage()
    assert engine.calls == []


def test_a_1_0_sender_is_understood_by_1_1(transport, central_server):
    engine = conftest.Recorder()
    central_server(endpoints.CentralEndpoint(engine))
    client = rpc.get_rpc_client(transport, topics.CENTRAL_TOPIC)
    report = samples.report(templates=False)
    client.prepare(version='1.0').cast({}, 'report', report=report)
    assert engine.wait(1) == [('report', report)]


def test_oslo_refuses_to_send_above_the_cap(transport):
    client = rpc.get_rpc_client(transport, topics.CENTRAL_TOPIC,
                                version_cap='1.0')
    with pytest.raises(messaging.RPCVersionCapError):
        client.prepare(version='1.1').cast({}, 'report', report={})
