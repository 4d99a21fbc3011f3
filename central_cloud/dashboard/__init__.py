"""Horizon panels for central: monitoring, a site map, desktops and more.

A pluggable Horizon plugin (the ``enabled/`` files add a panel group to
the admin dashboard). Every page reads and changes central through its
REST API with ``central_cloud.osc.client``, on the signed-in user's
token (``api.py``). The site map and the usage charts are SVG drawn
here from shipped data (``geomap.py``, ``charts.py``): nothing is
fetched from the internet.
"""
