"""desktop-central-manage config generate: central's config file."""

import configparser
import os
import stat

from oslo_config import cfg
import pytest

from central_cloud.cmd import configfile
from central_cloud.conf import opts as central_opts
from tests.unit.cmd.test_manage import assert_one_line_error
from tests.unit.cmd.test_manage import run

BUS = 'rabbit://wan:secret@central.example:5672/desktop_wan'
DB = 'postgresql+psycopg2://central:secret@db.example/desktop_central'
KEYSTONE = 'http://keystone.example/identity'
BASE = ['config', 'generate', '--transport-url', BUS,
        '--database-connection', DB]
AUTH = ['--auth-url', KEYSTONE, '--service-user', 'desktop-federation',
        '--service-password', 'service-secret']


def _sections(text):
    parser = configparser.ConfigParser(interpolation=None, strict=False,
                                       default_section='__none__')
    parser.read_string(text)
    return {name: dict(parser[name]) for name in parser.sections()}


def _register(conf):
    for group, options in central_opts.list_opts():
        conf.register_opts(options, group=None if group == 'DEFAULT'
                           else group)


@pytest.mark.parametrize('argv', [['config'], ['config', 'generate']])
def test_help(capsys, argv):
    code, out, err = run(capsys, *argv, '--help')
    assert code == 0
    assert out.startswith('usage: desktop-central-manage config')
    assert err == ''


def test_generates_every_section(capsys):
    code, out, err = run(
        capsys, *BASE, *AUTH, '--state-path', '/var/lib/desktop',
        '--bind-host', '192.0.2.10', '--bind-port', '9880',
        '--region', 'Central', '--report-interval', '30',
        '--offline-after-missed', '3',
        '--set', 'DEFAULT.debug=true',
        '--set', 'oslo_messaging_rabbit.rabbit_qos_prefetch_count=200')
    assert (code, err) == (0, '')
    assert _sections(out) == {
        'DEFAULT': {'transport_url': BUS, 'state_path': '/var/lib/desktop',
                    'debug': 'true'},
        'database': {'connection': DB},
        'api': {'bind_host': '192.0.2.10', 'bind_port': '9880',
                'auth_strategy': 'keystone'},
        'keystone_authtoken': {
            'auth_type': 'password', 'auth_url': KEYSTONE,
            'username': 'desktop-federation', 'password': 'service-secret',
            'user_domain_name': 'Default', 'project_name': 'service',
            'project_domain_name': 'Default', 'region_name': 'Central',
            'www_authenticate_uri': KEYSTONE,
            'service_token_roles_required': 'true',
            'token_cache_time': '10'},
        'monitoring': {'report_interval': '30', 'offline_after_missed': '3'},
        'oslo_messaging_rabbit': {'rabbit_qos_prefetch_count': '200'},
    }


def test_the_file_is_what_the_services_read(capsys):
    code, out, _ = run(capsys, *BASE, *AUTH, '--bind-port', '9880',
                       '--report-interval', '30')
    assert code == 0
    conf = configfile.load(out, _register)
    assert conf.api.bind_port == 9880
    assert conf.monitoring.report_interval == 30
    assert conf.database.connection == DB


def test_noauth_writes_no_keystone_section(capsys):
    code, out, _ = run(capsys, *BASE, '--auth-strategy', 'noauth')
    assert code == 0
    assert _sections(out) == {'DEFAULT': {'transport_url': BUS},
                              'database': {'connection': DB},
                              'api': {'auth_strategy': 'noauth'}}


def test_set_overrides_and_repeats_a_multi_valued_option(capsys):
    code, out, _ = run(capsys, *BASE, *AUTH, '--bind-port', '9880',
                       '--set', 'api.bind_port=9990',
                       '--set', 'oslo_policy.policy_dirs=a.d',
                       '--set', 'oslo_policy.policy_dirs=b.d')
    assert code == 0
    assert 'bind_port = 9990\n' in out and '9880' not in out
    assert '[oslo_policy]\npolicy_dirs = a.d\npolicy_dirs = b.d\n' in out


def test_output_is_written_atomically_and_not_world_readable(capsys,
                                                             tmp_path):
    path = tmp_path / 'desktop-central.conf'
    path.write_text('old')
    code, out, _ = run(capsys, *BASE, *AUTH, '--output', str(path))
    assert (code, out) == (0, '')
    assert 'password = service-secret' in path.read_text()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert os.listdir(tmp_path) == ['desktop-central.conf']


@pytest.mark.parametrize('extra, words', [
    ([], '--auth-url, --service-user, --service-password are required '
         'with --auth-strategy keystone'),
    (AUTH[:4], '--service-password is required'),
    (AUTH + ['--bind-port', '70000'],
     '[api] bind_port = 70000: Should be less than or equal to 65535'),
    (AUTH + ['--report-interval', '0'],
     '[monitoring] report_interval = 0: Should be greater than or equal '
     'to 1'),
    (AUTH + ['--auth-url', 'keystone.example'],
     "--auth-url 'keystone.example' is not a URL like http|https://"),
    (AUTH + ['--set', 'nosuchgroup.x=1'],
     'unknown option group [nosuchgroup]; known groups: DEFAULT, api,'),
    (AUTH + ['--set', 'api.nosuch=1'],
     'unknown option nosuch in [api]; known options: auth_strategy, '
     'bind_host'),
    (AUTH + ['--set', 'DEFAULT.debug=maybe'],
     "[DEFAULT] debug = maybe: Unexpected boolean value 'maybe'"),
    (AUTH + ['--set', 'DEFAULT.debug=1', '--set', 'DEFAULT.debug=0'],
     '--set DEFAULT.debug is given 2 times; it takes one value'),
    (AUTH + ['--set', 'keystone_authtoken.auth_type=nosuch'],
     "[keystone_authtoken] auth_type: unknown plugin 'nosuch'; "
     'available: '),
    (['--auth-strategy', 'noauth', '--set',
      'keystone_authtoken.password=x'],
     'the options of an auth plugin (password, username...) need '
     'keystone_authtoken.auth_type'),
    (AUTH + ['--output', '{tmp}/missing/desktop-central.conf'],
     'cannot write {tmp}/missing/desktop-central.conf: directory '
     '{tmp}/missing does not exist'),
])
def test_bad_values_are_one_line_naming_them(capsys, tmp_path, extra,
                                             words):
    extra = [arg.replace('{tmp}', str(tmp_path)) for arg in extra]
    words = words.replace('{tmp}', str(tmp_path))
    code, out, err = run(capsys, *BASE, *extra)
    assert (code, out) == (2, '')
    assert_one_line_error(err, words)


@pytest.mark.parametrize('bus, db, words', [
    ('central.example', DB, '--transport-url: No scheme specified'),
    ('rabbit://', DB, "--transport-url 'rabbit://' names no driver or "
                      'host'),
    (BUS, 'not a url', "--database-connection 'not a url' is not a "
                       'database URL'),
])
def test_bad_bus_or_database_urls(capsys, bus, db, words):
    code, _, err = run(capsys, 'config', 'generate', '--transport-url', bus,
                       '--database-connection', db, *AUTH)
    assert code == 2
    assert_one_line_error(err, words)


@pytest.mark.parametrize('argv, words', [
    (BASE[:2], 'the following arguments are required: --transport-url'),
    (BASE + ['--set', 'debug=true'],
     "argument --set: 'debug=true' is not GROUP.OPTION=VALUE"),
    (BASE + ['--auth-strategy', 'basic'],
     "argument --auth-strategy: invalid choice: 'basic'"),
])
def test_bad_arguments_are_one_line(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, '')
    assert err.count('\n') == 1 and words in err, err
    assert 'Traceback' not in err


def test_a_value_over_several_lines_is_refused():
    with pytest.raises(configfile.InvalidValue) as info:
        configfile.parse_setting('DEFAULT.debug=a\nb')
    assert str(info.value) == 'DEFAULT.debug: a value cannot span lines'
    with pytest.raises(configfile.InvalidValue):
        configfile.ini_text({'api': {'bind_host': 'a\nb'}})


def test_ini_text_leaves_out_none_and_empty_groups():
    assert configfile.ini_text({
        'DEFAULT': {'debug': True, 'log_file': None},
        'api': {'bind_host': None},
        'x': {'multi': ['a', 'b'], 'flag': False}}) == (
        '[DEFAULT]\ndebug = true\n\n[x]\nmulti = a\nmulti = b\n'
        'flag = false\n\n')


def test_loading_a_namespace_that_does_not_exist_is_clear():
    with pytest.raises(configfile.InvalidValue) as info:
        configfile.Registry(['no.such.namespace']).find('DEFAULT', 'debug')
    assert 'unknown option group [DEFAULT]' in str(info.value)


def test_the_generator_registers_nothing_globally(capsys):
    before = set(cfg.CONF)
    run(capsys, *BASE, *AUTH)
    assert 'keystone_authtoken' not in set(cfg.CONF) - before


def test_secrets_can_come_from_the_environment(capsys, monkeypatch):
    monkeypatch.setenv('DESKTOP_TRANSPORT_URL', BUS)
    monkeypatch.setenv('DESKTOP_DATABASE_CONNECTION', DB)
    monkeypatch.setenv('DESKTOP_SERVICE_PASSWORD', 'env-secret')
    code, out, err = run(capsys, 'config', 'generate', *AUTH[:4])
    assert (code, err) == (0, '')
    sections = _sections(out)
    assert sections['DEFAULT']['transport_url'] == BUS
    assert sections['database']['connection'] == DB
    assert sections['keystone_authtoken']['password'] == 'env-secret'


def test_a_flag_wins_over_the_environment(capsys, monkeypatch):
    monkeypatch.setenv('DESKTOP_SERVICE_PASSWORD', 'env-secret')
    code, out, _ = run(capsys, *BASE, *AUTH)
    assert code == 0
    assert _sections(out)['keystone_authtoken']['password'] == \
        'service-secret'
