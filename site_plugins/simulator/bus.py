"""One RPC server that listens for every virtual site of the process.

A real agent runs an oslo.messaging RPC server on topic ``desktop-site``
with ``server=<site>``; central casts to it through the queue
``desktop-site.<site>``. Thousands of such servers would each hold an
AMQP connection and threads, so the simulator runs one server (with
``server=<process name>``) and, before it starts polling, adds one
consumer per virtual site's queue to that server's own connection: the
queues are those a real agent declares, with the same options, and the
connection keeps oslo.messaging's TLS, heartbeats and re-declaration of
every consumer after a reconnect.

A message does not say which queue it came from, so each site's
consumer stamps its site into the message's context
(``SITE_CONTEXT_KEY``; whatever the sender put there is overwritten),
and ``FleetEndpoint`` hands it to that virtual site, whose own
``SiteEndpoint`` validates it as the agent would.

This reaches past oslo.messaging's public API in one place,
``FleetServer._create_listener``: the RabbitMQ driver's listener
connection and its ``declare_topic_consumer``. Other drivers are
refused with a clear error.
"""

from oslo_log import log as logging
import oslo_messaging as messaging
from oslo_messaging.rpc import server as rpc_server

from central_cloud.protocol import rpc
from central_cloud.protocol import topics
from central_cloud.protocol import versions

LOG = logging.getLogger(__name__)

SITE_CONTEXT_KEY = 'desktop_simulated_site'
_CONTEXT_PREFIX = '_context_'


class UnsupportedDriver(Exception):
    """The transport cannot multiplex site queues on one connection."""


class _SiteTap(object):
    """A consumer callback that stamps its site on each message."""

    __slots__ = ('listener', 'site')

    def __init__(self, listener, site):
        self.listener = listener
        self.site = site

    def __call__(self, message):
        message[_CONTEXT_PREFIX + SITE_CONTEXT_KEY] = self.site
        self.listener(message)


class SiteContextSerializer(rpc.ContextSerializer):
    """Takes the stamped site out of the context; it rides along."""

    def deserialize_context(self, ctxt):
        ctxt = dict(ctxt or {})
        site = ctxt.pop(SITE_CONTEXT_KEY, None)
        context = super().deserialize_context(ctxt)
        context.simulated_site = site
        return context


class FleetServer(rpc_server.RPCServer):
    """An RPC server that also consumes ``site_names()``'s queues."""

    site_names = staticmethod(lambda: ())

    def _create_listener(self):
        listener = super()._create_listener()
        poller = getattr(listener, '_poll_style_listener', None)
        conn = getattr(poller, 'conn', None)
        if conn is None or not hasattr(conn, 'declare_topic_consumer'):
            raise UnsupportedDriver(
                'the simulator needs the RabbitMQ driver (rabbit://): it '
                'listens for many sites on one connection')
        exchange = self._target.exchange or topics.EXCHANGE
        count = 0
        for name in self.site_names():
            conn.declare_topic_consumer(
                exchange_name=exchange,
                topic='%s.%s' % (self._target.topic, name),
                callback=_SiteTap(poller, name))
            count += 1
        LOG.info('Listening for %d virtual sites on one connection', count)
        return listener


class FleetEndpoint(object):
    """Central's site API, handed to the virtual site named in ``ctxt``."""

    target = messaging.Target(version=versions.CURRENT)

    def __init__(self, find_site):
        self._find_site = find_site

    def _site(self, ctxt, method):
        name = getattr(ctxt, 'simulated_site', None)
        site = self._find_site(name) if name else None
        if site is None:
            LOG.warning('A %s message reached no virtual site (queue of '
                        '%r); dropped', method, name)
        return site

    @messaging.expose
    def execute(self, ctxt, **args):
        site = self._site(ctxt, 'execute')
        if site is not None:
            site.receive('execute', ctxt, args)

    @messaging.expose
    def push(self, ctxt, **args):
        site = self._site(ctxt, 'push')
        if site is not None:
            site.receive('push', ctxt, args)

    @messaging.expose
    def ping(self, ctxt, **args):
        site = self._site(ctxt, 'ping')
        if site is None:
            raise messaging.ExpectedException()
        return site.receive('ping', ctxt, args)


def server_for(transport, name, site_names, find_site):
    """The process's ``FleetServer`` (``server=name``), not started."""
    target = messaging.Target(exchange=topics.EXCHANGE,
                              topic=topics.SITE_TOPIC, server=name)
    server = messaging.get_rpc_server(
        transport, target, [FleetEndpoint(find_site)],
        serializer=SiteContextSerializer(),
        access_policy=messaging.ExplicitRPCAccessPolicy,
        server_cls=FleetServer)
    server.site_names = site_names
    return server
