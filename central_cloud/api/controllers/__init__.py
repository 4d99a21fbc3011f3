"""One controller per resource, and ``base`` with what they share.

Each controller class has the methods the router calls (``index``,
``create``, ``show``, ``update``, ``delete``, ``action``...), a ``view``
that turns a DB row into the JSON the API shows, and checks its policy
rules before it touches anything.
"""
