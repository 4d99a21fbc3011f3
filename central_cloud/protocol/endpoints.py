"""Server side of the protocol: endpoints that validate before handling.

Every incoming payload is validated against its schema at the endpoint's
``target.version`` before any handler runs. A payload that breaks it is
logged at WARNING with the reason and the handler is not called; the
``InvalidMessage`` is raised inside ``oslo_messaging.ExpectedException``,
so oslo.messaging logs no traceback, a cast is dropped, and the caller of
a call gets ``InvalidMessage`` back (a ``RemoteError`` with
``exc_type='InvalidMessage'`` if its transport does not come from
``rpc.get_rpc_transport``).
"""

import functools

from oslo_log import log as logging
import oslo_messaging as messaging

from central_cloud.protocol import exception
from central_cloud.protocol import fields
from central_cloud.protocol import validation
from central_cloud.protocol import versions

LOG = logging.getLogger(__name__)


def _request_id(ctxt):
    if isinstance(ctxt, dict):
        return ctxt.get('request_id')
    return getattr(ctxt, 'request_id', None)


def endpoint_version(endpoint):
    target = getattr(endpoint, 'target', None)
    return (target and target.version) or versions.BASE


def validated(message_name, reply=None):
    """Expose an endpoint method and validate what it receives.

    The method is called as ``method(self, ctxt, **args)`` only if
    ``args`` match the schema ``message_name``. With ``reply``, what a
    call returns is checked against that schema too.
    """
    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, ctxt, **args):
            version = endpoint_version(self)
            try:
                validation.validate(message_name, args, version=version)
            except exception.InvalidMessage as exc:
                LOG.warning('Rejected %(name)s message (RPC API %(version)s, '
                            'request %(request)s): %(reason)s',
                            {'name': message_name, 'version': version,
                             'request': _request_id(ctxt),
                             'reason': exc.reason})
                raise messaging.ExpectedException()
            result = func(self, ctxt, **args)
            if reply is not None:
                try:
                    validation.validate(reply, result, version=version)
                except exception.InvalidMessage as exc:
                    LOG.error('The %(name)s handler gave an invalid reply: '
                              '%(reason)s', {'name': message_name,
                                             'reason': exc})
                    raise
            return result
        return messaging.expose(wrapper)
    return decorator


class SiteEndpoint(object):
    """What a site agent serves to central.

    ``manager`` handles the validated messages: ``execute(ctxt, command)``
    and ``push(ctxt, data)``. ``ping`` is answered here. ``version`` makes
    the endpoint speak an older RPC API version (default: current).
    """

    target = messaging.Target(version=versions.CURRENT)

    def __init__(self, manager, site, version=None):
        self._manager = manager
        self._site = site
        if version is not None:
            self.target = messaging.Target(version=versions.resolve(version))

    @validated('execute')
    def execute(self, ctxt, command):
        self._manager.execute(ctxt, command)

    @validated('push')
    def push(self, ctxt, data):
        self._manager.push(ctxt, data)

    @validated('ping', reply='ping_reply')
    def ping(self, ctxt):
        return {'site': self._site, 'version': self.target.version,
                'at': fields.timestamp()}


class CentralEndpoint(object):
    """What a central engine serves to the site agents.

    ``manager`` handles the validated messages: ``report(ctxt, report)``,
    ``progress(ctxt, command_id, state, result)``, ``alarm(ctxt, alarm)``
    and ``request(ctxt, site, kind, since)``, whose reply is validated.
    """

    target = messaging.Target(version=versions.CURRENT)

    def __init__(self, manager, version=None):
        self._manager = manager
        if version is not None:
            self.target = messaging.Target(version=versions.resolve(version))

    @validated('report')
    def report(self, ctxt, report):
        self._manager.report(ctxt, report)

    @validated('progress')
    def progress(self, ctxt, command_id, state, result=None):
        self._manager.progress(ctxt, command_id, state, result)

    @validated('alarm')
    def alarm(self, ctxt, alarm):
        self._manager.alarm(ctxt, alarm)

    @validated('request', reply='request_reply')
    def request(self, ctxt, site, kind, since=None):
        return self._manager.request(ctxt, site, kind, since)
