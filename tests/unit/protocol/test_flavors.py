"""RPC API 1.3: flavors in the monitoring report, with 1.2 peers.

A 1.2 peer is an endpoint whose target (and so its schemas) is at 1.2,
or a client capped at 1.2.
"""

import pytest

from central_cloud.protocol import central_api
from central_cloud.protocol import endpoints
from central_cloud.protocol import exception
from central_cloud.protocol import validation
from central_cloud.protocol import versions
from tests.unit.protocol import conftest
from tests.unit.protocol import samples

FLAVORS = [{'name': 'desktop.small', 'id': '1', 'vcpus': 1, 'ram': 1024,
            'disk': 10},
           {'name': 'desktop.large', 'id': 'f-large', 'vcpus': 4,
            'ram': 4096, 'disk': 40}]


def report():
    return dict(samples.report(), flavors=[dict(f) for f in FLAVORS])


def item(payload, seq=1):
    return {'seq': seq, 'kind': 'report', 'created_at': samples.AT,
            'payload': payload}


def test_flavors_arrived_in_1_3():
    assert versions.REPORT_FLAVORS == '1.3'
    assert '1.3' in versions.KNOWN
    validation.validate('report', {'report': report()}, version='1.3')
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('report', {'report': report()}, version='1.2')
    assert 'report.flavors is not an allowed field' in str(info.value)


@pytest.mark.parametrize('change, field', [
    ({'vcpus': -1}, 'vcpus'), ({'ram': 'lots'}, 'ram'),
    ({'disk': 1.5}, 'disk'), ({'name': ''}, 'name'),
    ({'extra': 1}, 'extra')])
def test_a_bad_flavor_is_refused_naming_the_field(change, field):
    bad = report()
    bad['flavors'][0].update(change)
    with pytest.raises(exception.InvalidMessage) as info:
        validation.validate('report', {'report': bad})
    assert 'report.flavors[0]' in str(info.value)
    assert field in str(info.value)


def test_a_client_capped_at_1_2_drops_the_flavors(transport,
                                                  central_server):
    engine = conftest.Recorder()
    central_server(endpoints.CentralEndpoint(engine, version='1.2'))
    central_api.CentralAPI(transport, version_cap='1.2').report({}, report())
    [(_method, received)] = engine.wait(1)
    assert 'flavors' not in received and 'templates' in received


def test_an_uncapped_client_sends_the_flavors(transport, central_server):
    engine = conftest.Recorder()
    central_server(endpoints.CentralEndpoint(engine))
    sent = report()
    central_api.CentralAPI(transport).report({}, sent)
    assert engine.wait(1) == [('report', sent)]


def test_deliver_below_1_3_drops_the_flavors(transport, central_server):
    engine = conftest.Recorder(reply={'acked': [1, 2]})
    central_server(endpoints.CentralEndpoint(engine, version='1.2'))
    api = central_api.CentralAPI(transport, version_cap='1.2')
    reply = api.deliver({}, samples.SITE, [
        item({'report': report()}, 1),
        item({'report': samples.report()}, 2)], timeout=5)
    assert reply == {'acked': [1, 2]}
    [(_method, site, items)] = engine.wait(1)
    assert [sorted(i['payload']['report']) for i in items] == [
        sorted(samples.report())] * 2


def test_deliver_at_1_3_keeps_them(transport, central_server):
    engine = conftest.Recorder(reply={'acked': [1]})
    central_server(endpoints.CentralEndpoint(engine))
    central_api.CentralAPI(transport).deliver(
        {}, samples.SITE, [item({'report': report()})], timeout=5)
    [(_method, _site, [received])] = engine.wait(1)
    assert received['payload']['report']['flavors'] == FLAVORS
