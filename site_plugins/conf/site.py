"""[site]: which site this agent serves."""

from oslo_config import cfg

site_group = cfg.OptGroup(
    'site',
    title='Site identity',
    help='The site this agent serves, as central knows it, and the '
         'OpenStack region of its cloud.')

site_opts = [
    cfg.StrOpt('name',
               help='Required. The site name, as registered at central: up '
                    "to 63 letters, digits, '.', '_' or '-'. The agent "
                    'listens for central on this name and signs every '
                    'report with it.'),
    cfg.StrOpt('region',
               help='The OpenStack region of the site cloud (its Nova, '
                    'Glance and Placement). Defaults to the site name.'),
]


def register_opts(conf):
    conf.register_group(site_group)
    conf.register_opts(site_opts, group=site_group)


def list_opts():
    return {site_group: site_opts}


def region(conf):
    """The region of the site cloud."""
    return conf.site.region or conf.site.name
