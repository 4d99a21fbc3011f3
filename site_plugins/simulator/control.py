"""The simulator's control interface: JSON over HTTP on a loopback port.

::

    GET  /status                     the fleet's counters, RSS and CPU
    GET  /sites?sites=SELECTOR       each selected site's state and outbox
    GET  /servers?sites=SELECTOR     servers in the selected computes, by
                                     status and by command id
    POST /actions  {"action": "cut"|"restore"|"kill"|"start",
                    "sites": SELECTOR}
                                     returns {"action", "changed": [names]}

``SELECTOR`` is ``schedule.parse_selector``'s (default ``all``). A bad
request gets 400 with ``{"error": "..."}`` saying what is wrong. It
listens on 127.0.0.1 by default and has no authentication: anyone on
the host can cut the virtual sites, nothing more. ``request()`` is the
client that ``desktop-site-simulator control`` uses.
"""

import http.server
import json
import threading
from urllib import error as url_error
from urllib import parse
from urllib import request as url_request

from oslo_log import log as logging

from site_plugins.simulator import schedule

LOG = logging.getLogger(__name__)

MAX_BODY = 64 * 1024


class ControlError(Exception):
    """The control interface could not be reached or refused a request."""


class _BadRequest(Exception):
    pass


class _Handler(http.server.BaseHTTPRequestHandler):
    server_version = 'desktop-site-simulator'

    def log_message(self, fmt, *args):
        LOG.debug('control: ' + fmt, *args)

    def _answer(self, status, body):
        data = json.dumps(body, sort_keys=True).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _selector(self, query):
        values = query.get('sites') or [schedule.ALL]
        return schedule.parse_selector(values[-1])

    def _route(self, method):
        url = parse.urlsplit(self.path)
        query = parse.parse_qs(url.query)
        fleet = self.server.fleet
        if method == 'GET' and url.path == '/status':
            return fleet.stats()
        if method == 'GET' and url.path == '/sites':
            return {'sites': [site.status() for site in
                              fleet.select(self._selector(query))]}
        if method == 'GET' and url.path == '/servers':
            return fleet.servers(self._selector(query))
        if method == 'POST' and url.path == '/actions':
            body = self._body()
            if set(body) != {'action', 'sites'}:
                raise _BadRequest('the body must be {"action": ..., '
                                  '"sites": ...}')
            action = schedule.parse_action(body['action'])
            changed = fleet.act(action,
                                schedule.parse_selector(body['sites']))
            return {'action': action, 'changed': changed}
        raise LookupError(url.path)

    def _body(self):
        try:
            length = int(self.headers.get('Content-Length') or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            raise _BadRequest('a JSON body of at most %d bytes is needed'
                              % MAX_BODY)
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError as exc:
            raise _BadRequest('the body is not JSON: %s' % exc) from None
        if not isinstance(body, dict):
            raise _BadRequest('the body must be a JSON object')
        return body

    def _serve(self, method):
        try:
            self._answer(200, self._route(method))
        except (schedule.ScheduleError, _BadRequest) as exc:
            self._answer(400, {'error': str(exc)})
        except LookupError:
            self._answer(404, {'error': 'no such resource: %s %s; see '
                               'GET /status, /sites, /servers, POST '
                               '/actions' % (method, self.path)})
        except Exception as exc:
            LOG.exception('Control request %s %s failed', method, self.path)
            self._answer(500, {'error': '%s: %s' % (type(exc).__name__,
                                                    exc)})

    def do_GET(self):
        self._serve('GET')

    def do_POST(self):
        self._serve('POST')


class ControlServer(object):
    """Serves ``fleet`` on ``host:port`` (0: a free port) in a thread."""

    def __init__(self, fleet, host='127.0.0.1', port=0):
        self.httpd = http.server.ThreadingHTTPServer((host, port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.fleet = fleet
        self._thread = None

    @property
    def url(self):
        host, port = self.httpd.server_address[:2]
        return 'http://%s:%d' % (host, port)

    def start(self):
        self._thread = threading.Thread(target=self.httpd.serve_forever,
                                        name='control', daemon=True)
        self._thread.start()
        LOG.info('Control interface on %s', self.url)

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def request(url, method, path, body=None, timeout=30):
    """Ask the control interface at ``url``; its JSON answer.

    Raises ``ControlError`` with the server's error text, or saying why
    it could not be reached.
    """
    data = None if body is None else json.dumps(body).encode()
    req = url_request.Request(url.rstrip('/') + path, data=data,
                              method=method,
                              headers={'Content-Type': 'application/json'})
    try:
        with url_request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read())
    except url_error.HTTPError as exc:
        try:
            reason = json.loads(exc.read()).get('error')
        except ValueError:
            reason = None
        raise ControlError(reason or 'HTTP %s' % exc.code) from None
    except (url_error.URLError, OSError) as exc:
        reason = getattr(exc, 'reason', exc)
        raise ControlError('cannot reach the simulator at %s: %s'
                           % (url, reason)) from None
