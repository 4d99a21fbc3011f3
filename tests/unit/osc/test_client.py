"""The REST client against a mocked HTTP endpoint (requests-mock)."""

import subprocess
import sys

from keystoneauth1 import adapter
from keystoneauth1 import session
import pytest
import requests_mock

from central_cloud.osc import client
from central_cloud.osc import exceptions
from tests.unit.osc import fakes

URL = 'http://central.example:25007'


@pytest.fixture
def http():
    with requests_mock.Mocker() as mocker:
        yield mocker


@pytest.fixture
def api():
    return client.Client(session.Session(), endpoint=URL)


def error(code, message, title='Error'):
    return {'status_code': code, 'json': {'error': {
        'code': code, 'title': title, 'message': message}},
        'headers': {'X-OpenStack-Request-Id': 'req-1'}}


def test_an_adapter_is_used_as_it_is(http):
    http.get(URL + '/v1/sites/SiteC', json={'site': fakes.SITE})
    ready = adapter.Adapter(session.Session(), endpoint_override=URL)
    assert client.Client(ready).api is ready
    assert client.Client(ready).get_site('SiteC') == fakes.SITE


def test_a_session_finds_the_service_type_in_the_catalog():
    api = client.Client(session.Session(), region_name='Central',
                        interface='internal')
    assert api.api.service_type == 'desktop-federation'
    assert api.api.region_name == 'Central'
    assert api.api.interface == 'internal'


def test_error_answers_carry_status_message_and_request_id(api, http):
    http.get(URL + '/v1/sites/nope', **error(404, 'site nope not found'))
    with pytest.raises(exceptions.NotFound) as caught:
        api.get_site('nope')
    exc = caught.value
    assert exc.http_status == 404
    assert exc.message == 'site nope not found'
    assert exc.request_id == 'req-1'
    assert exc.method == 'GET' and exc.url == '/v1/sites/nope'
    assert str(exc) == 'site nope not found (HTTP 404) (Request-ID: req-1)'


@pytest.mark.parametrize('code, cls', [
    (400, exceptions.BadRequest), (403, exceptions.Forbidden),
    (409, exceptions.Conflict), (500, exceptions.APIError),
    (503, exceptions.APIError)])
def test_each_status_has_its_error_class(api, http, code, cls):
    http.delete(URL + '/v1/sites/SiteC', **error(code, 'no'))
    with pytest.raises(cls) as caught:
        api.delete_site('SiteC')
    assert caught.value.http_status == code
    assert isinstance(caught.value, exceptions.ClientError)


def test_an_error_without_the_api_body_keeps_the_text(api, http):
    http.get(URL + '/v1/sites', status_code=502, text='bad gateway\n',
             reason='Bad Gateway')
    with pytest.raises(exceptions.APIError) as caught:
        api.list_sites()
    assert str(caught.value) == 'bad gateway (HTTP 502)'


def test_an_empty_error_answer_uses_the_reason(api, http):
    http.get(URL + '/v1/sites', status_code=503, reason='Unavailable')
    with pytest.raises(exceptions.APIError) as caught:
        api.list_sites()
    assert caught.value.message == 'Unavailable'


def test_another_services_error_shape_is_read(api, http):
    http.get(URL + '/v1/sites', status_code=401, json={
        'unauthorized': {'message': 'token expired', 'code': 401}})
    with pytest.raises(exceptions.APIError) as caught:
        api.list_sites()
    assert caught.value.message == 'token expired'


def test_lists_follow_the_next_links(api, http):
    http.get(URL + '/v1/sites', [
        {'json': {'sites': [{'name': 'A'}, {'name': 'B'}], 'links': [
            {'rel': 'next',
             'href': 'http://other:1/v1/sites?group=g&marker=B'}]}},
        {'json': {'sites': [{'name': 'C'}]}}])
    assert [s['name'] for s in api.list_sites(group=['g'])] == [
        'A', 'B', 'C']
    first, second = http.request_history
    assert first.qs == {'group': ['g']}
    # The next page keeps the filters and goes to the client's endpoint.
    assert second.netloc == 'central.example:25007'
    assert second.qs == {'group': ['g'], 'marker': ['b']}


def test_a_limit_stops_after_that_many_items(api, http):
    http.get(URL + '/v1/alarms', [
        {'json': {'alarms': [{'id': 1}, {'id': 2}], 'links': [
            {'rel': 'next', 'href': URL + '/v1/alarms?limit=2&marker=2'}]}},
        {'json': {'alarms': [{'id': 3}, {'id': 4}], 'links': [
            {'rel': 'next', 'href': URL + '/v1/alarms?limit=2&marker=4'}]}}])
    assert [a['id'] for a in api.list_alarms(limit=3)] == [1, 2, 3]
    first, second = http.request_history
    assert first.qs == {'limit': ['3']}
    assert second.qs == {'limit': ['1'], 'marker': ['2']}


def test_filters_drop_none_and_send_booleans_as_words(api, http):
    http.get(URL + '/v1/alarms', json={'alarms': []})
    api.list_alarms(site=['SiteA', 'SiteB'], state=None, acknowledged=False,
                    marker=5)
    assert http.last_request.qs == {'site': ['sitea', 'siteb'],
                                    'acknowledged': ['false'],
                                    'marker': ['5']}
    assert 'SiteA' in http.last_request.url


def test_path_segments_are_quoted(api, http):
    http.get(URL + '/v1/sites/a%2Fb%20c', json={'site': fakes.SITE})
    api.get_site('a/b c')
    assert http.called


def test_create_site_sends_its_settings(api, http):
    http.post(URL + '/v1/sites', status_code=201, json={'site': fakes.SITE})
    assert api.create_site('SiteC', 'SiteC', 45.7, 4.8, group='g',
                           reserve_ratio=None) == fakes.SITE
    assert http.last_request.json() == {
        'name': 'SiteC', 'region': 'SiteC', 'latitude': 45.7,
        'longitude': 4.8, 'group': 'g'}


def test_update_site_can_clear_the_group(api, http):
    http.patch(URL + '/v1/sites/SiteC', json={'site': fakes.SITE})
    api.update_site('SiteC', group=None, latitude=1.0)
    assert http.last_request.json() == {'group': None, 'latitude': 1.0}


@pytest.mark.parametrize('action', ['manage', 'unmanage', 'maintenance'])
def test_site_actions(api, http, action):
    http.post(URL + '/v1/sites/SiteC/action', json={'site': fakes.SITE})
    api.site_action('SiteC', action)
    assert http.last_request.json() == {action: None}


def test_template_and_bundle_records(api, http):
    http.post(URL + '/v1/templates', status_code=201,
              json={'template': fakes.TEMPLATE})
    http.post(URL + '/v1/bundles', status_code=201,
              json={'bundle': fakes.BUNDLE})
    http.delete(URL + '/v1/templates/office', status_code=204)
    http.delete(URL + '/v1/bundles/7', status_code=204)
    api.create_template('office', os='lab', bundles=None)
    assert http.last_request.json() == {'type_name': 'office', 'os': 'lab'}
    api.create_bundle('apps', '1.0', 'office', files=fakes.BUNDLE['files'])
    assert http.last_request.json() == {
        'name': 'apps', 'version': '1.0', 'template_type': 'office',
        'files': fakes.BUNDLE['files']}
    api.delete_template('office')
    api.delete_bundle(7)


def test_find_bundle_by_id_then_by_name(api, http):
    http.get(URL + '/v1/bundles/7', json={'bundle': fakes.BUNDLE})
    assert api.find_bundle('7') == fakes.BUNDLE
    http.get(URL + '/v1/bundles/8', **error(404, 'bundle 8 not found'))
    http.get(URL + '/v1/bundles', json={'bundles': []})
    with pytest.raises(exceptions.NotFoundByName) as caught:
        api.find_bundle('8')
    assert str(caught.value) == 'no bundle has the name or id 8'


def test_find_bundle_needs_a_version_when_names_repeat(api, http):
    other = dict(fakes.BUNDLE, id=8, version='2.0')
    http.get(URL + '/v1/bundles', json={'bundles': [fakes.BUNDLE, other]})
    with pytest.raises(exceptions.NoUniqueMatch) as caught:
        api.find_bundle('apps')
    assert 'ids: 7, 8' in str(caught.value)
    http.get(URL + '/v1/bundles?version=2.0', json={'bundles': [other]})
    assert api.find_bundle('apps', version='2.0') == other
    assert http.last_request.qs == {'name': ['apps'], 'version': ['2.0']}


def test_find_desktop_by_id(api, http):
    http.get(URL + '/v1/desktops/' + fakes.DESKTOP_ID,
             json={'desktop': fakes.DESKTOP})
    assert api.find_desktop(fakes.DESKTOP_ID) == fakes.DESKTOP
    assert http.call_count == 1


def test_find_desktop_by_name_reads_every_page(api, http):
    other = fakes.desktop(id=fakes.DESKTOP_ID2, name='desk-2')
    http.get(URL + '/v1/desktops', [
        {'json': {'desktops': [other], 'links': [
            {'rel': 'next', 'href': URL + '/v1/desktops?marker=x'}]}},
        {'json': {'desktops': [fakes.DESKTOP]}}])
    assert api.find_desktop('desk-1') == fakes.DESKTOP


def test_find_desktop_says_which_name_is_unknown_or_ambiguous(api, http):
    http.get(URL + '/v1/desktops', json={'desktops': [
        fakes.DESKTOP, fakes.desktop(id=fakes.DESKTOP_ID2)]})
    with pytest.raises(exceptions.NotFoundByName) as caught:
        api.find_desktop('nope')
    assert str(caught.value) == 'no desktop has the name or id nope'
    with pytest.raises(exceptions.NoUniqueMatch) as caught:
        api.find_desktop('desk-1')
    assert str(caught.value) == (
        'more than one desktop is named desk-1 (ids: %s, %s); give its id '
        'instead' % (fakes.DESKTOP_ID, fakes.DESKTOP_ID2))


def test_an_unknown_desktop_id_falls_back_to_the_names(api, http):
    http.get(URL + '/v1/desktops/' + fakes.DESKTOP_ID,
             **error(404, 'desktop not found'))
    http.get(URL + '/v1/desktops', json={'desktops': []})
    with pytest.raises(exceptions.NotFoundByName):
        api.find_desktop(fakes.DESKTOP_ID)


def test_create_desktops_sends_only_what_is_given(api, http):
    http.post(URL + '/v1/desktops', status_code=202, json={'desktops': [
        dict(fakes.DESKTOP, command_id=fakes.COMMAND_ID)]})
    created = api.create_desktops('SiteC', 'office', 'desktop.small', 'desk',
                                  count=2, scope='local')
    assert created[0]['command_id'] == fakes.COMMAND_ID
    assert http.last_request.json() == {
        'home_site': 'SiteC', 'template_type': 'office',
        'flavor': 'desktop.small', 'name': 'desk', 'count': 2,
        'scope': 'local'}


def test_delete_desktop_answers(api, http):
    path = URL + '/v1/desktops/' + fakes.DESKTOP_ID
    http.delete(path, status_code=204)
    assert api.delete_desktop(fakes.DESKTOP_ID) == (None, None)
    deleting = fakes.desktop(state='deleting')
    http.delete(path, status_code=202,
                json={'desktop': deleting, 'command': None})
    assert api.delete_desktop(fakes.DESKTOP_ID) == (deleting, None)
    http.delete(path, status_code=202,
                json={'desktop': deleting, 'command': fakes.COMMAND})
    assert api.delete_desktop(fakes.DESKTOP_ID) == (deleting, fakes.COMMAND)


def test_desktop_action_returns_the_command(api, http):
    http.post(URL + '/v1/desktops/%s/action' % fakes.DESKTOP_ID,
              status_code=202, json={'command': fakes.COMMAND})
    assert api.desktop_action(fakes.DESKTOP_ID, 'stop') == fakes.COMMAND
    assert http.last_request.json() == {'stop': None}


def test_commands_alarms_and_notices(api, http):
    http.get(URL + '/v1/commands/' + fakes.COMMAND_ID,
             json={'command': fakes.COMMAND})
    http.post(URL + '/v1/alarms/3/acknowledge', json={'alarm': fakes.ALARM})
    http.get(URL + '/v1/alarms/3', json={'alarm': fakes.ALARM})
    http.post(URL + '/v1/notices', status_code=201,
              json={'notice': fakes.NOTICE})
    http.get(URL + '/v1/notices/4', json={'notice': fakes.NOTICE})
    assert api.get_command(fakes.COMMAND_ID) == fakes.COMMAND
    assert api.get_alarm(3) == fakes.ALARM
    api.acknowledge_alarm(3, acknowledged=False)
    assert http.last_request.json() == {'acknowledged': False}
    api.create_notice('T', 'B')
    assert http.last_request.json() == {'title': 'T', 'body': 'B'}
    api.create_notice('T', 'B', {'sites': ['SiteC']})
    assert http.last_request.json()['targets'] == {'sites': ['SiteC']}
    assert api.get_notice(4) == fakes.NOTICE


def test_monitoring(api, http):
    http.get(URL + '/v1/monitoring/SiteC', json={'site': {'name': 'SiteC'}})
    http.get(URL + '/v1/monitoring', json={'sites': [{'name': 'SiteC'}]})
    assert api.get_monitoring('SiteC', history=3) == {'name': 'SiteC'}
    assert http.last_request.qs == {'history': ['3']}
    assert api.list_monitoring(availability=['online']) == [
        {'name': 'SiteC'}]


def test_explain_placement_sends_the_request_as_query(api, http):
    explain = {'request': {}, 'candidates': [], 'placements': []}
    http.get(URL + '/v1/placement/explain', json={'explain': explain})
    assert api.explain_placement('SiteC', 'office', 'desktop.small',
                                 count=3) == explain
    assert http.last_request.qs == {
        'home_site': ['sitec'], 'template_type': ['office'],
        'flavor': ['desktop.small'], 'count': ['3']}


def test_the_client_does_not_need_openstackclient():
    # The Horizon panel uses the same client: it must import without
    # OpenStackClient, osc-lib or cliff.
    code = ('import sys; import central_cloud.osc.client; '
            'print(sorted(m for m in sys.modules if m.split(".")[0] in '
            '("openstackclient", "osc_lib", "cliff")))')
    out = subprocess.run([sys.executable, '-c', code], check=True,
                         capture_output=True, text=True).stdout
    assert out.strip() == '[]'
