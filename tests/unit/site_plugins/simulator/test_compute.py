"""The virtual compute, driven by the agent's own executor."""

import random
import uuid

import pytest

from site_plugins.backends import base
from site_plugins.executor import executor as executor_mod
from site_plugins.executor import results
from site_plugins.simulator import compute as compute_mod

FLAVORS = [{'id': 'small', 'name': 'small', 'vcpus': 2, 'ram': 2048,
            'disk': 20}]
HOSTS = [('cmp-1', 4, 4096, 100), ('cmp-2', 4, 4096, 100)]


def make(clock, **kwargs):
    return compute_mod.VirtualCompute(
        'sim-00001', HOSTS, FLAVORS, ['office'], clock=clock,
        rng=random.Random(1), **kwargs)


def create_command(count=1):
    return {'id': str(uuid.uuid4()), 'site': 'sim-00001',
            'action': 'create',
            'params': {'name': 'd', 'flavor': 'small', 'count': count,
                       'template_type': 'office'}}


def test_a_server_builds_for_the_latency_then_is_active(clock):
    compute = make(clock, latency=2.0)
    image = compute.images()[0]
    server = compute.create_server('d', 'small', image['id'], None, {}, {},
                                   ['t'])
    assert (server['status'], server['task_state']) == ('BUILD', 'spawning')
    clock.advance(1.9)
    assert compute.get_server(server['id'])['status'] == 'BUILD'
    clock.advance(0.2)
    seen = compute.get_server(server['id'])
    assert (seen['status'], seen['task_state']) == ('ACTIVE', None)


@pytest.mark.parametrize('action,before,after', [
    ('stop', 'ACTIVE', 'SHUTOFF'), ('suspend', 'ACTIVE', 'SUSPENDED')])
def test_actions_reach_their_state(clock, action, before, after):
    compute = make(clock, latency=1.0)
    server = compute.create_server('d', 'small', compute.images()[0]['id'],
                                   None, {}, {}, [])
    clock.advance(1)
    compute.server_action(server['id'], action)
    with pytest.raises(base.Conflict):  # busy with the task
        compute.server_action(server['id'], action)
    clock.advance(1)
    assert compute.get_server(server['id'])['status'] == after


def test_wrong_state_is_a_conflict_and_delete_frees_the_host(clock):
    compute = make(clock)
    server = compute.create_server('d', 'small', compute.images()[0]['id'],
                                   None, {}, {}, [])
    with pytest.raises(base.Conflict):
        compute.server_action(server['id'], 'resume')  # ACTIVE, not SUSPENDED
    used = {p['name']: p['usages']['VCPU']
            for p in compute.resource_providers()}
    assert sum(used.values()) == 2
    compute.server_action(server['id'], 'delete')
    assert compute.get_server(server['id']) is None
    assert all(p['usages']['VCPU'] == 0
               for p in compute.resource_providers())
    with pytest.raises(base.NotFound):
        compute.server_action(server['id'], 'stop')


def test_no_room_goes_to_error_with_novas_words(clock):
    compute = make(clock)
    image = compute.images()[0]['id']
    made = [compute.create_server('d', 'small', image, None, {}, {}, [])
            for _ in range(5)]  # 4 fit: two per host
    assert [s['status'] for s in made].count('ERROR') == 1
    assert 'No valid host' in made[-1]['fault']['message']


def test_a_failure_rate_of_one_fails_every_build_and_frees_its_room(clock):
    compute = make(clock, failure_rate=1.0)
    server = compute.create_server('d', 'small', compute.images()[0]['id'],
                                   None, {}, {}, [])
    seen = compute.get_server(server['id'])
    assert seen['status'] == 'ERROR' and seen['fault']['code'] == 500
    assert all(p['usages']['VCPU'] == 0
               for p in compute.resource_providers())


def test_the_agents_executor_creates_once_per_command_id(conf, clock):
    compute = make(clock)
    executor = executor_mod.Executor(
        compute, conf, 'sim-00001',
        templates=compute_mod.VirtualTemplates(compute))
    command = create_command(count=2)
    assert executor.run(command)[0] == results.SUCCEEDED
    assert executor.run(command)[0] == results.SUCCEEDED  # sent again
    counts = compute.server_counts()
    assert counts['servers'] == 2
    assert counts['by_command'] == {command['id']: 2}


def test_a_missing_template_is_made_for_a_create(conf, clock):
    compute = make(clock)
    executor = executor_mod.Executor(
        compute, conf, 'sim-00001',
        templates=compute_mod.VirtualTemplates(compute))
    command = create_command()
    command['params']['template_type'] = 'cad'
    assert executor.run(command)[0] == results.SUCCEEDED
    assert {t['type'] for t in compute.templates()} == {'office', 'cad'}


def test_churn_changes_the_share_of_hosts_asked(clock):
    compute = make(clock)
    before = [p['usages']['DISK_GB'] for p in compute.resource_providers()]
    assert compute.churn(0.5) == 1
    after = [p['usages']['DISK_GB'] for p in compute.resource_providers()]
    assert sum(a != b for a, b in zip(before, after)) == 1
    assert compute.churn(0.0) == 0
