"""A fake of the REST client for the dashboard's view tests.

It answers like central's API does (the same dicts), records every call,
and raises what a test puts in ``fail`` for a method.
"""

import copy
from unittest import mock

from keystoneauth1 import exceptions as ks_exceptions
from openstack_dashboard.test import helpers

from central_cloud.osc import exceptions as rest_exceptions
from tests.unit.dashboard import isolation


def api_error(cls, status, message):
    return cls(status, message, title='Error', request_id='req-1234')


def bad_request(message):
    return api_error(rest_exceptions.BadRequest, 400, message)


def not_found(message='no resource at /v1/x'):
    return api_error(rest_exceptions.NotFound, 404, message)


def unreachable():
    return ks_exceptions.ConnectFailure(
        'Unable to establish connection to http://127.0.0.1:1/v1/sites: '
        'Connection refused')


def _resources(vcpu_used, vcpu_total=8, ram_used=0, ram_total=16384):
    return {
        'VCPU': {'total': vcpu_total, 'used': vcpu_used, 'reserved': 0,
                 'free': vcpu_total - vcpu_used, 'largest_free': 4},
        'MEMORY_MB': {'total': ram_total, 'used': ram_used, 'reserved': 0,
                      'free': ram_total - ram_used, 'largest_free': 8192},
        'DISK_GB': {'total': 160, 'used': 20, 'reserved': 0, 'free': 140,
                    'largest_free': 80},
    }


def _report(vcpu_used, seq=5, instances=2):
    return {'sent_at': '2026-01-01T10:00:00Z', 'interval': 10,
            'hosts': {'total': 2, 'up': 2, 'down': 0, 'disabled': 0},
            'resources': _resources(vcpu_used, ram_used=vcpu_used * 1024),
            'instances': instances, 'templates': ['office'],
            'alarms': {'critical': 0, 'major': 0, 'minor': 0,
                       'warning': 0},
            'seq': seq, 'received_at': '2026-01-01T10:00:01Z'}


def site(name, lat, lon, report, shared_pool=False, availability='online',
         management_state='managed', group=None):
    return {'name': name, 'region': name, 'group': group,
            'latitude': lat, 'longitude': lon,
            'availability': availability,
            'management_state': management_state,
            'shared_pool': shared_pool,
            'last_report_at': '2026-01-01T10:00:01Z' if report else None,
            'missed': 0, 'report': report}


def desktop(number, site_name, origin=None, state='active'):
    return {'id': '00000000-0000-4000-8000-%012d' % number,
            'name': 'desk-%d' % number, 'site': site_name,
            'origin_site': origin, 'server_uuid': None,
            'project_id': 'p1', 'owner': 'demo', 'template_type': 'office',
            'flavor': 'desktop.small', 'state': state,
            'created_at': '2026-01-01T09:00:00Z', 'updated_at': None}


def host(name, used):
    resources = {key: {'total': total, 'used': u, 'reserved': 0,
                       'allocation_ratio': 1.0}
                 for key, total, u in (('VCPU', 4, used),
                                       ('MEMORY_MB', 8192, used * 1024),
                                       ('DISK_GB', 80, used * 10))}
    return {'name': name, 'state': 'up', 'resources': resources,
            'instances': used}


def cell(site, lat, lon, state, shared_pools=0):
    """A map cell of one site, as /v1/fleet/summary gives it."""
    return {'count': 1, 'worst': state, 'states': {state: 1},
            'latitude': lat, 'longitude': lon, 'shared_pools': shared_pools,
            'site': site}


def fleet_summary():
    """/v1/fleet/summary for FakeClient's sites, desktops and alarms."""
    def resource(used, total):
        return {'used': used, 'total': total}
    return {
        'sites': {'online': 1, 'short': 1, 'offline': 1, 'inactive': 1},
        'hosts': {'up': 6, 'total': 6}, 'instances': 6,
        'resources': {'VCPU': resource(10, 24),
                      'MEMORY_MB': resource(10240, 49152),
                      'DISK_GB': resource(60, 480)},
        'desktops': {'active': 4, 'building': 1, 'stopped': 1,
                     'suspended': 1},
        'borrowed': 2,
        'borrow_lines': [{'origin': 'SiteA', 'site': 'Central', 'count': 2,
                          'origin_point': [50.8503, 4.3517],
                          'site_point': [48.8566, 2.3522]}],
        'alarms': 2,
        'clusters': [cell('Central', 48.8566, 2.3522, 'online', 1),
                     cell('SiteA', 50.8503, 4.3517, 'short'),
                     cell('SiteB', 52.3676, 4.9041, 'offline'),
                     cell('SiteC', 45.7640, 4.8357, 'inactive')],
        'cell_degrees': 0.3515625}


def make_history(count):
    entries = []
    for seq in range(count):
        summary = {'resources': _resources(seq % 8, ram_used=1024 * seq)}
        entries.append({'seq': seq,
                        'received_at': '2026-01-01T10:%02d:00Z' % seq,
                        'summary': summary})
    return entries


class FakeClient(object):
    """Answers like ``central_cloud.osc.client.Client``."""

    def __init__(self):
        self.calls = []
        self.fail = {}
        self.sites = [
            site('Central', 48.8566, 2.3522, _report(2), shared_pool=True),
            site('SiteA', 50.8503, 4.3517, _report(7)),
            site('SiteB', 52.3676, 4.9041, _report(1),
                 availability='offline'),
            site('SiteC', 45.7640, 4.8357, None,
                 management_state='maintenance'),
        ]
        self.desktops = [desktop(1, 'SiteA'), desktop(2, 'SiteA'),
                         desktop(3, 'Central', origin='SiteA'),
                         desktop(4, 'Central', origin='SiteA'),
                         desktop(5, 'SiteB', state='building'),
                         desktop(6, 'SiteA', state='stopped'),
                         desktop(7, 'SiteA', state='suspended')]
        self.alarms = [
            {'id': 1, 'site': 'SiteA', 'key': 'shortage', 'kind': 'shortage',
             'severity': 'major', 'state': 'raised',
             'message': 'VCPU usage is 88% of its capacity',
             'raised_at': '2026-01-01T09:50:00Z', 'cleared_at': None,
             'acknowledged': False},
            {'id': 2, 'site': 'SiteB', 'key': 'site-offline',
             'kind': 'site-offline', 'severity': 'major', 'state': 'raised',
             'message': 'no monitoring report for 2 intervals',
             'raised_at': '2026-01-01T09:55:00Z', 'cleared_at': None,
             'acknowledged': True},
            {'id': 3, 'site': 'SiteC', 'key': 'site-offline',
             'kind': 'site-offline', 'severity': 'major',
             'state': 'cleared', 'message': 'was offline',
             'raised_at': '2026-01-01T08:00:00Z',
             'cleared_at': '2026-01-01T08:01:00Z', 'acknowledged': False},
        ]
        self.summary = fleet_summary()
        self.clusters_by_zoom = {}
        self.templates = [{'type_name': 'office', 'version': 3, 'os': 'lab',
                           'base_image_id': 'img-1',
                           'base_image_checksum': 'abc',
                           'bundles': [{'name': 'editor', 'version': '2'}],
                           'created_at': '2026-01-01T08:00:00Z',
                           'updated_at': None}]
        self.bundles = [{'id': 1, 'name': 'editor', 'version': '2',
                         'template_type': 'office',
                         'files': [{'name': 'a.deb', 'sha256': 'x' * 64,
                                    'size': 3, 'stored': True}],
                         'install_commands': ['dpkg -i a.deb'],
                         'targets': {'sites': ['SiteA'], 'groups': ['g1']}}]
        self.rollouts = [{
            'id': '11111111-2222-4333-8444-555555555555',
            'template_type': 'office', 'template_version': 3,
            'bundle_id': 1, 'targets': {}, 'mode': 'parallel',
            'max_parallel_sites': 2, 'stop_on_failure': False,
            'state': 'running', 'created_at': '2026-01-01T09:00:00Z',
            'updated_at': None, 'finished_at': None,
            'step_counts': {'waiting': 1, 'running': 1, 'succeeded': 1,
                            'failed': 1, 'skipped': 0, 'aborted': 0},
            'steps': [
                {'site': 'SiteA', 'position': 0, 'state': 'succeeded',
                 'command_id': 'c1', 'details': None,
                 'started_at': '2026-01-01T09:00:01Z',
                 'finished_at': '2026-01-01T09:01:00Z'},
                {'site': 'SiteB', 'position': 1, 'state': 'failed',
                 'command_id': 'c2', 'details': 'image upload failed',
                 'started_at': '2026-01-01T09:00:01Z',
                 'finished_at': '2026-01-01T09:02:00Z'},
                {'site': 'SiteC', 'position': 2, 'state': 'running',
                 'command_id': 'c3', 'details': None,
                 'started_at': '2026-01-01T09:02:00Z', 'finished_at': None},
                {'site': 'Central', 'position': 3, 'state': 'waiting',
                 'command_id': None, 'details': None, 'started_at': None,
                 'finished_at': None}]}]
        self.notices = [{'id': 1, 'title': 'Maintenance tonight',
                         'body': 'The WAN link is down from 22:00.',
                         'targets': {'sites': ['SiteA']},
                         'created_at': '2026-01-01T08:00:00Z',
                         'updated_at': None}]
        self.explain = {
            'request': {'home_site': 'SiteA', 'template_type': 'office',
                        'flavor': 'desktop.small', 'count': 3,
                        'scope': 'any'},
            'candidates': [
                {'site': 'SiteA', 'distance_km': 0.0, 'free_vcpus': 1,
                 'free_memory_mb': 1024, 'free_disk_gb': 40,
                 'holds_template': True, 'kept': True,
                 'reason': 'home site'},
                {'site': 'Central', 'distance_km': 262.4, 'free_vcpus': 6,
                 'free_memory_mb': 14336, 'free_disk_gb': 140,
                 'holds_template': True, 'kept': True,
                 'reason': 'shared pool'},
                {'site': 'SiteB', 'distance_km': None, 'free_vcpus': 0,
                 'free_memory_mb': 0, 'free_disk_gb': 0,
                 'holds_template': False, 'kept': False,
                 'reason': 'offline'}],
            'placements': [{'site': 'SiteA', 'count': 1,
                            'origin_site': None},
                           {'site': 'Central', 'count': 2,
                            'origin_site': 'SiteA'}]}

    # -- plumbing ------------------------------------------------------------

    def _call(self, method, *args, **kwargs):
        self.calls.append((method, args, kwargs))
        error = self.fail.get(method)
        if error is not None:
            raise error

    def called(self, name):
        return [c for c in self.calls if c[0] == name]

    @staticmethod
    def _page(items, key, limit, marker, filters=None):
        def matches(value, wanted):
            if isinstance(wanted, (list, tuple)):
                return value in wanted
            return value == wanted
        items = [i for i in items
                 if all(matches(i.get(k), v)
                        for k, v in (filters or {}).items())]
        if marker is not None:
            ids = [str(i[key]) for i in items]
            items = items[ids.index(str(marker)) + 1:]
        items = copy.deepcopy(items)
        return items if limit is None else items[:limit]

    def _find(self, items, key, value, kind):
        for item in items:
            if str(item[key]) == str(value):
                return copy.deepcopy(item)
        raise not_found('%s %s not found' % (kind, value))

    # -- the client's methods -------------------------------------------------

    def list_monitoring(self, limit=None, marker=None, **filters):
        self._call('list_monitoring', limit=limit, marker=marker, **filters)
        return self._page(self.sites, 'name', limit, marker, filters)

    def get_fleet_summary(self, zoom=None, max_clusters=None):
        """Central's answer for the sites, desktops and alarms above.

        ``clusters_by_zoom`` (set by a test) gives other cells per zoom:
        as central does, the zoom goes down by 2 while there are more
        than ``max_clusters``.
        """
        self._call('get_fleet_summary', zoom=zoom, max_clusters=max_clusters)
        summary = copy.deepcopy(self.summary)
        while zoom in self.clusters_by_zoom:
            summary['clusters'] = copy.deepcopy(self.clusters_by_zoom[zoom])
            if max_clusters is None or len(
                    summary['clusters']) <= max_clusters:
                break
            zoom -= 2
        return dict(summary, zoom=zoom)

    def get_monitoring(self, name, history=None):
        self._call('get_monitoring', name, history=history)
        found = self._find(self.sites, 'name', name, 'site')
        found['body'] = None
        if found['report']:
            found['body'] = {'hosts': [host(name.lower() + '-cmp1', 1),
                                       host(name.lower() + '-cmp2', 3)],
                             'templates': [{'type': 'office',
                                            'version': 3}],
                             'flavors': [{'name': 'desktop.small',
                                          'id': '1', 'vcpus': 1,
                                          'ram': 1024, 'disk': 10}]}
        if history is not None:
            found['history'] = make_history(5) if found['report'] else []
        return found

    def list_sites(self, limit=None, marker=None, **filters):
        self._call('list_sites', limit=limit, marker=marker, **filters)
        return [{key: s[key] for key in s if key != 'report'}
                for s in self._page(self.sites, 'name', limit, marker,
                                    filters)]

    def site_action(self, name, action):
        self._call('site_action', name, action)
        found = self._find(self.sites, 'name', name, 'site')
        found['management_state'] = {'manage': 'managed',
                                     'unmanage': 'unmanaged',
                                     'maintenance': 'maintenance'}[action]
        return found

    def list_alarms(self, limit=None, marker=None, **filters):
        self._call('list_alarms', limit=limit, marker=marker, **filters)
        return self._page(self.alarms, 'id', limit, marker, filters)

    def acknowledge_alarm(self, alarm_id, acknowledged=True):
        self._call('acknowledge_alarm', alarm_id)
        found = self._find(self.alarms, 'id', alarm_id, 'alarm')
        found['acknowledged'] = acknowledged
        return found

    def list_desktops(self, limit=None, marker=None, **filters):
        self._call('list_desktops', limit=limit, marker=marker, **filters)
        return self._page(self.desktops, 'id', limit, marker, filters)

    def get_desktop(self, desktop_id):
        self._call('get_desktop', desktop_id)
        return self._find(self.desktops, 'id', desktop_id, 'desktop')

    def create_desktops(self, home_site, template_type, flavor, name,
                        count=None, scope=None, owner=None):
        self._call('create_desktops', home_site=home_site,
                   template_type=template_type, flavor=flavor, name=name,
                   count=count, scope=scope, owner=owner)
        count = count or 1
        return [dict(desktop(100 + n, home_site, state='building'),
                     name=name if count == 1 else '%s-%d' % (name, n + 1))
                for n in range(count)]

    def desktop_action(self, desktop_id, action):
        self._call('desktop_action', desktop_id, action)
        return {'id': 'cmd-1', 'action': action, 'state': 'pending'}

    def delete_desktop(self, desktop_id):
        self._call('delete_desktop', desktop_id)
        return None, None

    def list_templates(self, limit=None, marker=None, **filters):
        self._call('list_templates')
        return copy.deepcopy(self.templates)

    def list_bundles(self, limit=None, marker=None, **filters):
        self._call('list_bundles')
        return copy.deepcopy(self.bundles)

    def list_rollouts(self, limit=None, marker=None, **filters):
        self._call('list_rollouts')
        return copy.deepcopy(self.rollouts)

    def get_rollout(self, rollout_id):
        self._call('get_rollout', rollout_id)
        return self._find(self.rollouts, 'id', rollout_id, 'rollout')

    def list_notices(self, limit=None, marker=None):
        self._call('list_notices', limit=limit, marker=marker)
        return self._page(self.notices, 'id', limit, marker)

    def create_notice(self, title, body, targets=None):
        self._call('create_notice', title, body, targets=targets)
        return {'id': 2, 'title': title, 'body': body,
                'targets': targets or {}}

    def explain_placement(self, home_site, template_type, flavor,
                          count=None, scope=None):
        self._call('explain_placement', home_site, template_type, flavor,
                   count=count, scope=scope)
        return copy.deepcopy(self.explain)


CENTRAL_SERVICE = {
    'type': 'desktop-federation', 'name': 'desktop-federation',
    'endpoints': [{'region': 'RegionOne', 'region_id': 'RegionOne',
                   'interface': 'public', 'url': 'http://central:8080',
                   'id': 'e1'}],
}


class DashboardTestCase(helpers.BaseAdminViewTests):
    """An admin, central in the catalog, and a fake REST client."""

    def setUp(self):
        super().setUp()
        # Horizon's test data just stubbed the clients' exceptions.
        isolation.restore()
        self.fake = FakeClient()
        patcher = mock.patch('central_cloud.dashboard.api.client',
                             return_value=self.fake)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _setup_user(self, **kwargs):
        catalog = list(self.service_catalog) + [CENTRAL_SERVICE]
        kwargs.setdefault('service_catalog', catalog)
        super()._setup_user(**kwargs)

    def messages_of(self, response):
        return [str(m) for m in response.context['messages']] if (
            response.context and 'messages' in response.context) else []
