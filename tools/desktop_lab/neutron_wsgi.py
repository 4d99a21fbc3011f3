"""neutron's WSGI app with its ORM mappers configured before it serves.

Without this, the first ``GET /v2.0/ports`` after a start answers 500
("Port has no attribute port_forwardings") until another query has run.
"""

import sqlalchemy.orm

from neutron.wsgi.api import application  # noqa: F401

sqlalchemy.orm.configure_mappers()
