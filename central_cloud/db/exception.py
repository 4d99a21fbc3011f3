"""Errors raised by the DB api; the REST API maps them to HTTP codes.

``NotFound`` is a 404, ``Duplicate`` and ``Conflict`` are 409s and
``Invalid`` is a 400. Each message names the object concerned.
"""


class DBAPIError(Exception):
    """Base class of the DB api's errors."""


class NotFound(DBAPIError):
    def __init__(self, kind, key):
        super().__init__('%s %s not found' % (kind, key))
        self.kind = kind
        self.key = key


class Duplicate(DBAPIError):
    def __init__(self, kind, key):
        super().__init__('%s %s already exists' % (kind, key))
        self.kind = kind
        self.key = key


class Conflict(DBAPIError):
    """The change is refused because of the object's current state."""


class Invalid(DBAPIError):
    """A value does not fit its column or is not allowed."""
