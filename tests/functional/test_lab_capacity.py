"""A region runs out of room: the next boot fails with NoValidHost."""

from desktop_lab import images

REGION = 'SiteC'
WAIT = 180


def test_region_runs_out_of_room(lab):
    conn = lab.connect(REGION)
    reg = lab.region(REGION)
    assert not list(conn.compute.servers(all_projects=True)), (
        '%s must be empty for this test' % REGION)
    image = images.ensure_tiny_image(conn)
    name = 'whole-host-%d' % reg['vcpus']
    flavor = conn.compute.find_flavor(name) or conn.compute.create_flavor(
        name=name, vcpus=reg['vcpus'], ram=reg['memory_mb'] // 2, disk=10)
    servers = []
    try:
        # One whole-host desktop per host fits; one more cannot.
        for i in range(reg['hosts']):
            servers.append(conn.compute.create_server(
                name='fill-%d' % i, flavor_id=flavor.id, image_id=image.id,
                networks='none'))
            servers[-1] = conn.compute.wait_for_server(servers[-1],
                                                       wait=WAIT)
        hosts = {s.compute_host for s in servers}
        assert len(hosts) == reg['hosts']
        extra = conn.compute.create_server(
            name='one-too-many', flavor_id=flavor.id, image_id=image.id,
            networks='none')
        servers.append(extra)
        extra = conn.compute.wait_for_server(extra, status='ERROR',
                                             failures=['ACTIVE'], wait=WAIT)
        assert 'No valid host' in extra.fault['message'], extra.fault
    finally:
        for server in servers:
            conn.compute.delete_server(server, ignore_missing=True)
        for server in servers:
            conn.compute.wait_for_delete(server, wait=WAIT)
