"""Two engines on the lab's etcd: a killed engine's share moves on.

A second ``desktop-central-engine`` runs beside the lab's, with a copy of
the lab's config (its own host name and state path). The test reads the
engine group from etcd through tooz, as the engines do, and computes on
tooz's hash ring which engine runs the availability auditor; it starts
second engines until one of its own holds that job. That engine's
auditor never runs by itself (an interval of an hour), so only a
take-over can do its work. It is killed with SIGKILL; at that moment a
test site goes silent. The lab's engine must mark the site offline and
raise its alarm, once, within the membership timeout, a heartbeat and
one audit interval.
"""

import configparser
import datetime
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

CONF = os.path.join('etc', 'desktop-central', 'desktop-central.conf')
ATTEMPTS = 8
ENGINE_START = 90


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

    def __init__(self, lab, lab_conf, host):
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
        # This engine never audits by itself: only a take-over can.
        conf.set('engine', 'audit_interval', '3600')
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


@pytest.fixture
def engine_holding_auditor(lab, lab_conf, group):
    started = []
    try:
        for attempt in range(ATTEMPTS):
            engine = SecondEngine(lab, lab_conf, 'ring-test-%d-%s' % (
                attempt, uuid.uuid4().hex[:6]))
            started.append(engine)
            member = wait(lambda: engine.proc.poll() is None and
                          engine.member(group), ENGINE_START,
                          'engine %s to join the engine group'
                          % engine.host)
            if owner(group, auditor.JOB) == member:
                yield engine, member
                return
            engine.kill()
            wait(lambda: member not in members(group), 30,
                 'engine %s to leave the group' % engine.host)
        pytest.fail('none of %d second engines got the auditor on the '
                    'ring' % ATTEMPTS)
    finally:
        for engine in started:
            engine.clean()


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
    timeout = int(lab_conf.get('coordination', 'backend_url')
                  .split('membership_timeout=')[1].split('&')[0])
    heartbeat = float(lab_conf.get('coordination', 'heartbeat_interval',
                                   fallback='1'))
    audit = float(lab_conf.get('engine', 'audit_interval', fallback='10'))
    bound = timeout + heartbeat + audit + 5

    go_silent()
    engine.kill()
    killed = time.monotonic()

    def offline():
        site = api.get('/v1/sites/%s' % name).json()['site']
        return site['availability'] == 'offline'
    wait(offline, bound, 'site %s to be marked offline by the surviving '
         'engine (bound %.0f s after the kill)' % (name, bound))
    took = time.monotonic() - killed
    assert member not in members(group)
    alarms = api.get('/v1/alarms', params={'site': name}).json()['alarms']
    offline_alarms = [a for a in alarms if a['key'] == 'site-offline']
    assert len(offline_alarms) == 1, alarms
    assert offline_alarms[0]['state'] == 'raised', offline_alarms
    print('site offline %.1f s after the kill (bound %.0f s)'
          % (took, bound))
