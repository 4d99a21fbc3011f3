"""/v1/commands: list and show, with state, attempts and result."""

import uuid

import pytest

from tests.unit.api import fixtures


@pytest.fixture
def two_commands(client, db, site, template, member_desktop):
    """The member's create command, and a configure command (no desktop)."""
    other = db.create_command('SiteA', 'configure',
                              payload={'options': {'report_interval': 30}})
    return member_desktop['command_id'], other.id


def ids(resp):
    assert resp.status_int == 200, resp.text
    return [c['id'] for c in resp.json['commands']]


def test_list_and_filters(client, db, two_commands):
    create_id, configure_id = two_commands
    db.command_transition(create_id, ['pending'], 'succeeded',
                          attempts=1, result={'server_id': str(uuid.uuid4())})
    assert ids(client.get('/v1/commands')) == [create_id, configure_id]
    assert ids(client.get('/v1/commands?state=pending')) == [configure_id]
    assert ids(client.get('/v1/commands?state=pending&state=succeeded')) == [
        create_id, configure_id]
    assert ids(client.get('/v1/commands?action=configure')) == [configure_id]
    assert ids(client.get('/v1/commands?site=SiteA')) == [create_id,
                                                          configure_id]
    assert ids(client.get('/v1/commands?site=SiteB')) == []
    page = client.get('/v1/commands?limit=1')
    assert ids(page) == [create_id]
    assert ids(client.get('/v1/commands?marker=' + create_id)) == [
        configure_id]
    shown = client.get('/v1/commands/' + create_id).json['command']
    assert shown['state'] == 'succeeded'
    assert shown['attempts'] == 1
    assert 'server_id' in shown['result']
    assert shown['error'] is None
    assert shown['params']['flavor'] == 'm1.desk'


def test_failed_command_shows_its_error(client, db, two_commands):
    _, configure_id = two_commands
    db.command_transition(configure_id, ['pending'], 'failed',
                          error='site rejected the option')
    shown = client.get('/v1/commands/' + configure_id).json['command']
    assert (shown['state'], shown['error']) == ('failed',
                                                'site rejected the option')


@pytest.mark.parametrize('query', ['state=lost', 'action=reboot',
                                   'desktop=abc', 'marker=abc', 'x=1'])
def test_bad_query_is_400(client, query):
    fixtures.error_of(client.get('/v1/commands?' + query), 400)


@pytest.mark.parametrize('command_id', [str(uuid.uuid4()), 'nope'])
def test_show_unknown_is_404(client, command_id):
    fixtures.error_of(client.get('/v1/commands/' + command_id), 404)


def test_members_follow_their_own_desktops_commands(client, two_commands,
                                                    member_desktop):
    create_id, configure_id = two_commands
    desktop = member_desktop['id']
    assert ids(client.get('/v1/commands?desktop=' + desktop,
                          as_=fixtures.MEMBER)) == [create_id]
    assert client.get('/v1/commands/' + create_id,
                      as_=fixtures.MEMBER).status_int == 200
    # Not all commands, not other projects', not commands of no desktop.
    fixtures.error_of(client.get('/v1/commands', as_=fixtures.MEMBER), 403)
    fixtures.error_of(client.get('/v1/commands?desktop=' + desktop,
                                 as_=fixtures.OTHER_MEMBER), 403)
    fixtures.error_of(client.get('/v1/commands/' + create_id,
                                 as_=fixtures.OTHER_MEMBER), 404)
    fixtures.error_of(client.get('/v1/commands/' + configure_id,
                                 as_=fixtures.MEMBER), 404)


def test_readers_see_every_command(client, two_commands):
    assert len(ids(client.get('/v1/commands', as_=fixtures.READER))) == 2
    for command_id in two_commands:
        assert client.get('/v1/commands/' + command_id,
                          as_=fixtures.READER).status_int == 200


def test_commands_have_no_write_methods(client, two_commands):
    fixtures.error_of(client.post('/v1/commands', {}), 405)
    fixtures.error_of(client.delete('/v1/commands/' + two_commands[0]), 405)
