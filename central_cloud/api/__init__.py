"""desktop-central-api: the REST API of the central service (v1, JSON).

- ``app``: builds the WSGI pipeline (request ids, version document,
  authentication, request context, router); ``wsgi``: the ``application``
  that uwsgi loads.
- ``router``: maps (method, path) to a controller method.
- ``auth``: the noauth and request-context middleware; ``policy``: the
  oslo.policy enforcer (rules in ``central_cloud.policies``).
- ``controllers``: one module per resource; ``schemas``: their JSON
  request schemas; ``validation``: body and query parsing against them.
- ``errors``: the HTTP errors, their JSON bodies and the fault wrapper;
  ``versions``: the version document.

The API never casts RPC: it writes desktops and ``pending`` commands to
the database, and the engine's dispatcher sends them to the sites.
"""
