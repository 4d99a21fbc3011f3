"""Errors of the protocol.

They rebuild on the far side of an RPC call (``rpc.get_rpc_transport``
allows this module), so each keeps its constructor arguments in ``args``
and ``kwargs``.
"""


class ProtocolError(Exception):
    """Base class of the protocol's errors."""


class InvalidMessage(ProtocolError, ValueError):
    """A payload breaks its schema.

    ``str()`` names the message, the field and what is allowed, e.g.
    ``Invalid 'execute' message: command.action must be one of: create,
    delete, ... (got 'explode')``.
    """

    def __init__(self, reason, message_name=None, field=None):
        super().__init__(reason)
        self.reason = reason
        self.message_name = message_name
        self.field = field
        self.kwargs = {'message_name': message_name, 'field': field}

    def __str__(self):
        if self.message_name:
            return 'Invalid %r message: %s' % (
                self.message_name, self.reason)
        return 'Invalid message: %s' % self.reason


class PeerTooOld(ProtocolError):
    """The peer's version (our version cap) cannot express this message."""

    def __init__(self, method, needed, cap=None, detail=None):
        super().__init__(method, needed, cap, detail)
        self.method = method
        self.needed = needed
        self.cap = cap
        self.detail = detail

    def __str__(self):
        what = self.detail or '%s()' % self.method
        if self.cap is None:
            peer = 'the peer answered that it does not support it'
        else:
            peer = 'the peer is capped at %s' % self.cap
        return ('%s needs RPC API version %s, but %s; upgrade the peer, '
                'then raise its version cap' % (what, self.needed, peer))


class UnknownMessage(ProtocolError, ValueError):
    """No schema has this name: a programming error, not bad input."""

    def __init__(self, name):
        super().__init__('Unknown protocol message or event type %r'
                         % (name,))
        self.name = name


class BadVersion(ProtocolError, ValueError):
    """An RPC API version (or version cap) this code cannot speak."""

    def __init__(self, version, reason):
        super().__init__('RPC API version %r: %s' % (version, reason))
        self.version = version


class SignatureRejected(ProtocolError):
    """A message whose signature does not prove the site it speaks for.

    ``site``: the site the message names (the one to alarm), if any.
    ``str()`` says why, never with a secret.
    """

    def __init__(self, method, reason, site=None):
        super().__init__(method, reason, site)
        self.method = method
        self.reason = reason
        self.site = site

    def __str__(self):
        return 'Rejected %s message of site %s: %s' % (
            self.method, self.site or '(none named)', self.reason)
