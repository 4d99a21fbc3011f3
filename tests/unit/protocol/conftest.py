"""Fixtures: an in-memory message bus and recording managers."""

import contextlib
import threading
import time

from oslo_config import cfg
import pytest

from central_cloud.protocol import rpc
from central_cloud.protocol import topics


class Recorder(object):
    """A manager that records every handled message."""

    def __init__(self, reply=None):
        self.calls = []
        self.reply = reply
        self._event = threading.Event()

    def _record(self, *call):
        self.calls.append(call)
        self._event.set()
        return self.reply

    def wait(self, count=1, timeout=5):
        deadline = time.monotonic() + timeout
        while len(self.calls) < count and time.monotonic() < deadline:
            self._event.wait(0.05)
            self._event.clear()
        return self.calls

    def __getattr__(self, method):
        if method.startswith('_'):
            raise AttributeError(method)
        return lambda ctxt, *args: self._record(method, *args)


@pytest.fixture
def conf():
    """A private ConfigOpts, as a test or a second service would use."""
    conf = cfg.ConfigOpts()
    conf([], project='desktop-federation')
    return conf


@pytest.fixture
def transport(conf):
    transport = rpc.get_rpc_transport(conf, url='fake://')
    yield transport
    transport.cleanup()  # also empties the fake exchanges


@contextlib.contextmanager
def serving(transport, topic, endpoint, server=None):
    rpc_server = rpc.get_rpc_server(transport, topic, [endpoint],
                                    server=server)
    rpc_server.start()
    try:
        yield rpc_server
    finally:
        rpc_server.stop()
        rpc_server.wait()


@pytest.fixture
def site_server(transport):
    """Start a site agent's RPC server: serve(endpoint, site)."""
    with contextlib.ExitStack() as stack:
        yield lambda endpoint, site: stack.enter_context(
            serving(transport, topics.SITE_TOPIC, endpoint, server=site))


@pytest.fixture
def central_server(transport):
    """Start a central engine's RPC server: serve(endpoint)."""
    with contextlib.ExitStack() as stack:
        yield lambda endpoint: stack.enter_context(
            serving(transport, topics.CENTRAL_TOPIC, endpoint,
                    server='engine-1'))


def wait_for_log(caplog, words, timeout=5):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for record in caplog.records:
            if words in record.getMessage():
                return record
        time.sleep(0.05)
    pytest.fail('no log record with %r' % words)
