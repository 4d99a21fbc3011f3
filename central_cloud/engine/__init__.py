"""desktop-central-engine: what central does with the sites (M2-M7).

* ``manager``: the handler behind the protocol's ``CentralEndpoint``:
  reports, progress, alarms, ``request`` (resync) and ``deliver``
  (acknowledged outbox batches); ``ingest``, ``progress``, ``alarms``,
  ``delivery`` and ``resync`` do the work for it;
* ``dispatcher``, ``redrive``, ``auditor`` and ``notices``: the periodic
  jobs (pending commands out, stalled commands again, silent sites
  offline, notices to their sites), run by ``periodic`` threads;
* ``partition``: splits the jobs between engines with tooz (a hash ring
  over site names), so several engines can run side by side;
* ``messages``: the protocol messages built from database rows;
  ``desktops``: what a command's outcome does to its desktop;
* ``service``: wires all of it to the RPC server.
"""
