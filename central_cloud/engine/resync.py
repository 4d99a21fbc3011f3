"""Answers to a site's ``request``: what it missed, a page at a time (M6).

Kinds:

* ``commands``: the site's commands that are not final and were sent
  (``sent`` or ``running``); the site runs them again and dedupes them by
  id. Pending ones reach it through the dispatcher.
* ``notice``: the notices that target the site; ``template`` and
  ``bundle``: the template types and the bundles that target it.
* ``app_data``, ``system_info``, ``user_info``: central keeps none yet,
  so the answer is empty.

``since`` is exclusive; ``until`` is the change time of the last item
sent, or ``since`` (or the epoch) when there is none. A page never ends
in the middle of a run of items with the same change time, so the next
``since`` skips nothing. A page holds at most ``MAX_ITEMS`` items and
about ``MAX_CHARS`` characters.
"""

import json

from oslo_log import log as logging

from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.engine import listing
from central_cloud.engine import messages
from central_cloud.engine import targets
from central_cloud.engine import times
from central_cloud.protocol import exception as protocol_exception
from central_cloud.protocol import fields

LOG = logging.getLogger(__name__)

MAX_ITEMS = fields.MAX_REPLY_ITEMS
MAX_CHARS = 1000000
SENT = ('sent', 'running')


def _commands(site):
    rows = listing.every(db_api.list_commands, lambda row: row.id,
                         filters={'site': site.name, 'state': list(SENT)})
    return [(row.created_at, row.id, 'command', messages.command, row)
            for row in rows]


def _notices(site):
    rows = listing.every(db_api.list_notices, lambda row: row.id,
                         sort_dir='asc')
    return [(row.created_at, str(row.id), 'business_data', messages.notice,
             row) for row in rows if targets.covers(row.targets, site)]


def _templates(site):
    rows = listing.every(db_api.list_templates, lambda row: row.type_name)
    return [(messages.changed_at(row), row.type_name, 'business_data',
             messages.template, row) for row in rows]


def _bundles(site):
    rows = listing.every(db_api.list_bundles, lambda row: row.id)
    return [(messages.changed_at(row), str(row.id), 'business_data',
             messages.bundle, row)
            for row in rows if targets.covers(row.targets, site)]


SOURCES = {fields.COMMANDS: _commands, fields.NOTICE: _notices,
           'template': _templates, 'bundle': _bundles}


def _item(schema, build, row, kind):
    try:
        return messages.checked(schema, build(row))
    except protocol_exception.InvalidMessage as exc:
        LOG.error('Cannot send %s %s to a site: %s', kind,
                  getattr(row, 'id', None), exc)
        return None


def answer(site, kind, since=None):
    """The reply to ``request(site, kind, since)``."""
    since_at = times.parse(since) if since else None
    until = since or times.wire(times.EPOCH)
    try:
        site_row = db_api.get_site(site)
    except db_exception.NotFound:
        LOG.warning('Site %s asked for %s but is not registered', site,
                    kind)
        return {'kind': kind, 'until': until, 'more': False, 'items': []}
    source = SOURCES.get(kind)
    rows = source(site_row) if source else []
    rows = sorted((r for r in rows if since_at is None or r[0] > since_at),
                  key=lambda r: (r[0], r[1]))
    page, chars, more = [], 0, False
    for changed, _key, schema, build, row in rows:
        item = _item(schema, build, row, kind)
        if item is None:
            continue
        size = len(json.dumps(item))
        if page and (len(page) >= MAX_ITEMS or chars + size > MAX_CHARS):
            more = True
            break
        page.append((changed, item))
        chars += size
    if more:
        # Keep a run of equal change times for the next page, unless it
        # fills the whole page (it could never be sent then).
        last = page[-1][0]
        kept = [entry for entry in page if entry[0] != last]
        page = kept or page
    if page:
        until = times.wire(page[-1][0])
    LOG.debug('Answered %s of site %s since %s: %d item(s)%s', kind, site,
              since, len(page), ', more to come' if more else '')
    return {'kind': kind, 'until': until, 'more': more,
            'items': [item for _changed, item in page]}
