"""A private PostgreSQL cluster on loopback, one database per service."""

import glob
import hashlib
import os
import pwd
import signal
import subprocess

from desktop_lab.errors import LabError
from desktop_lab import layout as layout_mod
from desktop_lab import procs

USER = 'postgres'


def _bindir():
    found = sorted(glob.glob('/usr/lib/postgresql/*/bin/postgres'),
                   key=lambda p: int(p.split('/')[4]))
    if not found:
        raise LabError('PostgreSQL server binaries are missing; run '
                       '"tools/lab up" as root so it can install them')
    return os.path.dirname(found[-1])


def _ensure_dir(path, uid, gid):
    os.makedirs(path, exist_ok=True)
    os.chown(path, uid, gid)
    os.chmod(path, 0o700)


def _reachable(path):
    return subprocess.run(['runuser', '-u', USER, '--', 'test', '-x',
                           path]).returncode == 0


def home(lay):
    """Where the cluster lives.

    In the lab directory when the postgres user can reach it, else in a
    folder of the postgres user's own.
    """
    os.makedirs(lay.data, exist_ok=True)
    if _reachable(lay.data):
        return lay.data
    tag = hashlib.sha256(lay.dir.encode()).hexdigest()[:12]
    return os.path.join(pwd.getpwnam(USER).pw_dir, 'desktop-lab-' + tag)


def _paths(lay):
    base = home(lay)
    if base == lay.data:
        return lay.data_dir('postgres'), os.path.join(lay.run, 'postgres')
    return os.path.join(base, 'postgres'), os.path.join(base, 'pg-socket')


def start(lab):
    lay = lab.layout
    bindir = _bindir()
    pw = pwd.getpwnam(USER)
    data, sock = _paths(lay)
    os.makedirs(os.path.dirname(data), exist_ok=True)
    _ensure_dir(data, pw.pw_uid, pw.pw_gid)
    _ensure_dir(sock, pw.pw_uid, pw.pw_gid)
    if not _reachable(data):
        raise LabError('the postgres user cannot reach %s' % data)
    lab.state['postgres_data'] = data
    log = lay.log('postgres')
    if not os.path.exists(os.path.join(data, 'PG_VERSION')):
        procs.run([os.path.join(bindir, 'initdb'), '-D', data, '-U', USER,
                   '--auth-local=trust', '--auth-host=scram-sha-256',
                   '-E', 'UTF8', '--locale=C.UTF-8'], log, user=USER,
                  what='initdb')
    argv = [os.path.join(bindir, 'postgres'), '-D', data,
            '-c', 'listen_addresses=%s' % layout_mod.HOST,
            '-p', str(lay.postgres_port), '-k', sock,
            '-c', 'fsync=off', '-c', 'synchronous_commit=off',
            '-c', 'full_page_writes=off', '-c', 'max_connections=300',
            '-c', 'shared_buffers=128MB']
    pid, _ = lab.start('postgres', argv, port=lay.postgres_port, user=USER,
                       stop_signal=signal.SIGINT)

    def ready():
        return subprocess.run(
            [os.path.join(bindir, 'pg_isready'), '-q', '-h', sock,
             '-p', str(lay.postgres_port)]).returncode == 0
    procs.wait_for(ready, pid, log, 'postgres', timeout=60)


def psql(lab, sql, database='postgres'):
    lay = lab.layout
    sock = _paths(lay)[1]
    out = subprocess.run(
        [os.path.join(_bindir(), 'psql'), '-h', sock, '-p',
         str(lay.postgres_port), '-U', USER, '-d', database, '-At',
         '-v', 'ON_ERROR_STOP=1', '-f', '-'],
        # On stdin: a password in the SQL stays out of ps.
        input=sql, capture_output=True, text=True)
    if out.returncode != 0:
        raise LabError('psql failed: %s' % out.stderr.strip())
    return out.stdout.split()


def ensure_databases(lab, names):
    """Create the lab role and the named databases when missing."""
    user, password = layout_mod.DB_USER, layout_mod.PASSWORD
    if not psql(lab, "SELECT 1 FROM pg_roles WHERE rolname='%s'" % user):
        psql(lab, "CREATE ROLE %s LOGIN SUPERUSER PASSWORD '%s'"
             % (user, password))
    have = set(psql(lab, 'SELECT datname FROM pg_database'))
    for name in names:
        if name not in have:
            psql(lab, 'CREATE DATABASE %s OWNER %s' % (name, user))


def clone_database(lab, source, target):
    """(Re)create target as a copy of source; no one may use source."""
    psql(lab, 'DROP DATABASE IF EXISTS %s' % target)
    psql(lab, 'CREATE DATABASE %s TEMPLATE %s OWNER %s'
         % (target, source, layout_mod.DB_USER))
