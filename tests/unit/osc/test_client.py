"""The REST client against a mocked HTTP endpoint (requests-mock)."""

import hashlib
import io
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


ROLLOUT_ID = '3869b68f-c5cb-40d8-b8c3-9b2600501e9f'


def test_create_rollout_sends_only_what_is_given(api, http):
    http.post(URL + '/v1/rollouts', status_code=202,
              json={'rollout': {'id': ROLLOUT_ID}})
    assert api.create_rollout(template_type='office') == {'id': ROLLOUT_ID}
    assert http.last_request.json() == {'template_type': 'office'}
    api.create_rollout(bundle_id=7, sites=['SiteA', 'SiteB'],
                       groups=['south'], mode='serial',
                       max_parallel_sites=1, stop_on_failure=True)
    assert http.last_request.json() == {
        'bundle_id': 7, 'sites': ['SiteA', 'SiteB'], 'groups': ['south'],
        'mode': 'serial', 'max_parallel_sites': 1, 'stop_on_failure': True}
    api.create_rollout(template_type='office', stop_on_failure=False,
                       sites=[])
    assert http.last_request.json() == {'template_type': 'office',
                                        'stop_on_failure': False}


def test_rollout_list_show_and_abort(api, http):
    http.get(URL + '/v1/rollouts', json={'rollouts': [{'id': ROLLOUT_ID}]})
    http.get(URL + '/v1/rollouts/' + ROLLOUT_ID,
             json={'rollout': {'id': ROLLOUT_ID, 'steps': []}})
    http.post(URL + '/v1/rollouts/%s/abort' % ROLLOUT_ID,
              json={'rollout': {'id': ROLLOUT_ID, 'state': 'aborted'}})
    assert api.list_rollouts(state=['running'], template_type=None) == [
        {'id': ROLLOUT_ID}]
    assert http.last_request.qs == {'state': ['running']}
    assert api.get_rollout(ROLLOUT_ID)['steps'] == []
    assert api.abort_rollout(ROLLOUT_ID)['state'] == 'aborted'
    # The abort has no body.
    assert not http.last_request.body


def test_an_ended_rollout_cannot_be_aborted(api, http):
    http.post(URL + '/v1/rollouts/%s/abort' % ROLLOUT_ID, **error(
        409, 'rollout %s has already ended (succeeded)' % ROLLOUT_ID))
    with pytest.raises(exceptions.Conflict) as caught:
        api.abort_rollout(ROLLOUT_ID)
    assert 'has already ended (succeeded) (HTTP 409)' in str(caught.value)


def test_sha256_of_reads_the_whole_stream():
    data = b'x' * 2500
    assert client.sha256_of(io.BytesIO(data), chunk_size=1000) == (
        hashlib.sha256(data).hexdigest(), 2500)
    assert client.sha256_of(io.BytesIO(b'')) == (
        hashlib.sha256(b'').hexdigest(), 0)


def test_upload_bundle_file_sends_the_bytes_and_their_sha256(api, http):
    data = b'#!/bin/sh\necho hi\n'
    sha = hashlib.sha256(data).hexdigest()
    entry = {'name': 'set up.sh', 'sha256': sha, 'size': len(data),
             'stored': True}
    http.put(URL + '/v1/bundles/7/files/set%20up.sh', status_code=201,
             json={'file': entry})
    assert api.upload_bundle_file(7, 'set up.sh', data, sha256=sha) == entry
    sent = http.last_request
    assert sent.body == data
    assert sent.headers['X-Content-SHA256'] == sha
    assert sent.headers['Content-Type'] == 'application/octet-stream'
    # A file object is streamed as it is.
    api.upload_bundle_file(7, 'set up.sh', io.BytesIO(data))
    assert http.last_request.body.read() == data
    assert 'X-Content-SHA256' not in http.last_request.headers


def test_a_refused_upload_is_the_apis_error(api, http):
    http.put(URL + '/v1/bundles/7/files/a.sh', **error(
        400, 'The file was not stored: bundle 7 declares a.sh with sha256 '
             'aaa, but the bytes have bbb'))
    with pytest.raises(exceptions.BadRequest) as caught:
        api.upload_bundle_file(7, 'a.sh', b'x', sha256='a' * 64)
    assert 'declares a.sh with sha256 aaa' in str(caught.value)


def test_download_bundle_file_writes_and_checks_the_bytes(api, http):
    data = bytes(range(256)) * 10
    sha = hashlib.sha256(data).hexdigest()
    http.get(URL + '/v1/bundles/7/files/data.bin', content=data,
             headers={'X-Content-SHA256': sha})
    out = io.BytesIO()
    assert api.download_bundle_file(7, 'data.bin', out,
                                    chunk_size=100) == (sha, len(data))
    assert out.getvalue() == data


def test_download_bundle_file_refuses_changed_bytes(api, http):
    http.get(URL + '/v1/bundles/7/files/data.bin', content=b'changed',
             headers={'X-Content-SHA256': 'A' * 64})
    with pytest.raises(exceptions.DigestMismatch) as caught:
        api.download_bundle_file(7, 'data.bin', io.BytesIO())
    assert str(caught.value) == (
        'the bytes of data.bin have sha256 %s, not the %s central states '
        'for them: they were changed on the way'
        % (hashlib.sha256(b'changed').hexdigest(), 'a' * 64))


def test_download_of_a_file_central_lacks(api, http):
    http.get(URL + '/v1/bundles/7/files/nope', **error(
        404, 'bundle 7 has no file nope'))
    out = io.BytesIO()
    with pytest.raises(exceptions.NotFound):
        api.download_bundle_file(7, 'nope', out)
    assert out.getvalue() == b''


def test_the_client_does_not_need_openstackclient():
    # The Horizon panel uses the same client: it must import without
    # OpenStackClient, osc-lib or cliff.
    code = ('import sys; import central_cloud.osc.client; '
            'print(sorted(m for m in sys.modules if m.split(".")[0] in '
            '("openstackclient", "osc_lib", "cliff")))')
    out = subprocess.run([sys.executable, '-c', code], check=True,
                         capture_output=True, text=True).stdout
    assert out.strip() == '[]'
