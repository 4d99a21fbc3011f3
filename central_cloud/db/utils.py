"""Helpers shared by the DB api modules: checks, filters and pages.

The ``check_*`` functions raise ``exception.Invalid`` with a message that
names the field; ``filter_query`` and ``paginate`` build list queries.
"""

import datetime
import types

from oslo_db.sqlalchemy import utils as sqlalchemyutils
import sqlalchemy as sa

from central_cloud.db import exception
from central_cloud.db import models


def seconds(value):
    """A timedelta from seconds (or a timedelta)."""
    if isinstance(value, datetime.timedelta):
        return value
    return datetime.timedelta(seconds=value)


def check_choice(field, value, choices):
    if value not in choices:
        raise exception.Invalid('%s must be one of %s, not %r'
                                % (field, ', '.join(choices), value))
    return value


def check_text(field, value, length=255, required=True):
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise exception.Invalid('%s must be a non-empty string' % field)
    if len(value) > length:
        raise exception.Invalid('%s is longer than %d characters'
                                % (field, length))
    return value


def check_number(field, value, low, high):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise exception.Invalid('%s must be a number' % field)
    if not low <= value <= high:
        raise exception.Invalid('%s must be between %s and %s, not %s'
                                % (field, low, high, value))
    return float(value)


def check_keys(kind, values, allowed):
    unknown = set(values) - set(allowed)
    if unknown:
        raise exception.Invalid('unknown %s field(s): %s'
                                % (kind, ', '.join(sorted(unknown))))


def site_id(session, name):
    """The id of the named site; NotFound if there is none."""
    found = session.execute(sa.select(models.Site.id).where(
        models.Site.name == name)).scalar()
    if found is None:
        raise exception.NotFound('site', name)
    return found


def site_ids(names):
    """A subquery for the ids of the named sites (one name or a list)."""
    if isinstance(names, str):
        names = [names]
    return sa.select(models.Site.id).where(models.Site.name.in_(names))


def filter_query(query, filters, columns):
    """Apply equality filters; a list value means ``IN``.

    ``columns`` maps each allowed filter name to a column, or to a function
    that turns the value into a where clause.
    """
    filters = filters or {}
    check_keys('filter', filters, columns)
    for name, value in filters.items():
        column = columns[name]
        if isinstance(column, types.FunctionType):
            query = query.filter(column(value))
        elif isinstance(value, (list, tuple, set)):
            query = query.filter(column.in_(list(value)))
        else:
            query = query.filter(column == value)
    return query


def site_filter(column):
    return lambda names: column.in_(site_ids(names))


def paginate(query, model, sort_keys, limit, marker, sort_dir):
    """Sort by ``sort_keys`` (unique together) and return one page."""
    if limit is not None and (isinstance(limit, bool)
                              or not isinstance(limit, int) or limit < 1):
        raise exception.Invalid('limit must be a positive integer')
    check_choice('sort_dir', sort_dir, ('asc', 'desc'))
    return sqlalchemyutils.paginate_query(
        query, model, limit, sort_keys, marker=marker,
        sort_dir=sort_dir).all()


def marker_row(session, model, kind, key, *criteria):
    """The row a list continues after; an unknown marker is Invalid."""
    if key is None:
        return None
    row = session.query(model).filter(*criteria).first()
    if row is None:
        raise exception.Invalid('marker %s %s not found' % (kind, key))
    return row


def check_targets(value):
    """Targets: {"sites": [names], "groups": [names]}; {} means all."""
    value = value or {}
    if not isinstance(value, dict):
        raise exception.Invalid('targets must be a dict')
    check_keys('targets', value, ('sites', 'groups'))
    for key, names in value.items():
        if not isinstance(names, list) or not all(
                isinstance(n, str) and n for n in names):
            raise exception.Invalid('targets %s must be a list of names'
                                    % key)
    return value
