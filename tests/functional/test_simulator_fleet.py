"""1,000 simulated sites against the lab's real central, bus and database.

``desktop-site-simulator`` registers 1,000 sites through central's REST
API, gets a broker user of its own on the lab's TLS-only WAN node and a
signing key per site from central's key store (as ``site credentials
create`` gives one site), and runs them in one process. The test then
proves, where the effects live:

* every site is registered and central has stored a report of each
  (``last_report_at`` and the latest report's ``seq`` via the API);
* with 750 of the sites killed (silent, so that central keeps up on a
  busy lab), a group of cut sites goes offline at central, comes back
  once restored, and central's report history of each has no gap in its
  ``seq`` across the cut and holds every report kept during the cut;
* desktops created at 100 simulated sites become active, and each
  command made exactly one server in its site's simulated compute
  (counted through the simulator's control interface).

Isolation from the other tests: the sites have a name prefix and a group
of their own, register with ``reserve_ratio`` 1.0 so central never
lends their capacity to another site's desktops (a placement test that
looks for the nearest site with room cannot pick one), and are deleted
at the end, with their desktops and the broker user, whatever happens.
"""

import concurrent.futures
import json
import os
import secrets
import signal
import subprocess
import sys
import time

import pytest

from desktop_lab import federation
from desktop_lab import layout as layout_mod
from desktop_lab import rabbit

SITES = 1000
CUT = '0-19'
CUT_COUNT = 20
CREATE_SITES = range(100, 200)
LIVE = 250
KILL = '%d-%d' % (LIVE, SITES - 1)
# Central marks a site offline after 2 report intervals of its own
# (10 s in the lab) without a report: 15 s leaves room for ingest lag
# while 1,000 sites report 67 times a second.
INTERVAL = federation.REPORT_INTERVAL * 3 // 2
WAIT = 240
POLL = 2
WORKERS = 8

KEYS_SCRIPT = """
import json, sys
import central_cloud.conf
from central_cloud.db import site_keys
central_cloud.conf.CONF(['--config-file', sys.argv[1]],
                        project='desktop-federation',
                        default_config_files=[])
keys = {}
for name in sys.argv[3:]:
    key_id, secret = site_keys.create_key(name)
    keys[name] = {'signing_key_id': key_id, 'signing_key': secret}
import os
fd = os.open(sys.argv[2], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
with open(fd, 'w') as f:
    json.dump(keys, f)
"""


def _wait(what, check, timeout=WAIT):
    """Poll ``check()`` until it returns a true value, or fail saying why."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(POLL)
    pytest.fail('waited %d s for %s; last seen: %s' % (timeout, what, last))


class Fleet(object):
    """The simulator process and what it made, for the test to clean."""

    def __init__(self, lab, api, tmp):
        self.lab = lab
        self.api = api
        self.tmp = tmp
        self.lay = layout_mod.Layout(lab.dir, lab.state['topology'])
        self.prefix = 'fleet%s' % secrets.token_hex(3)
        self.names = ['%s-%05d' % (self.prefix, i) for i in range(SITES)]
        self.user = 'simulator-%s' % self.prefix
        self.config = os.path.join(tmp, 'simulator.conf')
        self.control_file = os.path.join(tmp, 'control.url')
        self.log = self.lab.log('simulator-%s' % self.prefix)
        self.proc = None
        self.desktops = []

    # Set-up, as an operator would for a fleet.

    def broker_user(self):
        password = secrets.token_urlsafe(24)
        rabbit.ctl(self.lay, 'wan', 'add_user', self.user,
                   stdin=password + '\n')
        names = r'desktop|desktop-site|desktop-site_fanout.*|reply_.*|' \
            r'desktop-site\.%s-.*' % self.prefix
        rabbit.ctl(self.lay, 'wan', 'set_permissions', '-p',
                   rabbit.WAN_VHOST, self.user, '^(%s)$' % names,
                   '^(%s)$' % names, '^(%s)$' % names)
        return rabbit.wan_url(self.lay, self.user, password)

    def write_config(self, transport_url, keys_file):
        tls = rabbit.wan_tls(self.lay)
        with open(self.config, 'w') as f:
            f.write('[central]\ntransport_url = %s\nretry_interval_max = 4\n'
                    'call_timeout = 20\n\n'
                    '[oslo_messaging_rabbit]\nssl = true\nssl_ca_file = %s\n\n'
                    '[simulator]\nsites = %d\nname_prefix = %s\ngroup = %s\n'
                    'reserve_ratio = 1.0\nreport_interval = %d\n'
                    'keys_file = %s\ncontrol_file = %s\n'
                    'command_latency = 0.5\nhosts_per_site = 2\n'
                    'delivery_workers = 64\n'
                    'flavors = desktop.small:1:1024:10\n\n'
                    '[simulator_central]\ncloud = desktop-lab\n'
                    'clouds_file = %s\nregion_name = %s\n'
                    % (transport_url, tls['ca'], SITES, self.prefix,
                       self.prefix, INTERVAL, keys_file, self.control_file,
                       self.lab.clouds_yaml, self.lab.region_names[0]))
        os.chmod(self.config, 0o600)

    def simulator(self, *args, **kwargs):
        return subprocess.run(
            [sys.executable, '-m', 'site_plugins.simulator.cmd',
             '--config-file', self.config] + list(args),
            capture_output=True, text=True, timeout=WAIT, **kwargs)

    def make_keys(self):
        path = os.path.join(self.tmp, 'keys.json')
        out = subprocess.run(
            [sys.executable, '-c', KEYS_SCRIPT,
             federation.central_conf_path(self.lay), path] + self.names,
            capture_output=True, text=True, timeout=WAIT)
        assert out.returncode == 0, out.stderr[-2000:]
        return path

    def start(self):
        with open(self.log, 'a') as log:
            self.proc = subprocess.Popen(
                [sys.executable, '-m', 'site_plugins.simulator.cmd',
                 '--config-file', self.config, 'run', '--no-register'],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait('the simulator to listen (log %s)' % self.log,
              lambda: self.proc.poll() is None and
              os.path.exists(self.control_file), timeout=120)
        assert self.proc.poll() is None, 'the simulator exited; see %s' % \
            self.log

    def control(self, action, selector='all'):
        out = self.simulator('control', action, selector)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    # What central says.

    def sites(self):
        return self.api.get('/v1/sites', params={
            'group': self.prefix, 'limit': SITES}).json()['sites']

    def history(self, name):
        return self.api.get('/v1/monitoring/%s' % name, params={
            'history': 50}).json()['site']

    # Clean-up, whatever state the test left.

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)

    def delete_desktops(self):
        for desktop_id in self.desktops:
            self.api.delete('/v1/desktops/%s' % desktop_id, raise_exc=False)

        def gone():
            return all(self.api.get('/v1/desktops/%s' % d, raise_exc=False)
                       .status_code == 404 for d in self.desktops)
        _wait('the test desktops to be deleted', gone)

    def delete_sites(self):
        def delete(name):
            return self.api.delete('/v1/sites/%s' % name,
                                   raise_exc=False).status_code
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            codes = list(pool.map(delete, self.names))
        left = [n for n, c in zip(self.names, codes) if c not in (204, 404)]
        assert not left, 'sites not deleted: %s' % left[:5]

    def delete_user(self):
        rabbit.ctl(self.lay, 'wan', 'delete_user', self.user, check=False)


@pytest.fixture(scope='module')
def fleet(lab, tmp_path_factory):
    api = lab.central()
    fleet = Fleet(lab, api, str(tmp_path_factory.mktemp('simulator')))
    try:
        fleet.write_config('rabbit://unused@127.0.0.1:1/', '')
        out = fleet.simulator('register')
        assert out.returncode == 0, out.stderr
        keys = fleet.make_keys()
        fleet.write_config(fleet.broker_user(), keys)
        fleet.start()
        yield fleet
    finally:
        try:
            if fleet.proc is not None and fleet.desktops:
                fleet.delete_desktops()
        finally:
            fleet.stop()
            fleet.delete_sites()
            fleet.delete_user()


def test_every_site_registers_and_reports(fleet):
    def reported():
        sites = fleet.sites()
        waiting = [s['name'] for s in sites if not s['last_report_at']]
        if len(sites) == SITES and not waiting:
            return sites
        return None
    sites = _wait('central to store a report of each of %d sites' % SITES,
                  reported)
    assert sorted(s['name'] for s in sites) == fleet.names
    assert all(s['reserve_ratio'] == 1.0 for s in sites)
    status = fleet.control('status')
    assert status['states'] == {'up': SITES, 'cut': 0, 'down': 0}
    # Spread over real land, not one point or a grid.
    places = {(s['latitude'], s['longitude']) for s in sites}
    assert len(places) == SITES


def test_a_cut_group_goes_offline_and_returns_without_gaps(fleet):
    # Central keeps up with a few hundred sites on the lab whatever else
    # runs there; the rest are killed (silent, as a dead agent is).
    killed = fleet.control('kill', KILL)['changed']
    assert len(killed) == SITES - LIVE
    cut = fleet.names[:CUT_COUNT]
    assert fleet.control('cut', CUT)['changed'] == cut

    def seen(wanted, seen_so_far):
        def check():
            for site in fleet.sites():
                if site['name'] in cut and \
                        site['availability'] == wanted:
                    seen_so_far.add(site['name'])
            return seen_so_far >= set(cut)
        return check
    _wait('central to mark each of the %d cut sites offline' % CUT_COUNT,
          seen('offline', set()))
    waiting = fleet.control('sites', CUT)['sites']
    assert all(s['state'] == 'cut' and s['outbox'] > 0 for s in waiting)

    assert fleet.control('restore', CUT)['changed'] == cut
    simulated = {s['name']: s for s in fleet.control('sites', CUT)['sites']}
    _wait('central to see each restored site online again',
          seen('online', set()))

    def caught_up():
        behind = [name for name in cut
                  if fleet.history(name)['report']['seq'] <
                  simulated[name]['last_report_seq']]
        return not behind or None
    _wait('central to store every report the cut sites kept', caught_up)
    for name in cut:
        seqs = sorted(h['seq'] for h in fleet.history(name)['history'])
        assert seqs == list(range(seqs[0], seqs[-1] + 1)), (name, seqs)
        assert seqs[-1] >= simulated[name]['last_report_seq']


def test_creates_fan_out_and_succeed_exactly_once(fleet):
    selector = '%d-%d' % (CREATE_SITES[0], CREATE_SITES[-1])
    homes = {fleet.names[index] for index in CREATE_SITES}

    def online():
        return all(s['availability'] == 'online' for s in fleet.sites()
                   if s['name'] in homes)
    # A desktop of scope local fails at once if its home is offline.
    _wait('the %d home sites to be online' % len(homes), online)
    commands = {}
    for index in CREATE_SITES:
        resp = fleet.api.post('/v1/desktops', json={
            'home_site': fleet.names[index], 'template_type': 'office',
            'flavor': 'desktop.small', 'count': 1, 'scope': 'local',
            'name': 'fleet-%d' % index})
        assert resp.status_code == 202, resp.text
        created = resp.json()['desktops'][0]
        fleet.desktops.append(created['id'])
        commands[created['command_id']] = created['id']

    def active():
        states = [fleet.api.get('/v1/desktops/%s' % d).json()['desktop']
                  for d in fleet.desktops]
        failed = [d for d in states if d['state'] == 'error']
        assert not failed, failed[:3]
        return states if all(d['state'] == 'active' for d in states) \
            else None
    desktops = _wait('%d desktops to become active' % len(commands), active)
    assert {d['site'] for d in desktops} == homes
    servers = fleet.control('servers', selector)
    assert servers['servers'] == len(commands)
    assert servers['by_command'] == dict.fromkeys(commands, 1)
    assert servers['by_status'] == {'ACTIVE': len(commands)}
    for command_id in list(commands)[:10]:
        command = fleet.api.get('/v1/commands/%s' % command_id).json()[
            'command']
        assert command['state'] == 'succeeded', command
