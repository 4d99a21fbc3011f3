"""Resilience of desktop-federation on the lab, with no mocks.

Each test breaks one real piece of the lab (the engine, a site agent, the
WAN broker) by the PID the lab recorded for it, checks what central does
meanwhile and afterwards, and brings the lab back with ``tools/lab up``
whatever happens, so every test ends with the whole lab running.
"""

import datetime
import os
import signal
import subprocess
import time

import pytest

from tests.functional import conftest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
LAB = os.path.join(ROOT, 'tools', 'lab')

ENGINE = 'desktop-central-engine'
AGENT_SITEC = 'desktop-site-agent-sitec'
WAN = 'rabbit-wan'

WAIT = 240          # a desktop becoming active or going away
STATE_WAIT = 90     # a site's availability or an alarm changing
LAB_UP_TIMEOUT = 600
OUTAGE = 30         # seconds the WAN broker stays down
POLL = 1


# -- the lab's processes ---------------------------------------------------

def _pid(lab, name):
    """The PID the lab recorded for a service (pid file, else state)."""
    try:
        with open(os.path.join(lab.dir, 'run', name + '.pid')) as f:
            pid = int(f.read().strip() or 0)
    except (OSError, ValueError):
        pid = 0
    pid = pid or lab.state['services'][name]['pid']
    assert pid > 1, 'no pid recorded for %s' % name
    return pid


def _alive(pid):
    try:
        with open('/proc/%d/stat' % pid) as f:
            state = f.read().rsplit(')', 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != 'Z'


def _group(pgid):
    """The live processes of process group ``pgid``."""
    found = []
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                fields = f.read().rsplit(')', 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != 'Z':
            found.append(int(entry))
    return found


def _wait_gone(pids, what, timeout=30):
    deadline = time.monotonic() + timeout
    while any(_alive(p) for p in pids):
        if time.monotonic() > deadline:
            pytest.fail('%s (pids %s) still runs %d s after the signal'
                        % (what, pids, timeout))
        time.sleep(0.2)


def _kill9(lab, name):
    pid = _pid(lab, name)
    assert _alive(pid), '%s (pid %d) is not running' % (name, pid)
    os.kill(pid, signal.SIGKILL)
    _wait_gone([pid], name)
    return pid


def _lab_up():
    out = subprocess.run([LAB, 'up'], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True,
                         timeout=LAB_UP_TIMEOUT)
    assert out.returncode == 0, ('tools/lab up failed (exit %d): %s'
                                 % (out.returncode, out.stdout[-2000:]))


def _lab_status():
    return subprocess.run([LAB, 'status'], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)


def _assert_lab_running():
    out = _lab_status()
    assert out.returncode == 0, 'the lab is not fully running:\n' + out.stdout


@pytest.fixture
def restore_lab(lab):
    """Whatever a test broke, the lab runs again after it."""
    yield lab
    if _lab_status().returncode != 0:
        _lab_up()
    _assert_lab_running()


# -- central's API ---------------------------------------------------------

@pytest.fixture(scope='module')
def central(lab):
    return lab.central()


def _poll(what, check, timeout, interval=POLL):
    """Call check() until it returns something true; fail at timeout."""
    deadline = time.monotonic() + timeout
    last = None
    while True:
        last = check()
        if last:
            return last
        if time.monotonic() > deadline:
            pytest.fail('%s: not reached within %d s' % (what, timeout))
        time.sleep(interval)


def _create(api, site, name):
    resp = api.post('/v1/desktops', json={
        'home_site': site, 'template_type': 'office',
        'flavor': 'desktop.small', 'count': 1, 'name': name,
        'owner': 'tester', 'scope': 'local'})
    assert resp.status_code == 202, resp.text
    created = resp.json()['desktops'][0]
    return created['id'], created['command_id']


def _command(api, command_id):
    return api.get('/v1/commands/%s' % command_id).json()['command']


def _wait_active(api, desktop_id, timeout=WAIT):
    seen = {}

    def active():
        body = api.get('/v1/desktops/%s' % desktop_id).json()['desktop']
        seen['last'] = body
        assert body['state'] != 'error', body
        return body if body['state'] == 'active' else None
    try:
        return _poll('desktop %s active' % desktop_id, active, timeout)
    except pytest.fail.Exception:
        pytest.fail('desktop %s not active within %d s: %s'
                    % (desktop_id, timeout, seen.get('last')))


def _assert_in_nova(lab, site, desktop, command_id):
    """Exactly one server at ``site`` carries the command id, ACTIVE."""
    nova = lab.connect(site).compute
    tagged = [s for s in nova.servers(details=True, all_projects=True)
              if (s.metadata or {}).get('desktop_command_id') == command_id]
    assert len(tagged) == 1, (command_id, [(s.id, s.status)
                                           for s in tagged])
    assert tagged[0].id == desktop['server_uuid'], (tagged[0].id, desktop)
    assert tagged[0].status == 'ACTIVE', tagged[0].status


def _delete_desktops(api, desktop_ids):
    """Delete desktops (a create still in flight answers 409: retry)."""
    deadline = time.monotonic() + WAIT
    pending = list(desktop_ids)
    while pending and time.monotonic() < deadline:
        for desktop_id in list(pending):
            resp = api.delete('/v1/desktops/%s' % desktop_id,
                              raise_exc=False)
            if resp.status_code in (202, 204, 404):
                pending.remove(desktop_id)
        if pending:
            time.sleep(2)
    for desktop_id in desktop_ids:
        _poll('desktop %s deleted' % desktop_id,
              lambda d=desktop_id: api.get(
                  '/v1/desktops/%s' % d,
                  raise_exc=False).status_code == 404,
              max(1, deadline - time.monotonic()))


def _site(api, name):
    return api.get('/v1/sites/%s' % name).json()['site']


def _offline_alarm(api, site):
    alarms = api.get('/v1/alarms', params={
        'site': site, 'kind': 'site-offline'}).json()['alarms']
    assert len(alarms) <= 1, alarms  # one row per (site, key)
    return alarms[0] if alarms else None


def _utc(text):
    return datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))


def _now():
    return datetime.datetime.now(datetime.timezone.utc)


# -- the tests ---------------------------------------------------------------

def test_engine_killed_with_sigkill_redrives_commands(lab, central,
                                                      restore_lab):
    site = 'SiteA'
    desktop_ids = []
    conftest.wait_for_room(central, site)
    try:
        _kill9(lab, ENGINE)
        desktop_id, command_id = _create(central, site, 'resil-engine')
        desktop_ids.append(desktop_id)
        # Nobody can send it: the API persisted it and nothing more.
        command = _command(central, command_id)
        assert command['state'] == 'pending', command
        assert command['attempts'] == 0, command
        time.sleep(3)  # more than a dispatch interval: still nothing sent
        assert _command(central, command_id)['state'] == 'pending'

        _lab_up()
        desktop = _wait_active(central, desktop_id)
        command = _command(central, command_id)
        assert command['state'] == 'succeeded', command
        assert command['attempts'] >= 1, command
        _assert_in_nova(lab, site, desktop, command_id)
    finally:
        if _lab_status().returncode != 0:
            _lab_up()
        _delete_desktops(central, desktop_ids)
    _assert_lab_running()


def test_agent_killed_site_goes_offline_with_alarm_then_recovers(
        lab, central, restore_lab):
    site = 'SiteC'
    start = _now()
    try:
        assert _site(central, site)['availability'] == 'online'
        _kill9(lab, AGENT_SITEC)

        _poll('%s offline at central' % site,
              lambda: _site(central, site)['availability'] == 'offline',
              STATE_WAIT)
        monitoring = central.get('/v1/monitoring/%s' % site).json()['site']
        assert monitoring['availability'] == 'offline', monitoring

        def raised():
            alarm = _offline_alarm(central, site)
            return (alarm if alarm and alarm['state'] == 'raised'
                    and _utc(alarm['raised_at']) >= start else None)
        alarm = _poll('site-offline alarm of %s raised' % site, raised,
                      STATE_WAIT)
        assert alarm['severity'] == 'major', alarm
        listed = central.get('/v1/alarms', params={
            'site': site, 'state': 'raised'}).json()['alarms']
        assert alarm['id'] in [a['id'] for a in listed], listed
    finally:
        _lab_up()

    _poll('%s online again' % site,
          lambda: _site(central, site)['availability'] == 'online',
          STATE_WAIT)

    def cleared():
        alarm = _offline_alarm(central, site)
        return alarm if alarm['state'] == 'cleared' else None
    alarm = _poll('site-offline alarm of %s cleared' % site, cleared,
                  STATE_WAIT)
    assert _utc(alarm['cleared_at']) >= _utc(alarm['raised_at']), alarm
    assert not central.get('/v1/alarms', params={
        'site': site, 'state': 'raised',
        'kind': 'site-offline'}).json()['alarms']
    _assert_lab_running()


def _history(api, site, count=60):
    return api.get('/v1/monitoring/%s' % site,
                   params={'history': count}).json()['site']['history']


def _latest_seq(api, site):
    report = api.get('/v1/monitoring/%s' % site).json()['site']['report']
    assert report is not None, 'no report from %s yet' % site
    return report['seq']


def test_wan_outage_loses_nothing(lab, central, restore_lab):
    sites = ('SiteA', 'SiteB')
    desktops = {}
    for site in sites:
        conftest.wait_for_room(central, site)
    before = {site: _latest_seq(central, site) for site in sites}
    try:
        pgid = _pid(lab, WAN)
        members = _group(pgid)
        assert members, '%s (pid %d) is not running' % (WAN, pgid)
        os.killpg(pgid, signal.SIGTERM)
        _wait_gone(members, WAN, timeout=60)
        down_at = _now()
        down_t = time.monotonic()

        # The API needs no bus: the commands are stored and wait.
        for site in sites:
            desktops[site] = _create(central, site,
                                     'resil-wan-%s' % site.lower())
        for site, (_desktop_id, command_id) in desktops.items():
            command = _command(central, command_id)
            assert command['state'] in ('pending', 'sent'), command
        time.sleep(max(0, OUTAGE - (time.monotonic() - down_t)))
        up_at = _now()
    finally:
        _lab_up()
    _assert_lab_running()

    try:
        for site, (desktop_id, command_id) in desktops.items():
            desktop = _wait_active(central, desktop_id)
            command = _command(central, command_id)
            assert command['state'] == 'succeeded', command
            _assert_in_nova(lab, site, desktop, command_id)

        for site in sites:
            # The reports queued in the site's outbox arrive after the
            # outage, in order: wait until one sent after it is stored.
            def caught_up():
                hist = _history(central, site)
                return hist if hist and _utc(
                    hist[-1]['summary']['sent_at']) > up_at else None
            hist = _poll('%s reporting again after the outage' % site,
                         caught_up, STATE_WAIT)
            seqs = [h['seq'] for h in hist if h['seq'] >= before[site]]
            assert seqs and seqs[0] == before[site], (before[site], seqs)
            assert seqs == list(range(seqs[0], seqs[-1] + 1)), (
                '%s: gaps in the report sequence over the outage: %s'
                % (site, seqs))
            during = [h for h in hist
                      if down_at <= _utc(h['summary']['sent_at']) <= up_at]
            # A report every interval while the WAN was down, each
            # stored only once the WAN came back.
            assert len(during) >= OUTAGE // 10 - 1, (site, during)
            for entry in during:
                assert _utc(entry['received_at']) >= up_at, entry
    finally:
        _delete_desktops(central, [d for d, _c in desktops.values()])
    _assert_lab_running()
