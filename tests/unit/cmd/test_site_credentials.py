"""desktop-central-manage site credentials: arguments, output, errors."""

import json
import os
import stat
import sys

import pytest

from central_cloud.db import migration
from central_cloud.db import site_keys
from tests.unit.cmd import test_manage

FAKE = os.path.join(os.path.dirname(os.path.dirname(__file__)), 'broker',
                    'fake_rabbitmqctl.py')
run = test_manage.run
assert_one_line_error = test_manage.assert_one_line_error


@pytest.fixture
def conf_file(tmp_path):
    path = tmp_path / 'central.conf'
    path.write_text(
        '[DEFAULT]\ntransport_url = rabbit://central:pw@wan:5671/\n'
        '[broker]\nrabbitmqctl_command = %s %s %s\n'
        % (sys.executable, FAKE, tmp_path / 'broker.json'))
    return str(path)


@pytest.fixture
def site(capsys, engine):
    migration.db_sync(engine)
    assert run(capsys, *test_manage.BOOTSTRAP)[0] == 0
    return 'SiteA'


def cred(capsys, conf_file, *argv):
    return run(capsys, '--config-file', conf_file, 'site', 'credentials',
               *argv)


@pytest.mark.parametrize('argv', [
    [], ['create'], ['rotate'], ['revoke'], ['show'], ['list']])
def test_help_on_every_level(capsys, argv):
    code, out, err = run(capsys, 'site', 'credentials', *argv, '--help')
    assert code == 0
    assert out.startswith('usage: desktop-central-manage')


def test_create_writes_what_the_site_needs(capsys, conf_file, site,
                                           tmp_path):
    output = str(tmp_path / 'sitea.json')
    code, out, err = cred(capsys, conf_file, 'create', site, '--output',
                          output)
    assert (code, out) == (0, '')
    assert stat.S_IMODE(os.stat(output).st_mode) == 0o600
    with open(output) as f:
        issued = json.load(f)
    assert issued['transport_url'].startswith(
        'rabbit://desktop-site-SiteA:')
    assert issued['transport_url'].endswith('@wan:5671/')
    assert issued['user'] == 'desktop-site-SiteA'
    keys = site_keys.get_valid_keys(site)
    assert [(k[0], k[1]) for k in keys] == [
        (issued['signing_key_id'], issued['signing_key'])]
    assert issued['password'] not in err


def test_create_twice_is_a_conflict_and_keeps_the_key(
        capsys, conf_file, site):
    assert cred(capsys, conf_file, 'create', site)[0] == 0
    key = site_keys.get_valid_keys(site)
    code, out, err = cred(capsys, conf_file, 'create', site)
    assert code == 2
    assert_one_line_error(err, 'already has')
    assert site_keys.get_valid_keys(site) == key


def test_a_broker_failure_leaves_no_key(capsys, tmp_path, site):
    path = tmp_path / 'broken.conf'
    path.write_text('[DEFAULT]\ntransport_url = rabbit://wan:5671/\n'
                    '[broker]\nrabbitmqctl_command = %s\n'
                    % (tmp_path / 'no-such-rabbitmqctl'))
    code, out, err = cred(capsys, str(path), 'create', site)
    assert code == 3
    # The key store logs its work; the error is the last line.
    assert_one_line_error(err.splitlines(True)[-1], 'WAN broker: ')
    assert 'Traceback' not in err
    assert site_keys.get_valid_keys(site) == []


def test_rotate_gives_a_new_password_and_key(capsys, conf_file, site):
    cred(capsys, conf_file, 'create', site)
    first = json.loads(capsys.readouterr().out or '{}') or None
    code, out, _ = cred(capsys, conf_file, 'rotate', site,
                        '--key-overlap', '60')
    assert code == 0
    rotated = json.loads(out)
    assert first is None or rotated['password'] != first['password']
    assert len(site_keys.get_valid_keys(site)) == 2


def test_revoke_removes_user_and_keys(capsys, conf_file, site):
    cred(capsys, conf_file, 'create', site)
    code, out, _ = cred(capsys, conf_file, 'revoke', site)
    assert code == 0
    assert 'deleted' in out and 'revoked' in out
    assert site_keys.get_valid_keys(site) == []
    code, _, err = cred(capsys, conf_file, 'show', site)
    assert code == 2
    assert_one_line_error(err, 'has no broker user')


def test_show_and_list(capsys, conf_file, site):
    cred(capsys, conf_file, 'create', site)
    code, out, _ = cred(capsys, conf_file, 'show', site)
    assert code == 0
    assert json.loads(out)['user'] == 'desktop-site-SiteA'
    assert 'password' not in out
    assert cred(capsys, conf_file, 'list')[:2] == (0, 'SiteA\n')


@pytest.mark.parametrize('argv, text', [
    (['create', 'Site A'], 'site name'),
    (['create', 'a:b'], 'site name'),
    (['rotate', 'x' * 64], 'site name'),
    (['create', 'Unknown'], 'not registered'),
    (['rotate', 'SiteA'], 'has no broker user'),
    (['rotate', 'SiteA', '--key-overlap', '1.5'], 'number of seconds'),
    (['rotate', 'SiteA', '--key-overlap', '-1'], 'number of seconds'),
    (['create'], 'SITE'),
    (['destroy', 'SiteA'], 'invalid choice'),
])
def test_bad_input_is_one_line(capsys, conf_file, site, argv, text):
    code, out, err = cred(capsys, conf_file, *argv)
    assert code == 2
    assert_one_line_error(err, text)
