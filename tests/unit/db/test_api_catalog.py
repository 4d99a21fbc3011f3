"""Templates, their status per site, and application bundles."""

import pytest

from central_cloud.db import exception
from tests.unit.db import fixtures

SHA = 'ab' * 32


def _bundle(**values):
    return dict({'name': 'office-suite', 'version': '1.0',
                 'template_type': 'office',
                 'files': [{'name': 'suite.deb', 'sha256': SHA,
                            'size': 1024}],
                 'install_commands': ['dpkg -i suite.deb'],
                 'targets': {'groups': ['benelux']}}, **values)


# ---------------------------------------------------------------- templates

def test_template_crud(db):
    template = db.create_template({
        'type_name': 'office', 'os': 'ubuntu-24.04',
        'base_image_checksum': 'c' * 32,
        'bundles': [{'name': 'office-suite', 'version': '1.0'}]})
    assert db.get_template('office').os == 'ubuntu-24.04'
    db.update_template('office', {'os': 'debian-12'})
    assert db.get_template('office').to_dict()['os'] == 'debian-12'
    db.create_template({'type_name': 'cad'})
    assert [t.type_name for t in db.list_templates()] == ['cad', 'office']
    assert [t.type_name for t in db.list_templates(marker='cad')] == [
        'office']
    assert [t.type_name for t in db.list_templates(
        {'os': 'debian-12'})] == ['office']
    db.delete_template('office')
    with pytest.raises(exception.NotFound, match='template office'):
        db.get_template(template.type_name)


def test_template_errors(db):
    db.create_template({'type_name': 'office'})
    with pytest.raises(exception.Duplicate, match='template office'):
        db.create_template({'type_name': 'office'})
    with pytest.raises(exception.Invalid, match='type name cannot change'):
        db.update_template('office', {'type_name': 'cad'})
    with pytest.raises(exception.Invalid, match='bundles must be a list'):
        db.create_template({'type_name': 'cad', 'bundles': 'x'})
    with pytest.raises(exception.Invalid, match='type_name'):
        db.create_template({'os': 'x'})
    with pytest.raises(exception.NotFound):
        db.update_template('cad', {'os': 'x'})
    with pytest.raises(exception.NotFound):
        db.delete_template('cad')


def test_template_in_use_cannot_be_deleted(site, db):
    db.create_template({'type_name': 'office'})
    db.create_desktop({'site': 'SiteA', 'project_id': 'p', 'name': 'd',
                       'template_type': 'office', 'flavor': 'small'})
    with pytest.raises(exception.Conflict, match='used by desktops'):
        db.delete_template('office')


# ---------------------------------------------------------------- per site

@pytest.fixture
def office(site, db):
    fixtures.make_site(db, name='SiteB')
    return db.create_template({'type_name': 'office'})


def test_site_template_set_and_get(office, db):
    assert db.set_site_template('SiteA', 'office', 'pushing')
    assert db.set_site_template('SiteA', 'office', 'ready',
                                image_id='img-1', checksum='c' * 32)
    row = db.get_site_template('SiteA', 'office')
    assert (row.status, row.image_id) == ('ready', 'img-1')
    assert row.to_dict()['site'] == 'SiteA'
    assert row.to_dict()['template_type'] == 'office'
    # A status change keeps the image unless told otherwise.
    db.set_site_template('SiteA', 'office', 'building')
    assert db.get_site_template('SiteA', 'office').image_id == 'img-1'


def test_site_template_compare_and_set(office, db):
    # A missing row counts as absent.
    assert db.set_site_template('SiteA', 'office', 'pushing',
                                from_statuses=['absent', 'failed'])
    assert not db.set_site_template('SiteA', 'office', 'pushing',
                                    from_statuses=['absent', 'failed'])
    assert not db.set_site_template('SiteB', 'office', 'building',
                                    from_statuses=['pushing'])
    assert db.set_site_template('SiteA', 'office', 'ready',
                                from_statuses=['pushing'])


def test_site_template_errors(office, db):
    with pytest.raises(exception.NotFound, match='template office at site'):
        db.get_site_template('SiteA', 'office')
    with pytest.raises(exception.NotFound, match='template cad'):
        db.set_site_template('SiteA', 'cad', 'ready')
    with pytest.raises(exception.NotFound, match='site ghost'):
        db.set_site_template('ghost', 'office', 'ready')
    with pytest.raises(exception.Invalid, match='status must be one of'):
        db.set_site_template('SiteA', 'office', 'lost')
    with pytest.raises(exception.Invalid, match='from status'):
        db.set_site_template('SiteA', 'office', 'ready',
                             from_statuses=['lost'])


def test_site_template_list(office, db):
    db.create_template({'type_name': 'cad'})
    db.set_site_template('SiteA', 'office', 'ready')
    db.set_site_template('SiteB', 'office', 'pushing')
    db.set_site_template('SiteA', 'cad', 'ready')

    def pairs(rows):
        return [(r.site.name, r.template.type_name) for r in rows]

    assert pairs(db.list_site_templates({'template_type': 'office'})) == [
        ('SiteA', 'office'), ('SiteB', 'office')]
    assert pairs(db.list_site_templates({'status': 'ready'})) == [
        ('SiteA', 'office'), ('SiteA', 'cad')]
    assert pairs(db.list_site_templates({'site': 'SiteB'})) == [
        ('SiteB', 'office')]
    assert pairs(db.list_site_templates(
        limit=1, marker=('SiteA', 'office'))) == [('SiteB', 'office')]


# ---------------------------------------------------------------- bundles

def test_bundle_crud(db):
    bundle = db.create_bundle(_bundle())
    got = db.get_bundle(bundle.id)
    assert got.files[0]['sha256'] == SHA
    assert got.install_commands == ['dpkg -i suite.deb']
    assert got.targets == {'groups': ['benelux']}
    second = db.create_bundle(_bundle(version='1.1', targets={}))
    assert [b.id for b in db.list_bundles({'name': 'office-suite'})] == [
        bundle.id, second.id]
    assert [b.id for b in db.list_bundles({'version': '1.1'})] == [
        second.id]
    assert [b.id for b in db.list_bundles(marker=bundle.id)] == [second.id]
    db.update_bundle(second.id, {'targets': {'sites': ['SiteA']}})
    assert db.get_bundle(second.id).targets == {'sites': ['SiteA']}
    db.delete_bundle(bundle.id)
    with pytest.raises(exception.NotFound):
        db.get_bundle(bundle.id)


def test_bundle_defaults(db):
    bundle = db.create_bundle({'name': 'n', 'version': '1',
                               'template_type': 'office'})
    assert (bundle.files, bundle.install_commands, bundle.targets) == (
        [], [], {})


def test_bundle_duplicate(db):
    db.create_bundle(_bundle())
    with pytest.raises(exception.Duplicate, match='bundle office-suite 1.0'):
        db.create_bundle(_bundle())
    other = db.create_bundle(_bundle(version='2.0'))
    with pytest.raises(exception.Duplicate):
        db.update_bundle(other.id, {'version': '1.0'})


@pytest.mark.parametrize('values, message', [
    ({'files': [{'name': 'a', 'sha256': 'xyz', 'size': 1}]},
     'sha256 must be 64'),
    ({'files': [{'name': 'a', 'sha256': SHA.upper(), 'size': 1}]},
     'sha256 must be 64'),
    ({'files': [{'name': 'a', 'sha256': SHA, 'size': -1}]},
     'size must be an integer'),
    ({'files': [{'name': 'a', 'sha256': SHA}]}, 'exactly name, sha256'),
    ({'files': {}}, 'files must be a list'),
    ({'install_commands': 'dpkg -i x'}, 'install_commands must be a list'),
    ({'targets': {'regions': []}}, 'unknown targets field'),
    ({'targets': {'sites': 'SiteA'}}, 'targets sites must be a list'),
    ({'version': 'v' * 65}, 'version is longer'),
    ({'colour': 'red'}, 'unknown bundle field'),
])
def test_bundle_validation(db, values, message):
    with pytest.raises(exception.Invalid, match=message):
        db.create_bundle(_bundle(**values))


def test_bundle_requires_name_version_and_type(db):
    with pytest.raises(exception.Invalid, match='bundle version is required'):
        db.create_bundle({'name': 'n', 'template_type': 'office'})


def test_bundle_not_found(db):
    for call in (db.get_bundle, db.delete_bundle,
                 lambda i: db.update_bundle(i, {})):
        with pytest.raises(exception.NotFound, match='bundle 42'):
            call(42)
