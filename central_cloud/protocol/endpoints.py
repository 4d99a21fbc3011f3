"""Server side of the protocol: endpoints that validate before handling.

Every incoming payload is validated against its schema at the endpoint's
``target.version`` before any handler runs. A payload that breaks it is
logged at WARNING with the reason and the handler is not called; the
``InvalidMessage`` is raised inside ``oslo_messaging.ExpectedException``,
so oslo.messaging logs no traceback, a cast is dropped, and the caller of
a call gets ``InvalidMessage`` back (a ``RemoteError`` with
``exc_type='InvalidMessage'`` if its transport does not come from
``rpc.get_rpc_transport``).

An endpoint given a ``verifier`` (``signing.Verifier``) checks each
message's signature first, before its schema: a message it rejects is
logged at WARNING with the reason, handed to ``on_rejected(exc)`` (central
raises an alarm for the site it names), and dropped; the caller of a call
gets ``SignatureRejected``. A verified message's context carries the site
it spoke for (``signing.verified_site(ctxt)``).
"""

import functools
import uuid

from oslo_log import log as logging
import oslo_messaging as messaging

from central_cloud.protocol import exception
from central_cloud.protocol import fields
from central_cloud.protocol import signing
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


def _verify(endpoint, ctxt, message_name, args):
    """Check the signature of a message; raises ``ExpectedException``."""
    verifier = getattr(endpoint, 'verifier', None)
    if verifier is None:
        return
    try:
        site = verifier.verify(ctxt, message_name, args)
    except exception.SignatureRejected as exc:
        rejected = exc
    else:
        if isinstance(ctxt, dict):
            ctxt[signing.VERIFIED_SITE] = site
        else:
            setattr(ctxt, signing.VERIFIED_SITE, site)
        return
    # Logged outside the except block: oslo.log would append the
    # exception to each line.
    LOG.warning('%(reason)s (request %(request)s)',
                {'reason': rejected, 'request': _request_id(ctxt)})
    on_rejected = getattr(endpoint, 'on_rejected', None)
    if on_rejected is not None:
        try:
            on_rejected(rejected)
        except Exception:
            LOG.exception('Could not handle the rejected %s message',
                          message_name)
    try:
        raise rejected
    except exception.SignatureRejected:
        # The caller of a call gets SignatureRejected; a cast is dropped.
        raise messaging.ExpectedException()


def validated(message_name, reply=None, since=versions.BASE,
              on_invalid=None):
    """Expose an endpoint method and validate what it receives.

    The method is called as ``method(self, ctxt, **args)`` only if
    ``args`` match the schema ``message_name``. With ``reply``, what a
    call returns is checked against that schema too. ``since``: the RPC
    API version that added the method; an endpoint speaking an older
    version answers ``UnsupportedVersion``, as the older code would.
    ``on_invalid``: the name of a method called as
    ``method(self, ctxt, args, exc)`` after a payload is rejected.
    """
    def decorator(func):
        @functools.wraps(func)
        def wrapper(self, ctxt, **args):
            version = endpoint_version(self)
            if not versions.is_at_least(version, since):
                raise messaging.UnsupportedVersion(since, message_name)
            _verify(self, ctxt, message_name, args)
            try:
                validation.validate(message_name, args, version=version)
            except exception.InvalidMessage as exc:
                LOG.warning('Rejected %(name)s message (RPC API %(version)s, '
                            'request %(request)s): %(reason)s',
                            {'name': message_name, 'version': version,
                             'request': _request_id(ctxt),
                             'reason': exc.reason})
                if on_invalid is not None:
                    getattr(self, on_invalid)(ctxt, args, exc)
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

    ``on_invalid_command(ctxt, command_id, reason)``, if given, hears of
    every rejected command that still carries a readable id, so the site
    can report the command failed with the reason instead of leaving
    central waiting.

    ``verifier`` checks central's signatures (None: not checked).
    """

    target = messaging.Target(version=versions.CURRENT)
    on_rejected = None

    def __init__(self, manager, site, version=None, on_invalid_command=None,
                 verifier=None):
        self.verifier = verifier
        self._manager = manager
        self._site = site
        self._on_invalid_command = on_invalid_command
        if version is not None:
            self.target = messaging.Target(version=versions.resolve(version))

    def _command_rejected(self, ctxt, args, exc):
        command = args.get('command')
        command_id = command.get('id') if isinstance(command, dict) else None
        if self._on_invalid_command is None or not _is_uuid(command_id):
            return
        try:
            self._on_invalid_command(ctxt, command_id, str(exc))
        except Exception:
            LOG.exception('Could not report rejected command %s', command_id)

    @validated('execute', on_invalid='_command_rejected')
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
    ``progress(ctxt, command_id, state, result)``, ``alarm(ctxt, alarm)``,
    ``request(ctxt, site, kind, since)`` and ``deliver(ctxt, site,
    items)``, whose replies are validated.

    ``verifier`` checks the sites' signatures (None: not checked);
    ``on_rejected(exc)`` hears of each message it rejects.
    """

    target = messaging.Target(version=versions.CURRENT)

    def __init__(self, manager, version=None, verifier=None,
                 on_rejected=None):
        self.verifier = verifier
        self.on_rejected = on_rejected
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

    @validated('deliver', reply='deliver_reply', since=versions.DELIVER)
    def deliver(self, ctxt, site, items):
        """A batch of the site's outbox items (1.2); see ``versions``.

        What ``manager.deliver(ctxt, site, items)`` must do, and return
        ``{'acked': [seq, ...]}`` (optionally ``'refused': [{'seq',
        'reason'}]``):

        * handle the items in ``seq`` order, each as the cast of its
          ``kind`` with ``**payload`` would be handled;
        * dedupe by ``(site, seq)``: an item already stored is acked again
          and not applied twice (the site resends whatever it has not
          seen acked, e.g. after a lost reply);
        * ack an item only once its effect is durably stored (committed),
          never before: the site deletes what is acked;
        * refuse an item that can never be stored (e.g. it names an
          unknown command), with the reason: the site forgets it too;
        * leave out an item it failed to store for a passing reason (the
          database is down): the site sends it again later. Stopping at
          the first such item keeps the order.

        A gap in a site's ``seq`` means that outbox items were lost (e.g.
        the site's outbox was moved aside after corruption, which the site
        reports with an ``outbox_corrupted`` alarm).
        """
        return self._manager.deliver(ctxt, site, items)


def _is_uuid(value):
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
