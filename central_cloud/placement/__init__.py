"""The cross-region placer (M8): where each new desktop goes.

* ``geo``: great-circle distances (haversine) and points on the sphere.
* ``capacity``: what one compute host can still take, from a site's
  monitoring report minus central's in-flight claims.
* ``index``: a nearest-first search over sites (a k-d tree whose nodes
  know the most any of their sites could lend).
* ``view``: the in-memory view of every site (state, hosts, flavors,
  templates, claims), loaded from the database and refreshed by what
  changed.
* ``decide``: the rules: the home site, then the nearest site with room
  above its reserve (ties: the one holding the template), then the
  shared pool, then a clear failure; scope ``local``, ``group`` or
  ``any``; and the dry run behind ``GET /v1/placement/explain``.
* ``placer``: the engine's side: place a pending create command and
  write its claim atomically in the database.
"""
