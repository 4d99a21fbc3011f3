"""Which templates each site holds, from its reports (M11 step 5).

A site reports the templates its Glance holds (the report's
``templates`` section); this periodic job makes ``site_template`` agree:
a reported type is ``ready`` at the site (with the image id and checksum
of its newest version), a type no longer reported goes from ``ready``
to ``absent``. Builds and failures in flight (``building``,
``failed``) change only when the site reports the type. The placer
prefers sites where a template is ready. Each engine handles the sites
it owns, and only template sections that changed since it last saw
them: a pass reads the ``templates`` section of each latest report, not
the whole bodies, so it stays cheap at 10,000 sites. Every
``FULL_PASS_EVERY`` runs it checks every site again.
"""

import json

from oslo_log import log as logging

from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.engine import listing

LOG = logging.getLogger(__name__)

# Runs between two checks of every site, changed or not.
FULL_PASS_EVERY = 30
PAGE = 1000


def newest(reported):
    """``{type: entry}`` of the newest version of each reported type."""
    found = {}
    for entry in reported:
        if not isinstance(entry, dict) or 'type' not in entry:
            continue
        kept = found.get(entry['type'])
        if kept is None or entry.get('version', 1) > kept.get('version', 1):
            found[entry['type']] = entry
    return found


class TemplateStatusSync(object):
    """``run_once()`` updates the status of templates at sites."""

    def __init__(self, partition):
        self.partition = partition
        self._seen = {}
        self._runs = 0

    def _sections(self):
        """``(site name, templates section)`` of every latest report."""
        after = None
        while True:
            page = db_api.reported_templates(limit=PAGE, after=after)
            for _site_id, name, templates in page:
                yield name, templates
            if len(page) < PAGE:
                return
            after = page[-1][0]

    def run_once(self):
        """Returns how many statuses changed."""
        if self._runs % FULL_PASS_EVERY == 0:
            self._seen = {}
        self._runs += 1
        known = {t.type_name for t in listing.every(
            db_api.list_templates, lambda row: row.type_name)}
        changed = 0
        for site, reported in self._sections():
            if not self.partition.owns(site):
                continue
            # What this run decides on: the section and the known types.
            key = (json.dumps(reported, sort_keys=True), frozenset(known))
            if self._seen.get(site) == key:
                continue
            if isinstance(reported, list):
                try:
                    changed += self.sync(site, newest(reported), known)
                except db_exception.NotFound:
                    continue  # the site or a template went meanwhile
            self._seen[site] = key
        return changed

    @staticmethod
    def sync(site, reported, known):
        current = {row.template.type_name: row for row in listing.every(
            db_api.list_site_templates,
            lambda row: (row.site.name, row.template.type_name),
            filters={'site': site})}
        changed = 0
        for template_type, entry in reported.items():
            row = current.get(template_type)
            if template_type not in known or (
                    row is not None and row.status == 'ready'
                    and row.image_id == entry.get('image_id')):
                continue
            changed += db_api.set_site_template(
                site, template_type, 'ready', image_id=entry.get('image_id'),
                checksum=entry.get('checksum'))
            LOG.info('Template %s is ready at site %s (image %s)',
                     template_type, site, entry.get('image_id'))
        for template_type, row in current.items():
            if row.status == 'ready' and template_type not in reported:
                changed += db_api.set_site_template(
                    site, template_type, 'absent', from_statuses=['ready'])
                LOG.info('Template %s is no longer at site %s',
                         template_type, site)
        return changed
