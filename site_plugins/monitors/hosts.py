"""hosts: each compute host's state (Nova) and capacity (Placement).

Nova API 2.88 dropped the hypervisors' usage fields, so capacity, usage
and allocation ratios come from Placement. A host is matched to its
resource provider through its compute node, whose id is the provider's
uuid; by name when the node list is not available.
"""

from oslo_log import log as logging

from site_plugins import alarms
from site_plugins.backends import base as backend_base
from site_plugins.conf import monitor as monitor_conf
from site_plugins.monitors import base
from site_plugins.monitors import usage

LOG = logging.getLogger(__name__)

HOST_DOWN = 'host_down'
USAGE_HIGH = 'usage_high'


def host_state(service):
    """up, down or disabled; an operator's disable wins over down."""
    if service.get('status') == 'disabled':
        return 'disabled'
    return 'up' if service.get('state') == 'up' else 'down'


def providers_by_host(services, nodes, providers):
    """``{host: [provider, ...]}`` for the hosts of ``services``."""
    by_uuid = {p['uuid']: p for p in providers}
    by_name = {p['name']: p for p in providers}
    found = {s['host']: [] for s in services}
    for node in nodes:
        provider = by_uuid.get(node['id']) or by_name.get(node['name'])
        if node.get('host') in found and provider is not None:
            found[node['host']].append(provider)
    for host, matched in found.items():
        if not matched and host in by_name:
            matched.append(by_name[host])
    return found


def build_hosts(services, nodes, providers):
    """The report's ``hosts``, sorted by name."""
    matched = providers_by_host(services, nodes, providers)
    hosts = []
    for service in sorted(services, key=lambda s: s['host']):
        rps = matched[service['host']]
        hosts.append({
            'name': service['host'],
            'state': host_state(service),
            'resources': usage.host_resources(rps),
            'instances': sum(rp.get('consumers', 0) for rp in rps),
        })
    return hosts


def conditions(site, hosts, conf):
    """The host-down and usage-high alarms that hold for ``hosts``."""
    found = [alarms.Condition(
        alarms.make_key('host-down', h['name']), HOST_DOWN, 'major',
        'Compute host %s of site %s is down: its nova-compute service '
        'stopped reporting' % (h['name'], site), h['name'])
        for h in hosts if h['state'] == 'down']
    for resource_class, option in monitor_conf.THRESHOLDS:
        threshold = getattr(conf.alarms, option)
        ratio = usage.site_usage(hosts, resource_class)
        if threshold and ratio is not None and ratio >= threshold:
            found.append(alarms.Condition(
                alarms.make_key('usage-high', resource_class), USAGE_HIGH,
                'warning',
                '%s usage at site %s is %.0f%% of its schedulable capacity '
                '(threshold %.0f%%)' % (resource_class, site, ratio * 100,
                                        threshold * 100),
                resource_class))
    return found


class HostsMonitor(base.Monitor):
    """Fills ``hosts``; raises host-down and usage-high alarms."""

    name = 'hosts'
    alarm_kinds = (HOST_DOWN, USAGE_HIGH)

    def collect(self):
        services = self.backend.compute_services()
        try:
            nodes = self.backend.compute_nodes()
        except backend_base.CloudError as exc:
            LOG.warning('Cannot list the compute nodes, matching hosts to '
                        'resource providers by name: %s', exc)
            nodes = []
        hosts = build_hosts(services, nodes,
                            self.backend.resource_providers())
        return base.Observation({'hosts': hosts},
                                conditions(self.site, hosts, self.conf))
