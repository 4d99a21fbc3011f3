"""Factories for the transports, servers and notifiers of the protocol.

The configuration defaults to the global ``cfg.CONF``, as in OpenStack
services: oslo.messaging registers some of its options (metrics, tracing)
only there, so a private ``ConfigOpts`` gets them registered here.
"""

import importlib

from oslo_config import cfg
from oslo_context import context as oslo_context
import oslo_messaging as messaging

from central_cloud.protocol import exception
from central_cloud.protocol import signing
from central_cloud.protocol import topics

# Remote errors that rebuild as themselves on the caller's side.
ALLOWED_REMOTE_EXMODS = [exception.__name__]


# Option groups oslo.messaging registers on cfg.CONF only, yet reads from
# the transport's configuration at the first cast: (module, list, group).
_GLOBAL_ONLY_OPTS = (
    ('oslo_messaging._metrics.client', 'oslo_messaging_metrics',
     'oslo_messaging_metrics'),
    ('oslo_messaging._tracing.client', 'oslo_messaging_tracing',
     'oslo_messaging_tracing'),
)


def _register_global_only_opts(conf):
    if conf is cfg.CONF:
        return
    for module_name, opts_name, group in _GLOBAL_ONLY_OPTS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue  # an oslo.messaging without that feature
        opts = getattr(module, opts_name, None)
        if opts:
            conf.register_opts(opts, group=group)


def get_rpc_transport(conf=None, url=None, allowed_remote_exmods=None):
    """The RPC transport for ``url`` (default: ``transport_url``)."""
    conf = conf or cfg.CONF
    _register_global_only_opts(conf)
    return messaging.get_rpc_transport(
        conf, url=url,
        allowed_remote_exmods=(ALLOWED_REMOTE_EXMODS +
                               list(allowed_remote_exmods or [])))


def get_notification_transport(conf=None, url=None):
    conf = conf or cfg.CONF
    _register_global_only_opts(conf)
    return messaging.get_notification_transport(conf, url=url)


class ContextSerializer(messaging.NoOpSerializer):
    """Sends a ``RequestContext`` as a dict; endpoints get one back.

    The signature fields (``signing.CONTEXT_KEYS``) stay on it as
    attributes, for the endpoint to verify.
    """

    def serialize_context(self, ctxt):
        if hasattr(ctxt, 'to_dict'):
            return ctxt.to_dict()
        return dict(ctxt or {})

    def deserialize_context(self, ctxt):
        context = oslo_context.RequestContext.from_dict(ctxt or {})
        for name in signing.CONTEXT_KEYS:
            setattr(context, name, (ctxt or {}).get(name))
        return context


def get_rpc_server(transport, topic, endpoints, server=None,
                   serializer=None):
    """An RPC server of ``endpoints`` on ``topic``.

    A site agent listens with ``server=<site name>``; a central engine with
    its host name. Only methods marked ``oslo_messaging.expose`` (as the
    ``endpoints`` module does) can be called. The executor is threading,
    oslo.messaging's default when eventlet is not monkey-patched (its
    ``executor`` argument is deprecated).
    """
    target = messaging.Target(exchange=topics.EXCHANGE, topic=topic,
                              server=server)
    return messaging.get_rpc_server(
        transport, target, endpoints,
        serializer=serializer or ContextSerializer(),
        access_policy=messaging.ExplicitRPCAccessPolicy)


def get_rpc_client(transport, topic, version_cap=None, serializer=None,
                   timeout=None):
    target = messaging.Target(exchange=topics.EXCHANGE, topic=topic)
    return messaging.get_rpc_client(
        transport, target, version_cap=version_cap, timeout=timeout,
        serializer=serializer or ContextSerializer())
