"""The uwsgi entry point and the desktop-central-api dev server."""

import logging
import threading
import urllib.request

import pytest

from central_cloud.api import policy
from central_cloud.api import wsgi
from central_cloud.cmd import api as cmd_api
from central_cloud.conf import CONF
from tests.unit.api import fixtures


@pytest.fixture
def clean_config():
    """These entry points parse the global config and set up logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    policy.reset()
    yield
    policy.reset()
    CONF.clear()
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / 'desktop-central.conf'
    path.write_text('[api]\nauth_strategy = noauth\nbind_host = 127.0.0.1\n'
                    'bind_port = 0\n')
    return path


@pytest.mark.parametrize('value, expected', [
    ('', None), ('  ', None), ('/a.conf', ['/a.conf']),
    ('/a.conf; /b.conf;', ['/a.conf', '/b.conf'])])
def test_config_files_from_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv(wsgi.CONFIG_FILES_ENV, value)
    assert wsgi.config_files() == expected


def test_wsgi_application_reads_the_config_files(
        monkeypatch, clean_config, config_file, db):
    monkeypatch.setenv(wsgi.CONFIG_FILES_ENV, str(config_file))
    client = fixtures.Client(wsgi.LazyApplication(wsgi.init_application))
    assert client.get('/', as_=None).status_int == 200
    assert CONF.api.auth_strategy == 'noauth'
    resp = client.post('/v1/sites', fixtures.SITE)
    assert resp.status_int == 201, resp.text


def test_wsgi_module_has_a_lazy_application():
    assert isinstance(wsgi.application, wsgi.LazyApplication)


def test_help(capsys, clean_config):
    with pytest.raises(SystemExit) as exit_info:
        cmd_api.main(['--help'], default_config_files=[])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert 'desktop-central-api' in out
    assert '--config-file' in out


def test_bad_option_exits_2(capsys, clean_config):
    with pytest.raises(SystemExit) as exit_info:
        cmd_api.main(['--no-such-option'], default_config_files=[])
    assert exit_info.value.code == 2


def test_dev_server_serves_the_api(clean_config, config_file, db):
    CONF(['--config-file', str(config_file)], project='desktop-federation')
    server = cmd_api.make_server()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        with urllib.request.urlopen('http://%s:%d/' % (host, port),
                                    timeout=10) as resp:
            assert resp.status == 200
            assert resp.headers['X-OpenStack-Request-Id']
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def test_main_serves_until_interrupted(monkeypatch, clean_config,
                                       config_file):
    served = []

    class FakeServer(object):
        server_address = ('127.0.0.1', 9880)

        def serve_forever(self):
            served.append(True)
            raise KeyboardInterrupt()

        def server_close(self):
            served.append('closed')

    monkeypatch.setattr(cmd_api, 'make_server', lambda: FakeServer())
    assert cmd_api.main(['--config-file', str(config_file)],
                        default_config_files=[]) == 0
    assert served == [True, 'closed']
