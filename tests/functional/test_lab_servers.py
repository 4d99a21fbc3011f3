"""Server lifecycle in every site region of the lab, through real Nova."""

import pytest

from desktop_lab import images

WAIT = 180


@pytest.fixture(scope='module')
def tiny_images(lab):
    return {name: images.ensure_tiny_image(lab.connect(name))
            for name in lab.site_names}


def _wait_status(conn, server, status):
    return conn.compute.wait_for_server(server, status=status, wait=WAIT)


@pytest.mark.parametrize('region', ['SiteA', 'SiteB', 'SiteC'])
def test_server_lifecycle(lab, tiny_images, region):
    if region not in lab.site_names:
        pytest.skip('topology has no region %s' % region)
    conn = lab.connect(region)
    flavor = conn.compute.find_flavor('desktop.small', ignore_missing=False)
    server = conn.compute.create_server(
        name='lifecycle-%s' % region.lower(), flavor_id=flavor.id,
        image_id=tiny_images[region].id, networks='none')
    try:
        server = _wait_status(conn, server, 'ACTIVE')
        assert server.compute_host.startswith(region.lower() + '-cmp')
        conn.compute.stop_server(server)
        _wait_status(conn, server, 'SHUTOFF')
        conn.compute.start_server(server)
        _wait_status(conn, server, 'ACTIVE')
        conn.compute.suspend_server(server)
        _wait_status(conn, server, 'SUSPENDED')
        conn.compute.resume_server(server)
        _wait_status(conn, server, 'ACTIVE')
    finally:
        conn.compute.delete_server(server)
    conn.compute.wait_for_delete(server, wait=WAIT)
    assert conn.compute.find_server(server.id) is None
