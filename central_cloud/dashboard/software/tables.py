from django.urls import reverse
from django.utils import html
from django.utils.translation import gettext_lazy as _
from horizon import tables

from central_cloud.dashboard import api
from central_cloud.dashboard import common

ROLLOUT_STATUS = (('running', None), ('succeeded', True), ('failed', False),
                  ('aborted', False))
STEP_LABELS = {'waiting': 'default', 'running': 'info',
               'succeeded': 'success', 'failed': 'danger',
               'skipped': 'warning', 'aborted': 'warning'}
# Sites shown by name in a rollout's row; the rest are counted.
SHOWN_STEPS = 12


def _bundles(template):
    return ', '.join('%s %s' % (b.get('name'), b.get('version'))
                     for b in template.get('bundles') or []) or '-'


class TemplatesTable(tables.DataTable):
    type_name = tables.Column('type_name', verbose_name=_('Type'))
    version = tables.Column('version', verbose_name=_('Version'),
                            empty_value='-')
    os = tables.Column('os', verbose_name=_('OS'), empty_value='-')
    base_image = tables.Column('base_image_id', verbose_name=_('Base image'),
                               empty_value='-')
    bundles = tables.Column(_bundles, verbose_name=_('Bundles'))
    updated = tables.Column(
        lambda t: common.ago(t.get('updated_at') or t.get('created_at')),
        verbose_name=_('Changed'))

    def get_object_id(self, datum):
        return datum['type_name']

    class Meta(object):
        name = 'templates'
        verbose_name = _('Template types')


def _targets(bundle):
    targets = bundle.get('targets') or {}
    parts = list(targets.get('sites') or []) + [
        _('group %s') % g for g in targets.get('groups') or []]
    return ', '.join(str(p) for p in parts) or _('every site')


def _files(bundle):
    files = bundle.get('files') or []
    stored = sum(1 for f in files if f.get('stored'))
    return '%d (%d uploaded)' % (len(files), stored)


class BundlesTable(tables.DataTable):
    id = tables.Column('id', verbose_name=_('ID'))
    name = tables.Column('name', verbose_name=_('Name'))
    version = tables.Column('version', verbose_name=_('Version'))
    template_type = tables.Column('template_type',
                                  verbose_name=_('Template type'))
    files = tables.Column(_files, verbose_name=_('Files'))
    targets = tables.Column(_targets, verbose_name=_('Targets'))

    def get_object_id(self, datum):
        return str(datum['id'])

    class Meta(object):
        name = 'bundles'
        verbose_name = _('Bundles')


def step_chips(rollout):
    """Each site of a rollout as a label coloured by its step's state."""
    steps = rollout.get('steps') or []
    chips = [html.format_html(
        '<span class="label label-{} rollout-step" data-site="{}" '
        'data-state="{}" title="{}: {}">{}</span>',
        STEP_LABELS.get(s.get('state'), 'default'), s.get('site'),
        s.get('state'), s.get('site'), s.get('state'), s.get('site'))
        for s in steps[:SHOWN_STEPS]]
    if len(steps) > SHOWN_STEPS:
        chips.append(html.format_html('<span class="text-muted">+{}</span>',
                                      len(steps) - SHOWN_STEPS))
    return html.mark_safe(' '.join(chips))


def progress(rollout):
    """A bar of the sites done: green succeeded, red failed, blue running."""
    counts = rollout.get('step_counts') or {}
    total = sum(counts.values()) or len(rollout.get('steps') or []) or 1
    parts = [html.format_html(
        '<div class="progress-bar progress-bar-{}" style="width:{}%" '
        'title="{} {}"></div>', level, '%.0f' % (100.0 * count / total),
        count, state)
        for state, level in (('succeeded', 'success'), ('failed', 'danger'),
                             ('running', 'info'))
        for count in [counts.get(state, 0)] if count]
    return html.format_html(
        '<div class="rollout-progress" data-succeeded="{}" data-total="{}">'
        '<div class="progress" style="margin-bottom:2px;min-width:110px">'
        '{}</div><small>{} / {} {}</small></div>',
        counts.get('succeeded', 0), total, html.mark_safe(''.join(parts)),
        counts.get('succeeded', 0), total, _('sites succeeded'))


class RolloutRow(tables.Row):
    ajax = True

    def get_data(self, request, rollout_id):
        return api.client(request).get_rollout(rollout_id)


class RolloutsTable(tables.DataTable):
    id = tables.Column('id', verbose_name=_('ID'),
                       link='horizon:admin:desktop_software:rollout')
    template_type = tables.Column('template_type',
                                  verbose_name=_('Template type'))
    template_version = tables.Column('template_version',
                                     verbose_name=_('Version'))
    bundle = tables.Column('bundle_id', verbose_name=_('Bundle'),
                           empty_value='-')
    mode = tables.Column('mode', verbose_name=_('Mode'))
    state = tables.Column('state', verbose_name=_('State'), status=True,
                          status_choices=ROLLOUT_STATUS)
    progress = tables.Column(progress, verbose_name=_('Sites done'))
    sites = tables.Column(step_chips, verbose_name=_('Per site'))
    created = tables.Column(lambda r: common.ago(r.get('created_at')),
                            verbose_name=_('Started'))

    def get_object_id(self, datum):
        return datum['id']

    class Meta(object):
        name = 'rollouts'
        verbose_name = _('Rollouts')
        status_columns = ('state',)
        row_class = RolloutRow


class StepsTable(tables.DataTable):
    position = tables.Column('position', verbose_name=_('#'))
    site = tables.Column(
        'site', verbose_name=_('Site'),
        link=lambda step: reverse('horizon:admin:desktop_sites:detail',
                                  args=[step['site']]))
    state = tables.Column('state', verbose_name=_('State'))
    command = tables.Column('command_id', verbose_name=_('Command'),
                            empty_value='-')
    started = tables.Column(lambda s: common.ago(s.get('started_at'))
                            if s.get('started_at') else '-',
                            verbose_name=_('Started'))
    finished = tables.Column(lambda s: common.ago(s.get('finished_at'))
                             if s.get('finished_at') else '-',
                             verbose_name=_('Finished'))
    details = tables.Column(lambda s: s.get('details') or '-',
                            verbose_name=_('Details'))

    def get_object_id(self, datum):
        return datum['site']

    class Meta(object):
        name = 'steps'
        verbose_name = _('Sites of the rollout')
        hidden_title = False
