"""What the site and central RPC clients share: validation and versions."""

from oslo_log import log as logging
import oslo_messaging as messaging

from central_cloud.protocol import exception
from central_cloud.protocol import rpc
from central_cloud.protocol import validation
from central_cloud.protocol import versions

LOG = logging.getLogger(__name__)


class ProtocolClient(object):
    """Sends validated messages at the lowest version that expresses them.

    ``version_cap`` is the newest RPC API version the peers understand
    (``None``: no cap). Like nova's ``can_send_version``, each method asks
    whether the cap allows a newer feature and otherwise downgrades the
    message or raises ``PeerTooOld``. ``signer`` (``signing.SiteSigner``
    or ``signing.CentralSigner``) signs every message as it is sent;
    None sends it unsigned.
    """

    topic = None

    def __init__(self, transport, version_cap=None, timeout=None,
                 serializer=None, signer=None):
        self.signer = signer
        if version_cap is not None:
            versions.resolve(version_cap)  # fails early on a bad cap
        self.version_cap = version_cap
        self.client = rpc.get_rpc_client(transport, self.topic,
                                         version_cap=version_cap,
                                         timeout=timeout,
                                         serializer=serializer)

    def can_send_version(self, version, version_cap=None):
        cap = self._effective_cap(version_cap)
        return cap is None or versions.is_at_least(cap, version)

    def _effective_cap(self, version_cap=None):
        caps = [c for c in (self.version_cap, version_cap) if c is not None]
        return min(caps, key=versions.parse) if caps else None

    def _validated(self, method, args, version):
        """``args`` checked against ``method``'s schema at ``version``."""
        return validation.validate(method, args, version=version)

    def _refuse(self, method, needed, version_cap=None, detail=None):
        raise exception.PeerTooOld(method, needed,
                                   self._effective_cap(version_cap), detail)

    def _prepare(self, version, server=None, version_cap=None, timeout=None,
                 retry=None):
        options = {'version': version}
        if server is not None:
            options['server'] = server
        cap = self._effective_cap(version_cap)
        if cap is not None:
            options['version_cap'] = cap
        if timeout is not None:
            options['timeout'] = timeout
        if retry is not None:
            # How often the driver retries to send; None means forever.
            options['retry'] = retry
        return self.client.prepare(**options)

    def _signed(self, ctxt, method, args, server=None):
        if self.signer is None:
            return ctxt
        return self.signer.sign(ctxt, method, args, target=server)

    def _cast(self, ctxt, method, args, version, **prepare_options):
        LOG.debug('Casting %s (RPC API %s)', method, version)
        cctxt = self._prepare(version, **prepare_options)
        ctxt = self._signed(ctxt, method, args, prepare_options.get('server'))
        cctxt.cast(ctxt, method, **args)

    def _call(self, ctxt, method, args, version, reply_schema,
              **prepare_options):
        """Call ``method``; the reply is validated against ``reply_schema``.

        A peer older than ``version`` answers ``UnsupportedVersion``;
        that becomes ``PeerTooOld`` here.
        """
        LOG.debug('Calling %s (RPC API %s)', method, version)
        cctxt = self._prepare(version, **prepare_options)
        ctxt = self._signed(ctxt, method, args, prepare_options.get('server'))
        try:
            reply = cctxt.call(ctxt, method, **args)
        except messaging.UnsupportedVersion:
            # Raised as itself where the driver keeps the exception object.
            raise exception.PeerTooOld(method, version) from None
        except messaging.RemoteError as exc:
            if exc.exc_type == 'UnsupportedVersion':
                raise exception.PeerTooOld(method, version) from None
            raise
        return validation.validate(reply_schema, reply)
