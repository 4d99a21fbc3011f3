"""Authentication middleware and the request context.

With ``[api] auth_strategy = keystone`` keystonemiddleware's auth_token
(configured in ``[keystone_authtoken]``) validates the token and sets the
X-User-Id, X-Project-Id and X-Roles headers; it rejects missing or bad
tokens with 401. With ``noauth`` those headers are trusted as the client
sent them, as nova's noauth2 does: for tests only. Either way
``ContextMiddleware`` then builds an oslo.context ``RequestContext`` from
the headers and the request id.
"""

from keystonemiddleware import auth_token
from oslo_context import context
from oslo_log import log as logging

from central_cloud.api import errors
from central_cloud.conf import render

LOG = logging.getLogger(__name__)

# Where the request context lives in the WSGI environ.
CONTEXT_KEY = 'central_cloud.context'


class NoAuthMiddleware(object):
    """Accept every request; the identity headers are taken as given."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        environ.setdefault('HTTP_X_USER_ID', 'noauth')
        environ['HTTP_X_IDENTITY_STATUS'] = 'Confirmed'
        return self.app(environ, start_response)


class ContextMiddleware(object):
    """Attach a RequestContext built from the identity headers."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        # auth_token marks every request it let through as Confirmed;
        # anything else reaching here is refused, whatever the options.
        if environ.get('HTTP_X_IDENTITY_STATUS') != 'Confirmed':
            error = errors.Unauthorized('the request needs a valid token')
            return errors.response(error)(environ, start_response)
        environ[CONTEXT_KEY] = context.RequestContext.from_environ(environ)
        return self.app(environ, start_response)


def wrap(app, conf):
    """``app`` behind authentication as ``[api] auth_strategy`` says.

    A revoked token is refused once it leaves auth_token's cache: the
    cache keeps tokens ``render.TOKEN_CACHE_TIME`` seconds unless the
    config file says otherwise.
    """
    app = ContextMiddleware(app)
    if conf.api.auth_strategy == 'noauth':
        LOG.warning('[api] auth_strategy is noauth: requests are NOT '
                    'authenticated. Never use this outside tests.')
        return NoAuthMiddleware(app)
    conf.set_default('token_cache_time', render.TOKEN_CACHE_TIME,
                     group='keystone_authtoken')
    return auth_token.AuthProtocol(app, {'oslo_config_config': conf})


def context_of(req):
    """The RequestContext of a webob request."""
    return req.environ[CONTEXT_KEY]
