"""Configuration of the site agent (oslo.config).

One module per option group, each with ``register_opts(conf)`` and
``list_opts()``; importing this package registers them all on the global
``cfg.CONF``. ``opts.list_opts()`` feeds oslo-config-generator,
``parse_args()`` loads the command line and the config files, ``check()``
says in one line what is wrong, and ``render()`` writes a config file (the
lab and devstack use it).
"""

from oslo_config import cfg
from oslo_log import log as logging

from central_cloud.protocol import exception as protocol_exception
from central_cloud.protocol import validation
from central_cloud.protocol import versions
from site_plugins.conf import central
from site_plugins.conf import executor
from site_plugins.conf import monitor
from site_plugins.conf import outbox
from site_plugins.conf import render as _render
from site_plugins.conf import signing
from site_plugins.conf import site
from site_plugins.conf import site_cloud
from site_plugins.conf import templates

CONF = cfg.CONF

# Config files are looked up as /etc/desktop-federation/desktop-site-agent
# .conf (and the other oslo.config default places) unless --config-file.
PROJECT = 'desktop-federation'
PROG = 'desktop-site-agent'

_MODULES = (site, site_cloud, central, executor, monitor, outbox,
            templates, signing)
for _module in _MODULES:
    _module.register_opts(CONF)

render = _render.render
region = site.region


class ConfigError(Exception):
    """The configuration cannot work; ``str()`` is one line for people."""


def parse_args(args, default_config_files=None):
    """Parse ``args`` (without the program name) and the config files."""
    logging.register_options(CONF)
    if default_config_files is None:
        default_config_files = cfg.find_config_files(project=PROJECT,
                                                     prog=PROG)
    CONF(args, project=PROJECT, prog=PROG,
         description='The desktop-federation site agent: runs central\'s '
                     'commands in the site cloud, reports its state, and '
                     'keeps an outbox of everything central must receive.',
         default_config_files=default_config_files)


def _check_values(conf):
    """Read every option once, so a bad value is found at start."""
    from site_plugins.conf import opts
    for group, options in opts.list_opts():
        for opt in options:
            try:
                getattr(conf[group.name], opt.dest)
            except cfg.NoSuchOptError:
                continue  # an auth plugin option of another auth_type
            except ValueError as exc:
                raise ConfigError('[%s] %s: %s' % (group.name, opt.dest,
                                                   exc)) from None


def check(conf=CONF):
    """Raise ``ConfigError`` naming the first option that cannot work."""
    _check_values(conf)
    if not conf.site.name:
        raise ConfigError('[site] name is not set: give the name this site '
                          'has at central')
    try:
        validation.validate('target', {'site': conf.site.name})
    except protocol_exception.InvalidMessage as exc:
        raise ConfigError('[site] name %r is not valid: %s'
                          % (conf.site.name, exc.reason)) from None
    # Imported here: writing a config file (render) needs no message bus.
    import oslo_messaging as messaging
    if not conf.central.transport_url:
        raise ConfigError('[central] transport_url is not set: give the '
                          'URL of the message bus shared with central')
    try:
        messaging.TransportURL.parse(conf, conf.central.transport_url)
    except (messaging.InvalidTransportURL, ValueError) as exc:
        raise ConfigError('[central] transport_url is not valid: %s'
                          % exc) from None
    if conf.central.upgrade_level:
        try:
            versions.resolve(conf.central.upgrade_level)
        except protocol_exception.BadVersion as exc:
            raise ConfigError('[central] upgrade_level: %s' % exc) from None
    if not (conf.site_cloud.cloud or conf.site_cloud.auth_type):
        raise ConfigError('[site_cloud] needs either "cloud" (a clouds.yaml '
                          'entry) or "auth_type" with its options')
    if not conf.outbox.path:
        raise ConfigError('[outbox] path is not set')
    from site_plugins import signing as site_signing
    try:
        site_signing.check(conf)
    except site_signing.KeyFileError as exc:
        raise ConfigError('[signing] %s' % exc) from None
