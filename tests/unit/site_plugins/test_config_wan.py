"""desktop-site-config agent: TLS to the WAN bus and site-named queues."""

import configparser

import pytest

from tests.unit.site_plugins import test_config_cmd as base

CA = ('-----BEGIN CERTIFICATE-----\nMIIBfake\n'
      '-----END CERTIFICATE-----\n')


def base_sections(text):
    parser = configparser.ConfigParser(interpolation=None)
    parser.read_string(text)
    return {name: dict(parser[name]) for name in parser.sections()}


def test_tls_and_queue_names_carry_the_site(capsys, tmp_path):
    ca = tmp_path / 'ca.pem'
    ca.write_text(CA)
    code, out, err = base.run(
        capsys, *base.AGENT, '--cloud', 'devstack-admin',
        '--ssl-ca-file', str(ca), '--lock-path', str(tmp_path))
    assert (code, err) == (0, '')
    sections = base_sections(out)
    assert sections['oslo_messaging_rabbit'] == {
        'ssl': 'true', 'ssl_ca_file': str(ca),
        'use_queue_manager': 'true', 'hostname': 'SiteA'}
    assert sections['oslo_concurrency'] == {'lock_path': str(tmp_path)}


def test_the_lock_path_defaults_to_the_outbox_directory(capsys):
    code, out, err = base.run(capsys, *base.AGENT, '--cloud', 'c')
    assert code == 0, err
    assert base_sections(out)['oslo_concurrency'] == {
        'lock_path': '/var/lib/desktop-federation/site-agent'}


@pytest.mark.parametrize('content, words', [
    (None, 'No such file'), ('not a certificate\n', 'no PEM certificate')])
def test_a_bad_ca_file_is_one_line(capsys, tmp_path, content, words):
    ca = tmp_path / 'ca.pem'
    if content is not None:
        ca.write_text(content)
    code, out, err = base.run(capsys, *base.AGENT, '--cloud', 'c',
                              '--ssl-ca-file', str(ca))
    assert code == 2
    base.assert_one_line_error(err, '--ssl-ca-file')
    assert words in err
