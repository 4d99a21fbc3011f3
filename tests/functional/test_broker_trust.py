"""Trust between sites on the lab's real WAN broker.

Each probe logs in to the WAN RabbitMQ over TLS with the credentials the
lab's site agents run with (written by ``desktop-central-manage site
credentials create``) and tries what a stolen site box would try. A
refusal is proven by the broker's own answer (403 with publisher
confirms) and by where messages would have gone: a queue of central's,
bound with the same routing key, never holds the probe's message.
"""

import json
import os
import ssl
import subprocess
import time
import urllib.parse
import uuid

import amqp
from amqp import exceptions as amqp_exc
import pytest

from central_cloud.broker import credentials
from central_cloud.broker import permissions
from central_cloud.broker import rabbitmqctl
from desktop_lab import federation
from desktop_lab import layout as layout_mod
from desktop_lab import rabbit

EXCHANGE = 'desktop'
TIMEOUT = 30
POLL = 0.2


@pytest.fixture(scope='module')
def lay(lab):
    return layout_mod.Layout(lab.dir, lab.state['topology'])


@pytest.fixture(scope='module')
def two_sites(lab):
    first, second = lab.site_names[:2]
    return first, second


def _tls(lay):
    return {'ca_certs': rabbit.wan_tls(lay)['ca'],
            'cert_reqs': ssl.CERT_REQUIRED,
            'server_hostname': layout_mod.HOST}


def _connect(lay, url=None, user=None, password=None, **kwargs):
    if url:
        parts = urllib.parse.urlsplit(url)
        user = urllib.parse.unquote(parts.username)
        password = urllib.parse.unquote(parts.password)
    conn = amqp.Connection('%s:%d' % (layout_mod.HOST,
                                      lay.rabbit_port('wan')),
                           userid=user, password=password,
                           confirm_publish=True, connect_timeout=10,
                           **dict({'ssl': _tls(lay)}, **kwargs))
    conn.connect()
    return conn


def _site_url(lay, lab, site):
    with open(federation.credentials_path(lay, lab.region(site))) as f:
        return json.load(f)['transport_url']


@pytest.fixture
def central_conn(lay):
    conn = _connect(lay, url=rabbit.central_wan_url(lay))
    yield conn
    conn.close()


@pytest.fixture
def site_conn(lay, lab, two_sites):
    conn = _connect(lay, url=_site_url(lay, lab, two_sites[0]))
    yield conn
    conn.close()


def _probe_queue(conn, routing_key):
    """A queue of central's bound like the one a message would reach."""
    channel = conn.channel()
    name = channel.queue_declare('', exclusive=True, auto_delete=True)[0]
    channel.queue_bind(name, EXCHANGE, routing_key)
    return channel, name


def _bodies(channel, queue):
    found = []
    while True:
        message = channel.basic_get(queue, no_ack=True)
        if message is None:
            return found
        found.append(message.body if isinstance(message.body, str)
                     else message.body.decode('utf-8', 'replace'))


def _refused(conn, operation):
    """Run operation(channel) on a new channel; it must get a 403."""
    channel = conn.channel()
    with pytest.raises(amqp_exc.AccessRefused) as raised:
        operation(channel)
    return str(raised.value)


def _marker():
    return json.dumps({'probe': uuid.uuid4().hex})


def test_a_site_cannot_consume_another_sites_queue(site_conn, two_sites):
    first, second = two_sites
    theirs = permissions.command_queue(second)
    error = _refused(site_conn, lambda ch: ch.basic_get(theirs))
    assert "access to queue '%s'" % theirs in error
    _refused(site_conn, lambda ch: ch.basic_consume(theirs))
    # Its own names it may use: a queue named like its reply queues.
    own = 'reply_%s:probe:%s' % (first, uuid.uuid4().hex)
    channel = site_conn.channel()
    channel.queue_declare(own, exclusive=True, auto_delete=True)
    assert channel.basic_get(own) is None


def test_a_site_cannot_send_a_command_to_another_site(
        central_conn, site_conn, two_sites):
    first, second = two_sites
    theirs = permissions.command_queue(second)
    probe, probe_queue = _probe_queue(central_conn, theirs)
    marker = _marker()

    # Through the protocol's exchange, with the other site's key.
    error = _refused(site_conn, lambda ch: ch.basic_publish(
        amqp.Message(marker), exchange=EXCHANGE, routing_key=theirs))
    assert "access to topic '%s'" % theirs in error
    # Straight into its queue through the default exchange.
    _refused(site_conn, lambda ch: ch.basic_publish(
        amqp.Message(marker), exchange='', routing_key=theirs))
    # A queue of its own, bound with the other site's key.
    own = 'desktop-site_fanout_%s:probe:%s' % (first, uuid.uuid4().hex)

    def bind(channel):
        channel.queue_declare(own, exclusive=True, auto_delete=True)
        channel.queue_bind(own, EXCHANGE, theirs)
    _refused(site_conn, bind)

    # Refused publishes are never routed: nothing of the probe's arrived.
    assert marker not in _bodies(probe, probe_queue)


def test_a_site_reaches_centrals_topic(central_conn, site_conn):
    from central_cloud.protocol import topics
    probe, probe_queue = _probe_queue(central_conn, topics.CENTRAL_TOPIC)
    marker = _marker()
    # A JSON object that names no method: central's engine, which gets
    # it too, logs it and drops it.
    site_conn.channel().basic_publish(
        amqp.Message(marker, content_type='application/json'),
        exchange=EXCHANGE, routing_key=topics.CENTRAL_TOPIC)
    deadline = time.monotonic() + TIMEOUT
    seen = []
    while marker not in seen:
        if time.monotonic() > deadline:
            pytest.fail('the site\'s message on %s did not reach a queue '
                        'bound to it within %d s' % (topics.CENTRAL_TOPIC,
                                                     TIMEOUT))
        seen += _bodies(probe, probe_queue)
        time.sleep(POLL)


def test_the_lab_sites_have_the_permissions_of_the_builder(lab, lay,
                                                           two_sites):
    site = two_sites[0]
    out = subprocess.run(
        [lay.bin('desktop-central-manage'), '--config-file',
         federation.central_conf_path(lay), 'site', 'credentials', 'show',
         site], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    shown = json.loads(out.stdout)
    wanted = permissions.site_permissions(site)
    assert shown['permissions'] == [{
        'vhost': '/', 'configure': wanted.configure, 'write': wanted.write,
        'read': wanted.read}]
    assert shown['topic_permissions'] == [{
        'vhost': '/', 'exchange': wanted.topic_exchange,
        'write': wanted.topic_write, 'read': wanted.topic_read}]
    assert 'password' not in out.stdout


def _connection_closed(conn):
    try:
        conn.drain_events(timeout=POLL)
    except (amqp_exc.ConnectionForced, OSError,
            amqp_exc.RecoverableConnectionError):
        return True
    except Exception as exc:  # a timeout: still open
        if 'timed out' in str(exc) or isinstance(exc, TimeoutError):
            return False
        return True
    return False


def _probe_credentials(lay):
    """Credentials of a site that only the broker knows.

    No real site is touched; the command's own path is in the unit tests.
    """
    return credentials.Credentials(
        rabbitmqctl.Rabbitmqctl([rabbit.ctl_script(lay)]),
        rabbit.central_wan_url(lay), 'desktop-site-')


def test_rotation_loses_no_message(lay, central_conn):
    site = 'probe-%s' % uuid.uuid4().hex[:8]
    creds = _probe_credentials(lay)
    first = creds.create(site)
    queue = 'reply_%s:probe:1' % site
    try:
        old = _connect(lay, url=first['transport_url'])
        old.channel().queue_declare(queue, auto_delete=False)
        marker = _marker()
        central_conn.channel().basic_publish(
            amqp.Message(marker), exchange='', routing_key=queue)
        second = creds.rotate(site)
        # The connection opened with the old password still reads the
        # queue; the new password opens new ones.
        deadline = time.monotonic() + TIMEOUT
        seen = []
        while marker not in seen:
            if time.monotonic() > deadline:
                pytest.fail('the message sent before the rotation was not '
                            'read within %d s' % TIMEOUT)
            seen += _bodies(old.channel(), queue)
            time.sleep(POLL)
        old.close()
        new = _connect(lay, url=second['transport_url'])
        new.channel().queue_delete(queue)
        new.close()
        with pytest.raises(amqp_exc.AccessRefused):
            _connect(lay, url=first['transport_url'])
    finally:
        creds.revoke(site)


def test_a_revoked_site_cannot_connect(lay):
    site = 'probe-%s' % uuid.uuid4().hex[:8]
    creds = _probe_credentials(lay)
    issued = creds.create(site)
    try:
        conn = _connect(lay, url=issued['transport_url'])
        conn.channel().queue_declare(
            'reply_%s:probe:1' % site, exclusive=True, auto_delete=True)
        creds.revoke(site)
        deadline = time.monotonic() + TIMEOUT
        while not _connection_closed(conn):
            if time.monotonic() > deadline:
                pytest.fail('the revoked site\'s open connection was not '
                            'closed within %d s' % TIMEOUT)
        with pytest.raises(amqp_exc.AccessRefused):
            _connect(lay, url=issued['transport_url'])
    finally:
        if creds.exists(site):
            creds.revoke(site)
    assert not creds.exists(site)


def test_plain_text_amqp_to_the_wan_port_is_refused(lay):
    with pytest.raises((OSError, amqp_exc.RecoverableConnectionError,
                        amqp_exc.ConnectionError)):
        conn = _connect(lay, url=rabbit.central_wan_url(lay), ssl=False)
        conn.close()


def test_a_broker_certificate_from_another_ca_is_refused(lay, tmp_path):
    other = tmp_path / 'other-ca.pem'
    subprocess.run(
        ['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes',
         '-keyout', str(tmp_path / 'other.key'), '-out', str(other),
         '-days', '1', '-subj', '/CN=not the lab CA'],
        check=True, capture_output=True, timeout=60)
    options = dict(_tls(lay), ca_certs=str(other))
    with pytest.raises(ssl.SSLError):
        _connect(lay, url=rabbit.central_wan_url(lay), ssl=options)


def test_only_central_and_the_sites_have_users_on_the_wan(lay):
    with pytest.raises(amqp_exc.NotAllowed, match="access to vhost"):
        _connect(lay, user=layout_mod.DB_USER, password=layout_mod.PASSWORD)
    with pytest.raises(amqp_exc.AccessRefused):
        _connect(lay, user='guest', password='guest')
    assert os.stat(rabbit.wan_tls(lay)['key']).st_mode & 0o077 == 0
