"""The templates a site reports become its template statuses."""

import pytest

from central_cloud.engine import site_templates
from tests.unit.engine import test_rollouts

IMAGE_1 = '6e4d86f8-b784-48af-ae7a-01ce23785744'
IMAGE_2 = '524760c9-9887-43e0-aacb-f4e14ca241e5'


def _report(db, site, seq, templates):
    body = {'site': site, 'seq': seq, 'sent_at': '2026-05-20T12:00:00Z',
            'interval': 60, 'hosts': []}
    if templates is not None:
        body['templates'] = templates
    db.ingest_reports([{'site': site, 'seq': seq, 'body': body}],
                      history_size=5)


def _template(type_name, version, image_id):
    return {'type': type_name, 'version': version, 'image_id': image_id,
            'checksum': 'c' * 128}


def _status(db, site, type_name):
    row = db.get_site_template(site, type_name)
    return row.status, row.image_id


@pytest.fixture
def sync():
    return site_templates.TemplateStatusSync(test_rollouts.Everything())


@pytest.fixture
def sites(db, make_site):
    make_site('SiteA')
    make_site('SiteB')
    db.create_template({'type_name': 'office'})
    db.create_template({'type_name': 'cad'})


def test_reported_templates_are_ready_with_their_newest_image(
        db, sites, sync):
    _report(db, 'SiteA', 1, [_template('office', 1, IMAGE_1),
                             _template('office', 2, IMAGE_2),
                             _template('unknown-type', 1, IMAGE_1)])
    assert sync.run_once() == 1
    assert _status(db, 'SiteA', 'office') == ('ready', IMAGE_2)
    # The same report again changes nothing, and is not even read.
    assert sync.run_once() == 0


def test_a_template_no_longer_reported_is_absent(db, sites, sync):
    _report(db, 'SiteA', 1, [_template('office', 1, IMAGE_1)])
    sync.run_once()
    _report(db, 'SiteA', 2, [])
    assert sync.run_once() == 1
    assert _status(db, 'SiteA', 'office') == ('absent', IMAGE_1)


def test_builds_in_flight_are_left_until_reported(db, sites, sync):
    db.set_site_template('SiteA', 'cad', 'building')
    db.set_site_template('SiteB', 'cad', 'failed')
    _report(db, 'SiteA', 1, [])
    _report(db, 'SiteB', 1, [_template('cad', 3, IMAGE_1)])
    sync.run_once()
    assert _status(db, 'SiteA', 'cad') == ('building', None)
    assert _status(db, 'SiteB', 'cad') == ('ready', IMAGE_1)


def test_reports_without_the_section_say_nothing(db, sites, sync):
    db.set_site_template('SiteA', 'office', 'ready', image_id=IMAGE_1)
    _report(db, 'SiteA', 1, None)
    assert sync.run_once() == 0
    assert _status(db, 'SiteA', 'office') == ('ready', IMAGE_1)


def test_sites_of_other_engines_are_left_alone(db, sites):
    _report(db, 'SiteA', 1, [_template('office', 1, IMAGE_1)])
    other = site_templates.TemplateStatusSync(test_rollouts.Nothing())
    assert other.run_once() == 0


def test_newest_ignores_odd_entries():
    assert site_templates.newest([{'no': 'type'}, 'x',
                                  _template('a', 2, IMAGE_1),
                                  _template('a', 1, IMAGE_2)]) == {
        'a': _template('a', 2, IMAGE_1)}


def test_only_changed_template_sections_are_synced(db, sites, sync,
                                                   monkeypatch):
    synced = []
    real = site_templates.TemplateStatusSync.sync

    def recording(site, reported, known):
        synced.append(site)
        return real(site, reported, known)
    monkeypatch.setattr(sync, 'sync', recording)
    _report(db, 'SiteA', 1, [_template('office', 1, IMAGE_1)])
    _report(db, 'SiteB', 1, [_template('office', 1, IMAGE_1)])
    sync.run_once()
    assert sorted(synced) == ['SiteA', 'SiteB']
    # New reports with the same templates: nothing to sync.
    _report(db, 'SiteA', 2, [_template('office', 1, IMAGE_1)])
    _report(db, 'SiteB', 2, [_template('office', 1, IMAGE_1),
                             _template('cad', 1, IMAGE_2)])
    del synced[:]
    assert sync.run_once() == 1
    assert synced == ['SiteB']
    assert _status(db, 'SiteB', 'cad') == ('ready', IMAGE_2)
    # A template type registered later: every site is checked again.
    db.create_template({'type_name': 'lab'})
    del synced[:]
    sync.run_once()
    assert sorted(synced) == ['SiteA', 'SiteB']
