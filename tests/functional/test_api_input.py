"""Bad input over HTTP, against the lab's central API under uWSGI.

What depends on the server, not only on the application: bodies that
end before their Content-Length or stall, chunked uploads, query strings
and headers larger than uWSGI's buffer, revoked tokens in the
authentication cache, and the lab's password in logs and command lines.
Each refused write is checked to have changed nothing.
"""

import hashlib
import os
import socket
import subprocess
import time
from urllib import parse
import uuid

from desktop_lab import layout
import pytest
import requests

DEADLINE = 60


def _wait(what, check, timeout=DEADLINE, interval=0.5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(interval)
    pytest.fail('waited %d s for %s' % (timeout, what))


class Raw(object):
    """Hand-made HTTP/1.1 requests to central's API."""

    def __init__(self, endpoint, token):
        address = parse.urlsplit(endpoint)
        self.host, self.port = address.hostname, address.port
        self.token = token

    def send(self, head, body=b'', headers=(), close_write=False):
        """The status line and the whole answer of one request."""
        lines = [head, 'Host: %s' % self.host,
                 'X-Auth-Token: %s' % self.token] + [
                     '%s: %s' % item for item in headers]
        sock = socket.create_connection((self.host, self.port), timeout=30)
        try:
            sock.sendall(('\r\n'.join(lines) + '\r\n\r\n').encode() + body)
            if close_write:
                sock.shutdown(socket.SHUT_WR)
            answer = b''
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                answer += chunk
        finally:
            sock.close()
        return answer.split(b'\r\n', 1)[0].decode(), answer


@pytest.fixture(scope='module')
def central(lab):
    return lab.central()


@pytest.fixture(scope='module')
def raw(lab, central):
    return Raw(central.get_endpoint(),
               lab.connect(lab.region_names[0]).auth_token)


@pytest.fixture
def bundle(central):
    """A template type of its own and a bundle declaring one file."""
    name = 'input-%s' % uuid.uuid4().hex[:10]
    data = os.urandom(2 * 1024 * 1024 + 123)
    sha = hashlib.sha256(data).hexdigest()
    assert central.post('/v1/templates', json={'type_name': name},
                        raise_exc=False).status_code == 201
    resp = central.post('/v1/bundles', raise_exc=False, json={
        'name': name, 'version': '1', 'template_type': name,
        'files': [{'name': 'app.bin', 'sha256': sha, 'size': len(data)}]})
    assert resp.status_code == 201, resp.text
    found = resp.json()['bundle']
    yield dict(found, data=data, sha256=sha)
    central.delete('/v1/bundles/%d' % found['id'], raise_exc=False)
    central.delete('/v1/templates/%s' % name, raise_exc=False)


def _notices(central):
    return central.get('/v1/notices', params={'limit': 1000}).json()[
        'notices']


def _stored(central, bundle):
    return central.get('/v1/bundles/%d' % bundle['id']).json()['bundle'][
        'files']


def test_bodies_that_are_not_objects_are_400s(central):
    before = _notices(central)
    for raw_body in (b'null', b'[]', b'3', b'"x"'):
        resp = central.post('/v1/notices', data=raw_body, raise_exc=False,
                            headers={'Content-Type': 'application/json'})
        assert resp.status_code == 400, resp.text
        assert 'must be a JSON object' in resp.json()['error']['message']
    assert _notices(central) == before


def test_a_body_shorter_than_its_length_is_a_400(central, raw):
    before = _notices(central)
    body = b'{"title": "t", "bo'
    for close_write in (True, False):
        started = time.monotonic()
        status, answer = raw.send(
            'POST /v1/notices HTTP/1.1', body, close_write=close_write,
            headers=[('Content-Type', 'application/json'),
                     ('Content-Length', '200')])
        assert status.startswith('HTTP/1.1 400'), answer
        assert b'did not arrive whole' in answer
        print('short body, write side %s: 400 after %.2f s' % (
            'closed' if close_write else 'open',
            time.monotonic() - started))
    assert _notices(central) == before


def test_a_chunked_upload_is_streamed_and_verified(central, bundle):
    data = bundle['data']
    chunks = (data[i:i + 500000] for i in range(0, len(data), 500000))
    resp = central.put('/v1/bundles/%d/files/app.bin' % bundle['id'],
                       data=chunks, raise_exc=False,
                       headers={'Content-Type': 'application/octet-stream'})
    assert resp.status_code == 201, resp.text
    assert resp.json()['file'] == {'name': 'app.bin',
                                   'sha256': bundle['sha256'],
                                   'size': len(data), 'stored': True}
    back = central.get('/v1/bundles/%d/files/app.bin' % bundle['id'])
    assert back.content == data


def test_a_chunked_upload_that_breaks_off_stores_nothing(central, bundle,
                                                         raw):
    part = bundle['data'][:300000]
    body = b'%x\r\n' % len(part) + part + b'\r\n'
    status, answer = raw.send(
        'PUT /v1/bundles/%d/files/app.bin HTTP/1.1' % bundle['id'], body,
        close_write=True,
        headers=[('Transfer-Encoding', 'chunked'),
                 ('Content-Type', 'application/octet-stream')])
    assert status.startswith('HTTP/1.1 400'), answer
    assert b'The file was not stored' in answer
    assert _stored(central, bundle)[0]['stored'] is False
    resp = central.get('/v1/blobs/%s' % bundle['sha256'], raise_exc=False)
    assert resp.status_code == 404, resp.text


def test_a_chunked_upload_that_does_not_match_stores_nothing(central,
                                                             bundle):
    resp = central.put('/v1/bundles/%d/files/app.bin' % bundle['id'],
                       data=iter([bundle['data'][:-1]]), raise_exc=False,
                       headers={'Content-Type': 'application/octet-stream'})
    assert resp.status_code == 400, resp.text
    resp = central.put('/v1/bundles/%d/files/other.bin' % bundle['id'],
                       data=iter([b'abc']), raise_exc=False,
                       headers={'Content-Type': 'application/octet-stream'})
    assert resp.status_code == 411, resp.text
    assert [f['name'] for f in _stored(central, bundle)] == ['app.bin']
    assert _stored(central, bundle)[0]['stored'] is False


def test_query_strings_and_headers_over_the_buffer(central, raw, lab):
    for size in (9000, 33000, 60000):
        status, answer = raw.send(
            'GET /v1/sites?group=%s HTTP/1.1' % ('a' * size))
        assert status.startswith('HTTP/1.1 414'), (size, answer[:300])
    status, answer = raw.send('GET /v1/sites HTTP/1.1',
                              headers=[('X-Padding', 'p' * 40000)])
    assert status.startswith('HTTP/1.1 431'), answer[:300]
    assert raw.token.encode() not in answer


def test_a_revoked_token_is_refused_promptly(lab, central):
    conn = lab.connect(lab.region_names[0], cloud='desktop-lab-reader')
    token = conn.session.get_token()
    endpoint = central.get_endpoint()
    ok = requests.get(endpoint + '/v1/sites', timeout=30,
                      headers={'X-Auth-Token': token})
    assert ok.status_code == 200, ok.text
    lab.connect(lab.region_names[0]).identity.delete(
        '/auth/tokens', headers={'X-Subject-Token': token})
    started = time.monotonic()
    _wait('central to refuse the revoked token', lambda: requests.get(
        endpoint + '/v1/sites', timeout=30,
        headers={'X-Auth-Token': token}).status_code == 401)
    print('revoked token refused after %.1f s'
          % (time.monotonic() - started))


def test_the_lab_password_is_in_no_log_and_no_command_line(lab):
    secret = layout.PASSWORD
    logs = os.path.join(lab.dir, 'logs')
    found = []
    for name in sorted(os.listdir(logs)):
        with open(os.path.join(logs, name), 'rb') as f:
            if secret.encode() in f.read():
                found.append(name)
    assert found == [], 'the lab password is written in %s' % found
    listed = subprocess.run(['ps', '-eo', 'args'], capture_output=True,
                            text=True).stdout
    assert secret not in listed
