"""The control interface over HTTP, on a fleet that is not started."""

import pytest

from site_plugins.simulator import control
from site_plugins.simulator import fleet as fleet_mod


class Central(object):
    def can_send_version(self, version, version_cap=None):
        return False

    def deliver(self, ctxt, site, items, timeout=None, retry=None):
        return {'acked': [item['seq'] for item in items]}


@pytest.fixture
def server(sim):
    fleet = fleet_mod.Fleet(sim, api=Central()).build()
    server = control.ControlServer(fleet)
    server.start()
    yield server
    server.stop()
    fleet.stop()


def test_status_sites_and_actions(server):
    status = control.request(server.url, 'GET', '/status')
    assert status['sites'] == 3
    assert status['states'] == {'up': 3, 'cut': 0, 'down': 0}
    answer = control.request(server.url, 'POST', '/actions',
                             {'action': 'cut', 'sites': '0-1'})
    assert answer == {'action': 'cut', 'changed': ['sim-00000',
                                                   'sim-00001']}
    sites = control.request(server.url, 'GET', '/sites?sites=1-2')['sites']
    assert [(s['name'], s['state']) for s in sites] == [
        ('sim-00001', 'cut'), ('sim-00002', 'up')]
    # Cutting again changes nothing.
    assert control.request(server.url, 'POST', '/actions', {
        'action': 'cut', 'sites': 'sim-00001'})['changed'] == []
    servers = control.request(server.url, 'GET', '/servers')
    assert servers == {'servers': 0, 'by_status': {}, 'by_command': {}}


@pytest.mark.parametrize('method,path,body,words', [
    ('POST', '/actions', {'action': 'melt', 'sites': 'all'},
     "action 'melt' is not one of"),
    ('POST', '/actions', {'action': 'cut'}, 'the body must be'),
    ('GET', '/sites?sites=5-1', None, 'ends before it starts'),
    ('GET', '/nothing', None, 'no such resource')])
def test_bad_requests_say_why(server, method, path, body, words):
    with pytest.raises(control.ControlError, match=words):
        control.request(server.url, method, path, body)
