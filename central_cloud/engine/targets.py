"""Which sites a notice or bundle targets: ``{"sites", "groups"}``."""


def covers(targets, site):
    """Whether ``targets`` names ``site`` (a site row); {} means all."""
    targets = targets or {}
    names, groups = targets.get('sites') or [], targets.get('groups') or []
    if not names and not groups:
        return True
    return site.name in names or (site.group is not None
                                  and site.group in groups)
