"""tools/lab up, down and status."""

import concurrent.futures
import json
import os
import time

from desktop_lab.control import Lab
from desktop_lab.errors import LabError
from desktop_lab import layout as layout_mod
from desktop_lab import procs
from desktop_lab import state as state_mod


def database_names(lay):
    """Databases made empty up front; dbsync makes the regions' own."""
    return ['keystone', 'desktop_central', layout_mod.TEST_DATABASE]


def _parallel(jobs):
    """Run callables in threads; raise the first LabError."""
    with concurrent.futures.ThreadPoolExecutor(len(jobs)) as pool:
        futures = [pool.submit(job) for job in jobs]
        errors = [f.exception() for f in futures if f.exception()]
    if errors:
        raise errors[0]


def _infra(lab):
    from desktop_lab import postgres
    from desktop_lab import rabbit

    def pg():
        postgres.start(lab)
        postgres.ensure_databases(lab, database_names(lab.layout))

    def coordination():
        from desktop_lab import etcd
        etcd.start(lab)

    def mq():
        rabbit.start_epmd(lab)
        _parallel([lambda: start_rabbit(lab, 'regions'),
                   lambda: start_rabbit(lab, 'wan')])
    _parallel([pg, mq, coordination])


def start_rabbit(lab, node):
    """Start one RabbitMQ node with its vhosts: the regions' or the WAN's."""
    from desktop_lab import rabbit
    vhosts = ([r['name'].lower() for r in lab.layout.regions]
              if node == 'regions' else ['/'])
    rabbit.start_node(lab, node, vhosts)


def _region(lab, reg):
    from desktop_lab import glance
    from desktop_lab import neutron
    from desktop_lab import nova
    from desktop_lab import placement
    waiters = [glance.start(lab, reg['name']),
               neutron.start(lab, reg['name'])]
    placement_ready = placement.start(lab, reg['name'])
    waiters.append(nova.start(lab, reg, placement_ready))
    for wait in waiters:
        wait()


def _hosts(lab, reg):
    from desktop_lab import images
    from desktop_lab import regions
    lay = lab.layout
    conn = regions.wait_for_hosts(lab, reg)
    # nova-scheduler maps new hosts every few seconds
    # ([scheduler] discover_hosts_in_cells_interval).
    regions.wait_for_hypervisors(conn, reg)
    regions.wait_for_scheduler(lay, reg)
    regions.ensure_flavors(conn)
    images.ensure_template_image(conn, DEMO_TEMPLATE)


DEMO_TEMPLATE = 'office'


def _check_same_topology(lay):
    old = state_mod.load(lay.dir)
    if not old or not old.get('services'):
        return
    running = [n for n, s in old['services'].items()
               if procs.alive(procs.read_pid(lay.pidfile(n)) or s['pid'])]
    if running and old.get('topology') != lay.topology:
        raise LabError('a lab with another topology is running here; run '
                       '"tools/lab down" first')


def preflight(lay):
    """Fail before starting anything if a lab port is taken by a stranger."""
    st = state_mod.load(lay.dir) or {}
    ours = {name for name, svc in st.get('services', {}).items()
            if procs.alive(procs.read_pid(lay.pidfile(name)) or svc['pid'])}
    for port, name in lay.all_ports():
        if name not in ours and procs.port_in_use(port):
            raise LabError('port %d for %s is already in use by another '
                           'process; stop it or set another base_port in '
                           'the topology' % (port, name))


def up(lay):
    from desktop_lab import catalog
    from desktop_lab import dbsync
    from desktop_lab import federation
    from desktop_lab import horizon
    from desktop_lab import keystone
    from desktop_lab import nova
    _check_same_topology(lay)
    preflight(lay)
    for path in (lay.logs, lay.run, lay.etc, lay.data):
        os.makedirs(path, exist_ok=True)
    lab = Lab(lay)
    lab.state['status'] = 'starting'
    lab.save()
    try:
        t = time.monotonic()
        _infra(lab)
        lab.phase_done('postgresql + rabbitmq', t)
        t = time.monotonic()

        def identity():
            keystone.start(lab)
            key = json.dumps([catalog.VERSION, lay.topology],
                             sort_keys=True)
            if lab.state.get('catalog') != key:
                catalog.ensure(lay)
                lab.state['catalog'] = key
        _parallel([identity, lambda: dbsync.ensure(lab)])
        lab.phase_done('keystone, catalog, databases', t)
        t = time.monotonic()
        nova.install_driver(lay)
        _parallel([lambda r=r: _region(lab, r) for r in lay.regions])
        lab.phase_done('regions (%d)' % len(lay.regions), t)
        t = time.monotonic()
        _parallel([lambda r=r: _hosts(lab, r) for r in lay.regions])
        lab.phase_done('compute hosts', t)
        t = time.monotonic()
        federation.start_central(lab)
        federation.start_agents(lab)
        lab.phase_done('desktop-federation', t)
        t = time.monotonic()
        horizon.start(lab)
        lab.phase_done('horizon', t)
    except BaseException:
        lab.state['status'] = 'failed'
        lab.save()
        raise
    lab.state['status'] = 'up'
    lab.save()
    _summary(lab)
    return lab


def total_seconds():
    t0 = os.environ.get('DESKTOP_LAB_T0_MS')
    return (time.time() * 1000 - int(t0)) / 1000 if t0 else None


def memory_mib(lab_state, lay):
    pids = [procs.read_pid(lay.pidfile(n)) or s['pid']
            for n, s in lab_state.get('services', {}).items()]
    return sum(procs.pss_kib(p) for p in procs.descendants(pids)) / 1024


def _summary(lab):
    lay = lab.layout
    total = total_seconds()
    if total is not None:
        lab.state['phases']['total'] = round(total, 1)
        print('[lab] %-30s %6.1f s' % ('total', total))
    mem = memory_mib(lab.state, lay)
    lab.state['memory_pss_mib'] = round(mem)
    lab.save()
    print('[lab] up: %d regions (%s), %d services, %.0f MiB PSS'
          % (len(lay.regions), ', '.join(r['name'] for r in lay.regions),
             len(lab.state['services']), mem))
    # The password stays out of the output (often kept as a log): it is
    # in clouds.yaml, which "tools/lab env" prints.
    print('[lab] Keystone %s, user admin (password: tools/lab env)'
          % lay.keystone_url)
    print('[lab] Horizon http://%s:%d/ (user admin)'
          % (layout_mod.HOST, lay.horizon_port))
    print('[lab] use it: eval "$(tools/lab env --shell)"; '
          'openstack --os-cloud desktop-lab --os-region-name %s server list'
          % lay.regions[-1]['name'])


def down(lay_dir):
    st = state_mod.load(lay_dir)
    if not st or not st.get('services'):
        print('[lab] the lab is not running; nothing to stop')
        return 0
    lay = layout_mod.Layout(lay_dir, st['topology'])
    lab = Lab(lay)
    stopped = lab.stop_all()
    lab.state['status'] = 'down'
    lab.save()
    if not stopped:
        print('[lab] the lab was not running; its records are cleared')
    else:
        print('[lab] down: %d services stopped' % stopped)
    return 0


def status(lay_dir):
    st = state_mod.load(lay_dir)
    if not st or not st.get('services'):
        print('[lab] the lab is not running')
        return 3
    lay = layout_mod.Layout(lay_dir, st['topology'])
    running = 0
    print('%-30s %-8s %-8s %s' % ('SERVICE', 'STATE', 'PID', 'PORT'))
    for name, svc in sorted(st['services'].items()):
        pid = procs.read_pid(lay.pidfile(name)) or svc['pid']
        ok = procs.alive(pid)
        running += ok
        print('%-30s %-8s %-8d %s' % (name, 'running' if ok else 'DEAD',
                                      pid, svc.get('port') or ''))
    total = len(st['services'])
    print('[lab] %s: %d of %d services running, %.0f MiB PSS'
          % (st.get('status'), running, total, memory_mib(st, lay)))
    return 0 if running == total else 1
