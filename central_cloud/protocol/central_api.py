"""Client side of the central RPC API: what a site agent sends to central."""

from oslo_log import log as logging

from central_cloud.protocol import client_base
from central_cloud.protocol import downgrade
from central_cloud.protocol import exception
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

    def report(self, ctxt, report, retry=None):
        """Cast a monitoring report (M12).

        1.0; its ``templates`` section needs 1.1 and is dropped below it.
        ``retry``: how often to retry sending (default: forever; 0: fail
        at once when the broker is unreachable).
        """
        args = self._validated('report', {'report': report},
                               versions.CURRENT)
        cap = self._effective_cap()
        version = downgrade.lowest('report', args, versions.BASE, cap)
        if version is None:
            version = versions.resolve(cap)
            LOG.debug('Central is capped at %s: sending report %s of '
                      'site %s without the sections %s lacks (such as its '
                      'templates)', cap, report['seq'], report['site'],
                      version)
            args = {'report': downgrade.report_at(report, version)}
            version = downgrade.lowest('report', args, versions.BASE,
                                       cap) or version
        self._cast(ctxt, 'report', self._validated('report', args, version),
                   version, retry=retry)

    def progress(self, ctxt, command_id, state, result=None, retry=None):
        """Cast the progress of a command: running, succeeded or failed. 1.0.

        ``result`` may hold ``server_id``/``server_ids``, a ``message`` and
        a ``fault``; a failure needs a ``message``.
        """
        args = {'command_id': command_id, 'state': state, 'result': result}
        version = versions.BASE
        if isinstance(result, dict) and 'template' in result:
            # 1.4: the template a command built; dropped below it.
            if self.can_send_version(versions.TEMPLATES):
                version = versions.TEMPLATES
            else:
                args['result'] = downgrade.result_at(result, version)
        self._cast(ctxt, 'progress',
                   self._validated('progress', args, version),
                   version, retry=retry)

    def alarm(self, ctxt, alarm, retry=None):
        """Cast an alarm, raised or cleared. 1.0."""
        self._cast(ctxt, 'alarm',
                   self._validated('alarm', {'alarm': alarm}, versions.BASE),
                   versions.BASE, retry=retry)

    def deliver(self, ctxt, site, items, timeout=None, retry=None):
        """Hand outbox items to central and learn which it has stored. 1.2.

        ``items``: ``[{'seq', 'kind', 'created_at', 'payload'}, ...]``, in
        ``seq`` order; each ``payload`` is what the cast ``kind`` takes.
        Returns ``{'acked': [seq, ...], 'refused': [{'seq', 'reason'}]}``:
        the site forgets both; from 1.5, ``resend_full`` names the delta
        reports central could not apply. Raises ``PeerTooOld`` when capped
        below 1.2 (or below 1.5 with a delta in ``items``) or when central
        is older; the caller then falls back to the casts.
        """
        if not self.can_send_version(versions.DELIVER):
            self._refuse('deliver', versions.DELIVER)
        if (not self.can_send_version(versions.REPORT_DELTA)
                and any(is_delta_item(item) for item in items)):
            # A delta has no older form: the site sends full reports.
            self._refuse('deliver', versions.REPORT_DELTA,
                         detail='a delta report')
        args = self._validated('deliver', {'site': site, 'items': items},
                               versions.CURRENT)
        # The lowest version that takes every item; below the cap, items
        # lose the fields the cap lacks (1.4: wan_bytes, a result's
        # template).
        cap = self._effective_cap()
        version = downgrade.lowest('deliver', args, versions.DELIVER, cap)
        if version is None:
            version = versions.resolve(cap)
            args = self._validated('deliver', {
                'site': site,
                'items': [downgrade.item_at(item, version)
                          for item in items]}, version)
            version = downgrade.lowest('deliver', args, versions.DELIVER,
                                       cap) or version
        for item in items:
            owner = item_site(item)
            if owner is not None and owner != site:
                raise exception.InvalidMessage(
                    'item %s belongs to site %r, not %r'
                    % (item['seq'], owner, site), 'deliver', 'items')
        return self._call(ctxt, 'deliver', args, version,
                          'deliver_reply', timeout=timeout, retry=retry)

    def request(self, ctxt, site, kind, since=None, timeout=None,
                retry=None):
        """Ask central to resend data of ``kind`` changed after ``since``.

        ``since=None`` asks for everything (a full resync). Kind
        ``commands`` asks for the site's commands that are not final yet
        (sent or running), which the site runs again: it dedupes them by
        command id. Returns
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
                          version, 'request_reply', timeout=timeout,
                          retry=retry)


def item_site(item):
    """The site an outbox item speaks for, if its payload names one."""
    payload = item.get('payload') or {}
    record = payload.get('report') or payload.get('alarm') or {}
    return record.get('site')


def is_delta_item(item):
    """Whether an outbox item is a delta report (1.5)."""
    report = (item.get('payload') or {}).get('report')
    return isinstance(report, dict) and 'base_seq' in report
