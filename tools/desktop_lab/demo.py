"""The lab demo: every region, its hosts, and a desktop booted per site."""

import time

from desktop_lab import catalog
from desktop_lab import images


def run(lay):
    print('\n%-8s %9s %9s  %-6s %s' % ('REGION', 'LAT', 'LON', 'HOSTS',
                                       'CAPACITY (vCPU / MiB each)'))
    for reg in lay.regions:
        print('%-8s %9.4f %9.4f  %-6d %d / %d%s'
              % (reg['name'], reg['latitude'], reg['longitude'],
                 reg['hosts'], reg['vcpus'], reg['memory_mb'],
                 '  (shared pool)' if reg['shared_pool'] else ''))
    print()
    for reg in lay.regions:
        if reg['shared_pool']:
            continue
        conn = catalog.admin_connection(lay, reg['name'])
        image = images.ensure_tiny_image(conn)
        flavor = conn.compute.find_flavor('desktop.small')
        t = time.monotonic()
        server = conn.compute.create_server(
            name='lab-demo-%s' % reg['name'].lower(), image_id=image.id,
            flavor_id=flavor.id, networks='none')
        server = conn.compute.wait_for_server(server, wait=120)
        took = time.monotonic() - t
        print('[demo] %s: server %s ACTIVE on %s in %.1f s'
              % (reg['name'], server.id, server.hypervisor_hostname
                 or server.compute_host, took))
        conn.compute.delete_server(server)
        conn.compute.wait_for_delete(server, wait=120)
        print('[demo] %s: server %s deleted' % (reg['name'], server.id))
    return 0
