"""Desktops, known by their central id and their server at a site."""

import uuid

from oslo_db import exception as db_exc
from oslo_utils import timeutils
import sqlalchemy as sa

from central_cloud.db import commands
from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils

_DESKTOP_FIELDS = ('id', 'site', 'server_uuid', 'project_id', 'owner',
                   'name', 'template_type', 'flavor', 'state', 'origin_site',
                   'scope')


def _desktop_values(session, values, creating):
    utils.check_keys('desktop', values, _DESKTOP_FIELDS)
    checked = dict(values)
    if creating:
        for field in ('site', 'project_id', 'name', 'template_type',
                      'flavor'):
            if field not in values:
                raise exception.Invalid('desktop %s is required' % field)
        checked.setdefault('id', str(uuid.uuid4()))
    elif 'id' in values:
        raise exception.Invalid("a desktop's id cannot change")
    for field, length, required in (
            ('id', 36, True), ('server_uuid', 36, False),
            ('project_id', 255, True), ('owner', 255, False),
            ('name', 255, True), ('template_type', 255, True),
            ('flavor', 255, True), ('state', 32, True)):
        if field in checked:
            checked[field] = utils.check_text(field, checked[field], length,
                                              required)
    if checked.get('scope') is not None:
        utils.check_choice('scope', checked['scope'],
                           models.PLACEMENT_SCOPES)
    # Sites are given by name; load them so the result carries them.
    if 'site' in values:
        checked['site'] = session.get(models.Site,
                                      utils.site_id(session, values['site']))
    if values.get('origin_site') is not None:
        checked['origin_site'] = session.get(
            models.Site, utils.site_id(session, values['origin_site']))
    return checked


def _desktop(session, desktop_id):
    desktop = session.get(models.Desktop, desktop_id)
    if desktop is None:
        raise exception.NotFound('desktop', desktop_id)
    return desktop


def create_desktop(values):
    """Create a desktop row; ``site`` and ``origin_site`` are site names."""
    try:
        with transaction.writer() as session:
            desktop = models.Desktop(
                **_desktop_values(session, values, creating=True))
            session.add(desktop)
            session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.Duplicate('desktop', values.get('id'))
    return desktop


def get_desktop(desktop_id):
    with transaction.reader() as session:
        return _desktop(session, desktop_id)


def list_desktops(filters=None, limit=None, marker=None, sort_dir='asc'):
    """Desktops oldest first; ``marker`` is the last desktop id.

    Filters: id, site, origin_site (names), project_id, owner, state,
    template_type, server_uuid.
    """
    desktop = models.Desktop
    with transaction.reader() as session:
        query = utils.filter_query(session.query(desktop), filters, {
            'id': desktop.id,
            'site': utils.site_filter(desktop.site_id),
            'origin_site': utils.site_filter(desktop.origin_site_id),
            'project_id': desktop.project_id, 'owner': desktop.owner,
            'state': desktop.state, 'template_type': desktop.template_type,
            'server_uuid': desktop.server_uuid})
        marker_row = utils.marker_row(session, desktop, 'desktop', marker,
                                      desktop.id == marker)
        return utils.paginate(query, desktop, ['created_at', 'id'], limit,
                              marker_row, sort_dir)


def update_desktop(desktop_id, values):
    with transaction.writer() as session:
        desktop = _desktop(session, desktop_id)
        desktop.update(_desktop_values(session, values, creating=False))
    return desktop


def delete_desktop(desktop_id):
    with transaction.writer() as session:
        session.delete(_desktop(session, desktop_id))


def _compare_and_set(desktop_id, condition, values):
    desktop = models.Desktop
    with transaction.writer() as session:
        changed = session.execute(
            sa.update(desktop)
            .where(desktop.id == desktop_id, condition)
            .values(updated_at=timeutils.utcnow(), **values)
            .execution_options(synchronize_session='fetch')).rowcount
        if not changed and session.get(desktop, desktop_id) is None:
            raise exception.NotFound('desktop', desktop_id)
    return bool(changed)


def mark_unbuilt_deleting(desktop_id):
    """Compare-and-set: a desktop with no server yet becomes ``deleting``.

    False if it has a server by now (its create just succeeded) or is
    already being deleted; the caller then decides again.
    """
    desktop, deleting = models.Desktop, models.DESKTOP_DELETING
    return _compare_and_set(
        desktop_id, sa.and_(desktop.server_uuid.is_(None),
                            desktop.state != deleting), {'state': deleting})


def record_server(desktop_id, server_uuid, state):
    """Note the server a create made, and the desktop's new ``state``.

    A desktop marked ``deleting`` meanwhile keeps that state and gets
    only the server; returns True in that case, so the caller queues the
    delete in the same transaction.
    """
    utils.check_text('server_uuid', server_uuid, 36)
    desktop, deleting = models.Desktop, models.DESKTOP_DELETING
    with transaction.writer():
        if _compare_and_set(desktop_id, desktop.state != deleting,
                            {'server_uuid': server_uuid, 'state': state}):
            return False
        _compare_and_set(desktop_id, desktop.state == deleting,
                         {'server_uuid': server_uuid})
        return True


def queue_server_command(desktop_id, action, values=None):
    """Persist a pending command on the desktop's server, atomically.

    ``values`` (e.g. ``{'state': 'deleting'}``) change the desktop in the
    same transaction, so the row and its command never disagree.
    """
    with transaction.writer():
        desktop = update_desktop(desktop_id, values or {})
        if not desktop.server_uuid:
            raise exception.Invalid('desktop %s has no server yet'
                                    % desktop_id)
        return commands.create_command(
            desktop.site.name, action, desktop_id=desktop.id,
            payload={'server_id': desktop.server_uuid,
                     'desktop_id': desktop.id})
