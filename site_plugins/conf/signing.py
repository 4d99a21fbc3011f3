"""[signing]: the key this site signs its messages with."""

from oslo_config import cfg

signing_group = cfg.OptGroup(
    'signing',
    title='Signed protocol messages',
    help='The agent signs every message it sends to central with this '
         'site\'s key (HMAC-SHA256) and checks that central\'s messages '
         'are signed with it. Central gives the key id and the secret '
         'when the site\'s key is created or rotated '
         '(desktop-central-manage).')

signing_opts = [
    cfg.StrOpt('key_id',
               help='The id of this site\'s signing key, as central '
                    'gave it. Required unless require_from_central is off.'),
    cfg.StrOpt('key_file',
               help='A file holding the secret of the key, on one line. '
                    'It must be readable by the agent\'s user only (mode '
                    '0600 or 0400): the agent refuses to start otherwise. '
                    'Required with key_id.'),
    cfg.BoolOpt('require_from_central',
                default=True,
                help='Refuse messages from central that are not signed '
                     'with this site\'s key, and refuse to start without '
                     'a key. Turn it off only while central runs a '
                     'release without signing (upgrade central first, '
                     'then give each site its key).'),
]


def register_opts(conf):
    conf.register_group(signing_group)
    conf.register_opts(signing_opts, group=signing_group)


def list_opts():
    return {signing_group: signing_opts}
