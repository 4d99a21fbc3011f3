"""The sample configuration generates from the oslo.config.opts entry."""

import os

from oslo_config import generator

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def test_central_sample_config(tmp_path):
    out = tmp_path / 'desktop-central.conf.sample'
    conf = os.path.join(ROOT, 'etc', 'desktop-central',
                        'desktop-central-config-generator.conf')
    generator.main(['--config-file', conf, '--output-file', str(out)])
    text = out.read_text()
    for section in ('[DEFAULT]', '[database]', '[monitoring]',
                    '[keystone_authtoken]', '[oslo_messaging_rabbit]'):
        assert section in text
    assert '#report_interval = 60' in text
