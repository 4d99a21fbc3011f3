"""What a site agent's RabbitMQ user may do on the WAN virtual host.

A pure function of the site name: ``site_permissions(site)`` returns the
configure, write and read regexes and the topic permissions on the
``desktop`` exchange; nothing here talks to a broker.

What oslo.messaging's rabbit driver declares for a site agent (an RPC
server on topic ``desktop-site`` with ``server=<site>``, and an RPC
client of central's topic), with the agent's ``[oslo_messaging_rabbit]
use_queue_manager = true`` and ``hostname = <site>``:

=====================================  ===================================
name                                   what it is
=====================================  ===================================
``desktop``                            topic exchange of every message
``desktop-site``                       topic queue shared by every agent;
                                       central never sends to it (every
                                       command names its site)
``desktop-site.<site>``                the site's command queue
``desktop-site_fanout``                fanout exchange (unused)
``desktop-site_fanout_<site>:<p>:<n>`` the agent's fanout queue
``reply_<site>:<p>:<n>``               the agent's reply queue, for its
                                       calls to central (``deliver``,
                                       ``request``)
=====================================  ===================================

``<p>`` is the process name and ``<n>`` a counter. A site name has only
letters, digits, ``.``, ``_`` and ``-``, never ``:``, so ``reply_A:``
cannot match a queue of site ``AB`` or of ``A.B``.

The permissions that follow (RabbitMQ checks *configure* to declare or
delete, *write* to publish or to be the destination of a binding, *read*
to consume or to be the source of a binding):

- configure and read: the names above.
- write: ``desktop`` (to publish to central), and the queues the agent
  binds (``desktop-site``, its command queue, its fanout queue). Not the
  default exchange (``amq.default``): with it a site could publish to any
  queue by name.
- topic permissions on ``desktop``: publish only with the routing key
  ``desktop-central``; bind only the keys ``desktop-site`` and
  ``desktop-site.<site>``.

So a site cannot consume, declare or delete another site's queues, cannot
bind its own queue to another site's routing key, and cannot publish to
``desktop`` with any key but central's.

What a stolen site box still can do, because oslo.messaging declares
shared names and binds queues:

- delete and re-declare the shared ``desktop`` exchange (declaring needs
  configure), which drops every binding until each agent and engine
  reconnects and binds again: a denial of service on the whole bus;
- consume from, delete or bind the shared ``desktop-site`` queue (empty
  unless central sends a command without a site);
- declare its own exchange under one of its names and bind it, as a
  source, to ``desktop``: topic permissions are checked on the source
  exchange of a binding and on a topic exchange at publish, so a message
  published there with another site's routing key reaches that site's
  queue. Message signing is the defence: a command is signed with the
  key of the site it is for, which no other site holds.
- not answer a call from central (``ping``): the answer goes through the
  default exchange, on which sites have no write permission.

Central's user has full permissions on the virtual host.
"""

import collections
import re

from central_cloud.protocol import topics

# As the protocol's schema for a site name (protocol/schemas/common.py).
SITE_NAME = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\Z')
# The queue manager's separator between host, process and counter.
QM_SEP = ':'
REPLY_PREFIX = 'reply_'
FANOUT_SUFFIX = '_fanout'
DEFAULT_EXCHANGE = 'amq.default'

Permissions = collections.namedtuple(
    'Permissions',
    'configure write read topic_exchange topic_write topic_read')

CENTRAL = Permissions('.*', '.*', '.*', None, None, None)


class InvalidSiteName(ValueError):
    """A name that cannot be a site's (and so a queue or user name)."""


def check_site_name(site):
    if not isinstance(site, str) or not SITE_NAME.match(site):
        raise InvalidSiteName(
            'site name %r is not valid: up to 63 letters, digits, ".", '
            '"_" or "-", starting with a letter or digit' % (site,))
    return site


def _quote(name):
    # Site names and topics hold only [A-Za-z0-9._-]: '.' is the one
    # regex metacharacter among them.
    return name.replace('.', r'\.')


def _any_of(names):
    return '^(%s)$' % '|'.join(names)


def command_queue(site):
    """The queue that holds the commands central sends to ``site``."""
    return '%s.%s' % (topics.SITE_TOPIC, check_site_name(site))


def site_names(site):
    """{role: regex} of every name a site agent declares."""
    site = _quote(check_site_name(site))
    topic = _quote(topics.SITE_TOPIC)
    return collections.OrderedDict([
        ('exchange', _quote(topics.EXCHANGE)),
        ('shared_queue', topic),
        ('command_queue', '%s\\.%s' % (topic, site)),
        ('fanout_exchange', topic + FANOUT_SUFFIX),
        ('fanout_queue', '%s%s_%s%s.+' % (topic, FANOUT_SUFFIX, site,
                                          QM_SEP)),
        ('reply_queue', '%s%s%s.+' % (REPLY_PREFIX, site, QM_SEP)),
    ])


def site_permissions(site):
    """The ``Permissions`` of ``site``'s agent; InvalidSiteName if bad."""
    names = site_names(site)
    written = [names[role] for role in ('exchange', 'shared_queue',
                                        'command_queue', 'fanout_queue')]
    return Permissions(
        configure=_any_of(names.values()),
        write=_any_of(written),
        read=_any_of(names.values()),
        topic_exchange=topics.EXCHANGE,
        topic_write=_any_of([_quote(topics.CENTRAL_TOPIC)]),
        topic_read=_any_of([names['shared_queue'], names['command_queue']]))


def user_name(prefix, site):
    return prefix + check_site_name(site)
