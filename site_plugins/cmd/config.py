"""desktop-site-config: the config files of a site node.

::

    desktop-site-config agent --site-name NAME --transport-url URL \\
        (--cloud NAME [--clouds-file FILE] | --set site_cloud.auth_type=...)
        [--ssl-ca-file FILE] [--lock-path DIR]
        [--region R] [--central-region R] [--outbox-path FILE]
        [--signing-key-id ID --signing-key-file FILE]
        [--set GROUP.OPTION=VALUE ...]
        [--output FILE]
    desktop-site-config nova-scheduler [--enabled-filters LIST]
        [--available-filters PATH ...] [--weight-classes LIST]
        [--get OPTION] [--output FILE]

``agent`` writes ``desktop-site-agent.conf``; the file it writes passes
the agent's own start-up check. ``nova-scheduler`` prints the region's
``[filter_scheduler]`` values with our filter and weigher added. The lab
and the devstack plugin write a site's files through this command.

Exit codes: 0 done, 2 bad input (one line on stderr).
"""

import argparse
import copy
import importlib
import os
import re
import sys

from oslo_config import cfg

from central_cloud.cmd import config as config_cmd
from central_cloud.cmd import configfile
from site_plugins import conf as site_conf
from site_plugins.conf import nova_scheduler
from site_plugins.conf import opts as site_opts
from site_plugins.conf import outbox as outbox_conf

# The package's own ``render`` attribute is the function; this is the module.
render = importlib.import_module('site_plugins.conf.render')

PROG = 'desktop-site-config'
EXIT_OK, EXIT_BAD_INPUT = 0, 2
CLASS_PATH = re.compile(r'^[A-Za-z_][A-Za-z0-9_.]*$')


class Parser(argparse.ArgumentParser):
    """An argparse parser whose errors are one line, not the usage."""

    def error(self, message):
        self.exit(EXIT_BAD_INPUT, '%s: error: %s (see --help)\n'
                  % (self.prog, message))


def _setting(text):
    try:
        return configfile.parse_setting(text)
    except configfile.InvalidValue as exc:
        raise argparse.ArgumentTypeError(str(exc))


def _register(conf):
    """The agent's options, as list_opts() shows them.

    The password plugin's options stand for any auth plugin's there; they
    are registered as not required, since a clouds.yaml entry needs none.
    """
    for group, options in site_opts.list_opts():
        for opt in options:
            opt = copy.copy(opt)
            opt.required = False
            conf.register_opt(opt, group=group)


def agent_text(args):
    """The agent's file for parsed arguments; InvalidValue if it is bad."""
    sections = render.sections(
        args.site_name, args.region, args.cloud, args.transport_url,
        args.outbox_path, clouds_file=args.clouds_file,
        report_interval=args.report_interval,
        desktop_network=args.desktop_network,
        upgrade_level=args.upgrade_level, debug=args.debug,
        log_file=args.log_file, central_region=args.central_region)
    sections.update(_wan_identity(args))
    if args.signing_key_id or args.signing_key_file:
        sections['signing'] = {'key_id': args.signing_key_id,
                               'key_file': args.signing_key_file}
    with configfile.quiet_imports():
        registry = configfile.Registry(render.NAMESPACES +
                                       ('oslo.concurrency',))
        configfile.apply_settings(sections, args.set or [], registry)
        registry.check(sections)
        text = configfile.ini_text(sections)
        # The agent's start-up check, on exactly this file.
        try:
            site_conf.check(configfile.load(text, _register))
        except (site_conf.ConfigError, cfg.Error) as exc:
            raise configfile.InvalidValue(str(exc)) from None
    return text


def _wan_identity(args):
    """TLS to the WAN bus, and queue names that carry the site's name.

    With oslo.messaging's queue manager and ``hostname`` = the site name,
    the agent's reply and fanout queues are ``reply_<site>:...`` and
    ``desktop-site_fanout_<site>:...``, the names its broker user may use
    (see central_cloud.broker.permissions). The queue manager keeps its
    counter under a lock in ``[oslo_concurrency] lock_path``.
    """
    lock_path = args.lock_path or os.path.dirname(os.path.abspath(
        args.outbox_path or outbox_conf.outbox_opts[0].default))
    rabbit = config_cmd.rabbit_tls(args.ssl_ca_file)
    rabbit.update(use_queue_manager=True, hostname=args.site_name)
    return {'oslo_messaging_rabbit': rabbit,
            'oslo_concurrency': {'lock_path': lock_path}}


def _class_paths(value, what):
    items = nova_scheduler.split(value)
    for item in items:
        if not CLASS_PATH.match(item):
            raise configfile.InvalidValue(
                '%s: %r is not a filter or weigher name (letters, digits, '
                "'_' and '.')" % (what, item))
    return items


def nova_scheduler_text(args):
    values = nova_scheduler.filter_scheduler(
        enabled_filters=_class_paths(args.enabled_filters,
                                     '--enabled-filters'),
        available_filters=_class_paths(args.available_filters,
                                       '--available-filters'),
        weight_classes=_class_paths(args.weight_classes, '--weight-classes'))
    if args.get:
        value = values[args.get]
        return '\n'.join(value if isinstance(value, list) else [value]) + '\n'
    return configfile.ini_text({nova_scheduler.GROUP: values})


def build_parser():
    parser = Parser(prog=PROG, description='The config files of a site '
                                           'node: the site agent\'s, and '
                                           "nova-scheduler's settings for "
                                           'our filter and weigher.')
    commands = parser.add_subparsers(title='commands', dest='command',
                                     metavar='{agent,nova-scheduler}',
                                     parser_class=Parser)
    commands.required = True

    agent = commands.add_parser(
        'agent', help="Print or write the site agent's config file.",
        description='Print (or write with --output) '
                    'desktop-site-agent.conf. Every value is checked '
                    'against the option that reads it, and the file must '
                    "pass the agent's start-up check.")
    agent.set_defaults(make_text=agent_text)
    _output(agent)
    agent.add_argument('--site-name', required=True, metavar='NAME',
                       help='The site name as central knows it.')
    agent.add_argument('--region', metavar='NAME',
                       help='Region of the site cloud (default: the site '
                            'name).')
    agent.add_argument('--transport-url', required=True, metavar='URL',
                       help='The WAN bus shared with central, e.g. '
                            'rabbit://USER:PASSWORD@CENTRAL:5672/VHOST.')
    agent.add_argument('--ssl-ca-file', metavar='FILE',
                       help='Connect to the WAN bus over TLS and verify '
                            'its certificate with this CA file (PEM).')
    agent.add_argument('--lock-path', metavar='DIR',
                       help='[oslo_concurrency] lock_path, where the agent '
                            'keeps its lock files (default: the directory '
                            'of the outbox file).')
    agent.add_argument('--cloud', metavar='NAME',
                       help='The entry of clouds.yaml the agent uses for '
                            'its own region.')
    agent.add_argument('--clouds-file', metavar='FILE',
                       help='The clouds.yaml that holds --cloud.')
    agent.add_argument('--central-region', metavar='NAME',
                       help="Region of central's Glance and API, where "
                            'templates are built from.')
    agent.add_argument('--outbox-path', metavar='FILE',
                       help='The outbox SQLite file (default: the '
                            "option's default).")
    agent.add_argument('--signing-key-id', metavar='ID',
                       help='[signing] key_id: the id of the key central '
                            'gave this site to sign its messages with.')
    agent.add_argument('--signing-key-file', metavar='FILE',
                       help='[signing] key_file: the file (mode 0600) '
                            "holding that key's secret. Without a key the "
                            'file must set '
                            'signing.require_from_central=false.')
    agent.add_argument('--report-interval', metavar='SECONDS',
                       help='Seconds between two monitoring reports.')
    agent.add_argument('--desktop-network', metavar='NETWORK',
                       help='Network desktops are attached to.')
    agent.add_argument('--upgrade-level', metavar='VERSION',
                       help='Newest protocol version sent to central.')
    agent.add_argument('--debug', action='store_true',
                       help='[DEFAULT] debug = true.')
    agent.add_argument('--log-file', metavar='FILE',
                       help='[DEFAULT] log_file.')
    agent.add_argument('--set', action='append', type=_setting,
                       metavar='GROUP.OPTION=VALUE',
                       help='Any other option, e.g. '
                            'oslo_messaging_rabbit.heartbeat_timeout_'
                            'threshold=30; repeat for several. It '
                            'overrides a value set above.')

    sched = commands.add_parser(
        'nova-scheduler',
        help="The region's [filter_scheduler] values with ours added.",
        description="Print the [filter_scheduler] values that make a "
                    "region's nova-scheduler load our filter (%s) and "
                    "weigher (%s), merged into the region's current "
                    'values.' % (', '.join(nova_scheduler.FILTER_CLASSES),
                                 ', '.join(nova_scheduler.WEIGHER_CLASSES)))
    sched.set_defaults(make_text=nova_scheduler_text)
    _output(sched)
    sched.add_argument('--enabled-filters', metavar='LIST',
                       help='The current enabled_filters, comma-separated '
                            "(default: nova's default list).")
    sched.add_argument('--available-filters', metavar='PATH',
                       action='append',
                       help='A current available_filters value; repeat '
                            'for several (default: %s).'
                            % nova_scheduler.NOVA_ALL_FILTERS)
    sched.add_argument('--weight-classes', metavar='LIST',
                       help='The current weight_classes (default: %s).'
                            % nova_scheduler.NOVA_ALL_WEIGHERS)
    sched.add_argument('--get', choices=nova_scheduler.OPTIONS,
                       help='Print only this value (available_filters: '
                            'one per line).')
    return parser


def _output(parser):
    parser.add_argument('--output', metavar='FILE', default='-',
                        help='Write here, mode 0640, replacing the file '
                             'atomically (default: standard output).')


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    try:
        configfile.write(args.output, args.make_text(args))
    except configfile.InvalidValue as exc:
        sys.stderr.write('%s %s: error: %s\n'
                         % (PROG, args.command, ' '.join(str(exc).split())))
        return EXIT_BAD_INPUT
    return EXIT_OK


if __name__ == '__main__':
    sys.exit(main())
