"""Check that what a request body names exists, before it is written.

Each check raises a 400 that names the field and the missing object, so
that a record never points at nothing: a bundle at an unknown template
type or site, a template at an unknown bundle. What is already checked
elsewhere (a desktop's home site, template and flavor; a rollout's
template, bundle and targets) keeps its own checks.
"""

from central_cloud.api import errors
from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception


def template_type(type_name, field='template_type', what='request body'):
    """The template of ``type_name``; 400 if there is none."""
    try:
        return db_api.get_template(type_name)
    except db_exception.NotFound:
        raise errors.BadRequest(
            'Invalid %s: %s names the unknown template type %s'
            % (what, field, type_name))


def target_sites(targets, field='targets'):
    """400 naming the first target site that is not registered."""
    names = (targets or {}).get('sites') or []
    if not names:
        return
    known = {site.name for site in db_api.list_sites(
        filters={'name': names}, limit=len(names))}
    for index, name in enumerate(names):
        if name not in known:
            raise errors.BadRequest(
                'Invalid request body: %s.sites[%d] names the unknown '
                'site %s' % (field, index, name))


def target_groups(targets, field='targets'):
    """400 naming the first target group that has no site."""
    for index, group in enumerate((targets or {}).get('groups') or []):
        if not db_api.list_sites(filters={'group': [group]}, limit=1):
            raise errors.BadRequest(
                'Invalid request body: %s.groups[%d] names the group %s, '
                'which has no site' % (field, index, group))


def targets(value, field='targets'):
    target_sites(value, field)
    target_groups(value, field)


def bundles(refs, field='bundles'):
    """400 naming the first bundle (name and version) that is unknown."""
    for index, ref in enumerate(refs or []):
        if not db_api.list_bundles(filters={'name': ref['name'],
                                            'version': ref['version']},
                                   limit=1):
            raise errors.BadRequest(
                'Invalid request body: %s[%d] names the unknown bundle %s '
                'version %s' % (field, index, ref['name'], ref['version']))
