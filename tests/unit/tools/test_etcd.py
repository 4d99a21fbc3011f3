"""The lab's etcd: loopback only, its own data dir, a tooz URL for central."""

import os

from desktop_lab import etcd
from desktop_lab import layout as layout_mod
from desktop_lab import topology as topology_mod

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))


class Recorder(object):
    """Takes the place of the Lab object: records what it would start."""

    def __init__(self, layout):
        self.layout = layout
        self.started = []

    def start(self, name, argv, port=None, **kwargs):
        self.started.append((name, argv, port))
        return 4242, False


def _layout(tmp_path):
    topology = topology_mod.load(os.path.join(ROOT, 'tools', 'desktop_lab',
                                              'topology.yaml'))
    return layout_mod.Layout(str(tmp_path / 'lab'), topology)


def test_etcd_listens_on_loopback_in_the_lab_data_dir(tmp_path,
                                                      monkeypatch):
    lay = _layout(tmp_path)
    lab = Recorder(lay)
    waited = []
    monkeypatch.setattr(etcd, 'binary', lambda: '/usr/bin/etcd')
    monkeypatch.setattr(etcd.procs, 'wait_http',
                        lambda url, pid, log, what, timeout: waited.append(
                            (url, pid)))
    etcd.start(lab)
    [(name, argv, port)] = lab.started
    assert (name, port) == ('etcd', lay.etcd_port)
    options = dict(zip(argv[1::2], argv[2::2]))
    assert options['--data-dir'] == lay.data_dir('etcd')
    assert os.path.isdir(lay.data_dir('etcd'))
    for flag in ('--listen-client-urls', '--advertise-client-urls',
                 '--listen-peer-urls', '--initial-advertise-peer-urls'):
        assert options[flag].startswith('http://127.0.0.1:'), flag
    assert waited == [('http://127.0.0.1:%d/health' % lay.etcd_port, 4242)]


def test_central_gets_a_tooz_etcd3_url(tmp_path):
    lay = _layout(tmp_path)
    url = etcd.backend_url(lay)
    assert url == 'etcd3+http://127.0.0.1:%d?membership_timeout=%d' % (
        lay.etcd_port, etcd.MEMBERSHIP_TIMEOUT)
    assert (lay.etcd_port, 'etcd') in lay.all_ports()
    assert (lay.etcd_peer_port, 'etcd') in lay.all_ports()
