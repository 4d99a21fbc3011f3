"""/v1/openapi.json: the OpenAPI document of this API (``api.openapi``).

Built once from the router that serves it, on the first request.
"""

from central_cloud.api.controllers import base
from central_cloud.api import openapi


class DocumentController(object):

    def __init__(self, router):
        self._router = router
        self._document = None

    def show(self, req):
        base.authorize(req, 'openapi:get')
        if self._document is None:
            self._document = openapi.document(self._router)
        return self._document
