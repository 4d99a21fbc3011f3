"""desktop-central-manage: db sync|version and site bootstrap."""

import os
import subprocess
import sys

import pytest

from central_cloud.cmd import manage
from central_cloud.conf import CONF
from central_cloud.db import api as db_api
from central_cloud.db import migration

BOOTSTRAP = ['site', 'bootstrap', '--name', 'SiteA', '--region', 'RegionA',
             '--latitude', '50.85', '--longitude', '4.35']


def run(capsys, *argv):
    """Run one command as a fresh process would; return code, out, err."""
    try:
        code = manage.main(list(argv), default_config_files=[])
    finally:
        CONF.clear()
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err, text):
    assert err.count('\n') == 1, err
    assert err.startswith('desktop-central-manage')
    assert ': error: ' in err and text in err, err
    assert 'Traceback' not in err


@pytest.mark.parametrize('argv', [
    [], ['db'], ['db', 'sync'], ['db', 'version'], ['site'],
    ['site', 'bootstrap']])
def test_help_on_every_level(capsys, argv):
    code, out, err = run(capsys, *argv, '--help')
    assert code == 0
    assert out.startswith('usage: desktop-central-manage')
    assert err == ''


def test_db_sync_and_version(capsys, engine):
    code, out, _ = run(capsys, 'db', 'version')
    assert (code, out) == (0, 'None (run "desktop-central-manage db '
                              'sync")\n')
    code, out, err = run(capsys, 'db', 'sync')
    assert code == 0
    assert 'is at revision %s' % migration.head_revision() in err
    code, out, _ = run(capsys, 'db', 'version')
    assert (code, out) == (0, migration.head_revision() + '\n')
    # Running it again is harmless.
    assert run(capsys, 'db', 'sync')[0] == 0


def test_site_bootstrap_creates_then_updates(capsys, engine):
    migration.db_sync(engine)
    code, out, _ = run(capsys, *BOOTSTRAP, '--group', 'benelux',
                       '--reserve-ratio', '0.2')
    assert (code, out) == (0, 'Site SiteA created.\n')
    site = db_api.get_site('SiteA')
    assert (site.region, site.latitude, site.group, site.reserve_ratio,
            site.shared_pool) == ('RegionA', 50.85, 'benelux', 0.2, False)
    code, out, _ = run(capsys, *BOOTSTRAP[:5], 'RegionB', '--latitude',
                       '51', '--longitude', '4', '--shared-pool')
    assert (code, out) == (0, 'Site SiteA updated.\n')
    site = db_api.get_site('SiteA')
    # What was left out keeps its value.
    assert (site.region, site.latitude, site.group, site.reserve_ratio,
            site.shared_pool) == ('RegionB', 51.0, 'benelux', 0.2, True)
    run(capsys, *BOOTSTRAP, '--no-shared-pool')
    assert db_api.get_site('SiteA').shared_pool is False


@pytest.mark.parametrize('argv, text', [
    ([], 'required: category'),
    (['bogus'], "invalid choice: 'bogus'"),
    (['db'], 'required: {sync,version}'),
    (['db', 'drop'], "invalid choice: 'drop'"),
    (['site', 'bootstrap', '--name', 'x'], 'required: --region'),
    (BOOTSTRAP[:7] + ['north', '--longitude', '1'],
     "invalid float value: 'north'"),
    (BOOTSTRAP + ['--colour', 'red'], 'unrecognized arguments: --colour'),
    (['--config-file', '/nonexistent/central.conf', 'db', 'version'],
     'Failed to find some config files'),
])
def test_bad_arguments(capsys, argv, text):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ''
    assert_one_line_error(err, text)


@pytest.mark.parametrize('extra, text', [
    (['--latitude', '91'], 'latitude must be between -90 and 90'),
    (['--longitude', '-200'], 'longitude must be between -180 and 180'),
    (['--reserve-ratio', '1.5'], 'reserve_ratio must be between 0 and 1'),
    (['--group', ''], 'group must be a non-empty string'),
])
def test_bad_site_values(capsys, engine, extra, text):
    migration.db_sync(engine)
    code, out, err = run(capsys, *BOOTSTRAP, *extra)
    assert code == 2
    assert_one_line_error(err, text)


def test_bootstrap_before_db_sync(capsys, engine):
    code, out, err = run(capsys, *BOOTSTRAP)
    assert code == 1
    assert_one_line_error(err, 'run "desktop-central-manage db sync" first')


def test_unusable_database(capsys, tmp_path):
    conf = tmp_path / 'central.conf'
    conf.write_text('[DEFAULT]\nstate_path = %s\n' % (tmp_path / 'missing'))
    # A DB api of its own that reads [database] from the config file.
    manager = db_api.main_context_manager.make_new_manager()
    restore = db_api.main_context_manager.patch_factory(manager)
    try:
        code, out, err = run(capsys, '--config-file', str(conf), 'db',
                             'sync')
    finally:
        restore()
    assert code == 1
    assert_one_line_error(err, 'unable to open database file')
    assert 'missing/desktop_central.sqlite' in err


def test_a_real_process(tmp_path):
    env = dict(os.environ, PYTHONPATH=os.getcwd())
    command = [sys.executable, '-m', 'central_cloud.cmd.manage']
    done = subprocess.run(command + ['site', 'bootstrap', '--name', 'x'],
                          capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 2
    assert_one_line_error(done.stderr, 'required: --region')
    done = subprocess.run(command + ['db', '--help'], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 0
    assert 'sync' in done.stdout
