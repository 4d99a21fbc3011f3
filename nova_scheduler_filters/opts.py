"""oslo.config options of the scheduler plugins (none yet)."""


def list_opts():
    return []
