"""The whole agent over an in-memory bus, with a fake cloud and central."""

import copy
import uuid

import pytest

from central_cloud.protocol import endpoints
from central_cloud.protocol import rpc
from central_cloud.protocol import site_api
from central_cloud.protocol import topics
from site_plugins.backends import sdk
from site_plugins import service
from tests.unit.protocol import samples
from tests.unit.site_plugins import conftest
from tests.unit.site_plugins import test_courier


@pytest.fixture
def central(transport):
    manager = test_courier.FakeCentral()
    server = rpc.get_rpc_server(transport, topics.CENTRAL_TOPIC,
                                [endpoints.CentralEndpoint(manager)],
                                server='engine-1')
    server.start()
    yield manager
    server.stop()
    server.wait()


@pytest.fixture
def agent(conf, cloud, transport, central):
    site = service.SiteAgent(conf, backend=sdk.OpenStackSDKBackend(
        conf, connection=cloud), transport=transport)
    site.prepare()
    site.start()
    yield site
    site.stop()


def _create(name='desk'):
    command = samples.create_command(conftest.SITE)
    command['params'].update(name=name, flavor='desktop.small',
                             template_type='office')
    for key in ('image', 'network', 'scheduler_hints'):
        del command['params'][key]
    command['params']['count'] = 1
    return command


def _progress(central, command_id):
    return [(item['payload']['state'], item['payload']['result'])
            for item in central.stored if item['kind'] == 'progress' and
            item['payload']['command_id'] == command_id]


def _final(central, command_id):
    assert test_courier._wait(
        lambda: len(_progress(central, command_id)) >= 2)
    return _progress(central, command_id)[-1]


def test_a_command_from_central_runs_and_its_result_comes_back(
        agent, central, cloud, transport):
    api = site_api.SiteAPI(transport)
    assert api.ping({}, conftest.SITE, timeout=5)['site'] == conftest.SITE
    command = _create()
    api.execute({}, conftest.SITE, command)
    state, result = _final(central, command['id'])
    assert state == 'succeeded'
    [server] = cloud.servers.values()
    assert result['server_id'] == server.id
    assert server.metadata['desktop_command_id'] == command['id']
    # A report went out too, and the outbox is empty once acked.
    assert test_courier._wait(lambda: len(agent.outbox) == 0)
    assert any(item['kind'] == 'report' for item in central.stored)


def test_a_schema_breaking_command_fails_with_the_reason(
        agent, central, cloud, transport):
    bad = _create()
    bad['params']['flavor'] = ''
    rpc.get_rpc_client(transport, topics.SITE_TOPIC).prepare(
        server=conftest.SITE, version='1.0').cast({}, 'execute', command=bad)
    assert test_courier._wait(lambda: _progress(central, bad['id']))
    [(state, result)] = _progress(central, bad['id'])
    assert state == 'failed'
    assert result['message'] == (
        "Invalid 'execute' message: command.params.flavor must be at least "
        "1 characters long (got 0)")
    assert cloud.servers == {}
    # The agent keeps serving.
    good = _create('after')
    site_api.SiteAPI(transport).execute({}, conftest.SITE, good)
    assert _final(central, good['id'])[0] == 'succeeded'


def test_an_unknown_flavor_fails_clearly(agent, central, transport):
    command = _create()
    command['params']['flavor'] = 'desktop.huge'
    site_api.SiteAPI(transport).execute({}, conftest.SITE, command)
    state, result = _final(central, command['id'])
    assert (state, result) == ('failed', {
        'message': "Flavor 'desktop.huge' does not exist at site site-a"})
    alarms = [item['payload']['alarm'] for item in central.stored
              if item['kind'] == 'alarm']
    assert [a['kind'] for a in alarms] == ['command_failed']


def test_the_same_command_twice_makes_one_server(agent, central, cloud,
                                                 transport):
    api = site_api.SiteAPI(transport)
    command = _create()
    api.execute({}, conftest.SITE, command)
    _final(central, command['id'])
    api.execute({}, conftest.SITE, copy.deepcopy(command))
    assert test_courier._wait(
        lambda: len(_progress(central, command['id'])) == 3)
    assert len(cloud.servers) == 1


def test_a_command_for_another_site_is_refused(agent, central, transport):
    command = _create()
    command['site'] = 'site-b'
    rpc.get_rpc_client(transport, topics.SITE_TOPIC).prepare(
        server=conftest.SITE, version='1.0').cast({}, 'execute',
                                                  command=command)
    assert test_courier._wait(lambda: _progress(central, command['id']))
    [(state, result)] = _progress(central, command['id'])
    assert (state, result['message']) == (
        'failed', 'Command %s is for site site-b but reached site site-a'
        % command['id'])


def test_resync_at_start_runs_the_open_commands(conf, cloud, transport,
                                                central):
    command = _create('from-resync')
    central.commands = [command]
    site = service.SiteAgent(conf, backend=sdk.OpenStackSDKBackend(
        conf, connection=cloud), transport=transport)
    site.prepare()
    site.start()
    try:
        assert _final(central, command['id'])[0] == 'succeeded'
        assert test_courier._wait(lambda: len(central.requests) == 7)
        kinds = [kind for kind, _since in central.requests]
        assert kinds == ['commands', 'template', 'bundle', 'app_data',
                         'system_info', 'user_info', 'notice']
    finally:
        site.stop()


def test_business_data_pushed_by_central_is_kept(agent, transport):
    data = samples.business_data('bundle')
    site_api.SiteAPI(transport).push({}, conftest.SITE, data)
    assert test_courier._wait(
        lambda: agent.records.business_data('bundle'))
    assert agent.records.business_data('bundle')[0]['id'] == data['id']


def test_configure_is_kept_across_restarts(conf, cloud, transport, central):
    def start():
        site = service.SiteAgent(conf, backend=sdk.OpenStackSDKBackend(
            conf, connection=cloud), transport=transport)
        site.prepare()
        site.start()
        return site
    site = start()
    command = {'id': str(uuid.uuid4()), 'action': 'configure',
               'site': conftest.SITE, 'created_at': samples.AT,
               'params': {'options': {'report_interval': 45}}}
    site_api.SiteAPI(transport).execute({}, conftest.SITE, command)
    assert _final(central, command['id'])[0] == 'succeeded'
    site.stop()
    conf.clear_override('report_interval', group='monitor')
    site = start()
    try:
        assert conf.monitor.report_interval == 45
    finally:
        site.stop()


def test_a_corrupted_outbox_is_reported_to_central(conf, cloud, transport,
                                                   central):
    with open(conf.outbox.path, 'wb') as bad:
        bad.write(b'\x00garbage' * 512)
    site = service.SiteAgent(conf, backend=sdk.OpenStackSDKBackend(
        conf, connection=cloud), transport=transport)
    site.prepare()
    site.start()
    try:
        assert test_courier._wait(lambda: any(
            item['kind'] == 'alarm' for item in central.stored))
    finally:
        site.stop()
    [alarm] = [item['payload']['alarm'] for item in central.stored
               if item['kind'] == 'alarm']
    assert alarm['kind'] == 'outbox_corrupted'
    assert alarm['severity'] == 'major'
    assert 'was corrupted (file is not a database) and moved to %s.corrupt-' \
        % conf.outbox.path in alarm['message']
    # Numbering went on above anything the lost file can have used.
    assert min(item['seq'] for item in central.stored) > 10 ** 12
