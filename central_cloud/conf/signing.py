"""[signing]: how central checks the signatures of the sites' messages."""

from oslo_config import cfg

signing_group = cfg.OptGroup(
    'signing',
    title='Signed protocol messages',
    help='Every protocol message carries an HMAC-SHA256 signature made '
         'with the key of the site it speaks for. Keys are kept in '
         'central\'s database and managed with desktop-central-manage.')

signing_opts = [
    cfg.BoolOpt('require_from_sites',
                default=True,
                help='Refuse messages from sites that are not signed. '
                     'Turn it off only during an upgrade from a release '
                     'without signing, until every site agent has its '
                     'key; a message with a wrong signature is refused '
                     'either way. Central always signs what it sends to '
                     'a site that has a key.'),
    cfg.FloatOpt('key_cache_ttl',
                 default=30.0,
                 min=1.0,
                 max=3600.0,
                 help='Seconds an engine keeps a site\'s keys in memory '
                      'before it reads them again. A revoked key keeps '
                      'working at most this long; a new key is read at '
                      'once, when a message signed with it arrives.'),
    cfg.IntOpt('alarm_interval',
               default=300,
               min=1,
               max=86400,
               help='Seconds between two writes of a site\'s '
                    'message_signature_invalid alarm while rejected '
                    'messages keep arriving: a flood of forged messages '
                    'costs one database write per site per interval.'),
]


def register_opts(conf):
    conf.register_group(signing_group)
    conf.register_opts(signing_opts, group=signing_group)


def list_opts():
    return {signing_group: signing_opts}
