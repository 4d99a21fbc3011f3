"""The one error type the lab reports as a single line."""


class LabError(Exception):
    """Something the operator must fix; printed as one line, exit 1."""
