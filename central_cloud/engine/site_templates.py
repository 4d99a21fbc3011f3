"""Which templates each site holds, from its reports (M11 step 5).

A site reports the templates its Glance holds (the report's
``templates`` section); this periodic job makes ``site_template`` agree:
a reported type is ``ready`` at the site (with the image id and checksum
of its newest version), a type no longer reported goes from ``ready``
to ``absent``. Builds and failures in flight (``building``,
``failed``) change only when the site reports the type. The placer
prefers sites where a template is ready. Each engine handles the sites
it owns, and only reports it has not seen yet.
"""

from oslo_log import log as logging

from central_cloud.db import api as db_api
from central_cloud.db import exception as db_exception
from central_cloud.engine import listing

LOG = logging.getLogger(__name__)


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

    def run_once(self):
        """Returns how many statuses changed."""
        known = {t.type_name for t in listing.every(
            db_api.list_templates, lambda row: row.type_name)}
        changed = 0
        for report in listing.every(db_api.list_latest_reports,
                                    lambda row: row.site.name):
            site = report.site.name
            if not self.partition.owns(site) or \
                    self._seen.get(site) == report.seq:
                continue
            reported = (report.body or {}).get('templates')
            if isinstance(reported, list):
                try:
                    changed += self.sync(site, newest(reported), known)
                except db_exception.NotFound:
                    continue  # the site or a template went meanwhile
            self._seen[site] = report.seq
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
