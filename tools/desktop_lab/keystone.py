"""The lab's one Keystone, shared by every region."""

import os

from desktop_lab import inifile
from desktop_lab import layout as layout_mod
from desktop_lab import procs
from desktop_lab import uwsgi


def start(lab):
    lay = lab.layout
    data = lay.data_dir('keystone')
    conf = inifile.write(lay.etc_dir('keystone', 'keystone.conf'), {
        'DEFAULT': {'use_stderr': True},
        'database': {'connection': lay.db_url('keystone')},
        'token': {'provider': 'fernet', 'expiration': 43200},
        'fernet_tokens': {'key_repository': os.path.join(data, 'fernet')},
        'fernet_receipts': {'key_repository':
                            os.path.join(data, 'receipts')},
        'credential': {'key_repository': os.path.join(data, 'credential')},
        # Lab-only: cheap password hashes and an in-process token cache
        # keep Keystone from eating the 2 cores every service shares. The
        # memory cache is per process, so Keystone runs one process.
        'identity': {'password_hash_rounds': 4},
        'cache': {'enabled': True, 'backend': 'dogpile.cache.memory'},
    })
    log = lay.log('keystone-manage')
    marker = os.path.join(data, '.bootstrapped')
    if not os.path.exists(marker):
        os.makedirs(data, exist_ok=True)
        manage = [lay.bin('keystone-manage'), '--config-file', conf]
        procs.run(manage + ['db_sync'], log, what='keystone db_sync')
        for cmd in ('fernet_setup', 'credential_setup'):
            procs.run(manage + [cmd, '--keystone-user', 'root',
                                '--keystone-group', 'root'], log,
                      what='keystone ' + cmd)
        url = lay.keystone_url
        # The password goes through the environment, not the command
        # line that ps shows.
        procs.run(manage + [
            'bootstrap', '--bootstrap-username', 'admin',
            '--bootstrap-project-name', 'admin',
            '--bootstrap-role-name', 'admin',
            '--bootstrap-service-name', 'keystone',
            '--bootstrap-region-id', lay.regions[0]['name'],
            '--bootstrap-admin-url', url, '--bootstrap-public-url', url,
            '--bootstrap-internal-url', url], log, what='keystone bootstrap',
            env=dict(os.environ, OS_BOOTSTRAP_PASSWORD=layout_mod.PASSWORD))
        open(marker, 'w').close()
    uwsgi.serve(lab, 'keystone', lay.keystone_port,
                'keystone.wsgi.api:application',
                {'OS_KEYSTONE_CONFIG_FILES': conf}, processes=1, threads=4)
