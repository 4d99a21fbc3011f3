"""/v1/desktops: create, list, show, actions, delete; project isolation."""

import uuid

import pytest

from central_cloud.engine import progress
from central_cloud.protocol import fields
from central_cloud.protocol import validation
from tests.unit.api import fixtures

CREATE = {'home_site': 'SiteA', 'template_type': 'office',
          'flavor': 'm1.desk', 'name': 'desk'}


def create(client, as_=fixtures.MEMBER, **values):
    resp = client.post('/v1/desktops', dict(CREATE, **values), as_=as_)
    assert resp.status_int == 202, resp.text
    return resp.json['desktops']


def give_server(db, desktop_id):
    """What the engine does once the site created the server."""
    server = str(uuid.uuid4())
    db.update_desktop(desktop_id, {'server_uuid': server, 'state': 'active'})
    return server


def as_protocol_command(command_row):
    """The command the dispatcher would cast, built from the row."""
    return {'id': command_row.id, 'action': command_row.action,
            'site': command_row.site.name,
            'created_at': fields.timestamp(command_row.created_at),
            'params': command_row.payload}


def test_create_writes_desktops_and_pending_commands(client, db, site,
                                                     template):
    desktops = create(client, count=3, scope='group')
    assert [d['name'] for d in desktops] == ['desk-1', 'desk-2', 'desk-3']
    for desktop in desktops:
        assert desktop['site'] == 'SiteA'
        assert desktop['state'] == 'building'
        assert desktop['project_id'] == 'project-a'
        assert desktop['owner'] == 'alice'
        command = db.get_command(desktop['command_id'])
        assert command.state == 'pending'
        assert command.attempts == 0
        assert command.action == 'create'
        assert command.desktop_id == desktop['id']
        assert command.payload['metadata'] == {
            'desktop_id': desktop['id'], 'desktop_scope': 'group',
            'desktop_owner': 'alice'}
        # What the API stores is what the protocol can carry to the site.
        validation.validate('command', as_protocol_command(command))


def test_create_one_keeps_the_name_and_defaults(client, db, site, template):
    (desktop,) = create(client, owner='carol')
    assert desktop['name'] == 'desk'
    assert desktop['owner'] == 'carol'
    command = db.get_command(desktop['command_id'])
    assert command.payload['metadata']['desktop_scope'] == 'any'


@pytest.mark.parametrize('change, text', [
    ({'count': 0}, 'count must be at least 1 (got 0)'),
    ({'count': 101}, 'count must be at most 100 (got 101)'),
    ({'count': 2.5}, 'count must be of type integer'),
    ({'scope': 'galaxy'}, 'scope must be one of: local, group, any'),
    ({'home_site': 'no such'}, 'home_site must be a site name'),
    ({'template_type': '-x'}, 'template_type must be an identifier'),
    ({'flavor': ''}, 'flavor must be at least 1 characters'),
    ({'name': 'x' * 252}, 'name must be at most 251 characters'),
    ({'name': 'two\nlines'}, 'name must be printable text'),
    ({'owner': None}, 'owner must be of type string'),
    ({'project_id': 'other'}, 'project_id is not an allowed field'),
])
def test_create_bad_field_is_400(client, site, template, change, text):
    resp = client.post('/v1/desktops', dict(CREATE, **change),
                       as_=fixtures.MEMBER)
    message = fixtures.error_of(resp, 400)
    assert text in message, message


@pytest.mark.parametrize('missing', ['home_site', 'template_type', 'flavor',
                                     'name'])
def test_create_missing_field_is_400(client, site, template, missing):
    body = dict(CREATE)
    del body[missing]
    message = fixtures.error_of(client.post('/v1/desktops', body), 400)
    assert '%s is required but missing' % missing in message


def test_create_on_unknown_site_or_template_is_400(client, site, template):
    message = fixtures.error_of(client.post('/v1/desktops', dict(
        CREATE, home_site='Nowhere')), 400)
    assert 'home_site names the unknown site Nowhere' in message
    message = fixtures.error_of(client.post('/v1/desktops', dict(
        CREATE, template_type='cad')), 400)
    assert 'template_type names the unknown template type cad' in message


def test_create_on_a_site_in_maintenance_is_409(client, db, site, template):
    client.post('/v1/sites/SiteA/action', {'maintenance': None})
    message = fixtures.error_of(client.post('/v1/desktops', CREATE), 409)
    assert 'site SiteA is maintenance' in message
    assert db.list_desktops() == []


def test_create_is_all_or_nothing(client, db, site, template, monkeypatch):
    calls = []
    real = db.create_command

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError('database went away')
        return real(*args, **kwargs)

    monkeypatch.setattr(db, 'create_command', failing)
    fixtures.error_of(client.post('/v1/desktops', dict(CREATE, count=5)),
                      500)
    assert db.list_desktops() == []
    assert db.list_commands() == []


def test_reader_cannot_create(client, site, template):
    fixtures.error_of(client.post('/v1/desktops', CREATE,
                                  as_=fixtures.READER), 403)


def test_create_needs_a_project(client, site, template):
    who = dict(fixtures.MEMBER)
    del who['X-Project-Id']
    fixtures.error_of(client.post('/v1/desktops', CREATE, as_=who), 403)


def ids(resp):
    assert resp.status_int == 200, resp.text
    return [d['id'] for d in resp.json['desktops']]


def test_members_see_their_project_only(client, site, template):
    mine = [d['id'] for d in create(client, count=2)]
    theirs = [d['id'] for d in create(client, as_=fixtures.OTHER_MEMBER)]
    assert ids(client.get('/v1/desktops', as_=fixtures.MEMBER)) == mine
    assert ids(client.get('/v1/desktops', as_=fixtures.OTHER_MEMBER)) == (
        theirs)
    assert ids(client.get('/v1/desktops', as_=fixtures.READER)) == (
        mine + theirs)
    assert ids(client.get('/v1/desktops')) == mine + theirs
    assert ids(client.get('/v1/desktops?project=project-b')) == theirs
    assert ids(client.get('/v1/desktops?project=project-a',
                          as_=fixtures.MEMBER)) == mine
    fixtures.error_of(client.get('/v1/desktops?project=project-b',
                                 as_=fixtures.MEMBER), 403)
    # Another project's desktop does not exist for a member.
    message = fixtures.error_of(client.get('/v1/desktops/' + theirs[0],
                                           as_=fixtures.MEMBER), 404)
    assert 'desktop %s not found' % theirs[0] in message
    assert client.get('/v1/desktops/' + theirs[0],
                      as_=fixtures.READER).status_int == 200
    # Nor may its id be used as a page marker.
    message = fixtures.error_of(client.get(
        '/v1/desktops?marker=' + theirs[0], as_=fixtures.MEMBER), 400)
    assert 'marker desktop' in message


def test_list_filters_and_pages(client, db, site, template):
    client.post('/v1/sites', dict(fixtures.SITE, name='SiteB'))
    first = [d['id'] for d in create(client, count=3)]
    other = [d['id'] for d in create(client, home_site='SiteB')]
    give_server(db, first[0])
    assert ids(client.get('/v1/desktops?site=SiteB')) == other
    assert ids(client.get('/v1/desktops?state=active')) == first[:1]
    assert ids(client.get('/v1/desktops?state=active&state=building')) == (
        first + other)
    assert ids(client.get('/v1/desktops?owner=alice')) == first + other
    assert ids(client.get('/v1/desktops?template_type=office')) == (
        first + other)
    page = client.get('/v1/desktops?limit=2', as_=fixtures.MEMBER)
    assert ids(page) == first[:2]
    assert page.json['links'][0]['href'].endswith('marker=' + first[1])
    assert ids(client.get('/v1/desktops?limit=2&marker=' + first[1],
                          as_=fixtures.MEMBER)) == [first[2], other[0]]


@pytest.mark.parametrize('query', ['site=bad%20name', 'marker=not-a-uuid',
                                   'project=a&project=b', 'flavor=m1'])
def test_list_bad_query_is_400(client, query):
    fixtures.error_of(client.get('/v1/desktops?' + query), 400)


def test_show(client, member_desktop):
    resp = client.get('/v1/desktops/' + member_desktop['id'],
                      as_=fixtures.MEMBER)
    shown = resp.json['desktop']
    assert shown['id'] == member_desktop['id']
    assert shown['server_uuid'] is None
    assert 'command_id' not in shown


@pytest.mark.parametrize('desktop_id', [str(uuid.uuid4()), 'not-a-uuid'])
def test_show_unknown_is_404(client, desktop_id):
    fixtures.error_of(client.get('/v1/desktops/' + desktop_id), 404)


@pytest.mark.parametrize('action', ['stop', 'start', 'suspend', 'resume'])
def test_action_queues_a_command(client, db, member_desktop, action):
    server = give_server(db, member_desktop['id'])
    resp = client.post('/v1/desktops/%s/action' % member_desktop['id'],
                       {action: None}, as_=fixtures.MEMBER)
    assert resp.status_int == 202, resp.text
    command = resp.json['command']
    assert command['action'] == action
    assert command['state'] == 'pending'
    assert command['site'] == 'SiteA'
    assert command['params'] == {'server_id': server,
                                 'desktop_id': member_desktop['id']}
    validation.validate('command', as_protocol_command(
        db.get_command(command['id'])))


@pytest.mark.parametrize('body, text', [
    ({}, 'must have at least 1 entries'),
    ({'reboot': None}, 'reboot is not an allowed field (allowed: stop, '
                       'start, suspend, resume)'),
    ({'stop': None, 'start': None}, 'must have at most 1 entries'),
    ({'stop': {'force': True}}, 'stop must have at most 0 entries'),
])
def test_bad_action_is_400(client, member_desktop, body, text):
    resp = client.post('/v1/desktops/%s/action' % member_desktop['id'],
                       body, as_=fixtures.MEMBER)
    assert text in fixtures.error_of(resp, 400)


def test_action_before_the_server_exists_is_409(client, member_desktop):
    resp = client.post('/v1/desktops/%s/action' % member_desktop['id'],
                       {'stop': None}, as_=fixtures.MEMBER)
    assert 'has no server at site SiteA yet' in fixtures.error_of(resp, 409)


def test_action_and_delete_isolation(client, db, member_desktop):
    give_server(db, member_desktop['id'])
    path = '/v1/desktops/%s' % member_desktop['id']
    # Another project's member: the desktop does not exist.
    fixtures.error_of(client.post(path + '/action', {'stop': None},
                                  as_=fixtures.OTHER_MEMBER), 404)
    fixtures.error_of(client.delete(path, as_=fixtures.OTHER_MEMBER), 404)
    # A reader sees it but may not act on it.
    fixtures.error_of(client.post(path + '/action', {'stop': None},
                                  as_=fixtures.READER), 403)
    fixtures.error_of(client.delete(path, as_=fixtures.READER), 403)
    assert db.list_commands(filters={'action': 'stop'}) == []
    # An admin may act on any project's desktop.
    assert client.post(path + '/action', {'stop': None}).status_int == 202


def test_delete_queues_a_command(client, db, member_desktop):
    server = give_server(db, member_desktop['id'])
    path = '/v1/desktops/' + member_desktop['id']
    resp = client.delete(path, as_=fixtures.MEMBER)
    assert resp.status_int == 202, resp.text
    command = resp.json['command']
    assert (command['action'], command['state']) == ('delete', 'pending')
    assert command['params']['server_id'] == server
    assert client.get(path).json['desktop']['state'] == 'deleting'
    message = fixtures.error_of(client.delete(path), 409)
    assert 'already being deleted' in message
    message = fixtures.error_of(client.post(path + '/action',
                                            {'start': None}), 409)
    assert 'is being deleted' in message


def test_delete_before_the_create_was_sent_cancels_it(client, db,
                                                      member_desktop):
    resp = client.delete('/v1/desktops/' + member_desktop['id'],
                         as_=fixtures.MEMBER)
    assert resp.status_int == 204
    command = db.get_command(member_desktop['command_id'])
    assert command.state == 'failed'
    assert 'cancelled' in command.error
    fixtures.error_of(client.get('/v1/desktops/' + member_desktop['id']),
                      404)


def test_delete_while_the_create_runs_waits_for_it(
        client, db, member_desktop):
    assert db.command_transition(member_desktop['command_id'], ['pending'],
                                 'sent')
    path = '/v1/desktops/' + member_desktop['id']
    resp = client.delete(path)
    assert resp.status_int == 202, resp.text
    assert resp.json['command'] is None
    assert resp.json['desktop']['state'] == 'deleting'
    assert 'already being deleted' in fixtures.error_of(
        client.delete(path), 409)
    assert db.get_command(member_desktop['command_id']).state == 'sent'


def test_deferred_delete_is_queued_when_the_create_ends(
        client, db, member_desktop):
    command_id = member_desktop['command_id']
    assert db.command_transition(command_id, ['pending'], 'running')
    path = '/v1/desktops/' + member_desktop['id']
    assert client.delete(path).status_int == 202
    server = str(uuid.uuid4())
    assert progress.apply(command_id, 'succeeded', {'server_id': server})
    (delete,) = db.list_commands(filters={'desktop_id': member_desktop['id'],
                                          'action': 'delete'})
    assert delete.payload['server_id'] == server
    assert progress.apply(delete.id, 'succeeded')
    fixtures.error_of(client.get(path), 404)


def test_delete_after_a_failed_create_removes_the_row(client, db,
                                                      member_desktop):
    assert db.command_transition(member_desktop['command_id'], ['pending'],
                                 'failed', error='no capacity')
    assert client.delete(
        '/v1/desktops/' + member_desktop['id']).status_int == 204
    assert db.list_desktops() == []
