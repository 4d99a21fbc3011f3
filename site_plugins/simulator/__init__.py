"""desktop-site-simulator: thousands of virtual sites in one process.

Each virtual site is a site agent without a cloud: the agent's own
endpoint, manager, command runner, executor, alarm book, courier and
resync, on an in-memory compute and outbox, speaking the real protocol
over central's real WAN bus, registered through central's REST API. It is
how fleet behaviour is tested and benchmarked, and how operators size
central for a number of sites.

* ``cmd``: the ``desktop-site-simulator`` command (run, control,
  unregister); ``conf``: its options;
* ``fleet``: the sites of one process and the threads they share;
  ``site``: one virtual site and its states (up, cut, down);
* ``compute``: the in-memory cloud (hosts, flavors, servers with latency
  and failures); ``outbox``: the outbox and records in memory;
* ``reports``: the seam that builds a site's next report;
* ``bus``: one RPC server consuming every site's queue;
* ``scheduler``: the one timer thread; ``schedule``: site selectors and
  the schedule file; ``control``: the HTTP control interface;
* ``geography``: coordinates near real cities, on land;
* ``registration``: POST and DELETE /v1/sites.
"""
