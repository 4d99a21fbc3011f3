"""The executor in the lab's real SiteA: Nova, Glance and Placement."""

import uuid


def test_create_stop_start_suspend_resume_delete(commands, site_conn):
    create = commands.create(metadata={'owner': 'functest'})
    state, result = commands.run(create)
    assert state == 'succeeded', result
    server = site_conn.compute.get_server(result['server_id'])
    assert server.status == 'ACTIVE'
    assert server.metadata['desktop_command_id'] == create['id']
    assert server.metadata['owner'] == 'functest'
    for action, status in (('stop', 'SHUTOFF'), ('start', 'ACTIVE'),
                           ('suspend', 'SUSPENDED'), ('resume', 'ACTIVE')):
        state, result = commands.run(commands.command(action,
                                                      server_id=server.id))
        assert state == 'succeeded', result
        assert site_conn.compute.get_server(server.id).status == status
    state, result = commands.run(commands.command('delete',
                                                  server_id=server.id))
    assert state == 'succeeded', result
    # Nova shows a deleted server as DELETED until it removes the row.
    left = site_conn.compute.find_server(server.id)
    assert left is None or left.status == 'DELETED', left.status


def test_the_same_create_twice_yields_one_server(commands):
    create = commands.create(count=2)
    first = commands.run(create)
    second = commands.run(create)
    assert first[0] == second[0] == 'succeeded'
    assert first[1]['server_ids'] == second[1]['server_ids']
    servers = commands.servers(create['id'])
    assert sorted(s.id for s in servers) == sorted(first[1]['server_ids'])
    assert sorted(s.name for s in servers) == ['functest-desk-1',
                                               'functest-desk-2']


def test_the_template_is_found_by_its_type(commands, make_image,
                                           site_conn):
    template_type = 'functest-%s' % uuid.uuid4().hex[:8]
    make_image(template_type + '-v1', desktop_template_type=template_type,
               desktop_template_version='1')
    newest = make_image(template_type + '-v2',
                        desktop_template_type=template_type,
                        desktop_template_version='2')
    state, result = commands.run(commands.create(template_type=template_type,
                                                 image=None))
    assert state == 'succeeded', result
    server = site_conn.compute.get_server(result['server_id'])
    assert server.image.id == newest.id


def test_no_valid_host_is_a_failed_result_with_novas_message(
        commands, make_image, site_conn):
    # Every lab host is x86_64: Nova's ImagePropertiesFilter finds none.
    image = make_image('functest-arm', hw_architecture='aarch64')
    create = commands.create(image=image.id)
    state, result = commands.run(create)
    assert state == 'failed'
    [server] = commands.servers(create['id'])
    assert server.status == 'ERROR'
    assert result['fault']['message'] == server.fault['message']
    assert result['fault']['message'].startswith('No valid host was found.')
    assert result['message'].startswith(
        'Server functest-desk (%s) went to ERROR: No valid host was found.'
        % server.id)
    assert result['server_ids'] == [server.id]


def test_unknown_flavor_and_template_fail_clearly(commands, agent_conf):
    site = agent_conf.site.name
    state, result = commands.run(commands.create(flavor='desktop.huge'))
    assert (state, result) == ('failed', {
        'message': "Flavor 'desktop.huge' does not exist at site %s" % site})
    state, result = commands.run(commands.create(template_type='no-such',
                                                 image=None))
    assert state == 'failed'
    assert result['message'].startswith(
        "No template of type 'no-such' at site %s" % site)


def test_a_server_of_another_region_is_not_found(commands):
    missing = str(uuid.uuid4())
    state, result = commands.run(commands.command('stop', server_id=missing))
    assert state == 'failed'
    assert result['message'].startswith('Server %s does not exist' % missing)
    state, result = commands.run(commands.command('delete',
                                                  server_id=missing))
    assert state == 'succeeded'
