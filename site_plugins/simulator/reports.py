"""The next monitoring report of a virtual site: the one seam to change.

``ReportBuilder.build(site)`` returns the report a virtual site puts in
its outbox next, without its ``seq`` (the outbox numbers it). Today that
is a full protocol 1.4 report, made by the agent's own monitor code
(``hosts.build_hosts``, ``flavors.flavors``) from the virtual compute, so
its shape is the agent's. A builder for a newer protocol (delta reports,
a digest, heartbeats, the commands a report reflects) subclasses it and
is chosen by ``builder_for()``; it may keep per-site state in
``site.report_state`` (a dict) and read what central acknowledged from
the site's courier.
"""

from central_cloud.protocol import fields
from central_cloud.protocol import versions
from site_plugins.monitors import flavors as flavors_monitor
from site_plugins.monitors import hosts as hosts_monitor


class ReportBuilder(object):
    """Full reports (protocol 1.4): every section, every time."""

    version = '1.4'

    def __init__(self, interval, changed_host_share):
        self.interval = interval
        self.changed_host_share = changed_host_share

    def build(self, site):
        compute = site.compute
        compute.churn(self.changed_host_share)
        return {
            'site': site.name,
            'sent_at': fields.timestamp(),
            'interval': self.interval,
            'hosts': hosts_monitor.build_hosts(
                compute.compute_services(), compute.compute_nodes(),
                compute.resource_providers()),
            'flavors': flavors_monitor.flavors(compute.flavors()),
            'templates': compute.templates(),
            'alarms': site.alarms.summary(),
        }


def builder_for(version, interval, changed_host_share):
    """The report builder for protocol ``version`` (None: the newest)."""
    version = versions.resolve(version)
    return ReportBuilder(interval, changed_host_share)
