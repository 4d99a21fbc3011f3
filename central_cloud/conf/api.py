"""[api]: how desktop-central-api listens, authenticates and pages."""

from oslo_config import cfg

api_group = cfg.OptGroup(
    'api',
    title='REST API options',
    help='Options of desktop-central-api: where the development server '
         'listens, how requests are authenticated, and the limits that '
         'keep one request small.')

AUTH_STRATEGIES = ('keystone', 'noauth')

api_opts = [
    cfg.HostAddressOpt('bind_host',
                       default='127.0.0.1',
                       help='Address the development server '
                            '(desktop-central-api) listens on. Under uwsgi '
                            'or another WSGI server, that server decides.'),
    cfg.PortOpt('bind_port',
                default=9880,
                help='Port the development server listens on.'),
    cfg.StrOpt('auth_strategy',
               default='keystone',
               choices=[
                   ('keystone', 'Validate tokens with keystonemiddleware '
                                'auth_token, configured in '
                                '[keystone_authtoken].'),
                   ('noauth', 'No authentication: the X-User-Id, '
                              'X-Project-Id and X-Roles request headers '
                              'are trusted as given. For unit tests and '
                              'isolated development only, never in '
                              'production.'),
               ],
               help='How requests under /v1 are authenticated.'),
    cfg.IntOpt('max_limit',
               default=1000,
               min=1,
               max=100000,
               help='Largest number of items one list request returns. A '
                    'larger ?limit= is lowered to this value, and a list '
                    'without ?limit= returns at most this many items.'),
    cfg.IntOpt('max_request_body_size',
               default=1048576,
               min=1024,
               help='Largest request body, in bytes, that the API accepts; '
                    'larger requests get 413.'),
]


def register_opts(conf):
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return {api_group: api_opts}
