"""request(): what a site missed, a page at a time."""

import pytest

from central_cloud.engine import resync
from central_cloud.protocol import validation
from tests.unit.engine import samples


def _ask(site, kind, since=None):
    reply = resync.answer(site, kind, since)
    validation.validate('request_reply', reply)
    return reply


def test_commands_not_final_are_sent_again(db, make_site, clock):
    make_site('SiteA')
    make_site('SiteB')
    _d, pending = samples.create_desktop(db)
    _d, sent = samples.create_desktop(db, name='d2')
    clock.advance(1)
    _d, running = samples.create_desktop(db, name='d3')
    _d, done = samples.create_desktop(db, name='d4')
    samples.create_desktop(db, site='SiteB')
    for command, state in ((sent, 'sent'), (running, 'running'),
                           (done, 'succeeded')):
        db.command_transition(command.id, ['pending'], state)
    reply = _ask('SiteA', 'commands')
    assert [c['id'] for c in reply['items']] == [sent.id, running.id]
    assert reply['items'][0]['params'] == sent.payload
    assert (reply['more'], reply['until']) == (
        False, samples.wire(clock.now))
    assert _ask('SiteA', 'commands', reply['until'])['items'] == []


def test_notices_that_target_the_site(db, make_site):
    make_site('SiteA', group='north')
    make_site('SiteB', group='south')
    everyone = db.create_notice('All', 'x')
    db.create_notice('South', 'x', {'groups': ['south']})
    north = db.create_notice('North', 'x', {'groups': ['north']})
    reply = _ask('SiteA', 'notice')
    assert [n['id'] for n in reply['items']] == [str(everyone.id),
                                                 str(north.id)]
    assert reply['items'][0]['body']['title'] == 'All'


def test_templates_and_bundles(db, make_site):
    make_site('SiteA')
    db.create_template({'type_name': 'office', 'os': 'win11',
                        'base_image_checksum': 'a' * 64,
                        'bundles': [{'name': 'office', 'version': '2.1'}]})
    db.create_bundle({'name': 'office', 'version': '2.1',
                      'template_type': 'office',
                      'files': [{'name': 'o.msi', 'sha256': 'b' * 64,
                                 'size': 10}],
                      'install_commands': ['msiexec /i o.msi'],
                      'targets': {}})
    db.create_bundle({'name': 'cad', 'version': '1',
                      'template_type': 'office', 'files': [],
                      'install_commands': [],
                      'targets': {'sites': ['Elsewhere']}})
    [template] = _ask('SiteA', 'template')['items']
    assert (template['id'], template['body']['os']) == ('office', 'win11')
    assert template['version'] >= 1
    [bundle] = _ask('SiteA', 'bundle')['items']
    assert bundle['id'] == 'office:2.1'


@pytest.mark.parametrize('kind', ['app_data', 'system_info', 'user_info'])
def test_kinds_central_keeps_nothing_of(db, make_site, kind):
    make_site('SiteA')
    assert _ask('SiteA', kind, samples.AT) == {
        'kind': kind, 'until': samples.AT, 'more': False, 'items': []}


def test_unknown_site_gets_nothing(db):
    reply = _ask('Nowhere', 'commands')
    assert (reply['items'], reply['until']) == (
        [], '1970-01-01T00:00:00.000000Z')


def test_pages_never_split_equal_times(db, make_site, clock, monkeypatch):
    make_site('SiteA')
    monkeypatch.setattr(resync, 'MAX_ITEMS', 3)
    ids, previous = [], 0
    for second in (0, 0, 1, 1, 1, 2):
        clock.advance(second - previous)
        previous = second
        ids.append(db.create_notice('n', 'x').id)
    pages, since = [], None
    for _page in range(10):
        reply = _ask('SiteA', 'notice', since)
        pages.append([int(n['id']) for n in reply['items']])
        since = reply['until']
        if not reply['more']:
            break
    # 3 per page, but the first page ends before the run at second 1.
    assert pages == [ids[:2], ids[2:5], ids[5:]]


def test_request_over_the_manager(db, make_site, engine_manager):
    make_site('SiteA')
    assert engine_manager.request({}, 'SiteA', 'notice', None)['items'] \
        == []
