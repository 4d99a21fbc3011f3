"""The executor against a fake openstacksdk connection: idempotency and
the mapping of Nova's faults to failed results."""

import threading
import uuid

from keystoneauth1 import exceptions as ks_exceptions
import pytest

from central_cloud.protocol import validation
from site_plugins.executor import executor
from site_plugins.executor import results
from site_plugins.executor import waiter
from tests.unit.site_plugins import conftest
from tests.unit.site_plugins import fakes


def command(action, **params):
    return {'id': str(uuid.uuid4()), 'action': action, 'site': conftest.SITE,
            'created_at': '2024-05-01T12:00:00Z', 'params': params}


def create_command(**params):
    defaults = {'name': 'desk', 'flavor': 'desktop.small',
                'template_type': 'office'}
    return command('create', **dict(defaults, **params))


@pytest.fixture
def run(backend, conf):
    engine = executor.Executor(backend, conf, conftest.SITE)

    def run(cmd):
        validation.validate('command', cmd)
        state, result = engine.run(cmd)
        validation.validate('progress', {'command_id': cmd['id'],
                                         'state': state, 'result': result})
        return state, result
    return run


def test_create_tags_the_server_with_the_command(run, cloud):
    cmd = create_command(metadata={'owner': 'alice'},
                         scheduler_hints={'desktop_origin_site': 'site-b'})
    state, result = run(cmd)
    assert state == 'succeeded'
    [server] = cloud.servers.values()
    assert result['server_id'] == server.id
    assert result['server_ids'] == [server.id]
    assert server.status == 'ACTIVE'
    assert server.metadata == {'owner': 'alice',
                               'desktop_command_id': cmd['id'],
                               'desktop_command_index': '1',
                               'desktop_template_type': 'office'}
    assert server.tags == ['desktop-cmd-' + cmd['id']]
    attrs = server.attrs
    assert attrs['networks'] == 'none'
    # Central's hints, plus the template type for the scheduler's weigher.
    assert attrs['scheduler_hints'] == {'desktop_origin_site': 'site-b',
                                        'desktop_template_type': 'office'}
    # The newest active image of the type; version 3 is still queued.
    office_2 = [i for i in cloud.images if i.name == 'office-2'][0]
    assert attrs['image_id'] == office_2.id


def test_create_always_hints_the_template_type(run, cloud):
    state, _ = run(create_command(template_type='office'))
    assert state == 'succeeded'
    [server] = cloud.servers.values()
    assert server.attrs['scheduler_hints'] == {
        'desktop_template_type': 'office'}


def test_the_same_create_twice_makes_one_server(run, cloud):
    cmd = create_command()
    first = run(cmd)
    second = run(cmd)
    assert len(cloud.servers) == 1
    assert first == second
    assert cloud.action_calls().count('create_server') == 1


def test_a_rerun_creates_only_the_missing_servers(run, cloud):
    cmd = create_command(count=3)
    cloud.quota_instances = 2
    state, result = run(cmd)
    assert state == 'failed'
    assert result['message'].startswith('Nova refused server desk-3: Quota '
                                        'exceeded for instances')
    assert result['fault']['code'] == 403
    assert len(result['server_ids']) == 2
    cloud.quota_instances = 10
    state, result = run(cmd)
    assert state == 'succeeded'
    assert len(result['server_ids']) == 3
    assert sorted(s.name for s in cloud.servers.values()) == [
        'desk-1', 'desk-2', 'desk-3']
    # Two made, one refused, then only the third asked for again.
    assert cloud.action_calls().count('create_server') == 4


def test_no_valid_host_carries_novas_message(run, cloud):
    cloud.no_valid_host = True
    state, result = run(create_command())
    assert state == 'failed'
    [server] = cloud.servers.values()
    assert result['message'] == 'Server desk (%s) went to ERROR: %s' % (
        server.id, fakes.NO_VALID_HOST)
    assert result['fault'] == {'code': 500, 'message': fakes.NO_VALID_HOST,
                               'details': 'Traceback: NoValidHost'}
    assert result['server_ids'] == [server.id]


@pytest.mark.parametrize('params, reason', [
    ({'flavor': 'huge'}, "Flavor 'huge' does not exist at site site-a"),
    ({'template_type': 'cad'},
     "No template of type 'cad' at site site-a (no active image with "
     "desktop_template_type=cad)"),
    ({'image': '5c6a6a1e-4a39-4c4c-a0a4-64a4fe1c0b8d'},
     'Image 5c6a6a1e-4a39-4c4c-a0a4-64a4fe1c0b8d does not exist at site '
     'site-a'),
])
def test_unknown_flavor_or_template_fails_clearly(run, cloud, params,
                                                  reason):
    state, result = run(create_command(**params))
    assert (state, result) == ('failed', {'message': reason})
    assert cloud.servers == {}


def test_image_by_id_and_the_desktop_network(run, cloud, conf):
    conf.set_override('desktop_network', 'desktops', group='executor')
    tiny = cloud.images[0]
    state, _result = run(create_command(image=tiny.id))
    assert state == 'succeeded'
    [server] = cloud.servers.values()
    assert server.attrs['image_id'] == tiny.id
    assert server.attrs['networks'] == [{'uuid': cloud.networks[0].id}]
    conf.set_override('desktop_network', 'nowhere', group='executor')
    state, result = run(create_command())
    assert result['message'] == ("Network 'nowhere' ([executor] "
                                 "desktop_network) does not exist at site "
                                 "site-a")


def _server(run, cloud):
    run(create_command())
    return list(cloud.servers.values())[-1]


@pytest.mark.parametrize('action, status', [
    ('stop', 'SHUTOFF'), ('suspend', 'SUSPENDED')])
def test_server_actions_wait_for_the_final_state(run, cloud, action,
                                                 status):
    server = _server(run, cloud)
    state, result = run(command(action, server_id=server.id))
    assert state == 'succeeded'
    assert result == {'message': 'Server %s is %s' % (server.id, status),
                      'server_id': server.id, 'server_ids': [server.id]}
    assert server.status == status and server.task_state is None


def test_full_lifecycle(run, cloud):
    server = _server(run, cloud)
    for action, status in (('stop', 'SHUTOFF'), ('start', 'ACTIVE'),
                           ('suspend', 'SUSPENDED'), ('resume', 'ACTIVE')):
        assert run(command(action, server_id=server.id))[0] == 'succeeded'
        assert server.status == status
    state, result = run(command('delete', server_id=server.id))
    assert state == 'succeeded'
    assert result['message'] == 'Server %s deleted' % server.id
    assert cloud.servers == {}


def test_actions_are_idempotent(run, cloud):
    server = _server(run, cloud)
    stop = command('stop', server_id=server.id)
    run(stop)
    calls = len(cloud.calls)
    state, result = run(stop)
    assert state == 'succeeded'
    assert result['message'] == 'Server %s was already SHUTOFF' % server.id
    assert len(cloud.calls) == calls  # nothing asked of Nova
    delete = command('delete', server_id=server.id)
    run(delete)
    state, result = run(delete)
    assert (state, result['message']) == (
        'succeeded', 'Server %s was already deleted' % server.id)


def test_action_on_a_missing_server_fails(run):
    missing = str(uuid.uuid4())
    state, result = run(command('stop', server_id=missing))
    assert (state, result) == ('failed', {
        'message': 'Server %s does not exist at site site-a' % missing})


def test_novas_conflict_is_the_reason(run, cloud):
    server = _server(run, cloud)
    run(command('stop', server_id=server.id))
    state, result = run(command('suspend', server_id=server.id))
    assert state == 'failed'
    assert result['message'] == (
        "Nova refused to suspend server %s: Cannot 'suspend' instance %s "
        "while it is in vm_state shutoff" % (server.id, server.id))
    assert result['fault']['code'] == 409


def test_a_busy_server_is_waited_for(run, cloud):
    server = _server(run, cloud)
    server.task_state, server.pending = 'powering-off', 'SHUTOFF'
    state, _result = run(command('stop', server_id=server.id))
    assert state == 'succeeded'
    assert server.status == 'SHUTOFF'


def test_an_unreachable_nova_is_asked_again_while_waiting(run, cloud):
    server = _server(run, cloud)
    cloud.unreachable = 1
    state, result = run(command('stop', server_id=server.id))
    # The first look, before asking Nova, fails the command with why.
    assert (state, result['message']) == (
        'failed', 'The site cloud failed: Unable to establish connection')
    original = cloud.compute.get_server
    looks = []

    def flaky(server_id):
        looks.append(server_id)
        if len(looks) in (2, 3):  # while waiting for SHUTOFF
            raise ks_exceptions.ConnectFailure('connection refused')
        return original(server_id)
    cloud.compute.get_server = flaky
    assert run(command('stop', server_id=server.id))[0] == 'succeeded'
    assert len(looks) == 4 and server.status == 'SHUTOFF'


def test_timeout_says_where_the_server_is(backend, cloud, run):
    server = _server(run, cloud)
    server.task_state = 'powering-off'
    cloud.advance = lambda s: None  # Nova never finishes
    clock = iter(range(0, 1000, 5))
    with pytest.raises(results.CommandFailed) as info:
        waiter.wait_for(backend, server.id, 'SHUTOFF', 10, 0,
                        clock=lambda: next(clock))
    assert str(info.value) == (
        'Server %s did not reach SHUTOFF within 10 s: it is ACTIVE (task '
        'powering-off)' % server.id)
    assert info.value.server_ids == [server.id]


def test_stopping_interrupts_a_wait(backend, conf, cloud):
    stopping = threading.Event()
    engine = executor.Executor(backend, conf, conftest.SITE,
                               stopping=stopping)
    cloud.advance = lambda s: None  # Nova never finishes
    stopping.set()
    with pytest.raises(results.Interrupted):
        engine.run(create_command())


def test_configure_sets_mutable_options(backend, conf):
    applied = []
    engine = executor.Executor(backend, conf, conftest.SITE,
                               on_configure=applied.append)
    state, result = engine.run(command('configure', options={
        'report_interval': 30, 'alarms.vcpu_usage': 0.5}))
    assert state == 'succeeded'
    assert conf.monitor.report_interval == 30
    assert conf.alarms.vcpu_usage == 0.5
    assert applied == [{'monitor.report_interval': 30,
                        'alarms.vcpu_usage': 0.5}]
    state, result = engine.run(command('configure', options={
        'report_interval': 5, 'outbox.path': '/tmp/x'}))
    assert state == 'failed'
    assert result['message'].startswith(
        "Option 'outbox.path' cannot be changed at this site (it can "
        "change: alarms.disk_usage, alarms.memory_usage")
    assert conf.monitor.report_interval == 30  # nothing was set
    state, result = engine.run(command('configure', options={
        'report_interval': 0}))
    assert state == 'failed'
    assert 'monitor.report_interval' in result['message']
