"""Resilience of desktop-federation on the lab, with no mocks.

Each test breaks one real piece of the lab (the engine, a site agent, the
WAN broker) by the PID the lab recorded for it, checks what central does
meanwhile and afterwards, and brings it back with ``tools/lab restart``
(``tools/lab up`` if anything else is down), so every test ends with the
whole lab running.
"""

import datetime
import os
import signal
import subprocess
import time

import pytest

from tests.functional import conftest
from tests.functional import faults

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


# -- the lab's processes ---------------------------------------------------

def _kill9(lab, name):
    pid = faults.pid_of(lab, name)
    faults.kill9(pid, name)
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


_poll = faults.poll
_create = faults.create
_command = faults.command


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


_delete_desktops = faults.delete
_site = faults.site


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

        faults.restart(ENGINE)
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
        faults.restart(AGENT_SITEC)

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


def test_wan_outage_loses_nothing(lab, central, restore_lab):
    sites = ('SiteA', 'SiteB')
    desktops = {}
    for site in sites:
        conftest.wait_for_room(central, site)
    before = {site: faults.Baseline(lab, central, site) for site in sites}
    numbered = {}
    try:
        pgid = faults.pid_of(lab, WAN)
        members = faults.group(pgid)
        assert members, '%s (pid %d) is not running' % (WAN, pgid)
        os.killpg(pgid, signal.SIGTERM)
        _poll('%s (pids %s) gone after SIGTERM' % (WAN, members),
              lambda: not any(faults.alive(p) for p in members), 60,
              interval=0.2)
        down_at = _now()
        down_t = time.monotonic()
        for site in sites:
            numbered[site] = before[site].outbox.report_counter()

        # The API needs no bus: the commands are stored and wait.
        for site in sites:
            desktops[site] = _create(central, site,
                                     'resil-wan-%s' % site.lower())
        for site, (_desktop_id, command_id) in desktops.items():
            command = _command(central, command_id)
            assert command['state'] in ('pending', 'sent'), command
        time.sleep(max(0, OUTAGE - (time.monotonic() - down_t)))
        up_at = _now()
        for site in sites:
            # A report every interval while the WAN was down.
            made = before[site].outbox.report_counter() - numbered[site]
            assert made >= OUTAGE // 10 - 1, (site, made)
    finally:
        faults.restart(WAN)
    _assert_lab_running()

    try:
        for site, (desktop_id, command_id) in desktops.items():
            desktop = _wait_active(central, desktop_id)
            command = _command(central, command_id)
            assert command['state'] == 'succeeded', command
            _assert_in_nova(lab, site, desktop, command_id)

        for site in sites:
            # The reports kept in the outbox over the outage all reach
            # central, in order; those that changed something are in its
            # history, stored only once the WAN came back.
            faults.assert_reports_without_gaps(central, before[site])
            during = [h for h in _history(central, site)
                      if down_at <= _utc(h['summary']['sent_at']) <= up_at]
            for entry in during:
                assert _utc(entry['received_at']) >= up_at, entry
    finally:
        _delete_desktops(central, [d for d, _c in desktops.values()])
    _assert_lab_running()
