"""The versioned protocol between central and the site agents (M3).

Central and every site agent import this package, so both ends agree on:

* ``topics``, ``versions``, ``fields``: where messages go, the RPC API
  version history, and the enums and size limits of the payloads;
* ``schemas`` and ``validation``: a JSON schema for every payload, and
  ``validate()``, which names the offending field when a payload is wrong;
* ``site_api`` and ``central_api``: the RPC clients (central -> site and
  site -> central), with version caps for rolling upgrades;
* ``endpoints``: server-side endpoints that validate before any handler;
* ``rpc`` and ``notifier``: transport, server, client and notifier
  factories; ``exception``: the errors all of the above raise.
"""
