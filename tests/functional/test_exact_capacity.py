"""Central's view of a site is exact between its reports, on the lab.

A site is filled with desktops, they are deleted, and as soon as central
says every delete succeeded, as many desktops are asked for there with
scope ``local``: every one lands at the site, while central's latest
report of it still shows it full. The capacity the deletes freed counts
until a report reflects them (RPC API 1.5 ``reflects``).

The site's other free VCPUs are taken by pinned servers first, so other
tests' servers do not change how many desktops fit. If a report arrives
between the deletes and the placements (so it, not the freed capacity,
could explain them), the cycle runs again.
"""

import time

import pytest

from tests.functional import test_placement as placement

HOME = placement.HOME
WAIT = placement.WAIT
POLL = placement.POLL
PER_HOST = 2        # desktops of 1 VCPU that each host keeps room for
CYCLES = 3


def _latest(central, site):
    return central.get('/v1/monitoring/%s' % site).json()['site']


def _free(shown):
    """Free VCPUs per host in a latest report, as the site measured."""
    free = {}
    for host in (shown['body'] or {}).get('hosts', []):
        vcpu = host['resources']['VCPU']
        free[host['name']] = int((vcpu['total'] - vcpu['reserved'])
                                 * vcpu['allocation_ratio']) - vcpu['used']
    return free


def _wait_deleted(central, desktops, ids):
    """Until central says each delete command succeeded."""
    deadline = time.monotonic() + WAIT
    pending = set(ids)
    while pending:
        for desktop_id in sorted(pending):
            commands = desktops.commands(desktop_id, action='delete')
            states = {c['state'] for c in commands}
            if 'succeeded' in states:
                assert central.get('/v1/desktops/%s' % desktop_id,
                                   raise_exc=False).status_code == 404
                pending.discard(desktop_id)
            elif 'failed' in states:
                pytest.fail('delete of desktop %s failed: %s'
                            % (desktop_id, commands))
        if pending and time.monotonic() > deadline:
            pytest.fail('deletes of %s did not succeed within %d s'
                        % (sorted(pending), WAIT))
        if pending:
            time.sleep(POLL)


def _wait_placed(desktops, ids):
    """Until each desktop's create left ``pending``; returns them."""
    deadline = time.monotonic() + WAIT
    while True:
        commands = [desktops.commands(desktop_id) for desktop_id in ids]
        if all(c and c[-1]['state'] != 'pending' for c in commands):
            return commands
        if time.monotonic() > deadline:
            pytest.fail('creates not placed within %d s: %s'
                        % (WAIT, commands))
        time.sleep(POLL / 4)


def test_room_freed_by_deletes_is_used_before_the_next_report(
        lab, central, filler, desktops):
    conn = lab.connect(HOME)
    leave = {host: min(free, PER_HOST)
             for host, free in filler._free_vcpus(conn).items()}
    free = filler.fill(HOME, leave=leave)
    count = sum(free.values())
    assert count >= 2, 'site %s has no room to test with: %s' % (HOME, free)
    placement.wait_for_report(central, HOME, free)
    full = {host: 0 for host in free}
    for cycle in range(CYCLES):
        made = [desktops.create('exact-%d-%d' % (cycle, n), scope='local')
                for n in range(count)]
        for desktop in made:
            assert desktops.wait(desktop['id'])['site'] == HOME
        placement.wait_for_report(central, HOME, full)
        for desktop in made:
            resp = central.delete('/v1/desktops/%s' % desktop['id'])
            assert resp.status_code in (202, 204), resp.text
        _wait_deleted(central, desktops, [d['id'] for d in made])
        before = _latest(central, HOME)
        again = [desktops.create('exact-again-%d-%d' % (cycle, n),
                                 scope='local') for n in range(count)]
        commands = _wait_placed(desktops, [d['id'] for d in again])
        after = _latest(central, HOME)
        for desktop, created in zip(again, commands):
            assert created[-1]['state'] != 'failed', created
        for desktop in again:
            done = desktops.wait(desktop['id'])
            assert (done['site'], done['origin_site']) == (HOME, None), done
            server = conn.compute.get_server(done['server_uuid'])
            assert server.status == 'ACTIVE'
        if (before['report']['seq'] == after['report']['seq']
                and all(_free(before).get(h) == 0 for h in full)):
            # Placed while central's latest report showed the site full.
            assert placement.wait_for_report(central, HOME, full)
            return
        for desktop in again:
            central.delete('/v1/desktops/%s' % desktop['id'])
        _wait_deleted(central, desktops, [d['id'] for d in again])
    pytest.fail('a monitoring report of %s arrived between the deletes and '
                'the creates in each of %d cycles' % (HOME, CYCLES))
