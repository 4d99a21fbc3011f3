"""Where the lab keeps its files, and which loopback port each service has."""

import os

HOST = '127.0.0.1'
PASSWORD = 'lab-secret'
DB_USER = 'lab'
# An empty database for the central DB's tests on PostgreSQL.
TEST_DATABASE = 'desktop_test'


class Layout:
    """Paths and ports of one lab, derived from its directory and topology."""

    def __init__(self, lab_dir, topology):
        self.dir = os.path.abspath(lab_dir)
        self.topology = topology
        self.venv = os.environ.get('DESKTOP_LAB_VENV') or os.path.join(
            self.dir, 'venv')
        self.logs = os.path.join(self.dir, 'logs')
        self.run = os.path.join(self.dir, 'run')
        self.etc = os.path.join(self.dir, 'etc')
        self.data = os.path.join(self.dir, 'data')
        self.base = topology['base_port']

    def bin(self, name):
        return os.path.join(self.venv, 'bin', name)

    def log(self, service):
        return os.path.join(self.logs, service + '.log')

    def pidfile(self, service):
        return os.path.join(self.run, service + '.pid')

    def etc_dir(self, *parts):
        return os.path.join(self.etc, *parts)

    def data_dir(self, *parts):
        return os.path.join(self.data, *parts)

    @property
    def regions(self):
        return self.topology['regions']

    # Ports: keystone base, postgres base+1, rabbit base+2..; regions at
    # base+100+10*i.
    @property
    def keystone_port(self):
        return self.base

    @property
    def postgres_port(self):
        return self.base + 1

    @property
    def epmd_port(self):
        return self.base + 2

    def rabbit_port(self, node):
        return self.base + {'regions': 3, 'wan': 4}[node]

    def rabbit_dist_port(self, node):
        return self.base + {'regions': 5, 'wan': 6}[node]

    @property
    def central_api_port(self):
        return self.base + 7

    @property
    def horizon_port(self):
        return self.base + 8

    @property
    def etcd_port(self):
        return self.base + 9

    @property
    def etcd_peer_port(self):
        return self.base + 10

    def region_index(self, region):
        return [r['name'] for r in self.regions].index(region)

    def port(self, region, service):
        offset = {'glance': 0, 'placement': 1, 'neutron': 2,
                  'nova-api': 3}[service]
        return self.base + 100 + 10 * self.region_index(region) + offset

    @property
    def keystone_url(self):
        return 'http://%s:%d/v3' % (HOST, self.keystone_port)

    def db_url(self, name):
        return 'postgresql+psycopg2://%s:%s@%s:%d/%s' % (
            DB_USER, PASSWORD, HOST, self.postgres_port, name)

    def transport_url(self, region):
        return 'rabbit://%s:%s@%s:%d/%s' % (
            DB_USER, PASSWORD, HOST, self.rabbit_port('regions'),
            region.lower())

    def all_ports(self):
        """(port, service) for every listening service of the lab."""
        ports = [(self.keystone_port, 'keystone'),
                 (self.postgres_port, 'postgres'),
                 (self.epmd_port, 'epmd'),
                 (self.rabbit_port('regions'), 'rabbit-regions'),
                 (self.rabbit_port('wan'), 'rabbit-wan'),
                 (self.rabbit_dist_port('regions'), 'rabbit-regions'),
                 (self.rabbit_dist_port('wan'), 'rabbit-wan'),
                 (self.central_api_port, 'desktop-central-api'),
                 (self.horizon_port, 'horizon'),
                 (self.etcd_port, 'etcd'),
                 (self.etcd_peer_port, 'etcd')]
        for reg in self.regions:
            for svc in ('glance', 'placement', 'neutron', 'nova-api'):
                ports.append((self.port(reg['name'], svc),
                              '%s-%s' % (reg['name'].lower(), svc)))
        return ports


def service_name(region, service):
    return '%s-%s' % (region.lower(), service)
