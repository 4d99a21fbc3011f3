"""Start services as daemons with PID files, wait for them, stop them."""

import errno
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

from desktop_lab.errors import LabError
from desktop_lab import layout as layout_mod

REDACTED = '***'


def redact(text):
    """``text`` without the lab's password (for logs)."""
    return text.replace(layout_mod.PASSWORD, REDACTED)


def alive(pid):
    if not pid:
        return False
    try:
        with open('/proc/%d/stat' % pid) as f:
            state = f.read().rsplit(')', 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != 'Z'


def read_pid(pidfile):
    try:
        with open(pidfile) as f:
            return int(f.read().strip() or 0)
    except (OSError, ValueError):
        return 0


def port_in_use(port, host='127.0.0.1'):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        return exc.errno == errno.EADDRINUSE
    finally:
        sock.close()
    return False


def log_tail(path, lines=5):
    try:
        with open(path, 'rb') as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 4096))
            text = f.read().decode('utf-8', 'replace')
    except OSError:
        return ''
    return ' | '.join(x.strip() for x in text.splitlines()[-lines:])


def spawn(argv, log, env=None, cwd=None, user=None):
    """Start argv in its own session, output to log; return the pid."""
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, 'ab') as out:
        proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=out,
            stderr=subprocess.STDOUT, env=env, cwd=cwd,
            start_new_session=True, user=user, group=user,
            close_fds=True)
    return proc.pid


def run(argv, log, env=None, user=None, timeout=900, what=None):
    """Run a set-up command to completion, its output appended to log."""
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, 'ab') as out:
        out.write(('\n$ %s\n' % redact(' '.join(argv))).encode())
        out.flush()
        try:
            proc = subprocess.run(argv, stdin=subprocess.DEVNULL,
                                  stdout=out, stderr=subprocess.STDOUT,
                                  env=env, user=user, group=user,
                                  timeout=timeout)
        except subprocess.TimeoutExpired:
            raise LabError('%s timed out after %d s; see %s'
                           % (what or argv[0], timeout, log))
    if proc.returncode != 0:
        raise LabError('%s failed (exit %d): %s; see %s'
                       % (what or os.path.basename(argv[0]), proc.returncode,
                          log_tail(log, 2), log))


def wait_http(url, pid, log, what, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            raise LabError('%s exited during start-up: %s; see %s'
                           % (what, log_tail(log, 3), log))
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise LabError('%s did not answer on %s within %d s; see %s'
                   % (what, url, timeout, log))


def wait_for(check, pid, log, what, timeout=120, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pid and not alive(pid):
            raise LabError('%s exited during start-up: %s; see %s'
                           % (what, log_tail(log, 3), log))
        if check():
            return
        time.sleep(interval)
    raise LabError('%s was not ready within %d s; see %s'
                   % (what, timeout, log))


def signal_group(pid, sig):
    """Signal the process group led by pid; False if it is gone."""
    if not alive(pid):
        return False
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        return False
    except PermissionError:
        os.kill(pid, sig)
    return True


def wait_gone(pids, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.2)
    return False


def kill_group(pgid):
    """SIGKILL whatever is left of a stopped service's process group."""
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def descendants(pids):
    """pids plus every process below them."""
    children = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % entry) as f:
                ppid = int(f.read().rsplit(')', 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, todo = set(), [p for p in pids if alive(p)]
    while todo:
        pid = todo.pop()
        if pid in out:
            continue
        out.add(pid)
        todo.extend(children.get(pid, []))
    return out


def pss_kib(pid):
    try:
        with open('/proc/%d/smaps_rollup' % pid) as f:
            for line in f:
                if line.startswith('Pss:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
