"""Create, rotate and revoke a site agent's credentials on the WAN bus.

``Credentials(broker, site_url, user_prefix)`` works on one broker
(``rabbitmqctl.Rabbitmqctl``) and the WAN bus as sites reach it
(``site_url``: an oslo.messaging transport URL; its credentials, if any,
are dropped).

- ``create(site)``: a new user with a random password, the permissions of
  ``permissions.site_permissions(site)`` on the URL's virtual host.
  ``Exists`` if the site already has a user. A failure half-way deletes
  the user again, so nothing is left half-made.
- ``rotate(site, close=False)``: a new password; the permissions are set
  again (a newer release may narrow them). Open connections stay, so the
  agent loses nothing until it restarts with its new file; with
  ``close`` they are closed at once (a leaked password). Queues are never
  touched, so commands wait in them.
- ``revoke(site)``: the user is deleted and its open connections closed:
  the site can no longer connect, consume or publish. Its queues stay, so
  nothing is lost if it is admitted again.

``create`` and ``rotate`` return a ``dict`` with ``user``, ``password``
and ``transport_url`` (the site's URL with its user and password).
Passwords are never logged.
"""

import secrets
import urllib.parse

from central_cloud.broker import permissions
from central_cloud.broker import rabbitmqctl

PASSWORD_BYTES = 32


class Exists(rabbitmqctl.BrokerError):
    """The site already has a user; rotate it instead."""


def _vhost(url):
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path[1:])
    return path or '/'


def with_credentials(url, user, password):
    """``url`` with ``user:password@`` on each of its hosts."""
    parts = urllib.parse.urlsplit(url)
    quoted = '%s:%s@' % (urllib.parse.quote(user, safe=''),
                         urllib.parse.quote(password, safe=''))
    hosts = [quoted + host.rpartition('@')[2]
             for host in parts.netloc.split(',')]
    return urllib.parse.urlunsplit(parts._replace(netloc=','.join(hosts)))


def without_credentials(url):
    parts = urllib.parse.urlsplit(url)
    hosts = [host.rpartition('@')[2] for host in parts.netloc.split(',')]
    return urllib.parse.urlunsplit(parts._replace(netloc=','.join(hosts)))


class Credentials(object):

    def __init__(self, broker, site_url, user_prefix):
        self.broker = broker
        self.site_url = without_credentials(site_url)
        self.vhost = _vhost(self.site_url)
        self.user_prefix = user_prefix

    def user(self, site):
        return permissions.user_name(self.user_prefix, site)

    def _grant(self, site):
        self.broker.set_permissions(self.vhost, self.user(site),
                                    permissions.site_permissions(site))

    def _issued(self, site, password):
        return {'site': site, 'user': self.user(site),
                'password': password,
                'transport_url': with_credentials(
                    self.site_url, self.user(site), password)}

    def exists(self, site):
        try:
            self.broker.user_permissions(self.user(site))
        except rabbitmqctl.NoSuchUser:
            return False
        return True

    def create(self, site):
        user = self.user(site)
        if self.exists(site):
            raise Exists('site %s already has the broker user %s; use '
                         '"rotate" for a new password' % (site, user))
        password = secrets.token_urlsafe(PASSWORD_BYTES)
        self.broker.add_user(user, password)
        try:
            self._grant(site)
        except Exception:
            self.broker.delete_user(user)
            raise
        return self._issued(site, password)

    def rotate(self, site, close=False):
        user = self.user(site)
        password = secrets.token_urlsafe(PASSWORD_BYTES)
        self.broker.change_password(user, password)
        self._grant(site)
        if close:
            self.broker.close_connections(user, 'credentials rotated')
        return self._issued(site, password)

    def revoke(self, site):
        user = self.user(site)
        self.broker.delete_user(user)
        # Deleting a user does not end the connections it has open.
        self.broker.close_connections(user, 'credentials revoked')

    def show(self, site):
        """The user's permissions as the broker holds them."""
        user = self.user(site)
        return {'site': site, 'user': user,
                'vhost': self.vhost,
                'permissions': self.broker.user_permissions(user),
                'topic_permissions': self.broker.topic_permissions(user)}

    def sites(self):
        """Names of the sites that have a user, sorted."""
        return sorted(user[len(self.user_prefix):]
                      for user in self.broker.users()
                      if user.startswith(self.user_prefix))
