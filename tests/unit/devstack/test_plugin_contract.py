"""devstack/plugin.sh against devstack's plugin contract, on a stand-in.

Each role is stacked once (settings, then every stack phase), then
unstacked and cleaned; the tests check the calls of each phase and the
files it left. The project's own commands really run: the config files are
theirs, and central's database really gets its schema (on SQLite).
"""

import configparser
import os
import sqlite3

import pytest

from tests.unit.devstack import runner

SERVICES = ('desktop-central-api', 'desktop-central-engine',
            'desktop-site-agent')


def _ini(path):
    # [DEFAULT] as a section like the others, not merged into each.
    parser = configparser.ConfigParser(interpolation=None, strict=False,
                                       default_section='__none__')
    with open(path) as f:
        parser.read_file(f)
    return parser


def _names(calls):
    return [call[0] for call in calls]


def _find(calls, name, *prefix):
    return [call[1:] for call in calls
            if call[0] == name and call[1:1 + len(prefix)] == prefix]


@pytest.fixture(scope='module')
def central(tmp_path_factory):
    """A central node with Horizon, stacked; then unstacked and cleaned."""
    root = str(tmp_path_factory.mktemp('central'))
    checkout = os.path.join(root, 'checkout')
    enabled = os.path.join(checkout, 'central_cloud', 'dashboard', 'enabled')
    os.makedirs(enabled)
    for name in ('_9010_desktop_sites.py', '__init__.py'):
        with open(os.path.join(enabled, name), 'w') as f:
            f.write("PANEL = 'desktop_sites'\n")
    env = {'DESKTOP_FEDERATION_DIR': checkout,
           'DESKTOP_SITE_LATITUDE': '50.85', 'DESKTOP_SITE_LONGITUDE': '4.35'}
    stacked = runner.run(root, 'central', 'Central', runner.STACK, env)
    conf_dir = stacked.env['DESKTOP_CONF_DIR']
    files = {name: _ini(os.path.join(conf_dir, name)) for name in (
        'desktop-central.conf', 'desktop-central-api-uwsgi.ini',
        'desktop-site-agent.conf')}
    files['nova.conf'] = _ini(stacked.env['NOVA_CONF'])
    with sqlite3.connect(os.path.join(root, 'desktop_central.sqlite')) as db:
        sites = db.execute('SELECT name, region, shared_pool, latitude '
                           'FROM site').fetchall()
    horizon = os.listdir(os.path.join(stacked.env['HORIZON_DIR'],
                                      'openstack_dashboard', 'local',
                                      'enabled'))
    cleaned = runner.run(root, 'central', 'Central',
                         [('unstack', None), ('clean', None)], env)
    left = os.listdir(os.path.join(stacked.env['HORIZON_DIR'],
                                   'openstack_dashboard', 'local', 'enabled'))
    return dict(stacked=stacked, cleaned=cleaned, files=files, sites=sites,
                horizon=horizon, horizon_left=left, root=root)


@pytest.fixture(scope='module')
def site(tmp_path_factory):
    """A site node (SiteA on the central node's Keystone), every phase."""
    root = str(tmp_path_factory.mktemp('site'))
    env = {'DESKTOP_SITE_LATITUDE': '48.85', 'DESKTOP_SITE_LONGITUDE': '2.35',
           'DESKTOP_SITE_GROUP': 'europe', 'DESKTOP_REPORT_INTERVAL': '30',
           'DESKTOP_SITE_AGENT_SETTINGS':
               'central.call_timeout=20 central.batch_size=50'}
    stacked = runner.run(root, 'site', 'SiteA', runner.STACK, env)
    conf_dir = stacked.env['DESKTOP_CONF_DIR']
    files = {'desktop-site-agent.conf': _ini(os.path.join(
        conf_dir, 'desktop-site-agent.conf')),
        'nova.conf': _ini(stacked.env['NOVA_CONF'])}
    exists = {name: os.path.exists(os.path.join(conf_dir, name)) for name in (
        'desktop-central.conf', 'desktop-central-api-uwsgi.ini')}
    cleaned = runner.run(root, 'site', 'SiteA',
                         [('unstack', None), ('clean', None)], env)
    return dict(stacked=stacked, cleaned=cleaned, files=files,
                exists=exists)


def test_both_roles_stack_unstack_and_clean(central, site):
    for node in (central, site):
        for result in (node['stacked'], node['cleaned']):
            assert result.returncode == 0, result.stderr[-2000:]
            assert not _find(
                [c for calls in result.calls.values() for c in calls],
                'die')


def test_settings_enable_the_services_of_each_role(central, site):
    assert central['stacked'].calls[('settings', None)] == [
        ('enable_service', 'desktop-central-api', 'desktop-central-engine'),
        ('enable_service', 'desktop-site-agent')]
    assert site['stacked'].calls[('settings', None)] == [
        ('enable_service', 'desktop-site-agent')]


def test_pre_install_and_install(central, site):
    for node in (central, site):
        calls = node['stacked'].calls
        assert _names(calls[('stack', 'pre-install')]) == ['echo_summary']
        assert _names(calls[('stack', 'install')]) == ['echo_summary',
                                                       'setup_develop']
    assert _find(central['stacked'].calls[('stack', 'install')],
                 'setup_develop') == [(os.path.join(central['root'],
                                                    'checkout'),)]


def test_central_post_config_calls(central):
    calls = central['stacked'].calls[('stack', 'post-config')]
    conf_dir = central['stacked'].env['DESKTOP_CONF_DIR']
    assert _find(calls, 'sudo', 'rabbitmqctl') == [
        ('rabbitmqctl', 'add_vhost', 'desktop_wan'),
        ('rabbitmqctl', 'add_user', 'desktop_wan', 'rabbit-secret'),
        ('rabbitmqctl', 'set_permissions', '-p', 'desktop_wan',
         'desktop_wan', '.*', '.*', '.*')]
    assert _find(calls, 'create_service_user') == [('desktop-federation',
                                                    'admin')]
    assert _find(calls, 'get_or_create_service') == [
        ('desktop-federation', 'desktop-federation',
         'Desktop federation central service')]
    assert _find(calls, 'get_or_create_endpoint') == [
        ('desktop-federation', 'Central', 'http://192.0.2.10:9880')]
    assert _find(calls, 'write_uwsgi_config') == [
        (os.path.join(conf_dir, 'desktop-central-api-uwsgi.ini'),
         'central_cloud.api.wsgi:application', '/desktop-federation',
         '192.0.2.10:9880', 'desktop-central-api')]
    assert _find(calls, 'recreate_database') == [('desktop_central',)]


def test_central_config_comes_from_the_config_command(central):
    conf = central['files']['desktop-central.conf']
    data = os.path.join(central['root'], 'data')
    assert conf['DEFAULT']['transport_url'] == (
        'rabbit://desktop_wan:rabbit-secret@192.0.2.10:5672/desktop_wan')
    assert conf['DEFAULT']['state_path'] == os.path.join(data,
                                                         'desktop-central')
    assert conf['DEFAULT']['debug'] == 'true'
    assert conf['database']['connection'] == 'sqlite:///%s' % os.path.join(
        central['root'], 'desktop_central.sqlite')
    assert dict(conf['api']) == {'bind_host': '192.0.2.10',
                                 'bind_port': '9880',
                                 'auth_strategy': 'keystone'}
    assert dict(conf['keystone_authtoken']) == {
        'auth_type': 'password',
        'auth_url': 'http://192.0.2.10/identity',
        'username': 'desktop-federation', 'password': 'service-secret',
        'user_domain_name': 'Default', 'project_name': 'service',
        'project_domain_name': 'Default', 'region_name': 'Central',
        'www_authenticate_uri': 'http://192.0.2.10/identity',
        'service_token_roles_required': 'true', 'token_cache_time': '10'}
    uwsgi = central['files']['desktop-central-api-uwsgi.ini']
    assert uwsgi['uwsgi']['env'] == (
        'OS_DESKTOP_CENTRAL_CONFIG_FILES=%s' % os.path.join(
            central['stacked'].env['DESKTOP_CONF_DIR'],
            'desktop-central.conf'))


def test_central_database_is_synced_and_holds_the_shared_pool(central):
    assert central['sites'] == [('Central', 'Central', 1, 50.85)]


def test_horizon_panel_is_enabled_then_removed(central):
    # The enabled files only: not the package's __init__.py.
    assert central['horizon'] == ['_9010_desktop_sites.py']
    assert central['horizon_left'] == []


def test_central_extra_starts_api_engine_and_its_agent(central):
    calls = central['stacked'].calls[('stack', 'extra')]
    env = central['stacked'].env
    conf_dir = env['DESKTOP_CONF_DIR']
    assert _find(calls, 'run_process') == [
        ('desktop-central-api', '/usr/local/bin/uwsgi --procname-prefix '
         'desktop-central-api --ini %s' % os.path.join(
             conf_dir, 'desktop-central-api-uwsgi.ini')),
        ('desktop-central-engine', '%s --config-file %s' % (
            os.path.join(runner.BIN, 'desktop-central-engine'),
            os.path.join(conf_dir, 'desktop-central.conf'))),
        ('desktop-site-agent', '%s --config-file %s' % (
            os.path.join(runner.BIN, 'desktop-site-agent'),
            os.path.join(conf_dir, 'desktop-site-agent.conf')))]
    assert _find(calls, 'wait_for_service') == [('60',
                                                 'http://192.0.2.10:9880')]
    # The shared pool is registered in central's own database, not
    # through the API.
    assert not _find(calls, 'openstack', '--os-cloud', 'devstack-admin',
                     '--os-region-name', 'Central', 'desktop')


def test_site_post_config_writes_only_the_agent(site):
    calls = site['stacked'].calls[('stack', 'post-config')]
    assert site['exists'] == {'desktop-central.conf': False,
                              'desktop-central-api-uwsgi.ini': False}
    for name in ('write_uwsgi_config', 'create_service_user',
                 'get_or_create_endpoint', 'recreate_database'):
        assert not _find(calls, name)
    assert not _find(calls, 'sudo', 'rabbitmqctl')


def test_site_agent_config_comes_from_the_config_command(site):
    conf = site['files']['desktop-site-agent.conf']
    data = site['stacked'].env['DATA_DIR']
    assert dict(conf['site']) == {'name': 'SiteA', 'region': 'SiteA'}
    assert dict(conf['site_cloud']) == {
        'cloud': 'devstack-admin',
        'clouds_file': site['stacked'].env['DESKTOP_SITE_CLOUDS_FILE']}
    assert dict(conf['central']) == {
        'transport_url': 'rabbit://desktop_wan:rabbit-secret@192.0.2.10:'
                         '5672/desktop_wan',
        'call_timeout': '20', 'batch_size': '50'}
    assert conf['outbox']['path'] == os.path.join(
        data, 'desktop-site-agent', 'outbox.sqlite')
    assert conf['monitor']['report_interval'] == '30'
    assert conf['DEFAULT']['debug'] == 'true'
    # Templates are built from central's region.
    assert dict(conf['templates']) == {'central_region': 'Central'}


@pytest.mark.parametrize('node', ['central', 'site'])
def test_nova_scheduler_loads_our_filter_and_weigher(node, central, site):
    nova = {'central': central, 'site': site}[node]['files']['nova.conf']
    section = nova['filter_scheduler']
    assert section['enabled_filters'].split(',') == [
        'ComputeFilter', 'ComputeCapabilitiesFilter', 'ImagePropertiesFilter',
        'ServerGroupAntiAffinityFilter', 'ServerGroupAffinityFilter',
        'SameHostFilter', 'DifferentHostFilter', 'DesktopReserveFilter']
    assert section['weight_classes'] == (
        'nova.scheduler.weights.all_weighers,'
        'nova_scheduler_filters.DesktopTemplateWeigher')
    calls = {'central': central, 'site': site}[node]['stacked'].calls
    assert _find(calls[('stack', 'post-config')], 'iniset_multiline') == [
        (central['stacked'].env['NOVA_CONF'] if node == 'central'
         else site['stacked'].env['NOVA_CONF'], 'filter_scheduler',
         'available_filters', 'nova.scheduler.filters.all_filters',
         'nova_scheduler_filters.DesktopReserveFilter')]
    # The rest of nova.conf is left alone.
    assert nova['DEFAULT']['debug'] == 'True'


def test_site_extra_registers_the_site_and_creates_the_aggregate(site):
    calls = site['stacked'].calls[('stack', 'extra')]
    openstack = _find(calls, 'openstack', '--os-cloud', 'devstack-admin')
    assert openstack == [
        ('--os-cloud', 'devstack-admin', '--os-region-name', 'Central',
         'desktop', 'site', 'show', 'SiteA'),
        ('--os-cloud', 'devstack-admin', '--os-region-name', 'Central',
         'desktop', 'site', 'create', 'SiteA', '--region', 'SiteA',
         '--latitude', '48.85', '--longitude', '2.35', '--reserve-ratio',
         '0.2', '--group', 'europe'),
        ('--os-cloud', 'devstack-admin', '--os-region-name', 'SiteA',
         'aggregate', 'show', 'desktop-hosts'),
        ('--os-cloud', 'devstack-admin', '--os-region-name', 'SiteA',
         'aggregate', 'create', '--property', 'desktop_reserve_ratio=0.2',
         'desktop-hosts'),
        ('--os-cloud', 'devstack-admin', '--os-region-name', 'SiteA',
         'compute', 'service', 'list', '--service', 'nova-compute', '-f',
         'value', '-c', 'Host'),
        ('--os-cloud', 'devstack-admin', '--os-region-name', 'SiteA',
         'aggregate', 'add', 'host', 'desktop-hosts', 'sitea-cmp1'),
        ('--os-cloud', 'devstack-admin', '--os-region-name', 'SiteA',
         'aggregate', 'add', 'host', 'desktop-hosts', 'sitea-cmp2')]
    assert _names(_find(calls, 'run_process')) == ['desktop-site-agent']


def test_test_config_phase(central, site):
    assert central['stacked'].calls[('stack', 'test-config')] == [
        ('iniset', central['stacked'].env['TEMPEST_CONFIG'],
         'service_available', 'desktop_federation', 'True')]
    # No tempest on the site node.
    assert site['stacked'].calls[('stack', 'test-config')] == []


def test_unstack_stops_every_service(central, site):
    for node in (central, site):
        assert node['cleaned'].calls[('unstack', None)] == [
            ('stop_process', name) for name in reversed(SERVICES)]


def test_clean_removes_state_and_the_wan_credentials(central, site):
    env = central['stacked'].env
    calls = central['cleaned'].calls[('clean', None)]
    assert _find(calls, 'sudo', 'rm') == [
        ('rm', '-rf', os.path.join(env['DATA_DIR'], 'desktop-central'),
         os.path.join(env['DATA_DIR'], 'desktop-site-agent'),
         env['DESKTOP_CONF_DIR'])]
    assert not os.path.exists(env['DESKTOP_CONF_DIR'])
    assert _find(calls, 'sudo', 'rabbitmqctl') == [
        ('rabbitmqctl', 'delete_vhost', 'desktop_wan'),
        ('rabbitmqctl', 'delete_user', 'desktop_wan')]
    # A site node has no WAN bus of its own to clean.
    assert not _find(site['cleaned'].calls[('clean', None)], 'sudo',
                     'rabbitmqctl')


def test_an_unknown_role_stops_the_stack_with_a_clear_message(tmp_path):
    result = runner.run(str(tmp_path), 'branch', 'SiteA',
                        [('stack', 'pre-install')])
    assert result.returncode == 1
    assert ("die: DESKTOP_FEDERATION_ROLE must be central or site, not "
            "'branch'") in result.stderr
    assert result.calls[('settings', None)][0][0] == 'die'


def test_nothing_happens_when_the_services_are_disabled(tmp_path):
    result = runner.run(
        str(tmp_path), 'site', 'SiteA', runner.ALL_PHASES,
        after_settings=['disable_service desktop-site-agent'])
    assert result.returncode == 0, result.stderr
    assert result.calls.pop(('settings', None)) == [
        ('enable_service', 'desktop-site-agent'),
        ('disable_service', 'desktop-site-agent')]
    assert all(calls == [] for calls in result.calls.values())


def test_a_bad_value_stops_the_stack_naming_it(tmp_path):
    result = runner.run(str(tmp_path), 'site', 'SiteA',
                        [('stack', 'post-config')],
                        {'DESKTOP_REPORT_INTERVAL': 'often'})
    assert result.returncode == 1
    assert ('desktop-site-config agent: error: [monitor] report_interval = '
            'often') in result.stderr
    assert 'Traceback' not in result.stderr
