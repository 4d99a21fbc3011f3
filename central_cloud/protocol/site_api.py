"""Client side of the site RPC API: what central sends to a site agent."""

from central_cloud.protocol import client_base
from central_cloud.protocol import exception
from central_cloud.protocol import fields
from central_cloud.protocol import topics
from central_cloud.protocol import validation
from central_cloud.protocol import versions


class SiteAPI(client_base.ProtocolClient):
    """Used by central. Messages go to topic ``desktop-site``, server=site.

    ``version_cap`` caps every site; ``site_version_cap(site)`` may return
    one site's own cap (e.g. from its last ``ping``), and the lower of the
    two applies. ``cast_retry`` bounds how often a cast retries to reach
    the broker (None: forever). Version history:
    ``central_cloud.protocol.versions``.
    """

    topic = topics.SITE_TOPIC

    def __init__(self, transport, version_cap=None, site_version_cap=None,
                 timeout=None, serializer=None, cast_retry=None,
                 signer=None):
        super().__init__(transport, version_cap=version_cap,
                         timeout=timeout, serializer=serializer,
                         signer=signer)
        self._site_version_cap = site_version_cap or (lambda site: None)
        self.cast_retry = cast_retry

    def _site_options(self, method, site):
        try:
            validation.validate('target', {'site': site})
        except exception.InvalidMessage as exc:
            raise exception.InvalidMessage(exc.reason, method,
                                           exc.field) from None
        return {'server': site, 'version_cap': self._site_version_cap(site)}

    def _cast_to(self, ctxt, method, args, version, options):
        self._cast(ctxt, method, args, version, retry=self.cast_retry,
                   **options)

    def execute(self, ctxt, site, command):
        """Cast a management command (M5) to ``site``; 1.0."""
        options = self._site_options('execute', site)
        args = self._validated('execute', {'command': command},
                               versions.BASE)
        if command['site'] != site:
            raise exception.InvalidMessage(
                "command.site %r is not the target site %r"
                % (command['site'], site), 'execute', 'command.site')
        self._cast_to(ctxt, 'execute', args, versions.BASE, options)

    def push(self, ctxt, site, data):
        """Cast business data (M4) to ``site``.

        1.0; kind ``notice`` needs 1.1 and is refused below it.
        """
        options = self._site_options('push', site)
        args = self._validated('push', {'data': data}, versions.CURRENT)
        version = versions.BASE
        if data['kind'] == fields.NOTICE:
            version = versions.NOTICE
            if not self.can_send_version(version, options['version_cap']):
                self._refuse('push', version, options['version_cap'],
                             "push() of business data kind 'notice'")
        self._cast_to(ctxt, 'push', self._validated('push', args, version),
                      version, options)

    def ping(self, ctxt, site, timeout=None):
        """Call ``site``; returns ``{'site', 'version', 'at'}``. 1.0."""
        options = self._site_options('ping', site)
        return self._call(ctxt, 'ping', {}, versions.BASE, 'ping_reply',
                          timeout=timeout, **options)
