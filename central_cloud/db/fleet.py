"""The whole fleet in a few numbers, counted by the database.

``fleet_summary(cell_degrees)`` answers the overview page with a handful
of aggregate queries, whatever the number of sites: nothing is loaded
row by row. It returns a dict:

- ``sites``: ``{state: count}`` over every site, ``state`` as the map
  draws it (``STATES``: ``inactive`` when in maintenance or unmanaged,
  then ``offline``, ``unknown`` before the first report, ``short`` with a
  raised shortage alarm, else ``online``);
- ``resources``: per resource class ``{'used', 'total'}``, and ``hosts``
  ``{'up', 'total'}`` and ``instances``, added up from the summary of
  each site's newest report in the history;
- ``desktops``: ``{state: count}``, ``borrowed`` (desktops away from
  their home site) and ``borrow_lines``: the ``BORROW_LINES`` largest
  ``{'origin', 'site', 'count', 'origin_point', 'site_point'}`` (home
  site, lender, desktops, and both sites' ``[latitude, longitude]``);
- ``alarms``: the number of raised alarms;
- ``clusters``: the sites with coordinates grouped into cells of
  ``cell_degrees`` of latitude and longitude: per cell its ``count``, its
  ``worst`` state (``WORST_FIRST``), the number of each state, the mean
  point, the number of shared pools, and ``site`` (the site's name) when
  the cell holds one site only. Cells come largest first, at most
  ``max_clusters``; ``cell_degrees`` says which cell size they have.
"""

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from central_cloud.db import models
from central_cloud.db import transaction

# The engine's shortage alarms (``central_cloud.engine.shortage``).
SHORTAGE_KIND = 'shortage'
STATES = ('online', 'short', 'offline', 'inactive', 'unknown')
# A cell's state is the worst of its sites' states, in this order.
WORST_FIRST = ('offline', 'short', 'unknown', 'inactive', 'online')
RESOURCES = ('VCPU', 'MEMORY_MB', 'DISK_GB')
BORROW_LINES = 50
MAX_CLUSTERS = 5000


def _sites():
    """Each site's name, point, pool flag and map state, as a subquery.

    The sites short of capacity are joined once (not looked up per site
    and per use of the state).
    """
    site, alarm = models.Site, models.Alarm
    short = sa.select(alarm.site_id).where(
        alarm.state == 'raised',
        alarm.kind == SHORTAGE_KIND).distinct().subquery()
    state = sa.case(
        (site.management_state != 'managed', 'inactive'),
        (site.availability == 'offline', 'offline'),
        (site.last_report_seq.is_(None), 'unknown'),
        (short.c.site_id.is_not(None), 'short'),
        else_='online').label('state')
    return sa.select(site.name, site.latitude, site.longitude,
                     site.shared_pool, state).outerjoin(
        short, short.c.site_id == site.id).subquery()


def _rank(state):
    """The state as a number: the worst has the highest."""
    return sa.case(*((state == name, len(WORST_FIRST) - number)
                     for number, name in enumerate(WORST_FIRST)),
                   else_=0)


def _state_counts(session, sites):
    rows = session.execute(sa.select(
        sites.c.state, sa.func.count()).group_by(sites.c.state)).all()
    return {name: count for name, count in rows}


def _floor(value):
    """``floor(value)`` for a value of at least 0, on every database.

    SQLite truncates a cast to an integer and PostgreSQL rounds it (and
    SQLite may lack ``floor()``): one less when the cast went up.
    """
    whole = sa.cast(value, sa.Integer)
    return whole - sa.case((whole > value, 1), else_=0)


def _clusters(session, sites, cell_degrees):
    row = _floor((sites.c.latitude + 90.0) / cell_degrees)
    column = _floor((sites.c.longitude + 180.0) / cell_degrees)
    state = sites.c.state
    counts = [sa.func.sum(sa.case((state == name, 1), else_=0))
              for name in STATES]
    count = sa.func.count()
    query = sa.select(
        count, sa.func.max(_rank(state)), sa.func.avg(sites.c.latitude),
        sa.func.avg(sites.c.longitude), sa.func.min(sites.c.name),
        sa.func.sum(sa.case((sites.c.shared_pool, 1), else_=0)), *counts,
    ).where(sites.c.latitude.is_not(None), sites.c.longitude.is_not(None),
            sites.c.latitude.between(-90.0, 90.0),
            sites.c.longitude.between(-180.0, 180.0)).group_by(
        row, column).order_by(count.desc(), sa.func.min(sites.c.name)).limit(
        MAX_CLUSTERS + 1)
    clusters = []
    for found in session.execute(query).all():
        size, rank, latitude, longitude, name, pools = found[:6]
        clusters.append({
            'count': size,
            'worst': WORST_FIRST[len(WORST_FIRST) - int(rank)],
            'states': {s: int(n) for s, n in zip(STATES, found[6:]) if n},
            'latitude': float(latitude), 'longitude': float(longitude),
            'shared_pools': int(pools or 0),
            'site': name if size == 1 else None})
    return clusters


def _resources(session):
    site, history = models.Site, models.ReportHistory
    older = sa.orm.aliased(models.ReportHistory)
    newest = sa.select(sa.func.max(older.seq)).where(
        older.site_id == site.id).correlate(site).scalar_subquery()
    summary = history.summary
    if session.bind.dialect.name == 'postgresql':
        # A json column is parsed again by each path below: parse each
        # summary once, into jsonb, in a materialised step.
        parsed = sa.select(sa.cast(summary, postgresql.JSONB).label(
            'summary')).select_from(site).join(history, sa.and_(
                history.site_id == site.id,
                history.seq == newest)).cte('newest').prefix_with(
            'MATERIALIZED', dialect='postgresql')
        summary = sa.type_coerce(parsed.c.summary, postgresql.JSONB)
    columns = [sa.func.sum(summary['hosts']['up'].as_integer()),
               sa.func.sum(summary['hosts']['total'].as_integer()),
               sa.func.sum(summary['instances'].as_integer())]
    for name in RESOURCES:
        columns.append(sa.func.sum(
            summary['resources'][name]['used'].as_float()))
        columns.append(sa.func.sum(
            summary['resources'][name]['total'].as_float()))
    query = sa.select(*columns)
    if session.bind.dialect.name != 'postgresql':
        query = query.select_from(site).join(history, sa.and_(
            history.site_id == site.id, history.seq == newest))
    found = session.execute(query).one()
    # Whole numbers stay whole (a JSON number is summed as a float).
    values = [int(value) if float(value or 0).is_integer() else value
              for value in (value or 0 for value in found)]
    return {
        'hosts': {'up': int(values[0]), 'total': int(values[1])},
        'instances': int(values[2]),
        'resources': {name: {'used': values[3 + 2 * n],
                             'total': values[4 + 2 * n]}
                      for n, name in enumerate(RESOURCES)}}


def _desktops(session):
    desktop, home, lender = (models.Desktop, sa.orm.aliased(models.Site),
                             sa.orm.aliased(models.Site))
    states = dict(session.execute(sa.select(
        desktop.state, sa.func.count()).group_by(desktop.state)).all())
    away = sa.and_(desktop.origin_site_id.is_not(None),
                   desktop.origin_site_id != desktop.site_id)
    count = sa.func.count()
    lines = session.execute(
        sa.select(home.name, lender.name, count, home.latitude,
                  home.longitude, lender.latitude, lender.longitude)
        .select_from(desktop)
        .join(home, home.id == desktop.origin_site_id)
        .join(lender, lender.id == desktop.site_id)
        .where(away).group_by(home.name, lender.name, home.latitude,
                              home.longitude, lender.latitude,
                              lender.longitude)
        .order_by(count.desc(), home.name, lender.name)
        .limit(BORROW_LINES)).all()
    borrowed = session.execute(sa.select(sa.func.count()).select_from(
        desktop).where(away)).scalar()
    return {'desktops': states, 'borrowed': borrowed,
            'borrow_lines': [
                {'origin': line[0], 'site': line[1], 'count': line[2],
                 'origin_point': [line[3], line[4]],
                 'site_point': [line[5], line[6]]} for line in lines]}


def fleet_summary(cell_degrees, max_clusters=MAX_CLUSTERS):
    """The fleet's counts and map cells; see the module docstring.

    ``cell_degrees`` may be a list of cell sizes, smallest first: the
    cells are those of the first size that makes at most
    ``max_clusters`` of them (or of the last size), and ``cell_degrees``
    in the answer says which.
    """
    sizes = cell_degrees if isinstance(cell_degrees, (list, tuple)) else [
        cell_degrees]
    if not sizes or not all(0 < size <= 360 for size in sizes):
        raise ValueError('cell_degrees must be above 0 and at most 360')
    if not 1 <= max_clusters <= MAX_CLUSTERS:
        raise ValueError('max_clusters must be 1 to %d' % MAX_CLUSTERS)
    sites = _sites()
    alarm = models.Alarm
    with transaction.reader() as session:
        summary = {'sites': _state_counts(session, sites)}
        summary.update(_resources(session))
        summary.update(_desktops(session))
        summary['alarms'] = session.execute(
            sa.select(sa.func.count()).select_from(alarm).where(
                alarm.state == 'raised')).scalar()
        for size in sizes:
            clusters = _clusters(session, sites, size)
            if len(clusters) <= max_clusters:
                break
        summary['clusters'] = clusters[:max_clusters]
        summary['cell_degrees'] = size
    return summary
