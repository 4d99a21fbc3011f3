import pytest

from desktop_lab.errors import LabError
from desktop_lab import topology


def _good():
    return {'host_defaults': {'vcpus': 4, 'memory_mb': 8192},
            'regions': [
                {'name': 'Central', 'latitude': 1, 'longitude': 2,
                 'shared_pool': True},
                {'name': 'SiteA', 'latitude': 3.5, 'longitude': -4,
                 'hosts': 3, 'vcpus': 2}]}


def test_resolves_defaults():
    topo = topology.validate(_good())
    assert topo['base_port'] == 25000
    central, site = topo['regions']
    assert central == {'name': 'Central', 'latitude': 1.0,
                       'longitude': 2.0, 'hosts': 2, 'shared_pool': True,
                       'vcpus': 4, 'memory_mb': 8192, 'disk_gb': 80}
    assert site['hosts'] == 3 and site['vcpus'] == 2
    assert not site['shared_pool']


def test_default_file_is_the_four_region_lab():
    topo = topology.load(topology.__file__.replace('topology.py',
                                                   'topology.yaml'))
    names = [r['name'] for r in topo['regions']]
    assert names == ['Central', 'SiteA', 'SiteB', 'SiteC']
    assert [r['shared_pool'] for r in topo['regions']] == [True, False,
                                                           False, False]


@pytest.mark.parametrize('mutate,expect', [
    (lambda d: d.update(regions=[]), '"regions" must be a non-empty list'),
    (lambda d: d.update(extra=1), 'unknown key(s) extra'),
    (lambda d: d['regions'][1].update(latitude=91),
     'regions[1].latitude must be between -90 and 90'),
    (lambda d: d['regions'][1].update(longitude='east'),
     'regions[1].longitude must be a number'),
    (lambda d: d['regions'][1].update(name='Site A'),
     'regions[1].name must be letters and digits'),
    (lambda d: d['regions'][1].update(name='central'), 'appears twice'),
    (lambda d: d['regions'][1].update(hosts=0),
     'regions[1].hosts must be between 1 and 8'),
    (lambda d: d['regions'][1].update(vcpus=True),
     'regions[1].vcpus must be an integer'),
    (lambda d: d['regions'][1].update(shared_pool=True),
     'at most one region may be the shared pool'),
    (lambda d: d['regions'][1].update(colour='red'),
     'regions[1]: unknown key(s) colour'),
    (lambda d: d.update(base_port=80), 'base_port must be between'),
    (lambda d: d.update(host_defaults={'cpus': 1}),
     'host_defaults may only set'),
])
def test_rejects_bad_topology_with_one_clear_reason(mutate, expect):
    data = _good()
    mutate(data)
    with pytest.raises(LabError) as exc:
        topology.validate(data, 'topo.yaml')
    assert expect in str(exc.value)
    assert str(exc.value).startswith('topology topo.yaml: ')
    assert '\n' not in str(exc.value)


def test_not_yaml(tmp_path):
    bad = tmp_path / 't.yaml'
    bad.write_text('regions: [\n  - name: x\n  oops: {')
    with pytest.raises(LabError) as exc:
        topology.load(str(bad))
    assert 'is not valid YAML' in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(LabError) as exc:
        topology.load(str(tmp_path / 'nope.yaml'))
    assert 'cannot read topology' in str(exc.value)
