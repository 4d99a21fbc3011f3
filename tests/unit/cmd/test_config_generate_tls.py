"""desktop-central-manage config generate --ssl-ca-file."""

from tests.unit.cmd import test_config_generate as base
from tests.unit.site_plugins.test_config_wan import CA


def test_tls_to_the_wan_bus(capsys, tmp_path):
    ca = tmp_path / 'ca.pem'
    ca.write_text(CA)
    code, out, err = base.run(capsys, *base.BASE, '--auth-strategy',
                              'noauth', '--ssl-ca-file', str(ca))
    assert code == 0, err
    assert base._sections(out)['oslo_messaging_rabbit'] == {
        'ssl': 'true', 'ssl_ca_file': str(ca)}


def test_without_a_ca_file_no_tls_is_written(capsys):
    code, out, err = base.run(capsys, *base.BASE, '--auth-strategy',
                              'noauth')
    assert code == 0, err
    assert 'oslo_messaging_rabbit' not in base._sections(out)


def test_a_missing_ca_file_is_one_line(capsys, tmp_path):
    code, out, err = base.run(capsys, *base.BASE, '--auth-strategy',
                              'noauth', '--ssl-ca-file',
                              str(tmp_path / 'none.pem'))
    assert code == 2
    base.assert_one_line_error(err, '--ssl-ca-file')
