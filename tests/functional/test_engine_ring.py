"""Two engines on the lab's etcd: a killed engine's share moves on.

A second ``desktop-central-engine`` runs beside the lab's, with a copy of
the lab's config (its own host name and state path). The tests read the
engine group from etcd through tooz, as the engines do, and compute on
tooz's hash ring which engine runs a periodic job; they start second
engines until one of their own holds the job under test. That engine
never runs the job by itself (an interval of an hour), so only a
take-over can do its work. It is killed with SIGKILL, and the lab's
engine must do the work, once, within the membership timeout, a
heartbeat and one interval of the job:

- the auditor: a test site that went silent is marked offline with one
  raised alarm;
- the re-drive: a create persisted as sent whose cast was lost is sent
  again and succeeds, with exactly one server in the site's Nova.
"""

import configparser
import datetime
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid

import pytest
import sqlalchemy as sa
from tooz import coordination
from tooz import hashring

from central_cloud.engine import auditor
from central_cloud.engine import partition
from central_cloud.engine import redrive
from tests.functional import conftest

CONF = os.path.join('etc', 'desktop-central', 'desktop-central.conf')
ATTEMPTS = 8
ENGINE_START = 90
WAIT = 240


def wait(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.3)
    pytest.fail('waited %d s for %s' % (timeout, what))


@pytest.fixture(scope='module')
def lab_conf(lab):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(os.path.join(lab.dir, CONF))
    url = parser.get('coordination', 'backend_url', fallback='')
    if not url.startswith('etcd3+http://'):
        pytest.fail('the lab engine does not coordinate through etcd '
                    '([coordination] backend_url %r); run "tools/lab up"'
                    % url)
    return parser


@pytest.fixture(scope='module')
def group(lab_conf):
    """A tooz client of the engines' etcd that does not join the group."""
    coord = coordination.get_coordinator(
        lab_conf.get('coordination', 'backend_url'),
        ('ring-test-%s' % uuid.uuid4().hex[:8]).encode())
    coord.start(start_heart=False)
    yield coord
    coord.stop()


def members(group):
    return set(group.get_members(partition.GROUP).get())


def owner(group, key):
    ring = hashring.HashRing(members(group))
    [node] = ring.get_nodes(key.encode())
    return node


class SecondEngine(object):
    """A desktop-central-engine of the test's own, on the lab's config."""

    def __init__(self, lab, lab_conf, host, idle):
        self.host = host
        self.work = tempfile.mkdtemp(prefix='engine-ring-')
        conf = configparser.ConfigParser(interpolation=None)
        conf.read(os.path.join(lab.dir, CONF))
        conf.set('DEFAULT', 'state_path', self.work)
        conf.set('DEFAULT', 'log_file',
                 os.path.join(self.work, 'engine.log'))
        conf.set('DEFAULT', 'use_stderr', 'false')
        if not conf.has_section('engine'):
            conf.add_section('engine')
        conf.set('engine', 'host', host)
        # This engine never runs the job under test by itself: only a
        # take-over can.
        conf.set('engine', idle, '3600')
        self.conf = os.path.join(self.work, 'engine.conf')
        with open(self.conf, 'w') as out:
            conf.write(out)
        binary = os.path.join(lab.dir, 'venv', 'bin',
                              'desktop-central-engine')
        self.proc = subprocess.Popen(
            [binary, '--config-file', self.conf],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)

    def member(self, group):
        mine = [m for m in members(group)
                if m.decode().startswith(self.host + '.')]
        return mine[0] if mine else None

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def clean(self):
        self.kill()
        shutil.rmtree(self.work, ignore_errors=True)


def engine_holding(lab, lab_conf, group, job, idle):
    """Start second engines until one holds ``job``; yield it."""
    started = []
    try:
        for attempt in range(ATTEMPTS):
            engine = SecondEngine(lab, lab_conf, 'ring-test-%d-%s' % (
                attempt, uuid.uuid4().hex[:6]), idle)
            started.append(engine)
            member = wait(lambda: engine.proc.poll() is None and
                          engine.member(group), ENGINE_START,
                          'engine %s to join the engine group'
                          % engine.host)
            if owner(group, job) == member:
                yield engine, member
                return
            engine.kill()
            wait(lambda: member not in members(group), 30,
                 'engine %s to leave the group' % engine.host)
        pytest.fail('none of %d second engines got %s on the ring'
                    % (ATTEMPTS, job))
    finally:
        for engine in started:
            engine.clean()


@pytest.fixture
def engine_holding_auditor(lab, lab_conf, group):
    yield from engine_holding(lab, lab_conf, group, auditor.JOB,
                              'audit_interval')


@pytest.fixture
def engine_holding_redrive(lab, lab_conf, group):
    yield from engine_holding(lab, lab_conf, group, redrive.JOB,
                              'redrive_interval')


def bound(lab_conf, interval_option, default):
    """Membership timeout + a heartbeat + one interval + 5 s."""
    timeout = int(lab_conf.get('coordination', 'backend_url')
                  .split('membership_timeout=')[1].split('&')[0])
    heartbeat = float(lab_conf.get('coordination', 'heartbeat_interval',
                                   fallback='1'))
    interval = float(lab_conf.get('engine', interval_option,
                                  fallback=str(default)))
    return timeout + heartbeat + interval + 5


@pytest.fixture
def silent_site(lab, lab_conf):
    """A site registered through the API that reported once, long ago."""
    api = lab.central()
    name = 'RingTest%s' % uuid.uuid4().hex[:6]
    resp = api.post('/v1/sites', json={
        'name': name, 'region': name, 'latitude': 48.1,
        'longitude': 11.6})
    assert resp.status_code == 201, resp.text
    db = sa.create_engine(lab_conf.get('database', 'connection'))

    def go_silent():
        # What its last report left: online, seen long enough ago to be
        # offline at the next audit.
        long_ago = datetime.datetime.utcnow() - datetime.timedelta(hours=1)
        with db.begin() as conn:
            conn.execute(sa.text(
                "UPDATE site SET availability = 'online', "
                "last_report_at = :at WHERE name = :name"),
                {'at': long_ago, 'name': name})
    try:
        yield api, name, go_silent
    finally:
        api.delete('/v1/sites/%s' % name, raise_exc=False)
        db.dispose()


def test_a_killed_engine_hands_its_share_over(lab, lab_conf, group,
                                              engine_holding_auditor,
                                              silent_site):
    engine, member = engine_holding_auditor
    api, name, go_silent = silent_site
    limit = bound(lab_conf, 'audit_interval', 10)

    go_silent()
    engine.kill()
    killed = time.monotonic()

    def offline():
        site = api.get('/v1/sites/%s' % name).json()['site']
        return site['availability'] == 'offline'
    wait(offline, limit, 'site %s to be marked offline by the surviving '
         'engine (bound %.0f s after the kill)' % (name, limit))
    took = time.monotonic() - killed
    assert member not in members(group)
    alarms = api.get('/v1/alarms', params={'site': name}).json()['alarms']
    offline_alarms = [a for a in alarms if a['key'] == 'site-offline']
    assert len(offline_alarms) == 1, alarms
    assert offline_alarms[0]['state'] == 'raised', offline_alarms
    print('site offline %.1f s after the kill (bound %.0f s)'
          % (took, limit))


@pytest.fixture
def lost_create(lab, lab_conf):
    """A create persisted as sent an hour ago whose cast never arrived.

    What an engine killed between its claim and its cast leaves: the
    desktop and its command rows, the command ``sent`` (attempt 1) with
    no progress since. Only the re-drive can get it done.
    """
    api = lab.central()
    site = lab.site_names[-1]
    conftest.wait_for_room(api, site)
    db = sa.create_engine(lab_conf.get('database', 'connection'))
    desktop_id, command_id = str(uuid.uuid4()), str(uuid.uuid4())
    long_ago = datetime.datetime.utcnow() - datetime.timedelta(hours=1)
    name = 'ring-redrive-%s' % desktop_id[:6]
    with db.begin() as conn:
        site_id = conn.execute(sa.text(
            'SELECT id FROM site WHERE name = :name'), {'name': site}
        ).scalar()
        conn.execute(sa.text(
            "INSERT INTO desktop (id, site_id, project_id, owner, name, "
            "template_type, flavor, state, created_at) VALUES (:id, "
            ":site, 'ring-test', 'tester', :name, 'office', "
            "'desktop.small', 'building', :at)"),
            {'id': desktop_id, 'site': site_id, 'name': name,
             'at': long_ago})
        conn.execute(sa.text(
            "INSERT INTO command (id, site_id, desktop_id, action, "
            "payload, state, attempts, last_sent_at, created_at, "
            "updated_at) VALUES (:id, :site, :desktop, 'create', "
            ":payload, 'sent', 1, :at, :at, :at)"),
            {'id': command_id, 'site': site_id, 'desktop': desktop_id,
             'at': long_ago, 'payload': json.dumps({
                 'name': name, 'flavor': 'desktop.small',
                 'template_type': 'office',
                 'metadata': {'desktop_id': desktop_id,
                              'desktop_owner': 'tester'}})})
    try:
        yield api, site, desktop_id, command_id
    finally:
        api.delete('/v1/desktops/%s' % desktop_id, raise_exc=False)
        wait(lambda: api.get('/v1/desktops/%s' % desktop_id,
                             raise_exc=False).status_code == 404,
             WAIT, 'desktop %s to be deleted' % desktop_id)
        db.dispose()


def servers_of(nova, command_id):
    return [server for server in nova.servers(details=True)
            if server.metadata.get('desktop_command_id') == command_id]


def test_a_killed_engine_hands_the_redrive_over(lab, lab_conf, group,
                                                engine_holding_redrive,
                                                lost_create):
    engine, member = engine_holding_redrive
    api, site, desktop_id, command_id = lost_create
    nova = lab.connect(site).compute
    limit = bound(lab_conf, 'redrive_interval', 30)

    engine.kill()

    def sent_again():
        command = api.get('/v1/commands/%s' % command_id).json()['command']
        return command if command['attempts'] >= 2 else None
    wait(sent_again, limit, 'command %s to be sent again by the surviving '
         'engine (bound %.0f s after the kill)' % (command_id, limit))

    def done():
        command = api.get('/v1/commands/%s' % command_id).json()['command']
        assert command['state'] not in ('failed', 'cancelled'), command
        return command if command['state'] == 'succeeded' else None
    command = wait(done, WAIT, 'command %s to succeed at site %s'
                   % (command_id, site))
    desktop = api.get('/v1/desktops/%s' % desktop_id).json()['desktop']
    assert desktop['state'] == 'active', desktop
    # Exactly one server in the site's Nova, the one central recorded.
    [server] = servers_of(nova, command_id)
    assert server.id == desktop['server_uuid']
    assert command['attempts'] == 2, command
