"""[simulator] and [simulator_central]: the options of the site simulator.

The virtual sites reach central's bus with the site agent's own
``[central]`` options (``transport_url``, ``upgrade_level``,
``call_timeout``, ``batch_size``, ``retry_interval``...) and TLS through
``[oslo_messaging_rabbit]`` (``ssl``, ``ssl_ca_file``...), exactly as a
real agent does. ``[simulator_central]`` says how to reach central's
REST API to register the sites. ``check()`` reads every value once and
says in one line what is wrong.
"""

from oslo_config import cfg

from central_cloud.protocol import exception as protocol_exception
from central_cloud.protocol import validation

GROUP = 'simulator'
API_GROUP = 'simulator_central'

simulator_group = cfg.OptGroup(
    GROUP, title='Site simulator',
    help='The virtual sites one desktop-site-simulator process runs: how '
         'many, what they hold, how they behave.')

api_group = cfg.OptGroup(
    API_GROUP, title="Central's REST API for the simulator",
    help='Where the simulator registers its virtual sites (POST /v1/sites). '
         'Credentials come from a clouds.yaml cloud, or from the standard '
         'OS_* environment variables when no cloud is named.')

# A name prefix ends up in site names (letters, digits, ".", "_", "-").
PREFIX_PATTERN = r'^[A-Za-z][A-Za-z0-9._-]{0,200}$'

fleet_opts = [
    cfg.IntOpt('sites', default=1000, min=1, max=100000,
               help='How many virtual sites this process runs.'),
    cfg.IntOpt('first_index', default=0, min=0, max=10 ** 7,
               help='The index of this process\'s first site. Several '
                    'processes share one fleet by taking disjoint index '
                    'ranges with the same name prefix.'),
    cfg.StrOpt('name_prefix', default='sim', regex=PREFIX_PATTERN,
               help='Site names are "<prefix>-<index>", the index padded '
                    'to 5 digits; the region has the same name.'),
    cfg.StrOpt('group',
               help='The group the sites register in (none if unset).'),
    cfg.FloatOpt('reserve_ratio', min=0.0, max=1.0,
                 help="The share of each host central never lends to other "
                      "sites' desktops. 1.0 keeps the virtual sites from "
                      'ever lending, so they cannot change where real '
                      "sites' desktops go. Central's default if unset."),
    cfg.IntOpt('hosts_per_site', default=4, min=1, max=1000,
               help='Compute hosts of each virtual site.'),
    cfg.IntOpt('host_vcpus', default=16, min=1, max=100000,
               help='VCPUs of each virtual host.'),
    cfg.IntOpt('host_ram_mb', default=65536, min=1, max=10 ** 9,
               help='Memory of each virtual host, in MB.'),
    cfg.IntOpt('host_disk_gb', default=1000, min=1, max=10 ** 9,
               help='Disk of each virtual host, in GB.'),
    cfg.ListOpt('flavors',
                default=['desktop.small:1:1024:10',
                         'desktop.medium:2:2048:20',
                         'desktop.large:4:8192:40'],
                help='The flavors each site offers, as '
                     'name:vcpus:ram_mb:disk_gb.'),
    cfg.ListOpt('template_types', default=['office'],
                help='The template types each site holds an image of; a '
                     'create or build of another type makes its image '
                     'at once, as a site builds a missing template.'),
    cfg.IntOpt('report_interval', default=10, min=1, max=86400,
               help='Seconds between two monitoring reports of a site. '
                    "Keep it at central's [monitoring] report_interval."),
    cfg.FloatOpt('changed_host_share', default=0.1, min=0.0, max=1.0,
                 help='The share of a site\'s hosts whose usage changes '
                      'between two reports (background load other than '
                      "central's desktops)."),
    cfg.FloatOpt('command_latency', default=0.7, min=0.0, max=3600.0,
                 help='Seconds a virtual server takes to build, stop, '
                      'start, suspend, resume or be deleted.'),
    cfg.FloatOpt('failure_rate', default=0.0, min=0.0, max=1.0,
                 help='The share of server operations that end in ERROR.'),
    cfg.IntOpt('seed', default=0,
               help='Seeds the coordinates, the changed hosts and the '
                    'failures: the same seed and index give the same site.'),
    cfg.FloatOpt('spread_km', default=25.0, min=0.0, max=500.0,
                 help='How far from its city a site may lie (on land).'),
    cfg.StrOpt('keys_file',
               help='A JSON file of the sites\' signing keys, {"<site>": '
                    '{"signing_key_id": ..., "signing_key": ...}}, mode '
                    '0600. Sites without a key send unsigned messages.'),
    cfg.StrOpt('schedule_file',
               help='A YAML file of events to play: cut, restore, kill or '
                    'start sites at given seconds after the start.'),
    cfg.HostAddressOpt('control_host', default='127.0.0.1',
                       help='Where the control interface listens.'),
    cfg.PortOpt('control_port', default=0,
                help='The port of the HTTP control interface; 0 picks a '
                     'free port (written to the log and to '
                     '--control-file).'),
    cfg.StrOpt('control_file',
               help='A file the simulator writes its control URL to once '
                    'it listens (and removes at exit).'),
    cfg.IntOpt('delivery_workers', default=32, min=1, max=512,
               help='Threads that deliver outboxes to central (shared by '
                    'every site of the process). Each waits for central '
                    'to store a batch, so more of them let central batch '
                    'more.'),
    cfg.IntOpt('command_workers', default=64, min=1, max=4096,
               help='Threads that run commands (shared by every site).'),
    cfg.BoolOpt('register', default=True,
                help='Register the sites at central (POST /v1/sites) '
                     'before they start; an existing site is kept.'),
    cfg.IntOpt('register_workers', default=8, min=1, max=64,
               help='Registrations sent to central at the same time.'),
]

api_opts = [
    cfg.StrOpt('cloud',
               help='The clouds.yaml cloud to authenticate with. Default: '
                    'the OS_* environment variables.'),
    cfg.StrOpt('clouds_file',
               help='The clouds.yaml file that holds "cloud". Default: the '
                    'usual openstacksdk places.'),
    cfg.StrOpt('region_name',
               help="The region of central's endpoint in the catalog."),
    cfg.StrOpt('interface', default='public',
               choices=['public', 'internal', 'admin'],
               help='Which endpoints of the service catalog to use.'),
]


class ConfigError(Exception):
    """The configuration cannot work; ``str()`` is one line for people."""


def register_opts(conf):
    conf.register_group(simulator_group)
    conf.register_opts(fleet_opts, group=simulator_group)
    conf.register_group(api_group)
    conf.register_opts(api_opts, group=api_group)


def list_opts():
    return [(simulator_group, fleet_opts), (api_group, api_opts)]


def parse_flavor(text):
    """``name:vcpus:ram_mb:disk_gb`` as the flavor dict a backend gives."""
    parts = text.strip().split(':')
    if len(parts) != 4 or not parts[0]:
        raise ConfigError('[simulator] flavors: %r is not '
                          'name:vcpus:ram_mb:disk_gb' % text)
    try:
        sizes = [int(part) for part in parts[1:]]
    except ValueError:
        sizes = None
    if sizes is None or min(sizes) < 0 or sizes[0] < 1 or sizes[1] < 1:
        raise ConfigError('[simulator] flavors: %r needs whole numbers, '
                          'vcpus and ram_mb at least 1' % text)
    return {'id': parts[0], 'name': parts[0], 'vcpus': sizes[0],
            'ram': sizes[1], 'disk': sizes[2]}


def site_name(prefix, index):
    return '%s-%05d' % (prefix, index)


def check(conf):
    """Raise ``ConfigError`` naming the first value that cannot work."""
    for group, options in list_opts():
        for opt in options:
            try:
                getattr(conf[group.name], opt.dest)
            except ValueError as exc:
                raise ConfigError('[%s] %s: %s' % (group.name, opt.dest,
                                                   exc)) from None
    sim = conf[GROUP]
    if not sim.flavors:
        raise ConfigError('[simulator] flavors is empty: give at least one '
                          'name:vcpus:ram_mb:disk_gb')
    for text in sim.flavors:
        parse_flavor(text)
    if not sim.template_types:
        raise ConfigError('[simulator] template_types is empty')
    last = site_name(sim.name_prefix, sim.first_index + sim.sites - 1)
    try:
        validation.validate('target', {'site': last})
    except protocol_exception.InvalidMessage as exc:
        raise ConfigError('[simulator] name_prefix %r makes site names '
                          'such as %r, which central refuses: %s'
                          % (sim.name_prefix, last, exc.reason)) from None
    import oslo_messaging as messaging
    if not conf.central.transport_url:
        raise ConfigError('[central] transport_url is not set: give the URL '
                          "of central's WAN bus")
    try:
        messaging.TransportURL.parse(conf, conf.central.transport_url)
    except (messaging.InvalidTransportURL, ValueError) as exc:
        raise ConfigError('[central] transport_url is not valid: %s'
                          % exc) from None
