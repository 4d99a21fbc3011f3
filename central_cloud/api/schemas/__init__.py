"""JSON schemas (Draft 2020-12) of the API's request bodies and query
strings, one module per resource; ``types`` holds the shared field types.

Names, site names, template types, UUIDs and the desktop limits come from
``central_cloud.protocol``, so what the API accepts is what the protocol
can carry to a site.
"""
