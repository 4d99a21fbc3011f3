"""The lab fixture: real Keystone, Glance, Placement, Neutron and Nova.

The first functional test brings the lab up with ``tools/lab up`` (which
reuses whatever already runs). Set ``DESKTOP_LAB_REUSE=1`` to require a
running lab instead: the session then fails at once if it is not up.
"""

import json
import os
import subprocess
import time

from keystoneauth1 import adapter
import openstack
import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
LAB = os.path.join(ROOT, 'tools', 'lab')


class LabHandle:
    """What a test needs to reach the lab."""

    def __init__(self, state):
        self.state = state
        self.dir = state['lab_dir']
        self.regions = state['topology']['regions']
        self.clouds_yaml = os.path.join(self.dir, 'clouds.yaml')
        self._conns = {}

    @property
    def region_names(self):
        return [r['name'] for r in self.regions]

    @property
    def site_names(self):
        return [r['name'] for r in self.regions if not r['shared_pool']]

    def region(self, name):
        return next(r for r in self.regions if r['name'] == name)

    def log(self, service):
        return os.path.join(self.dir, 'logs', service + '.log')

    def connect(self, region, cloud='desktop-lab'):
        key = (region, cloud)
        if key not in self._conns:
            os.environ['OS_CLIENT_CONFIG_FILE'] = self.clouds_yaml
            self._conns[key] = openstack.connect(cloud=cloud,
                                                 region_name=region)
        return self._conns[key]

    def central(self, cloud='desktop-lab'):
        """central's REST API as the given lab user, template in place."""
        conn = self.connect(self.region_names[0], cloud=cloud)
        api = adapter.Adapter(session=conn.session,
                              service_type='desktop-federation',
                              interface='public',
                              region_name=self.region_names[0])
        if cloud == 'desktop-lab':
            resp = api.post('/v1/templates', raise_exc=False,
                            json={'type_name': 'office', 'os': 'lab'})
            assert resp.status_code in (201, 409), resp.text
        return api


def wait_for_room(api, site, count=1, flavor='desktop.small',
                  timeout=120):
    """Wait until central would place ``count`` desktops at ``site`` itself.

    Central places by the sites' latest reports, which follow a freed host
    by up to one report interval: a test that needs the home site asks
    central's placement explain (a dry run) first.
    """
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        resp = api.get('/v1/placement/explain', raise_exc=False, params={
            'home_site': site, 'template_type': 'office', 'flavor': flavor,
            'count': count, 'scope': 'local'})
        if resp.status_code == 200:
            last = resp.json()['explain']
            placed = sum(p['count'] for p in last['placements']
                         if p['site'] == site)
            if placed >= count:
                return
        time.sleep(2)
    pytest.fail('site %s has no room for %d %s within %d s: %s'
                % (site, count, flavor, timeout, last))


def _lab_dir():
    return os.environ.get('DESKTOP_LAB_DIR') or os.path.join(ROOT, '.lab')


def _status_ok():
    return subprocess.run([LAB, 'status'], stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL).returncode == 0


@pytest.fixture(scope='session')
def lab():
    if os.environ.get('DESKTOP_LAB_REUSE') == '1':
        if not _status_ok():
            pytest.fail('DESKTOP_LAB_REUSE=1 but the lab is not running; '
                        'start it with "tools/lab up"')
    else:
        subprocess.run([LAB, 'up'], check=True)
    with open(os.path.join(_lab_dir(), 'state.json')) as f:
        state = json.load(f)
    assert state.get('status') == 'up', state.get('status')
    return LabHandle(state)
