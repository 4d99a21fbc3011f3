"""Site signing keys: create, rotate with an overlap, revoke, look up."""

import datetime

from oslo_utils import timeutils
import pytest

from central_cloud.db import exception
from central_cloud.db import site_keys
from tests.unit.db import fixtures


def test_create_gives_a_fresh_key_once(site, db):
    key_id, secret = db.create_site_key('SiteA')
    assert len(secret) >= 43 and len(key_id) == 16
    assert db.get_valid_site_keys('SiteA') == [(key_id, secret, None)]
    with pytest.raises(exception.Conflict, match='rotate or revoke'):
        db.create_site_key('SiteA')


def test_unknown_site(db):
    with pytest.raises(exception.NotFound):
        db.create_site_key('Nowhere')
    with pytest.raises(exception.NotFound):
        db.revoke_site_keys('Nowhere')
    assert db.get_valid_site_keys('Nowhere') == []


def test_rotate_keeps_the_old_key_for_the_overlap(site, db):
    old_id, old_secret = db.create_site_key('SiteA')
    new_id, new_secret = db.rotate_site_key('SiteA', 60)
    assert new_secret != old_secret
    keys = db.get_valid_site_keys('SiteA')
    assert [k[0] for k in keys] == [new_id, old_id]  # current first
    assert keys[0][2] is None
    expires = keys[1][2]
    soon = timeutils.utcnow() + datetime.timedelta(seconds=60)
    assert abs((expires - soon).total_seconds()) < 5
    # Past the overlap only the new key is valid.
    later = timeutils.utcnow() + datetime.timedelta(seconds=61)
    assert [k[0] for k in db.get_valid_site_keys('SiteA', now=later)] == [
        new_id]


def test_rotate_without_overlap_ends_the_old_key_now(site, db):
    db.create_site_key('SiteA')
    new_id, _ = db.rotate_site_key('SiteA', 0)
    assert [k[0] for k in db.get_valid_site_keys('SiteA')] == [new_id]


def test_a_second_rotation_never_extends_an_older_key(site, db):
    first, _ = db.create_site_key('SiteA')
    db.rotate_site_key('SiteA', 10)
    db.rotate_site_key('SiteA', 3600)
    expiry = {k['key_id']: k['expires_at'] for k in db.list_site_keys('SiteA')}
    limit = timeutils.utcnow() + datetime.timedelta(seconds=11)
    assert expiry[first] < limit


@pytest.mark.parametrize('overlap', [-1, 1.5, '60', True,
                                     site_keys.MAX_OVERLAP_SECONDS + 1])
def test_rotate_refuses_a_bad_overlap(site, db, overlap):
    with pytest.raises(exception.Invalid, match='overlap_seconds'):
        db.rotate_site_key('SiteA', overlap)


def test_revoke_removes_every_key(site, db):
    db.create_site_key('SiteA')
    db.rotate_site_key('SiteA', 600)
    db.revoke_site_keys('SiteA')
    assert db.get_valid_site_keys('SiteA') == []
    assert db.list_site_keys('SiteA') == []
    key_id, _ = db.create_site_key('SiteA')  # a fresh start works
    assert [k[0] for k in db.get_valid_site_keys('SiteA')] == [key_id]


def test_keys_are_per_site(site, db):
    fixtures.make_site(db, name='SiteB')
    a, _ = db.create_site_key('SiteA')
    b, _ = db.create_site_key('SiteB')
    assert [k[0] for k in db.get_valid_site_keys('SiteB')] == [b]
    db.revoke_site_keys('SiteA')
    assert [k[0] for k in db.get_valid_site_keys('SiteB')] == [b]
    assert a != b


def test_list_shows_no_secret(site, db):
    db.create_site_key('SiteA')
    assert set(db.list_site_keys('SiteA')[0]) == {
        'key_id', 'created_at', 'expires_at'}


def test_expired_keys_are_purged(site, db):
    old, _ = db.create_site_key('SiteA')
    db.rotate_site_key('SiteA', 0)
    assert db.delete_expired_site_keys() == 1
    assert old not in [k['key_id'] for k in db.list_site_keys('SiteA')]


def test_cache_entries_give_posix_expiries(site, db):
    db.create_site_key('SiteA')
    db.rotate_site_key('SiteA', 100)
    (_, _, current), (_, _, previous) = site_keys.cache_entries('SiteA')
    assert current is None
    assert abs(previous - (timeutils.utcnow().timestamp() + 100)) < 5 or \
        abs(previous - (datetime.datetime.now(
            datetime.timezone.utc).timestamp() + 100)) < 5
