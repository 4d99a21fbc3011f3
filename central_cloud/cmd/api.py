"""desktop-central-api: a development server for the REST API.

Serves ``central_cloud.api`` with the standard library's WSGI server,
one thread per request, on ``[api] bind_host``:``[api] bind_port``.
Production runs ``central_cloud.api.wsgi:application`` under uwsgi (or
any WSGI server) instead.
"""

import socketserver
import sys
from wsgiref import simple_server

from oslo_log import log as logging

from central_cloud.api import app as api_app
import central_cloud.conf

CONF = central_cloud.conf.CONF
LOG = logging.getLogger(__name__)

PROG = 'desktop-central-api'


class ThreadingWSGIServer(socketserver.ThreadingMixIn,
                          simple_server.WSGIServer):
    daemon_threads = True


class LoggingRequestHandler(simple_server.WSGIRequestHandler):
    """Log each request through oslo.log rather than to stderr."""

    def log_message(self, format, *args):
        LOG.info('%s %s', self.address_string(), format % args)


def make_server(conf=None):
    """A server bound to the configured address, not yet serving."""
    conf = conf or CONF
    return simple_server.make_server(
        conf.api.bind_host, conf.api.bind_port, api_app.setup_app(conf),
        server_class=ThreadingWSGIServer,
        handler_class=LoggingRequestHandler)


def main(argv=None, default_config_files=None):
    """Parse the command line and serve until interrupted."""
    argv = sys.argv[1:] if argv is None else argv
    central_cloud.conf.parse_args(argv, prog=PROG,
                                  description=__doc__.split('\n')[0],
                                  default_config_files=default_config_files)
    logging.setup(CONF, PROG)
    CONF.log_opt_values(LOG, logging.DEBUG)
    server = make_server()
    host, port = server.server_address[:2]
    LOG.info('%s serving on http://%s:%s', PROG, host, port)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        LOG.info('%s stopped', PROG)
    finally:
        server.server_close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
