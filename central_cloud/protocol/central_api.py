"""Client side of the central RPC API: what a site agent sends to central."""

import copy

from oslo_log import log as logging

from central_cloud.protocol import client_base
from central_cloud.protocol import fields
from central_cloud.protocol import topics
from central_cloud.protocol import versions

LOG = logging.getLogger(__name__)


class CentralAPI(client_base.ProtocolClient):
    """Used by a site agent. Messages go to topic ``desktop-central``.

    Any central engine may take a message. Version history:
    ``central_cloud.protocol.versions``.
    """

    topic = topics.CENTRAL_TOPIC

    def report(self, ctxt, report):
        """Cast a monitoring report (M12).

        1.0; its ``templates`` section needs 1.1 and is dropped below it.
        """
        args = self._validated('report', {'report': report},
                               versions.CURRENT)
        version = versions.BASE
        if 'templates' in report:
            version = versions.REPORT_TEMPLATES
            if not self.can_send_version(version):
                LOG.debug('Central is capped at %s: sending report %s of '
                          'site %s without its templates', self.version_cap,
                          report['seq'], report['site'])
                report = copy.copy(report)
                del report['templates']
                args = {'report': report}
                version = versions.BASE
        self._cast(ctxt, 'report', self._validated('report', args, version),
                   version)

    def progress(self, ctxt, command_id, state, result=None):
        """Cast the progress of a command: running, succeeded or failed. 1.0.

        ``result`` may hold ``server_id``/``server_ids``, a ``message`` and
        a ``fault``; a failure needs a ``message``.
        """
        args = {'command_id': command_id, 'state': state, 'result': result}
        self._cast(ctxt, 'progress',
                   self._validated('progress', args, versions.BASE),
                   versions.BASE)

    def alarm(self, ctxt, alarm):
        """Cast an alarm, raised or cleared. 1.0."""
        self._cast(ctxt, 'alarm',
                   self._validated('alarm', {'alarm': alarm}, versions.BASE),
                   versions.BASE)

    def request(self, ctxt, site, kind, since=None, timeout=None):
        """Ask central to resend data of ``kind`` changed after ``since``.

        ``since=None`` asks for everything (a full resync). Returns
        ``{'kind', 'until', 'more', 'items'}``; while ``more`` is true, call
        again with ``since=until``. 1.0; kind ``notice`` needs 1.1.
        """
        args = self._validated(
            'request', {'site': site, 'kind': kind, 'since': since},
            versions.CURRENT)
        version = versions.BASE
        if kind == fields.NOTICE:
            version = versions.NOTICE
            if not self.can_send_version(version):
                self._refuse('request', version,
                             detail="request() of kind 'notice'")
        return self._call(ctxt, 'request',
                          self._validated('request', args, version),
                          version, 'request_reply', timeout=timeout)
