"""Templates and where each one stands at each site."""

from oslo_db import exception as db_exc
import sqlalchemy as sa

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils

_TEMPLATE_FIELDS = ('type_name', 'os', 'base_image_id',
                    'base_image_checksum', 'bundles')


def _template_values(values, creating):
    utils.check_keys('template', values, _TEMPLATE_FIELDS)
    checked = dict(values)
    if creating:
        checked['type_name'] = utils.check_text('type_name',
                                                values.get('type_name'))
    elif 'type_name' in values:
        # Desktops and bundles refer to the type name.
        raise exception.Invalid("a template's type name cannot change")
    for field, length in (('os', 255), ('base_image_id', 36),
                          ('base_image_checksum', 128)):
        if field in values:
            checked[field] = utils.check_text(field, values[field], length,
                                              required=False)
    if values.get('bundles') is not None:
        if not isinstance(values['bundles'], list):
            raise exception.Invalid('template bundles must be a list')
    return checked


def _template(session, type_name):
    template = session.query(models.Template).filter_by(
        type_name=type_name).first()
    if template is None:
        raise exception.NotFound('template', type_name)
    return template


def create_template(values):
    template = models.Template(**_template_values(values, creating=True))
    try:
        with transaction.writer() as session:
            session.add(template)
            session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.Duplicate('template', template.type_name)
    return template


def get_template(type_name):
    with transaction.reader() as session:
        return _template(session, type_name)


def list_templates(filters=None, limit=None, marker=None, sort_dir='asc'):
    """Templates ordered by type name; ``marker`` is the last type name."""
    template = models.Template
    with transaction.reader() as session:
        query = utils.filter_query(session.query(template), filters, {
            'type_name': template.type_name, 'os': template.os})
        marker_row = utils.marker_row(session, template, 'template', marker,
                                      template.type_name == marker)
        return utils.paginate(query, template, ['type_name'], limit,
                              marker_row, sort_dir)


# A change to these makes a new template version: sites build it anew.
_VERSIONED_FIELDS = ('base_image_id', 'base_image_checksum', 'bundles')


def update_template(type_name, values):
    """Change a template; a new base image or bundle list bumps its version."""
    values = _template_values(values, creating=False)
    with transaction.writer() as session:
        template = _template(session, type_name)
        if any(field in values and values[field] != template[field]
               for field in _VERSIONED_FIELDS):
            values['version'] = template.version + 1
        template.update(values)
    return template


def set_template_bundle(type_name, name, version):
    """Make the template use bundle ``name`` at ``version``.

    An older version of the same bundle is replaced in place (an
    application update); a new bundle goes last. Returns the template,
    whose version grew if its bundle list changed.
    """
    with transaction.writer() as session:
        template = _template(session, type_name)
        bundles = [dict(b) for b in template.bundles or []]
        for entry in bundles:
            if entry.get('name') == name:
                entry['version'] = version
                break
        else:
            bundles.append({'name': name, 'version': version})
        if bundles != (template.bundles or []):
            template.update({'bundles': bundles,
                             'version': template.version + 1})
    return template


def delete_template(type_name):
    """Delete a template; Conflict while desktops of its type exist."""
    with transaction.writer() as session:
        template = _template(session, type_name)
        in_use = session.query(models.Desktop.id).filter_by(
            template_type=type_name).first()
        if in_use is not None:
            raise exception.Conflict(
                'template %s is used by desktops' % type_name)
        session.execute(sa.delete(models.Template).where(
            models.Template.id == template.id))


def get_site_template(site, template_type):
    with transaction.reader() as session:
        row = session.query(models.SiteTemplate).filter(
            models.SiteTemplate.site_id == utils.site_id(session, site),
            models.SiteTemplate.template_id == _template(
                session, template_type).id).first()
    if row is None:
        raise exception.NotFound('template %s at site' % template_type, site)
    return row


def list_site_templates(filters=None, limit=None, marker=None,
                        sort_dir='asc'):
    """Per-site template status; filters: site, template_type, status.

    Ordered by (template, site); ``marker`` is the (site, template_type)
    pair of the last item.
    """
    row = models.SiteTemplate
    with transaction.reader() as session:
        query = utils.filter_query(session.query(row), filters, {
            'site': utils.site_filter(row.site_id),
            'template_type': lambda names: row.template_id.in_(
                sa.select(models.Template.id).where(
                    models.Template.type_name.in_(
                        [names] if isinstance(names, str) else names))),
            'status': row.status})
        marker_row = None
        if marker is not None:
            site, template_type = marker
            marker_row = utils.marker_row(
                session, row, 'site template', marker,
                row.site_id.in_(utils.site_ids(site)),
                row.template_id.in_(sa.select(models.Template.id).where(
                    models.Template.type_name == template_type)))
        return utils.paginate(query, row, ['template_id', 'site_id'], limit,
                              marker_row, sort_dir)


@transaction.retry_on_duplicate
def set_site_template(site, template_type, status, from_statuses=None,
                      image_id=None, checksum=None):
    """Set a template's status at a site; returns whether it changed.

    With ``from_statuses`` this is a compare-and-set: it only changes a row
    whose status is one of them (a missing row counts as ``absent``), so of
    two engines starting the same push only one wins. ``image_id`` and
    ``checksum`` are kept unless given.
    """
    utils.check_choice('status', status, models.SITE_TEMPLATE_STATUSES)
    for old in from_statuses or ():
        utils.check_choice('from status', old, models.SITE_TEMPLATE_STATUSES)
    fields = {'status': status}
    if image_id is not None:
        fields['image_id'] = utils.check_text('image_id', image_id, 36)
    if checksum is not None:
        fields['checksum'] = utils.check_text('checksum', checksum, 128)
    row = models.SiteTemplate
    with transaction.writer() as session:
        site_id = utils.site_id(session, site)
        template_id = _template(session, template_type).id
        update = sa.update(row).where(row.site_id == site_id,
                                      row.template_id == template_id)
        if from_statuses is not None:
            update = update.where(row.status.in_(list(from_statuses)))
        changed = session.execute(update.values(**fields).execution_options(
            synchronize_session=False)).rowcount
        if changed:
            return True
        exists = session.query(row.site_id).filter(
            row.site_id == site_id, row.template_id == template_id).first()
        if exists or (from_statuses is not None
                      and 'absent' not in from_statuses):
            return False
        session.add(row(site_id=site_id, template_id=template_id, **fields))
        session.flush()
        return True
