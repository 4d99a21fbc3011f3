"""desktop-site-simulator: thousands of virtual sites in one process.

::

    desktop-site-simulator [--config-file FILE] run [--sites N]
        [--first-index I] [--name-prefix P] [--report-interval S]
        [--keys-file FILE] [--transport-url URL] [--schedule-file FILE]
        [--control-port P] [--control-file FILE] [--no-register]
    desktop-site-simulator [--config-file FILE] control
        [--url URL | --control-file FILE]
        {status,sites,servers,cut,restore,kill,start} [SELECTOR]
    desktop-site-simulator [--config-file FILE] register
    desktop-site-simulator [--config-file FILE] unregister

``run`` registers the sites at central, listens for them on the WAN bus
and runs them until SIGTERM or SIGINT. Its options override the
``[simulator]`` (and ``[central] transport_url``) values of the config
files. ``control`` asks a running simulator; ``register`` registers the
configured sites at central and exits (so that keys can be made for
them before ``run --no-register``); ``unregister`` deletes them.

Exit codes: 0 done, 1 central, the bus or the simulator failed, 2 bad
arguments or configuration. Errors are one line on stderr.
"""

import json
import os
import signal
import sys
import threading

from oslo_config import cfg
from oslo_log import log as logging

# Imported first: it silences eventlet's import-time warning.
from site_plugins import cmd as agent_cmd  # noqa: F401
from site_plugins import conf as site_conf
from site_plugins.simulator import bus
from site_plugins.simulator import conf as sim_conf
from site_plugins.simulator import control
from site_plugins.simulator import fleet as fleet_mod
from site_plugins.simulator import keys
from site_plugins.simulator import registration
from site_plugins.simulator import schedule

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

PROG = 'desktop-site-simulator'
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
STATS_INTERVAL = 60
POLL_INTERVAL = 0.2
CONTROL_ACTIONS = ('status', 'sites', 'servers') + schedule.ACTIONS

# ``run`` options that override [simulator] options of the same name.
RUN_OVERRIDES = ('sites', 'first_index', 'name_prefix', 'report_interval',
                 'keys_file', 'schedule_file', 'control_port',
                 'control_file')


class UsageError(Exception):
    """Bad input; reported as one line."""


def _opt_help(name):
    return next(opt.help for opt in sim_conf.fleet_opts if opt.dest == name)


def _add_parsers(subparsers):
    run = subparsers.add_parser(
        'run', help='run the virtual sites until SIGTERM or SIGINT')
    for name in RUN_OVERRIDES:
        run.add_argument('--' + name.replace('_', '-'), dest=name,
                         help=_opt_help(name))
    run.add_argument('--transport-url', dest='transport_url',
                     help="central's WAN bus ([central] transport_url)")
    run.add_argument('--no-register', dest='register', action='store_false',
                     default=None, help='do not register the sites at '
                     'central (they are registered already)')
    ctl = subparsers.add_parser(
        'control', help='ask or steer a running simulator')
    ctl.add_argument('--url', help='the control URL (http://host:port)')
    ctl.add_argument('--control-file', dest='control_file',
                     help='the file a running simulator wrote its control '
                          'URL to (default: [simulator] control_file)')
    ctl.add_argument('action', choices=CONTROL_ACTIONS,
                     help='status, sites or servers to ask; cut, restore, '
                          'kill or start to act on sites')
    ctl.add_argument('selector', nargs='?', default=schedule.ALL,
                     help='the sites: "all", indexes "0-99,120", or names '
                          '(default: all)')
    subparsers.add_parser(
        'register', help='register the configured sites at central and '
        'exit (then give them keys, and run with --no-register)')
    subparsers.add_parser(
        'unregister', help="delete the configured sites at central")


command_opt = cfg.SubCommandOpt('command', title='Commands',
                                handler=_add_parsers, help='What to do.')


def _fail(code, message):
    sys.stderr.write('%s: error: %s\n' % (PROG,
                                          ' '.join(str(message).split())))
    return code


def parse_args(argv):
    # Importing site_plugins.conf registered the agent's options: the
    # sites use its [central] and [executor] groups. Virtual servers
    # change state in command_latency, so look at them more often.
    CONF.set_default('poll_interval', POLL_INTERVAL, group='executor')
    sim_conf.register_opts(CONF)
    CONF.register_cli_opt(command_opt)
    logging.register_options(CONF)
    CONF(argv, project=site_conf.PROJECT, prog=PROG,
         description='Runs thousands of virtual desktop-federation sites '
                     "that speak the real protocol over central's bus.",
         default_config_files=cfg.find_config_files(
             project=site_conf.PROJECT, prog=PROG))


def apply_overrides(conf):
    """The ``run`` options as overrides; bad values raise UsageError."""
    args = conf.command
    for name in RUN_OVERRIDES + ('register',):
        value = getattr(args, name, None)
        if value is None:
            continue
        try:
            conf.set_override(name, value, group=sim_conf.GROUP)
        except ValueError as exc:
            raise UsageError('--%s %s: %s' % (name.replace('_', '-'), value,
                                              exc)) from None
    if getattr(args, 'transport_url', None):
        conf.set_override('transport_url', args.transport_url,
                          group='central')


def _write_control_file(path, url):
    if path:
        tmp = path + '.tmp'
        with open(tmp, 'w') as f:
            f.write(url + '\n')
        os.replace(tmp, path)


def _remove(path):
    if path:
        try:
            os.unlink(path)
        except OSError:
            pass


def run(conf):
    sim = conf.simulator
    events = schedule.load(sim.schedule_file) if sim.schedule_file else ()
    fleet = fleet_mod.Fleet(conf).build()
    if sim.register:
        registration.register(registration.client_from_conf(conf),
                              list(fleet.sites.values()), conf,
                              sim.register_workers)
    stop = threading.Event()

    def _stop(signum, frame):
        LOG.info('Signal %d received', signum)
        stop.set()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    server = control.ControlServer(fleet, sim.control_host,
                                   sim.control_port)
    server.start()
    try:
        fleet.start(events)
        fleet.scheduler.call_every(
            STATS_INTERVAL, fleet.scheduler.now() + STATS_INTERVAL,
            lambda: LOG.info('Fleet: %s', json.dumps(fleet.stats(),
                                                     sort_keys=True)))
        _write_control_file(sim.control_file, server.url)
        while not stop.wait(1.0):
            pass
    finally:
        _remove(sim.control_file)
        server.stop()
        fleet.stop()
    return EXIT_OK


def control_command(conf):
    args = conf.command
    url = args.url
    path = args.control_file or conf.simulator.control_file
    if not url and path:
        try:
            with open(path) as f:
                url = f.read().strip()
        except OSError as exc:
            raise UsageError('cannot read control file %s: %s (is the '
                             'simulator running?)'
                             % (path, exc.strerror)) from None
    if not url:
        raise UsageError('give --url or --control-file (or [simulator] '
                         'control_file)')
    selector = args.selector
    schedule.parse_selector(selector)
    if args.action in schedule.ACTIONS:
        answer = control.request(url, 'POST', '/actions',
                                 {'action': args.action, 'sites': selector})
    elif args.action == 'status':
        answer = control.request(url, 'GET', '/status')
    else:
        answer = control.request(url, 'GET', '/%s?sites=%s' % (
            args.action, selector))
    print(json.dumps(answer, indent=2, sort_keys=True))
    return EXIT_OK


def register(conf):
    sim = conf.simulator
    fleet = fleet_mod.Fleet(conf).build()
    registration.register(registration.client_from_conf(conf),
                          list(fleet.sites.values()), conf,
                          sim.register_workers)
    print('Registered %d site(s) at central' % len(fleet.sites))
    return EXIT_OK


def unregister(conf):
    sim = conf.simulator
    names = [sim_conf.site_name(sim.name_prefix, index) for index in
             range(sim.first_index, sim.first_index + sim.sites)]
    registration.unregister(registration.client_from_conf(conf), names,
                            sim.register_workers)
    print('Removed %d site(s) from central' % len(names))
    return EXIT_OK


COMMANDS = {'run': run, 'control': control_command, 'register': register,
            'unregister': unregister}


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        parse_args(argv)
        logging.setup(CONF, PROG)
        apply_overrides(CONF)
        name = CONF.command.name
        if name != 'control':
            sim_conf.check(CONF)
        return COMMANDS[name](CONF)
    except (cfg.Error, ValueError, UsageError, sim_conf.ConfigError,
            schedule.ScheduleError, keys.KeysError) as exc:
        return _fail(EXIT_BAD_INPUT, exc)
    except (registration.RegistrationError, control.ControlError,
            bus.UnsupportedDriver) as exc:
        return _fail(EXIT_FAILED, exc)
    except Exception as exc:
        LOG.debug('%s failed', PROG, exc_info=True)
        return _fail(EXIT_FAILED, '%s: %s' % (type(exc).__name__, exc))


if __name__ == '__main__':
    sys.exit(main())
