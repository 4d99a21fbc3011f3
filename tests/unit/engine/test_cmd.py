"""desktop-central-engine: --help, clear errors, graceful stop."""

import logging
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from central_cloud.cmd import engine as cmd_engine
from central_cloud.cmd import manage
from central_cloud.conf import CONF
from central_cloud.db import migration
from tests.unit.db import fixtures

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


@pytest.fixture(autouse=True)
def clean_process_state():
    """main() parses the global config, sets up logging and signals."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    signals = {s: signal.getsignal(s) for s in (signal.SIGTERM,
                                                signal.SIGINT)}
    # Each program is its own process; in one test process, drop the
    # command line of desktop-central-manage that its tests registered.
    CONF.clear()
    CONF.unregister_opt(manage.category_opt)
    yield
    CONF.reset()
    CONF.clear()
    root.handlers[:] = handlers
    root.setLevel(level)
    for signum, handler in signals.items():
        signal.signal(signum, handler)


@pytest.fixture
def db_url(tmp_path):
    """The DB api on an empty SQLite file, as main() will use it."""
    url = 'sqlite:///%s' % (tmp_path / 'central.sqlite')
    with fixtures.db_api_on(url):
        yield url


@pytest.fixture
def synced(db_url):
    migration.db_sync(db_url)
    return db_url


def write_config(tmp_path, db_url, extra=''):
    path = tmp_path / 'desktop-central.conf'
    path.write_text(
        '[DEFAULT]\ntransport_url = fake://\nstate_path = %s\n'
        'log_file = %s\n%s\n[database]\nconnection = %s\n'
        % (tmp_path, tmp_path / 'engine.log', extra, db_url))
    return str(path)


def run(capsys, *argv, **kwargs):
    code = cmd_engine.main(list(argv), default_config_files=[], **kwargs)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line(err, *words):
    assert err.count('\n') == 1, err
    assert 'Traceback' not in err
    for word in words:
        assert word in err, err


def test_help(capsys):
    code, out, err = run(capsys, '--help')
    assert code == 0
    assert out.startswith('usage: desktop-central-engine')
    assert '--config-file' in out


def test_bad_option(capsys):
    code, _out, err = run(capsys, '--no-such-option')
    assert code == 2
    assert_one_line(err, 'unrecognized arguments: --no-such-option',
                    '(see --help)')


def test_missing_config_file(capsys, tmp_path):
    code, _out, err = run(capsys, '--config-file',
                          str(tmp_path / 'missing.conf'))
    assert code == 2
    assert_one_line(err, 'desktop-central-engine: error: ', 'missing.conf')


@pytest.mark.parametrize('section, words', [
    ('[engine]\nmax_attempts = 0',
     ('[engine] max_attempts: Should be greater than or equal to 1',)),
    ('[engine]\ndispatch_interval = soon', ('dispatch_interval',)),
    ('[upgrade_levels]\nsite = 7.3', ('[upgrade_levels] site', '7.3')),
    ('[DEFAULT]\ntransport_url = nosuchbus://x', ('transport_url',)),
    ('[coordination]\nbackend_url = nosuchdriver://x',
     ('[coordination] backend_url', 'nosuchdriver')),
])
def test_bad_config_is_one_clear_line(capsys, tmp_path, synced, section,
                                      words):
    db_url = synced
    path = tmp_path / 'desktop-central.conf'
    path.write_text('%s\n[database]\nconnection = %s\n' % (section, db_url))
    code, _out, err = run(capsys, '--config-file', str(path))
    assert code == 2
    assert_one_line(err, 'desktop-central-engine: error: ', *words)


def test_a_database_without_schema(capsys, tmp_path, db_url):
    config = write_config(tmp_path, db_url)
    code, _out, err = run(capsys, '--config-file', config)
    assert code == 1
    assert_one_line(err, 'no schema yet', 'desktop-central-manage db sync')


def test_serves_until_stopped(capsys, tmp_path, synced):
    config = write_config(tmp_path, synced)
    stop = threading.Event()
    threading.Timer(1.0, stop.set).start()
    code, _out, err = run(capsys, '--config-file', config, stop=stop)
    assert (code, err) == (0, '')
    log = (tmp_path / 'engine.log').read_text()
    assert 'serving topic desktop-central' in log
    assert 'stopped' in log


def test_signal_handler_sets_stop():
    stop = threading.Event()
    handler = cmd_engine.install_signal_handlers(stop)
    handler(signal.SIGTERM, None)
    assert stop.is_set()


def test_sigterm_stops_the_process_gracefully(tmp_path, synced):
    config = write_config(tmp_path, synced,
                          '[coordination]\nbackend_url = file://%s'
                          % (tmp_path / 'coordination'))
    log = tmp_path / 'engine.log'
    process = subprocess.Popen(
        [sys.executable, '-m', 'central_cloud.cmd.engine',
         '--config-file', config], cwd=ROOT, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
                log.exists() and 'serving topic' in log.read_text()):
            assert process.poll() is None, process.stderr.read()
            time.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    text = log.read_text()
    assert 'Received SIGTERM' in text
    assert 'Engine' in text and 'stopped' in text
