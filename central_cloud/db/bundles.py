"""Application bundles: package files, install commands, targets."""

from oslo_db import exception as db_exc

from central_cloud.db import exception
from central_cloud.db import models
from central_cloud.db import transaction
from central_cloud.db import utils

_BUNDLE_FIELDS = ('name', 'version', 'template_type', 'files',
                  'install_commands', 'targets')


def _bundle_files(files):
    if not isinstance(files, list):
        raise exception.Invalid('bundle files must be a list')
    for item in files:
        if not isinstance(item, dict) or set(item) != {'name', 'sha256',
                                                       'size'}:
            raise exception.Invalid(
                'each bundle file needs exactly name, sha256 and size')
        utils.check_text('file name', item['name'])
        digest = item['sha256']
        if (not isinstance(digest, str) or len(digest) != 64
                or digest.strip('0123456789abcdef')):
            raise exception.Invalid('file %s: sha256 must be 64 lowercase '
                                    'hex digits' % item['name'])
        size = item['size']
        if isinstance(size, bool) or not isinstance(size, int) or size < 0:
            raise exception.Invalid('file %s: size must be an integer >= 0'
                                    % item['name'])
    return files


def _bundle_values(values, creating):
    utils.check_keys('bundle', values, _BUNDLE_FIELDS)
    checked = dict(values)
    if creating:
        for field in ('name', 'version', 'template_type'):
            if field not in values:
                raise exception.Invalid('bundle %s is required' % field)
        checked.setdefault('files', [])
        checked.setdefault('install_commands', [])
        checked.setdefault('targets', {})
    for field, length in (('name', 255), ('version', 64),
                          ('template_type', 255)):
        if field in values:
            checked[field] = utils.check_text(field, values[field], length)
    if 'files' in values:
        _bundle_files(values['files'])
    commands = checked.get('install_commands')
    if commands is not None and (not isinstance(commands, list) or not all(
            isinstance(c, str) for c in commands)):
        raise exception.Invalid('install_commands must be a list of strings')
    if 'targets' in checked:
        checked['targets'] = utils.check_targets(checked['targets'])
    return checked


def _bundle(session, bundle_id):
    bundle = session.get(models.Bundle, bundle_id)
    if bundle is None:
        raise exception.NotFound('bundle', bundle_id)
    return bundle


def create_bundle(values):
    bundle = models.Bundle(**_bundle_values(values, creating=True))
    try:
        with transaction.writer() as session:
            session.add(bundle)
            session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.Duplicate('bundle', '%s %s' % (bundle.name,
                                                       bundle.version))
    return bundle


def get_bundle(bundle_id):
    with transaction.reader() as session:
        return _bundle(session, bundle_id)


def list_bundles(filters=None, limit=None, marker=None, sort_dir='asc'):
    """Bundles by id; filters: name, version, template_type."""
    bundle = models.Bundle
    with transaction.reader() as session:
        query = utils.filter_query(session.query(bundle), filters, {
            'name': bundle.name, 'version': bundle.version,
            'template_type': bundle.template_type})
        marker_row = utils.marker_row(session, bundle, 'bundle', marker,
                                      bundle.id == marker)
        return utils.paginate(query, bundle, ['id'], limit, marker_row,
                              sort_dir)


def update_bundle(bundle_id, values):
    values = _bundle_values(values, creating=False)
    try:
        with transaction.writer() as session:
            bundle = _bundle(session, bundle_id)
            bundle.update(values)
            key = '%s %s' % (bundle.name, bundle.version)
            session.flush()
    except db_exc.DBDuplicateEntry:
        raise exception.Duplicate('bundle', key)
    return bundle


def delete_bundle(bundle_id):
    with transaction.writer() as session:
        session.delete(_bundle(session, bundle_id))
