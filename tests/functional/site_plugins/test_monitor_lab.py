"""The monitor in the lab's real SiteA: its host table matches Placement."""

from central_cloud.protocol import validation
from site_plugins import monitors
from site_plugins.monitors import usage

PLACEMENT = '1.14'
TRIES = 5


def _placement(conn, path):
    return conn.placement.get(path, microversion=PLACEMENT).json()


def _direct(conn):
    """{host: {rc: (total, reserved, ratio, used)}} read from Placement."""
    found = {}
    for rp in _placement(conn, '/resource_providers')['resource_providers']:
        base = '/resource_providers/%s' % rp['uuid']
        inventories = _placement(conn, base + '/inventories')['inventories']
        usages = _placement(conn, base + '/usages')['usages']
        found[rp['name']] = {
            rc: (inv['total'], inv['reserved'], inv['allocation_ratio'],
                 usages.get(rc, 0))
            for rc, inv in inventories.items()}
    return found


def _reported(hosts):
    return {h['name']: {rc: (r['total'], r['reserved'],
                             r['allocation_ratio'], r['used'])
                        for rc, r in h['resources'].items()}
            for h in hosts}


def test_host_usage_matches_placement(backend, agent_conf, site_conn,
                                      commands):
    # One desktop, so that usage is not all zeros.
    state, result = commands.run(commands.create())
    assert state == 'succeeded', result
    [hosts_monitor] = monitors.load(['hosts'], backend, agent_conf,
                                    agent_conf.site.name)
    for _try in range(TRIES):
        before = _direct(site_conn)
        observation = hosts_monitor.collect()
        if before == _direct(site_conn):  # nobody else booted meanwhile
            break
    hosts = observation.sections['hosts']
    assert _reported(hosts) == before
    services = sorted(s.host for s in site_conn.compute.services(
        binary='nova-compute'))
    assert [h['name'] for h in hosts] == services
    assert all(h['state'] == 'up' for h in hosts)
    used = sum(h['resources']['VCPU']['used'] for h in hosts)
    assert used >= 1
    assert usage.site_usage(hosts, 'VCPU') > 0


def test_a_full_report_of_the_site(backend, agent_conf, tiny_image):
    loaded = monitors.load(['hosts', 'templates'], backend, agent_conf,
                           agent_conf.site.name)
    report = {'site': agent_conf.site.name, 'seq': 1,
              'sent_at': '2024-05-01T12:00:00Z', 'interval': 60}
    for monitor in loaded:
        report.update(monitor.collect().sections)
    validation.validate('monitoring_report', report)
    assert len(report['hosts']) >= 1
