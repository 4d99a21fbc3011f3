"""``desktop-central-manage config generate``: write desktop-central.conf.

Every installer (the lab, the devstack plugin, a person) writes central's
config file through this command, so they all get the same file. Each value
is checked against the option that reads it, so the file never holds a
value that the API or the engine would refuse at start.
"""

import argparse
import os
import urllib.parse

from oslo_config import cfg

from central_cloud.cmd import configfile
from central_cloud.conf import render

CONF = cfg.CONF


def _url(value, what, schemes):
    parts = urllib.parse.urlsplit(value)
    if parts.scheme not in schemes or not parts.hostname:
        raise configfile.InvalidValue(
            '%s %r is not a URL like %s://HOST[:PORT]/...'
            % (what, value, '|'.join(schemes)))


def _check_transport_url(value):
    with configfile.quiet_imports():
        import oslo_messaging as messaging
    try:
        url = messaging.TransportURL.parse(cfg.ConfigOpts(), value)
    except (messaging.InvalidTransportURL, ValueError) as exc:
        raise configfile.InvalidValue('--transport-url: %s' % exc) from None
    if not url.transport or not url.hosts:
        raise configfile.InvalidValue(
            '--transport-url %r names no driver or host; give e.g. '
            'rabbit://USER:PASSWORD@HOST:5672/VHOST' % value)


def _check_database(value):
    import sqlalchemy as sa
    try:
        sa.engine.make_url(value)
    except sa.exc.ArgumentError:
        raise configfile.InvalidValue(
            '--database-connection %r is not a database URL, e.g. '
            'postgresql+psycopg2://USER:PASSWORD@HOST/desktop_central or '
            'mysql+pymysql://USER:PASSWORD@HOST/desktop_central' % value
        ) from None


def rabbit_tls(ca_file, flag='--ssl-ca-file'):
    """[oslo_messaging_rabbit] values for TLS to the WAN broker.

    The broker's certificate is verified with ``ca_file``; {} without a
    file; InvalidValue if the file cannot be read or holds no certificate.
    """
    if not ca_file:
        return {}
    try:
        with open(ca_file) as f:
            pem = f.read()
    except OSError as exc:
        raise configfile.InvalidValue('%s %s: %s' % (
            flag, ca_file, exc.strerror or exc)) from None
    if '-----BEGIN CERTIFICATE-----' not in pem:
        raise configfile.InvalidValue(
            '%s %s holds no PEM certificate ("-----BEGIN CERTIFICATE-----")'
            % (flag, ca_file))
    return {'ssl': True, 'ssl_ca_file': os.path.abspath(ca_file)}


def _keystone(args):
    if args.auth_strategy == 'noauth':
        return None
    missing = [flag for flag, value in (
        ('--auth-url', args.auth_url), ('--service-user', args.service_user),
        ('--service-password', args.service_password)) if not value]
    if missing:
        raise configfile.InvalidValue(
            '%s %s required with --auth-strategy keystone (or give '
            '--auth-strategy noauth)' % (
                ', '.join(missing), 'is' if len(missing) == 1 else 'are'))
    _url(args.auth_url, '--auth-url', ('http', 'https'))
    if args.www_authenticate_uri:
        _url(args.www_authenticate_uri, '--www-authenticate-uri',
             ('http', 'https'))
    return render.keystone_authtoken(
        args.auth_url, args.service_user, args.service_password,
        project_name=args.service_project,
        user_domain_name=args.user_domain,
        project_domain_name=args.project_domain,
        region_name=args.region,
        www_authenticate_uri=args.www_authenticate_uri)


def generate_text(args):
    """The file's text for parsed arguments; InvalidValue if one is bad."""
    _check_transport_url(args.transport_url)
    _check_database(args.database_connection)
    sections = render.sections(
        args.transport_url, args.database_connection,
        state_path=args.state_path, bind_host=args.bind_host,
        bind_port=args.bind_port, auth_strategy=args.auth_strategy,
        keystone=_keystone(args), report_interval=args.report_interval,
        offline_after_missed=args.offline_after_missed)
    sections['oslo_messaging_rabbit'] = rabbit_tls(args.ssl_ca_file)
    registry = configfile.Registry(render.NAMESPACES, render.AUTH_GROUPS)
    configfile.apply_settings(sections, args.set or [], registry)
    registry.check(sections)
    return configfile.ini_text(sections)


class Args(object):
    """The parsed arguments of ``config generate`` by their plain names.

    Their argparse dests carry a prefix: the subcommand shares oslo.config's
    namespace, where a dest like ``state_path`` would clash with the option
    of that name.
    """

    def __init__(self, namespace, prefix=None):
        self._namespace = namespace
        self._prefix = DEST_PREFIX if prefix is None else prefix

    def __getattr__(self, name):
        return getattr(self._namespace, self._prefix + name)


DEST_PREFIX = 'generate_'


def config_generate():
    args = Args(CONF.category)
    configfile.write(args.output, generate_text(args))


def _setting(text):
    try:
        return configfile.parse_setting(text)
    except configfile.InvalidValue as exc:
        raise argparse.ArgumentTypeError(str(exc))


def _add(parser, flag, **kwargs):
    kwargs['dest'] = DEST_PREFIX + flag.lstrip('-').replace('-', '_')
    parser.add_argument(flag, **kwargs)


# Values that hold a secret may come from the environment instead, so they
# stay out of process listings.
ENV_TRANSPORT_URL = 'DESKTOP_TRANSPORT_URL'
ENV_DATABASE_CONNECTION = 'DESKTOP_DATABASE_CONNECTION'
ENV_SERVICE_PASSWORD = 'DESKTOP_SERVICE_PASSWORD'


def _add_secret(parser, flag, env, required=True, **kwargs):
    """A flag whose value may come from the environment variable ``env``."""
    default = os.environ.get(env) or None
    kwargs['help'] += ' Default: $%s (which keeps it off the command line).' \
        % env
    _add(parser, flag, default=default,
         required=required and default is None, **kwargs)


def add_parsers(subparsers):
    parser = subparsers.add_parser(
        'config', help='Write the configuration file.',
        description='Write desktop-central.conf, the file the API and the '
                    'engine share.')
    actions = parser.add_subparsers(title='config commands', dest='action',
                                    metavar='{generate}')
    actions.required = True
    gen = actions.add_parser(
        'generate', help='Print or write desktop-central.conf.',
        description='Print (or write with --output) desktop-central.conf '
                    'from these values. Every value is checked against '
                    'the option that reads it. Options not given keep '
                    'their defaults.')
    gen.set_defaults(action_fn=config_generate)
    _add(gen, '--output', metavar='FILE', default='-',
         help='Write the file here, mode 0640, replacing it atomically '
              '(default: standard output).')
    bus = gen.add_argument_group('WAN bus and database')
    _add_secret(bus, '--transport-url', ENV_TRANSPORT_URL, metavar='URL',
                help='The WAN bus shared with the site agents, e.g. '
                     'rabbit://USER:PASSWORD@HOST:5672/VHOST.')
    _add(bus, '--ssl-ca-file', metavar='FILE',
         help='Connect to the WAN bus over TLS and verify its certificate '
              'with this CA file (PEM): [oslo_messaging_rabbit] ssl and '
              'ssl_ca_file.')
    _add_secret(bus, '--database-connection', ENV_DATABASE_CONNECTION,
                metavar='URL', help="Central's database, an SQLAlchemy URL.")
    _add(bus, '--state-path', metavar='DIR',
         help='[DEFAULT] state_path: where central keeps its files (the '
              'coordination lock files, say).')
    api = gen.add_argument_group('REST API')
    _add(api, '--bind-host', metavar='ADDRESS',
         help='Address of the development server.')
    _add(api, '--bind-port', metavar='PORT',
         help='Port of the development server.')
    _add(api, '--auth-strategy', choices=('keystone', 'noauth'),
         default='keystone',
         help='keystone (default) needs --auth-url, --service-user and '
              '--service-password.')
    ks = gen.add_argument_group('Keystone ([keystone_authtoken])')
    _add(ks, '--auth-url', metavar='URL',
         help='Keystone, e.g. http://HOST/identity.')
    _add(ks, '--www-authenticate-uri', metavar='URL',
         help='Keystone as clients reach it (default: --auth-url).')
    _add(ks, '--service-user', metavar='NAME',
         help="Central's service user.")
    _add_secret(ks, '--service-password', ENV_SERVICE_PASSWORD,
                required=False, metavar='PASSWORD',
                help="The service user's password.")
    _add(ks, '--service-project', metavar='NAME', default='service',
         help='Project of the service user (default: service).')
    _add(ks, '--user-domain', metavar='NAME', default='Default',
         help="The user's domain (default: Default).")
    _add(ks, '--project-domain', metavar='NAME', default='Default',
         help="The project's domain (default: Default).")
    _add(ks, '--region', metavar='NAME',
         help="Central's region in the Keystone catalog.")
    mon = gen.add_argument_group('Monitoring')
    _add(mon, '--report-interval', metavar='SECONDS',
         help='Seconds between two reports of a site agent.')
    _add(mon, '--offline-after-missed', metavar='COUNT',
         help='Missed reports before a site is marked offline.')
    _add(gen, '--set', action='append', type=_setting,
         metavar='GROUP.OPTION=VALUE',
         help='Any other option, e.g. DEFAULT.debug=true; repeat for '
              'several. It overrides a value the arguments above set.')
