"""The lab is wired as the design says: catalog, coordinates, plugins."""

import ssl
import urllib.parse

import amqp


def test_every_region_has_its_own_services(lab):
    for region in lab.region_names:
        conn = lab.connect(region)
        for service_type in ('compute', 'image', 'placement', 'network'):
            url = conn.endpoint_for(service_type)
            assert url and url.startswith('http://127.0.0.1:'), (region,
                                                                 url)
        hosts = sorted(h.name for h in conn.compute.hypervisors())
        assert len(hosts) == lab.region(region)['hosts']


def test_regions_record_their_coordinates(lab):
    conn = lab.connect(lab.region_names[0])
    for reg in lab.regions:
        body = conn.identity.get('/regions/%s' % reg['name']).json()
        assert body['region']['latitude'] == reg['latitude']
        assert body['region']['longitude'] == reg['longitude']


def test_every_scheduler_loaded_our_plugins(lab):
    for region in lab.region_names:
        with open(lab.log('%s-nova-scheduler' % region.lower())) as f:
            text = f.read()
        assert 'DesktopReserveFilter loaded' in text, region
        assert 'DesktopTemplateWeigher loaded' in text, region


def test_wan_bus_is_a_separate_broker(lab):
    from desktop_lab import layout
    from desktop_lab import rabbit
    lay = layout.Layout(lab.dir, lab.state['topology'])
    services = lab.state['services']
    assert services['rabbit-regions']['pid'] != services['rabbit-wan']['pid']
    assert lay.rabbit_port('regions') != lay.rabbit_port('wan')
    for region in lab.region_names:
        conn = amqp.Connection('127.0.0.1:%d' % lay.rabbit_port('regions'),
                               userid='lab', password=layout.PASSWORD,
                               virtual_host=region.lower())
        conn.connect()
        conn.close()
    # The WAN: TLS only, central with its own user (test_broker_trust).
    conn = amqp.Connection(
        '127.0.0.1:%d' % lay.rabbit_port('wan'),
        userid=rabbit.CENTRAL_USER,
        password=urllib.parse.unquote(urllib.parse.urlsplit(
            rabbit.central_wan_url(lay)).password),
        ssl={'ca_certs': rabbit.wan_tls(lay)['ca'],
             'cert_reqs': ssl.CERT_REQUIRED,
             'server_hostname': '127.0.0.1'})
    conn.connect()
    conn.close()


def _listening_addresses():
    """{port: set of local addresses} of TCP sockets in LISTEN state."""
    out = {}
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        with open(table) as f:
            next(f)
            for line in f:
                fields = line.split()
                if fields[3] != '0A':
                    continue
                addr, port = fields[1].rsplit(':', 1)
                out.setdefault(int(port, 16), set()).add(addr)
    return out


def test_lab_listens_on_loopback_only(lab):
    from desktop_lab import layout
    lay = layout.Layout(lab.dir, lab.state['topology'])
    listening = _listening_addresses()
    loopback = {'0100007F', '00000000000000000000000001000000'}
    for port, name in lay.all_ports():
        addrs = listening.get(port)
        assert addrs, '%s does not listen on %d' % (name, port)
        assert addrs <= loopback, (name, port, addrs)
