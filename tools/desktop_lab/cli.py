"""Command line of tools/lab: up, down, status, restart, env, logs, demo."""

import argparse
import os
import subprocess
import sys

from desktop_lab.errors import LabError
from desktop_lab import layout as layout_mod
from desktop_lab import state as state_mod

DEFAULT_TOPOLOGY = os.environ.get('DESKTOP_LAB_TOPOLOGY') or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), 'topology.yaml')


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error as one line."""

    def error(self, message):
        self.exit(2, '%s: error: %s (see --help)\n' % (self.prog, message))


def _lab_dir():
    return os.environ.get('DESKTOP_LAB_DIR') or os.path.join(
        os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__)))), '.lab')


def _layout_from_state():
    from desktop_lab import layout
    st = state_mod.load(_lab_dir())
    if not st or 'topology' not in st:
        raise LabError('there is no lab here; run "tools/lab up" first')
    return layout.Layout(_lab_dir(), st['topology']), st


def cmd_up(args):
    from desktop_lab import layout
    from desktop_lab import lifecycle
    from desktop_lab import topology
    lay = layout.Layout(_lab_dir(), topology.load(args.topology))
    lifecycle.up(lay)
    return 0


def cmd_prepare(args):
    print('[lab] Debian packages and the virtualenv are ready')
    return 0


def cmd_demo(args):
    cmd_up(args)
    from desktop_lab import demo
    lay, _ = _layout_from_state()
    return demo.run(lay)


def cmd_down(args):
    from desktop_lab import lifecycle
    return lifecycle.down(_lab_dir())


def cmd_status(args):
    from desktop_lab import lifecycle
    return lifecycle.status(_lab_dir())


def cmd_restart(args):
    from desktop_lab import restart
    return restart.restart(_lab_dir(), args.service)


def cmd_env(args):
    from desktop_lab import clouds
    lay, _ = _layout_from_state()
    regions = [r['name'] for r in lay.regions]
    if args.region and args.region not in regions:
        raise LabError('unknown region %r; the lab has %s'
                       % (args.region, ', '.join(regions)))
    if args.format == 'clouds':
        sys.stdout.write(clouds.clouds_yaml(lay))
    elif args.format == 'test-db-url':
        print(lay.db_url(layout_mod.TEST_DATABASE))
    elif args.format == 'wan-url':
        from desktop_lab import rabbit
        print(rabbit.central_wan_url(lay, tls_query=True))
    elif args.format == 'openrc':
        sys.stdout.write(clouds.openrc(lay, args.region or regions[0],
                                       args.cloud))
    else:
        print('export OS_CLIENT_CONFIG_FILE=%s'
              % os.path.join(lay.dir, 'clouds.yaml'))
        print('export OS_CLOUD=%s' % args.cloud)
        print('export OS_REGION_NAME=%s' % (args.region or regions[0]))
        print('export PATH=%s:"$PATH"' % os.path.join(lay.venv, 'bin'))
    return 0


def cmd_logs(args):
    lay, st = _layout_from_state()
    names = sorted(set(st.get('services', {})) |
                   {f[:-4] for f in os.listdir(lay.logs)
                    if f.endswith('.log')} if os.path.isdir(lay.logs)
                   else set())
    if not args.service:
        for name in names:
            print('%-32s %s' % (name, lay.log(name)))
        return 0
    if args.service not in names:
        raise LabError('no log for %r; known: %s'
                       % (args.service, ', '.join(names)))
    argv = ['tail', '-n', str(args.lines)]
    if args.follow:
        argv.append('-F')
    return subprocess.call(argv + [lay.log(args.service)])


def build_parser():
    parser = Parser(prog='tools/lab', description=(
        'A real multi-region OpenStack lab on this machine (loopback only): '
        'one Keystone and, per region, Glance, Placement, Neutron and Nova '
        'on a fake hypervisor, with PostgreSQL and two RabbitMQ nodes.'))
    sub = parser.add_subparsers(dest='command', metavar='SUBCOMMAND',
                                parser_class=Parser)
    sub.required = True
    for name, func, helptext in (
            ('up', cmd_up, 'install what is missing and start the lab '
                           '(reuses what already runs)'),
            ('demo', cmd_demo, 'bring the lab up and run the demo')):
        p = sub.add_parser(name, help=helptext, description=helptext)
        p.add_argument('--topology', default=DEFAULT_TOPOLOGY,
                       help='topology file (default: $DESKTOP_LAB_TOPOLOGY '
                            'or the 4-region lab)')
        p.set_defaults(func=func)
    p = sub.add_parser('prepare', help='install the Debian packages and '
                                       'the virtualenv only',
                       description='Install what the lab and the tests '
                                   'need, without starting anything.')
    p.set_defaults(func=cmd_prepare)
    p = sub.add_parser('down', help='stop every service the lab started',
                       description='Stop exactly the processes the lab '
                                   'started, by their recorded PIDs.')
    p.set_defaults(func=cmd_down)
    p = sub.add_parser('status', help='show the services and their state',
                       description='Exit 0 when all run, 1 when some are '
                                   'dead, 3 when the lab is not running.')
    p.set_defaults(func=cmd_status)
    p = sub.add_parser('restart', help='stop and start one service (the '
                                       'engine, an agent, a broker)',
                       description='Stop one service by its recorded PID '
                                   'if it runs, then start it as "up" '
                                   'does. Fault tests use it to bring '
                                   'back what they killed.')
    p.add_argument('service', help='service name, as in status')
    p.set_defaults(func=cmd_restart)
    p = sub.add_parser('env', help='print clouds.yaml, an openrc or shell '
                                   'exports for the lab',
                       description='Print how to reach the lab.')
    p.add_argument('--format',
                   choices=('clouds', 'openrc', 'shell', 'test-db-url',
                            'wan-url'),
                   default='clouds',
                   help='what to print (default: clouds); test-db-url is '
                        'the empty PostgreSQL database that the database '
                        'tests may use (DESKTOP_TEST_PG_URL); wan-url is '
                        "central's WAN bus URL, with its TLS options")
    p.add_argument('--shell', dest='format', action='store_const',
                   const='shell', help='same as --format shell')
    p.add_argument('--region', help='region for openrc/shell')
    p.add_argument('--cloud', default='desktop-lab',
                   choices=('desktop-lab', 'desktop-lab-demo',
                            'desktop-lab-reader'),
                   help='which lab user (default: desktop-lab, the admin)')
    p.set_defaults(func=cmd_env)
    p = sub.add_parser('logs', help='list the log files, or tail one',
                       description='Without SERVICE, list the logs.')
    p.add_argument('service', nargs='?', help='service name, as in status')
    p.add_argument('-n', '--lines', type=int, default=50,
                   help='lines to show (default 50)')
    p.add_argument('-f', '--follow', action='store_true', help='follow')
    p.set_defaults(func=cmd_logs)
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except LabError as exc:
        print('tools/lab: error: %s' % exc, file=sys.stderr)
        return 1
    except Exception as exc:  # an OpenStack API or OS error mid-way
        print('tools/lab: error: %s: %s; "tools/lab status" and "tools/lab '
              'logs" show where it stopped' % (type(exc).__name__,
                                               str(exc).splitlines()[0]
                                               if str(exc) else ''),
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print('tools/lab: interrupted; "tools/lab status" shows what runs',
              file=sys.stderr)
        return 130
