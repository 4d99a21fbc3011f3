"""Errors of the engine's handlers."""


class Refused(Exception):
    """A message central can never store.

    E.g. progress of an unknown command. A ``deliver`` call refuses its
    item with this reason, so the site forgets it; a cast is dropped with
    a log line.
    """

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason
