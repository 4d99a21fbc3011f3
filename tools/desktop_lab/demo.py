"""The demo: desktops created from central at two sites, then monitoring.

Everything at central goes through the ``openstack desktop ...`` commands
of the lab's virtualenv, each printed before it runs; their ``--wait``
progress shows on stderr. The demo also boots one server straight into a
site's Nova, so the time from "create" at central to ACTIVE can be read
against a direct boot, and times a trivial command, which is what the
CLI itself adds to each of those figures.
"""

import json
import os
import shlex
import subprocess
import time

from desktop_lab import catalog
from desktop_lab.errors import LabError
from desktop_lab import federation
from desktop_lab import images
from desktop_lab import lifecycle

WAIT = 300
CLOUD = 'desktop-lab'
FLAVOR = 'desktop.small'
MONITOR_COLUMNS = ('name', 'availability', 'seq', 'hosts', 'VCPU',
                   'MEMORY_MB', 'instances', 'templates')


class OpenStack(object):
    """``openstack desktop ...`` as the lab's admin, at central."""

    def __init__(self, lay):
        self.binary = lay.bin('openstack')
        self.region = lay.regions[0]['name']
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith('OS_')}
        self.env['OS_CLIENT_CONFIG_FILE'] = os.path.join(lay.dir,
                                                         'clouds.yaml')

    def run(self, *args, capture=True, check=True, progress=False):
        """Run one command; its stdout unless it was shown (capture off).

        With ``progress``, stderr (where ``--wait`` reports) is shown
        even when stdout is captured.
        """
        argv = ['openstack', 'desktop'] + list(args)
        print('$ %s' % ' '.join(shlex.quote(a) for a in argv), flush=True)
        pipe = subprocess.PIPE
        proc = subprocess.run(
            [self.binary, '--os-cloud', CLOUD, '--os-region-name',
             self.region, 'desktop'] + list(args),
            env=self.env, text=True, timeout=WAIT + 60,
            stdout=pipe if capture else None,
            stderr=pipe if capture and not progress else None)
        if check and proc.returncode != 0:
            detail = (proc.stderr or '').strip().splitlines()
            raise LabError('"%s" failed with exit code %d%s' % (
                ' '.join(argv[:4]), proc.returncode,
                ': %s' % detail[-1] if detail else ' (see above)'))
        return proc


def _direct_boot(lay, region):
    conn = catalog.admin_connection(lay, region)
    image = images.ensure_tiny_image(conn)
    flavor = conn.compute.find_flavor(FLAVOR, ignore_missing=False)
    t = time.monotonic()
    server = conn.compute.create_server(
        name='lab-direct-boot', image_id=image.id, flavor_id=flavor.id,
        networks='none')
    server = conn.compute.wait_for_server(server, wait=WAIT)
    took = time.monotonic() - t
    conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=WAIT)
    return took


def _ensure_template(cli):
    proc = cli.run('template', 'create', lifecycle.DEMO_TEMPLATE,
                   '--operating-system', 'lab', '-f', 'value', '-c',
                   'type_name', check=False)
    if proc.returncode != 0 and '(HTTP 409)' not in proc.stderr:
        raise LabError('central refused the template: %s'
                       % proc.stderr.strip())


def _create(cli, site, count):
    """Create desktops with --wait; their ids and the seconds it took."""
    t = time.monotonic()
    proc = cli.run('server', 'create', '--home-site', site, '--template',
                   lifecycle.DEMO_TEMPLATE, '--flavor', FLAVOR, '--count',
                   str(count), '--name', 'demo-%s' % site.lower(),
                   '--owner', 'demo', '--wait', '--wait-timeout', str(WAIT),
                   '-f', 'json', check=False, progress=True)
    took = time.monotonic() - t
    try:
        ids = [d['id'] for d in json.loads(proc.stdout)]
    except ValueError:
        ids = []
    if proc.returncode != 0:
        _delete(cli, ids)
        raise LabError('the desktops at %s were not created; the progress '
                       'above says why' % site)
    return ids, took


def _delete(cli, ids):
    if ids:
        cli.run('server', 'delete', *ids, '--wait', '--wait-timeout',
                str(WAIT), '-f', 'value', '-c', 'id', '-c', 'state',
                capture=False)


def run(lay):
    sites = [r['name'] for r in lay.regions if not r['shared_pool']][:2]
    cli = OpenStack(lay)
    _ensure_template(cli)
    direct = _direct_boot(lay, sites[0])
    print('[demo] direct openstacksdk boot in %s: ACTIVE in %.1f s'
          % (sites[0], direct))
    t = time.monotonic()
    cli.run('site', 'list')
    overhead = time.monotonic() - t
    print('[demo] one trivial openstack desktop command: %.1f s (what the '
          'CLI adds to each figure below)' % overhead)
    created = []
    try:
        for site in sites:
            ids, took = _create(cli, site, 2)
            created += ids
            print('[demo] 2 desktops created from central at %s: ACTIVE in '
                  '%.1f s with the CLI, %.1f s without its start-up (%s)'
                  % (site, took, max(0.0, took - overhead), ', '.join(ids)))
        # Let every site send a report that shows the new desktops.
        time.sleep(federation.REPORT_INTERVAL + 2)
        columns = []
        for column in MONITOR_COLUMNS:
            columns += ['-c', column]
        cli.run('monitor', 'list', *columns, capture=False)
        cli.run('monitor', 'show', sites[0], capture=False)
    finally:
        _delete(cli, created)
    print('\n[demo] the demo desktops are deleted again')
    return 0
