"""desktop-site-config: the agent's config file and nova-scheduler's
settings for our filter and weigher."""

import os
import stat

import pytest

from site_plugins.cmd import config
from site_plugins.conf import nova_scheduler

BUS = 'rabbit://wan:secret@central.example:5672/desktop_wan'
# Files without a signing key must say so (test_agent_file_with_a_key).
AGENT = ['agent', '--site-name', 'SiteA', '--transport-url', BUS,
         '--set', 'signing.require_from_central=false']


def run(capsys, *argv):
    try:
        code = config.main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err, words):
    assert err.count('\n') == 1, err
    assert err.startswith('desktop-site-config'), err
    assert ': error: ' in err and words in err, err
    assert 'Traceback' not in err


@pytest.mark.parametrize('argv', [[], ['agent'], ['nova-scheduler']])
def test_help(capsys, argv):
    code, out, err = run(capsys, *argv, '--help')
    assert (code, err) == (0, '')
    assert out.startswith('usage: desktop-site-config')


def test_agent_file(capsys, tmp_path):
    code, out, err = run(
        capsys, *AGENT, '--region', 'RegionA', '--cloud', 'devstack-admin',
        '--clouds-file', '/etc/openstack/clouds.yaml',
        '--outbox-path', '/var/lib/agent/outbox.sqlite',
        '--central-region', 'Central',
        '--report-interval', '30', '--debug',
        '--set', 'central.call_timeout=20')
    assert (code, err) == (0, '')
    assert out == (
        '[DEFAULT]\ndebug = true\n\n'
        '[site]\nname = SiteA\nregion = RegionA\n\n'
        '[site_cloud]\ncloud = devstack-admin\n'
        'clouds_file = /etc/openstack/clouds.yaml\n\n'
        '[central]\ntransport_url = %s\ncall_timeout = 20\n\n'
        '[monitor]\nreport_interval = 30\n\n'
        '[outbox]\npath = /var/lib/agent/outbox.sqlite\n\n'
        '[templates]\ncentral_region = Central\n\n'
        '[oslo_messaging_rabbit]\nuse_queue_manager = true\n'
        'hostname = SiteA\n\n'
        '[oslo_concurrency]\nlock_path = /var/lib/agent\n\n'
        '[signing]\nrequire_from_central = false\n\n' % BUS)


def test_agent_file_with_a_key(capsys, tmp_path):
    key_file = tmp_path / 'signing.key'
    key_file.write_text('s3cret\n')
    argv = AGENT[:-2] + ['--cloud', 'x', '--signing-key-id', 'k1',
                         '--signing-key-file', str(key_file)]
    os.chmod(key_file, 0o644)
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, '')
    assert_one_line_error(err, 'signing.key is open to other users (mode '
                               '644); make it 0600')
    os.chmod(key_file, 0o600)
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, '')
    assert ('[signing]\nkey_id = k1\nkey_file = %s\n' % key_file) in out
    assert 's3cret' not in out
    code, out, err = run(capsys, *AGENT[:-2], '--cloud', 'x')
    assert_one_line_error(err, '[signing] no key: set key_id and key_file')
    code, out, err = run(capsys, *AGENT[:-2], '--cloud', 'x',
                         '--signing-key-id', 'k1')
    assert_one_line_error(err, '[signing] set both key_id and key_file')


def test_agent_file_with_keystone_options_instead_of_a_cloud(capsys):
    code, out, _ = run(
        capsys, *AGENT, '--set', 'site_cloud.auth_type=password',
        '--set', 'site_cloud.auth_url=http://keystone.example/identity',
        '--set', 'site_cloud.username=agent',
        '--set', 'site_cloud.password=secret')
    assert code == 0
    assert '[site_cloud]\nauth_type = password\n' in out


def test_agent_output_file(capsys, tmp_path):
    path = tmp_path / 'desktop-site-agent.conf'
    code, out, _ = run(capsys, *AGENT, '--cloud', 'x', '--output', str(path))
    assert (code, out) == (0, '')
    assert path.read_text().startswith('[site]\nname = SiteA\n')
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640


@pytest.mark.parametrize('argv, words', [
    (['agent', '--site-name', 'Site A', '--transport-url', BUS, '--cloud',
      'x'], "[site] name 'Site A' is not valid"),
    (AGENT, '[site_cloud] needs either "cloud" (a clouds.yaml entry) or '
            '"auth_type" with its options'),
    (['agent', '--site-name', 'SiteA', '--transport-url',
      'rabbit://h:notaport/', '--cloud', 'x'],
     '[central] transport_url is not valid'),
    (AGENT + ['--cloud', 'x', '--upgrade-level', '9.9'],
     "[central] upgrade_level: RPC API version '9.9'"),
    (AGENT + ['--cloud', 'x', '--report-interval', 'often'],
     '[monitor] report_interval = often: invalid literal for int()'),
    (AGENT + ['--cloud', 'x', '--set', 'site_cloud.passwd=x'],
     'unknown option passwd in [site_cloud]; known options: '),
    (AGENT + ['--cloud', 'x', '--set', 'nova.x=1'],
     'unknown option group [nova]; known groups: DEFAULT, '),
    (AGENT + ['--cloud', 'x', '--output', '{tmp}/missing/agent.conf'],
     'cannot write {tmp}/missing/agent.conf: directory {tmp}/missing does '
     'not exist'),
])
def test_agent_bad_values_are_one_line(capsys, tmp_path, argv, words):
    argv = [arg.replace('{tmp}', str(tmp_path)) for arg in argv]
    words = words.replace('{tmp}', str(tmp_path))
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, '')
    assert_one_line_error(err, words)


@pytest.mark.parametrize('argv, words', [
    ([], 'the following arguments are required: {agent,nova-scheduler}'),
    (['agent', '--site-name', 'SiteA'],
     'the following arguments are required: --transport-url'),
    (AGENT + ['--set', 'x'], "argument --set: 'x' is not "
                             'GROUP.OPTION=VALUE'),
    (['nova-scheduler', '--get', 'nope'], "argument --get: invalid choice"),
    (['frobnicate'], "invalid choice: 'frobnicate' (choose from 'agent', "
                     "'nova-scheduler')"),
])
def test_bad_arguments_are_one_line(capsys, argv, words):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, '')
    assert_one_line_error(err, words)
    assert err.endswith('(see --help)\n')


def test_nova_scheduler_snippet_with_nova_defaults(capsys):
    code, out, _ = run(capsys, 'nova-scheduler')
    assert code == 0
    assert out == (
        '[filter_scheduler]\n'
        'available_filters = nova.scheduler.filters.all_filters\n'
        'available_filters = nova_scheduler_filters.DesktopReserveFilter\n'
        'enabled_filters = ComputeFilter,ComputeCapabilitiesFilter,'
        'ImagePropertiesFilter,ServerGroupAntiAffinityFilter,'
        'ServerGroupAffinityFilter,DesktopReserveFilter\n'
        'weight_classes = nova.scheduler.weights.all_weighers,'
        'nova_scheduler_filters.DesktopTemplateWeigher\n\n')


def test_nova_scheduler_merges_into_the_current_values(capsys):
    args = ['nova-scheduler', '--enabled-filters',
            'ComputeFilter, DesktopReserveFilter,SameHostFilter',
            '--available-filters', 'nova.scheduler.filters.all_filters',
            '--available-filters', 'mine.MyFilter',
            '--weight-classes', 'mine.MyWeigher']
    assert run(capsys, *args, '--get', 'enabled_filters')[1] == (
        'ComputeFilter,DesktopReserveFilter,SameHostFilter\n')
    assert run(capsys, *args, '--get', 'available_filters')[1] == (
        'nova.scheduler.filters.all_filters\nmine.MyFilter\n'
        'nova_scheduler_filters.DesktopReserveFilter\n')
    assert run(capsys, *args, '--get', 'weight_classes')[1] == (
        'mine.MyWeigher,nova_scheduler_filters.DesktopTemplateWeigher\n')


def test_nova_scheduler_empty_values_mean_novas_defaults():
    assert nova_scheduler.filter_scheduler('', '', '') == (
        nova_scheduler.filter_scheduler())


def test_nova_scheduler_refuses_a_bad_name(capsys):
    code, out, err = run(capsys, 'nova-scheduler', '--enabled-filters',
                         'ComputeFilter,rm -rf')
    assert (code, out) == (2, '')
    assert_one_line_error(err, "--enabled-filters: 'rm -rf' is not a "
                               'filter or weigher name')


def test_class_paths_name_the_plugins_of_nova_scheduler_filters():
    # Read without importing the package, which imports nova.
    import ast
    init = os.path.join(os.path.dirname(config.__file__), '..', '..',
                        'nova_scheduler_filters', '__init__.py')
    with open(init) as f:
        tree = ast.parse(f.read())
    exported = next(node.value for node in tree.body
                    if isinstance(node, ast.Assign)
                    and node.targets[0].id == '__all__')
    names = {elt.value for elt in exported.elts}
    for path in (nova_scheduler.FILTER_CLASSES +
                 nova_scheduler.WEIGHER_CLASSES):
        package, name = path.rsplit('.', 1)
        assert package == 'nova_scheduler_filters' and name in names
    assert nova_scheduler.filter_names() == ['DesktopReserveFilter']
