"""The version document, served without authentication.

``GET /`` lists the API versions; ``GET /v1`` describes v1. Everything
else goes to the authenticated v1 application.
"""

import webob

from central_cloud.api import errors
from central_cloud.api import router

# When v1 last changed in a way clients can see.
V1_UPDATED = '2026-05-20T00:00:00Z'
MEDIA_TYPE = 'application/vnd.openstack.desktop-federation.v1+json'


def v1_document(base_url):
    return {
        'id': 'v1',
        'status': 'CURRENT',
        'updated': V1_UPDATED,
        'links': [{'rel': 'self', 'href': base_url.rstrip('/') + '/v1/'}],
        'media-types': [{'base': 'application/json', 'type': MEDIA_TYPE}],
    }


class VersionsApp(object):
    """Answers ``/`` and ``/v1`` itself, passes the rest to ``v1_app``."""

    def __init__(self, v1_app):
        self.v1_app = v1_app

    def __call__(self, environ, start_response):
        req = webob.Request(environ)
        try:
            path = req.path_info.rstrip('/')
        except UnicodeDecodeError:
            path = None
        if path not in ('', '/v1'):
            return self.v1_app(environ, start_response)
        if req.method not in ('GET', 'HEAD'):
            resp = errors.response(errors.MethodNotAllowed(
                'only GET is allowed on %s' % (path or '/'),
                headers={'Allow': 'GET, HEAD'}))
        elif path == '':
            resp = router.json_response(
                200, {'versions': [v1_document(req.application_url)]})
        else:
            resp = router.json_response(
                200, {'version': v1_document(req.application_url)})
        return resp(environ, start_response)
