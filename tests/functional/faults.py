"""Hard faults on the lab, and the counts that prove nothing was lost.

A fault test kills exactly one lab process (by the PID the lab recorded)
with SIGKILL, brings it back with ``tools/lab restart`` (the lab's own
tooling) before it ends, and then counts, where each fact lives:

* every command ``succeeded`` at central (its API), and its effect exists
  exactly once: one ACTIVE server in the site's Nova tagged with the
  command id, the one central's desktop names;
* the site's monitoring reports all reached central, in order and once:
  central's latest report is the last one the agent numbered, its
  history has no double (``assert_reports_without_gaps``);
* the agent's outbox (its SQLite file) drained, with no new dead item.
"""

import configparser
import contextlib
import os
import signal
import sqlite3
import subprocess
import time

from desktop_lab import procs
import pytest

from tests.functional import conftest

WAIT = 300          # a desktop becoming active (a re-drive may be needed)
STATE_WAIT = 90     # a site's availability changing
DRAIN_WAIT = 90     # the outbox emptied after the fault
POLL = 1
HISTORY_SLACK = 30  # reports stored while the counts are read

ENGINE = 'desktop-central-engine'
WAN = 'rabbit-wan'


def agent_service(site):
    return 'desktop-site-agent-%s' % site.lower()


def poll(what, check, timeout, interval=POLL):
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


# -- the lab's processes ---------------------------------------------------

alive = procs.alive


def pid_of(lab, name):
    """The PID the lab recorded for ``name`` (pid file, else state)."""
    pid = procs.read_pid(os.path.join(lab.dir, 'run', name + '.pid'))
    pid = pid or lab.state['services'].get(name, {}).get('pid', 0)
    assert pid > 1, 'no pid recorded for %s' % name
    return pid


def group(pgid):
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


def kill9(pid, what):
    """SIGKILL the service led by ``pid`` (its whole process group).

    The lab starts each service in its own session, so the group is the
    service: a broker's script and its Erlang VM die together.
    """
    members = group(pid) or [pid]
    assert alive(pid), '%s (pid %d) is not running' % (what, pid)
    os.killpg(pid, signal.SIGKILL)
    poll('%s (pids %s) gone after SIGKILL' % (what, members),
         lambda: not any(alive(p) for p in members), 30, interval=0.1)


def restart(name):
    """Start a lab service again through the lab's own tooling."""
    out = subprocess.run([os.path.join(conftest.ROOT, 'tools', 'lab'),
                          'restart', name], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True, timeout=300)
    assert out.returncode == 0, ('tools/lab restart %s failed (exit %d): '
                                 '%s' % (name, out.returncode, out.stdout))


@contextlib.contextmanager
def restarted(lab, name):
    """Whatever happens inside, ``name`` runs again afterwards."""
    try:
        yield
    finally:
        if not alive(pid_of(lab, name)):
            restart(name)


# -- central's API ---------------------------------------------------------

def create(api, site, name):
    resp = api.post('/v1/desktops', json={
        'home_site': site, 'template_type': 'office',
        'flavor': 'desktop.small', 'count': 1, 'name': name,
        'owner': 'tester', 'scope': 'local'})
    assert resp.status_code == 202, resp.text
    created = resp.json()['desktops'][0]
    return created['id'], created['command_id']


def command(api, command_id):
    return api.get('/v1/commands/%s' % command_id).json()['command']


def wait_sent(api, command_id, timeout=STATE_WAIT):
    """Wait until the engine cast the command (it left ``pending``)."""
    return poll('command %s sent' % command_id,
                lambda: command(api, command_id)['state'] != 'pending'
                and command(api, command_id), timeout, interval=0.2)


def wait_succeeded(api, created, timeout=WAIT):
    """Wait until every ``(desktop id, command id)`` succeeded."""
    deadline = time.monotonic() + timeout
    for desktop_id, command_id in created:
        def done():
            found = command(api, command_id)
            assert found['state'] not in ('failed', 'cancelled'), found
            return found if found['state'] == 'succeeded' else None
        poll('command %s succeeded' % command_id, done,
             max(1, deadline - time.monotonic()))
        poll('desktop %s active' % desktop_id,
             lambda d=desktop_id: api.get('/v1/desktops/%s' % d).json()[
                 'desktop']['state'] == 'active',
             max(1, deadline - time.monotonic()))


def delete(api, desktop_ids):
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
        poll('desktop %s deleted' % desktop_id,
             lambda d=desktop_id: api.get(
                 '/v1/desktops/%s' % d, raise_exc=False).status_code == 404,
             max(1, deadline - time.monotonic()))


def site(api, name):
    return api.get('/v1/sites/%s' % name).json()['site']


def latest_seq(api, name):
    report = api.get('/v1/monitoring/%s' % name).json()['site']['report']
    assert report is not None, 'no report from %s yet' % name
    return report['seq']


# -- the agent's outbox ----------------------------------------------------

def agent_conf(lab, name):
    """The lab's agent config of site ``name``, as a ConfigParser."""
    parser = configparser.ConfigParser(interpolation=None)
    path = os.path.join(lab.dir, 'etc', 'desktop-site-agent',
                        name.lower() + '.conf')
    assert parser.read(path), 'no agent config at %s' % path
    return parser


class Outbox(object):
    """Read-only looks into a site agent's outbox file."""

    def __init__(self, lab, name):
        self.site = name
        self.path = agent_conf(lab, name).get('outbox', 'path')

    def _query(self, sql):
        conn = sqlite3.connect('file:%s?mode=ro' % self.path, uri=True,
                               timeout=30)
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()

    def pending(self):
        return self._query('SELECT COUNT(*) FROM items')[0][0]

    def dead(self):
        return self._query('SELECT seq, kind, reason FROM dead_items '
                           'ORDER BY seq')

    def report_counter(self):
        """The number of the last report the agent made."""
        return self._query("SELECT value FROM counters "
                           "WHERE name = 'report'")[0][0]


# -- the counts --------------------------------------------------------------

class Baseline(object):
    """What a site looked like before the fault: compare after it."""

    def __init__(self, lab, api, name):
        self.site = name
        self.outbox = Outbox(lab, name)
        self.dead = self.outbox.dead()
        self.first_seq = latest_seq(api, name)


def assert_in_nova_once(lab, api, site_name, created):
    """One ACTIVE server per command at the site, the desktop's own."""
    nova = lab.connect(site_name).compute
    servers = list(nova.servers(details=True, all_projects=True))
    by_command = {}
    for server in servers:
        command_id = (server.metadata or {}).get('desktop_command_id')
        if command_id:
            by_command.setdefault(command_id, []).append(server)
    for desktop_id, command_id in created:
        desktop = api.get('/v1/desktops/%s' % desktop_id).json()['desktop']
        tagged = by_command.get(command_id, [])
        assert len(tagged) == 1, (
            'command %s made %d server(s) at %s: %s'
            % (command_id, len(tagged), site_name,
               [(s.id, s.status) for s in tagged]))
        assert tagged[0].id == desktop['server_uuid'], (tagged[0].id,
                                                        desktop)
        assert tagged[0].status == 'ACTIVE', tagged[0].status


def assert_reports_without_gaps(api, baseline):
    """Central took every report the agent numbered, in order, once.

    Waits until the outbox is empty and central's latest report is the
    last one the agent numbered: the courier deletes a report only once
    central acknowledged it, and central acknowledges one only after it
    stored it or a later one (``central_cloud.db.reports``), so every
    number up to the last went through central. Central's history, which
    keeps the reports that changed something (a delta without changes,
    a heartbeat, only moves the latest seq), then shows increasing
    numbers without a double, and no outbox item was set aside as dead.
    """
    outbox = baseline.outbox

    def drained():
        if outbox.pending():
            return None
        last = outbox.report_counter()
        return last if latest_seq(api, baseline.site) >= last else None
    last = poll('the outbox of %s drained' % baseline.site, drained,
                DRAIN_WAIT)
    # Reports made since ``last`` are in the history too: read past them.
    want = last - baseline.first_seq + 1 + HISTORY_SLACK
    history = api.get('/v1/monitoring/%s' % baseline.site,
                      params={'history': want}).json()['site']['history']
    seqs = [h['seq'] for h in history
            if baseline.first_seq <= h['seq'] <= last]
    assert seqs == sorted(set(seqs)), (
        '%s: report numbers %d..%d at central are doubled or out of '
        'order: %s' % (baseline.site, baseline.first_seq, last, seqs))
    assert outbox.dead() == baseline.dead, (
        '%s: new dead outbox items: %s'
        % (baseline.site, sorted(set(outbox.dead()) - set(baseline.dead))))


def assert_nothing_lost(lab, api, site_name, created, baseline):
    """Every count of the module docstring, for one site's commands."""
    wait_succeeded(api, created)
    for _desktop_id, command_id in created:
        found = command(api, command_id)
        assert found['state'] == 'succeeded', found
    assert_in_nova_once(lab, api, site_name, created)
    assert_reports_without_gaps(api, baseline)
