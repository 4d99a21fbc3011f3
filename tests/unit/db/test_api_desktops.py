"""Desktops: CRUD and listing."""

import uuid

import pytest

from central_cloud.db import exception
from tests.unit.db import fixtures


def _desktop(**values):
    return dict({'site': 'SiteA', 'project_id': 'proj-1', 'owner': 'alice',
                 'name': 'desk-1', 'template_type': 'office',
                 'flavor': 'small'}, **values)


@pytest.fixture
def sites(db):
    fixtures.make_site(db, name='SiteA')
    fixtures.make_site(db, name='SiteB')


def test_create_and_get(sites, db):
    desktop = db.create_desktop(_desktop())
    assert uuid.UUID(desktop.id)
    assert desktop.state == 'building'
    assert desktop.server_uuid is None
    data = db.get_desktop(desktop.id).to_dict()
    assert data['site'] == 'SiteA'
    assert data['origin_site'] is None
    assert data['owner'] == 'alice'


def test_create_borrowed(sites, db):
    desktop = db.create_desktop(_desktop(site='SiteB', origin_site='SiteA'))
    assert desktop.to_dict()['origin_site'] == 'SiteA'
    assert db.get_desktop(desktop.id).origin_site.name == 'SiteA'


def test_create_errors(sites, db):
    db.create_desktop(_desktop(id='d-1'))
    with pytest.raises(exception.Duplicate, match='desktop d-1'):
        db.create_desktop(_desktop(id='d-1'))
    with pytest.raises(exception.NotFound, match='site ghost'):
        db.create_desktop(_desktop(site='ghost'))
    with pytest.raises(exception.NotFound, match='site ghost'):
        db.create_desktop(_desktop(origin_site='ghost'))
    with pytest.raises(exception.Invalid, match='desktop flavor is required'):
        values = _desktop()
        del values['flavor']
        db.create_desktop(values)
    with pytest.raises(exception.Invalid, match='unknown desktop field'):
        db.create_desktop(_desktop(colour='red'))


def test_update(sites, db):
    desktop = db.create_desktop(_desktop())
    db.update_desktop(desktop.id, {'state': 'active', 'server_uuid': 's-1'})
    got = db.get_desktop(desktop.id)
    assert (got.state, got.server_uuid) == ('active', 's-1')
    moved = db.update_desktop(desktop.id, {'site': 'SiteB',
                                           'origin_site': 'SiteA'})
    assert moved.to_dict()['site'] == 'SiteB'
    assert db.get_desktop(desktop.id).to_dict()['origin_site'] == 'SiteA'
    with pytest.raises(exception.Invalid, match='id cannot change'):
        db.update_desktop(desktop.id, {'id': 'other'})
    with pytest.raises(exception.NotFound):
        db.update_desktop('nope', {'state': 'active'})


def test_delete(sites, db):
    desktop = db.create_desktop(_desktop())
    command = db.create_command('SiteA', 'delete_desktop',
                                desktop_id=desktop.id)
    db.delete_desktop(desktop.id)
    with pytest.raises(exception.NotFound):
        db.get_desktop(desktop.id)
    # The command history keeps the desktop id.
    assert db.get_command(command.id).desktop_id == desktop.id
    with pytest.raises(exception.NotFound):
        db.delete_desktop(desktop.id)


def test_list(sites, db):
    ids = [db.create_desktop(_desktop(**values)).id for values in (
        {}, {'site': 'SiteB', 'origin_site': 'SiteA'},
        {'project_id': 'proj-2', 'state': 'active'})]
    assert [d.id for d in db.list_desktops()] == ids
    assert [d.id for d in db.list_desktops({'site': 'SiteA'})] == [
        ids[0], ids[2]]
    assert [d.id for d in db.list_desktops({'origin_site': 'SiteA'})] == [
        ids[1]]
    assert [d.id for d in db.list_desktops({'project_id': 'proj-2'})] == [
        ids[2]]
    assert [d.id for d in db.list_desktops(
        {'state': ['active', 'error']})] == [ids[2]]
    first = db.list_desktops(limit=1)
    assert [d.id for d in db.list_desktops(marker=first[0].id)] == ids[1:]
    assert [d.id for d in db.list_desktops(sort_dir='desc', limit=1)] == [
        ids[2]]
