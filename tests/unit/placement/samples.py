"""Sites, reports and views for the placement tests."""

from central_cloud.placement import view as view_mod

FLAVORS = [{'name': 'small', 'id': 'f1', 'vcpus': 1, 'ram': 1024,
            'disk': 10},
           {'name': 'medium', 'id': 'f2', 'vcpus': 2, 'ram': 2048,
            'disk': 20},
           {'name': 'large', 'id': 'f3', 'vcpus': 4, 'ram': 4096,
            'disk': 40}]

# Real cities, so that distances are easy to check by hand.
PARIS = (48.8566, 2.3522)
BRUSSELS = (50.8503, 4.3517)
AMSTERDAM = (52.3676, 4.9041)
LYON = (45.7640, 4.8357)


def host(name, vcpus=4, ram=8192, disk=80, used=(0, 0, 0), state='up',
         ratio=1.0, reserved=(0, 0, 0)):
    def inventory(total, used, reserved):
        return {'total': total, 'used': used, 'reserved': reserved,
                'allocation_ratio': ratio}
    return {'name': name, 'state': state, 'instances': 0, 'resources': {
        'VCPU': inventory(vcpus, used[0], reserved[0]),
        'MEMORY_MB': inventory(ram, used[1], reserved[1]),
        'DISK_GB': inventory(disk, used[2], reserved[2])}}


def report(name, hosts=None, flavors=FLAVORS, templates=('office',)):
    body = {'site': name, 'seq': 1, 'sent_at': '2026-05-20T12:00:00Z',
            'interval': 60,
            'hosts': hosts if hosts is not None else [
                host(name.lower() + '-1'), host(name.lower() + '-2')],
            'templates': [{'type': t, 'version': 1,
                           'image_id': '8c0d5ad4-7ac8-4a31-9d0f-c1b9b9e9f3a1',
                           'checksum': 'a' * 64} for t in templates]}
    if flavors is not None:
        body['flavors'] = flavors
    return body


def row(name, coordinates=BRUSSELS, site_id=None, **values):
    values = dict({'id': site_id or abs(hash(name)) % 10 ** 6, 'name': name,
                   'latitude': coordinates[0] if coordinates else None,
                   'longitude': coordinates[1] if coordinates else None,
                   'group': None, 'management_state': 'managed',
                   'availability': 'online', 'reserve_ratio': 0.0,
                   'shared_pool': False, 'last_report_seq': 1}, **values)
    return values


def make_view(sites, reports=None, claims=()):
    """A view of ``sites`` (rows).

    ``reports`` by site name; the default is an empty two-host site, and
    None means no report.
    """
    view = view_mod.View()
    view.set_sites(sites)
    reports = reports or {}
    for site in sites:
        body = reports.get(site['name'], report(site['name']))
        if body is not None:
            view.set_report(site['name'], 1, None, body)
    view.set_claims(claims)
    return view
