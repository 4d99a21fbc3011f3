"""Merge what the monitors saw into one numbered monitoring report."""

from oslo_log import log as logging

from central_cloud.protocol import fields
from site_plugins import alarms as alarms_mod
from site_plugins.backends import base as backend_base

LOG = logging.getLogger(__name__)

MONITOR_FAILED = 'monitor_failed'


class Reporter(object):
    """Builds a report from every monitor and puts it in the outbox.

    A monitor that fails leaves its sections out (``hosts`` is then
    empty: the site cannot vouch for any capacity) and raises a
    ``monitor_failed`` alarm, cleared when it works again.
    """

    def __init__(self, site, conf, monitors, alarm_book, outbox):
        self.site = site
        self.conf = conf
        self.monitors = monitors
        self.alarms = alarm_book
        self.outbox = outbox

    def build(self):
        """The report without its ``seq``.

        ``reflects`` (RPC API 1.5): the outbox seq before the monitors
        look and after: a command whose final progress is in the outbox
        at or below the first is in what they saw; one above the second
        is not.
        """
        through = self.outbox.last_seq()
        report = {'site': self.site, 'sent_at': fields.timestamp(),
                  'interval': self.conf.monitor.report_interval,
                  'hosts': []}
        failures = []
        for monitor in self.monitors:
            try:
                observation = monitor.collect()
            except Exception as exc:
                LOG.warning('The %s monitor failed: %s', monitor.name, exc,
                            exc_info=not isinstance(
                                exc, backend_base.CloudError))
                failures.append(alarms_mod.Condition(
                    alarms_mod.make_key('monitor-failed', monitor.name),
                    MONITOR_FAILED, 'major',
                    'The %s monitor of site %s cannot read the site cloud: '
                    '%s' % (monitor.name, self.site, exc), monitor.name))
                continue
            report.update(observation.sections)
            self.alarms.reconcile(monitor.alarm_kinds,
                                  observation.conditions)
        self.alarms.reconcile((MONITOR_FAILED,), failures)
        report['alarms'] = self.alarms.summary()
        report['reflects'] = {'through': through,
                              'until': self.outbox.last_seq()}
        return report

    def report_once(self):
        """Build a report and keep it in the outbox; returns it."""
        report = self.outbox.put_report(self.build())
        LOG.info('Monitoring report %d: %d host(s), %d template(s)',
                 report['seq'], len(report['hosts']),
                 len(report.get('templates', [])))
        return report
