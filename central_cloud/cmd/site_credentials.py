"""``desktop-central-manage site credentials``: a site agent's identity.

::

    site credentials create SITE [--output FILE]
    site credentials rotate SITE [--close-connections] [--key-overlap S]
                                 [--output FILE]
    site credentials revoke SITE
    site credentials show SITE
    site credentials list

``create`` and ``rotate`` print (or write with ``--output``, mode 0600)
a JSON object with what the site's agent needs: ``transport_url`` (the
WAN bus with the site's own user and password, for
``desktop-site-config agent --transport-url``), ``user``, and the site's
message signing key (``signing_key_id``, ``signing_key``). The password
and key are shown only here, once. ``revoke`` deletes the site's broker
user, closes its connections and revokes its signing keys. The site must
be registered (``site bootstrap``) for ``create`` and ``rotate``.

What the broker user may do is decided by ``central_cloud.broker.
permissions``; the broker is reached through ``[broker]
rabbitmqctl_command``.
"""

import argparse
import json
import shlex

from oslo_config import cfg

from central_cloud.broker import credentials
from central_cloud.broker import permissions
from central_cloud.broker import rabbitmqctl
from central_cloud.cmd import config as config_cmd
from central_cloud.cmd import configfile
from central_cloud.db import api as db_api
from central_cloud.db import exception
from central_cloud.db import site_keys

CONF = cfg.CONF
DEST_PREFIX = 'credentials_'
OUTPUT_MODE = 0o600


def _credentials(conf=CONF):
    try:
        command = shlex.split(conf.broker.rabbitmqctl_command or '')
    except ValueError as exc:
        raise exception.Invalid('[broker] rabbitmqctl_command: %s' % exc)
    url = conf.broker.site_transport_url
    if not url:
        with configfile.quiet_imports():
            import oslo_messaging as messaging
        try:
            # Registers and checks [DEFAULT] transport_url.
            messaging.TransportURL.parse(conf)
        except messaging.InvalidTransportURL:
            raise exception.Invalid(
                'neither [broker] site_transport_url nor [DEFAULT] '
                'transport_url is a transport URL') from None
        url = conf.transport_url
    return credentials.Credentials(
        rabbitmqctl.Rabbitmqctl(command, conf.broker.command_timeout),
        url, conf.broker.site_user_prefix)


def _site(args):
    try:
        return permissions.check_site_name(args.site)
    except permissions.InvalidSiteName as exc:
        raise exception.Invalid(str(exc)) from None


def _registered(site):
    try:
        db_api.get_site(site)
    except exception.NotFound:
        raise exception.Invalid(
            'site %s is not registered; run "site bootstrap --name %s" '
            'first' % (site, site)) from None


def _signing_key(action, site, overlap=None):
    """(key_id, secret) of the site's new signing key; None on revoke.

    The single place that drives the site key store.
    """
    if action == 'create':
        return site_keys.create_key(site)
    if action == 'rotate':
        return site_keys.rotate_key(site, overlap)
    return site_keys.revoke_keys(site)


def _print(args, value):
    text = json.dumps(value, indent=2, sort_keys=True) + '\n'
    configfile.write(args.output, text, mode=OUTPUT_MODE)


def _issued(args, issued, key):
    if key:
        issued['signing_key_id'], issued['signing_key'] = key
    _print(args, issued)


def _no_user(site, exc):
    return exception.Invalid('site %s has no broker user (%s); use '
                             '"create"' % (site, exc))


def credentials_create():
    args = config_cmd.Args(CONF.category, DEST_PREFIX)
    site = _site(args)
    _registered(site)
    # The key first: it is one transaction, and a Conflict leaves the
    # broker untouched.
    key = _signing_key('create', site)
    try:
        issued = _credentials().create(site)
    except Exception as exc:
        _signing_key('revoke', site)
        if isinstance(exc, credentials.Exists):
            raise exception.Conflict(str(exc)) from None
        raise
    _issued(args, issued, key)


def credentials_rotate():
    args = config_cmd.Args(CONF.category, DEST_PREFIX)
    site = _site(args)
    _registered(site)
    try:
        issued = _credentials().rotate(site, close=args.close_connections)
    except rabbitmqctl.NoSuchUser as exc:
        raise _no_user(site, exc) from None
    overlap = args.key_overlap
    if overlap is None:
        overlap = CONF.broker.key_overlap
    _issued(args, issued, _signing_key('rotate', site, overlap))


def credentials_revoke():
    args = config_cmd.Args(CONF.category, DEST_PREFIX)
    site = _site(args)
    try:
        _credentials().revoke(site)
    except rabbitmqctl.NoSuchUser:
        print('Site %s had no broker user.' % site)
    else:
        print('Broker user of site %s deleted, its connections closed.'
              % site)
    try:
        _signing_key('revoke', site)
    except exception.NotFound:
        print('Site %s is not registered: it has no signing key.' % site)
    else:
        print('Signing keys of site %s revoked.' % site)


def credentials_show():
    args = config_cmd.Args(CONF.category, DEST_PREFIX)
    site = _site(args)
    try:
        shown = _credentials().show(site)
    except rabbitmqctl.NoSuchUser as exc:
        raise _no_user(site, exc) from None
    _print(args, shown)


def credentials_list():
    for site in _credentials().sites():
        print(site)


def _add(parser, flag, **kwargs):
    kwargs['dest'] = DEST_PREFIX + flag.lstrip('-').replace('-', '_')
    parser.add_argument(flag, **kwargs)


def _overlap(text):
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 30 * 86400:
        raise argparse.ArgumentTypeError(
            '%r is not a number of seconds from 0 to 2592000' % text)
    return value


def add_parsers(site_actions):
    """Add ``credentials`` under the ``site`` command's subparsers."""
    parser = site_actions.add_parser(
        'credentials', help="Manage a site agent's WAN bus credentials.",
        description="Create, rotate or revoke a site agent's own user on "
                    'the WAN bus and its message signing key.')
    actions = parser.add_subparsers(
        title='credentials commands', dest=DEST_PREFIX + 'action',
        metavar='{create,rotate,revoke,show,list}')
    actions.required = True
    create = _action(
        actions, 'create', credentials_create,
        'Create the broker user and signing key of a site.',
        'Create the broker user and signing key of a site and print what '
        'its agent needs, as JSON.')
    rotate = _action(
        actions, 'rotate', credentials_rotate,
        'Give a site a new password and signing key.',
        'Give a site a new broker password and signing key and print them, '
        'as JSON. Its queues and the messages in them stay.')
    _add(rotate, '--close-connections', action='store_true',
         help='Close the connections opened with the old password at '
              'once (default: they stay until the agent restarts).')
    _add(rotate, '--key-overlap', type=_overlap, metavar='SECONDS',
         default=None,
         help='Seconds the old signing key stays valid (default: '
              '[broker] key_overlap).')
    _action(actions, 'revoke', credentials_revoke,
            "Delete a site's broker user and signing keys.",
            "Delete a site's broker user, close its connections and revoke "
            'its signing keys. Its queues stay.')
    show = _action(actions, 'show', credentials_show,
                   "Print a site's broker permissions.",
                   "Print, as JSON, the permissions the broker holds for a "
                   "site's user (never its password).")
    _action(actions, 'list', credentials_list,
            'List the sites that have a broker user.',
            'Print the name of every site that has a broker user, one a '
            'line.', site=False)
    for parser in (create, rotate, show):
        _add(parser, '--output', metavar='FILE', default='-',
             help='Write the JSON here, mode 0600, replacing the file '
                  'atomically (default: standard output).')


def _action(actions, name, action_fn, help_text, description, site=True):
    parser = actions.add_parser(name, help=help_text,
                                description=description)
    parser.set_defaults(action_fn=action_fn)
    if site:
        parser.add_argument(DEST_PREFIX + 'site', metavar='SITE',
                            help='The site name, as in "site bootstrap".')
    return parser
