"""[site_cloud]: how the agent reaches its own region's services.

Either name a cloud of a ``clouds.yaml`` file, or give keystoneauth
options (``auth_type``, ``auth_url``, ``username``...) as every OpenStack
service does in its ``[keystone_authtoken]``-like sections.
"""

from keystoneauth1 import loading
from oslo_config import cfg

GROUP = 'site_cloud'

site_cloud_group = cfg.OptGroup(
    GROUP,
    title='Site cloud credentials',
    help='How the agent authenticates to its own region. Set "cloud" to '
         'use an entry of a clouds.yaml file, or set "auth_type" and the '
         "plugin's options (for example auth_type = password, auth_url, "
         'username, password, project_name, user_domain_name and '
         'project_domain_name).')

site_cloud_opts = [
    cfg.StrOpt('cloud',
               help='The name of a cloud in a clouds.yaml file. Takes '
                    'precedence over the keystoneauth options below.'),
    cfg.StrOpt('clouds_file',
               help='The clouds.yaml file that holds "cloud". Default: the '
                    'usual openstacksdk places (OS_CLIENT_CONFIG_FILE, '
                    './clouds.yaml, ~/.config/openstack/clouds.yaml, '
                    '/etc/openstack/clouds.yaml).'),
    cfg.StrOpt('interface',
               default='public',
               choices=['public', 'internal', 'admin'],
               help='Which endpoints of the service catalog to use.'),
    cfg.IntOpt('connect_retries',
               default=3,
               min=0,
               help='How often a request is retried when a service cannot '
                    'be reached, with a growing delay in between.'),
]


def register_opts(conf):
    conf.register_group(site_cloud_group)
    conf.register_opts(site_cloud_opts, group=site_cloud_group)
    loading.register_session_conf_options(conf, GROUP)
    loading.register_auth_conf_options(conf, GROUP)


def list_opts():
    # The password plugin's options stand for those of any auth_type.
    opts = (site_cloud_opts + loading.get_session_conf_options() +
            loading.get_auth_common_conf_options() +
            loading.get_auth_plugin_conf_options('password'))
    return {site_cloud_group: opts}
