"""The engine's placer on a database: claims, moves, failures, retries."""

import threading

from central_cloud.engine import desktops
from central_cloud.engine import dispatcher
from central_cloud.engine import progress
from central_cloud.placement import placer
from central_cloud.placement import view as view_mod
from tests.unit.engine import conftest as engine_conftest
from tests.unit.placement import samples

NO_VALID_HOST = {'message': 'Server x went to ERROR: No valid host was '
                            'found. There are not enough hosts available.',
                 'fault': {'code': 500, 'message': 'No valid host was '
                                                   'found.'},
                 'server_ids': ['8c0d5ad4-7ac8-4a31-9d0f-c1b9b9e9f3a1']}


def test_a_desktop_stays_home_when_it_fits(lab, db):
    desktop, command = lab.desktop()
    outcome = placer.Placer().place(command)
    assert outcome.kind == placer.PLACED
    assert outcome.command.site.name == 'SiteA'
    assert 'scheduler_hints' not in outcome.command.payload
    [claim] = db.list_claims()
    assert (claim.site.name, claim.state, claim.host) == ('SiteA', 'held',
                                                          'sitea-1')


def test_a_full_home_borrows_from_the_nearest_site(lab, db):
    lab.fill('SiteA')
    desktop, command = lab.desktop()
    outcome = placer.Placer().place(command)
    assert outcome.kind == placer.PLACED
    moved = outcome.command
    assert moved.site.name == 'SiteB'
    assert moved.payload['scheduler_hints'] == {
        'desktop_origin_site': 'SiteA'}
    stored = db.get_desktop(desktop.id)
    assert (stored.site.name, stored.origin_site.name) == ('SiteB', 'SiteA')
    assert {(c.site.name, c.state) for c in db.list_claims()} == {
        ('SiteB', 'held'), ('SiteA', 'short')}


def test_claims_stop_a_second_desktop_taking_the_last_host(lab, db):
    # SiteA has one host with room for one medium.
    lab.report('SiteA', [samples.host('sitea-1', used=(2, 0, 0)),
                         samples.host('sitea-2', used=(4, 0, 0))])
    the_placer = placer.Placer()
    outcomes = [the_placer.place(lab.desktop(name='d%d' % n)[1])
                for n in range(2)]
    assert [o.command.site.name for o in outcomes] == ['SiteA', 'SiteB']


def test_two_engines_never_overcommit_one_site(lab, db):
    """Two placers, each with its own view, place 12 desktops at once."""
    lab.report('SiteA', [samples.host('sitea-1', used=(2, 0, 0)),
                         samples.host('sitea-2', used=(2, 0, 0))])
    commands = [lab.desktop(name='d%d' % n)[1] for n in range(12)]
    engines = [placer.Placer(view_mod.View()) for _ in range(2)]
    for engine in engines:
        engine.refresh()  # both see the same free capacity
    start = threading.Barrier(2)
    errors = []

    def run(engine, mine):
        start.wait()
        try:
            for command in mine:
                engine.place(command)
        except Exception as exc:  # noqa: reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(e, commands[n::2]))
               for n, e in enumerate(engines)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    used = {}
    for site, host, vcpus, _m, _d in db.counting_claims():
        used[(site, host)] = used.get((site, host), 0) + vcpus
    # SiteA had 2 VCPU free per host: one medium each, no more.
    assert used[('SiteA', 'sitea-1')] == 2
    assert used[('SiteA', 'sitea-2')] == 2
    assert all(vcpus <= 4 for vcpus in used.values())
    sites = [db.get_command(c.id).site.name for c in commands]
    assert sites.count('SiteA') == 2
    assert sites.count('SiteB') == 4


def test_no_room_anywhere_fails_and_says_why(lab, db):
    for name in ('SiteA', 'SiteB', 'SiteC', 'Central'):
        lab.fill(name)
    desktop, command = lab.desktop()
    outcome = placer.Placer().place(command)
    assert outcome.kind == placer.FAILED
    stored = db.get_command(command.id)
    assert stored.state == 'failed' and stored.error == outcome.message
    assert 'no site can take a desktop of flavor medium' in stored.error
    assert 'Central (shared pool): no compute host that is up has room' \
        in stored.error
    assert db.get_desktop(desktop.id).state == 'error'
    assert [(c.site.name, c.state) for c in db.list_claims()] == [
        ('SiteA', 'short')]


def test_scope_local_fails_instead_of_borrowing(lab, db):
    lab.fill('SiteA')
    _desktop, command = lab.desktop(scope='local')
    outcome = placer.Placer().place(command)
    assert outcome.kind == placer.FAILED
    assert 'scope local: no other site may take them' in outcome.message


def test_a_group_policy_narrows_the_scope(lab, db, config):
    config.set_override('group_scopes', {'north': 'local'}, 'placement')
    db.update_site('SiteA', {'group': 'north'})
    lab.fill('SiteA')
    _desktop, command = lab.desktop()
    assert placer.Placer().place(command).kind == placer.FAILED


def test_an_unknown_flavor_size_sends_the_command_home(lab, db):
    _desktop, command = lab.desktop(flavor='mystery')
    outcome = placer.Placer().place(command)
    assert outcome.kind == placer.UNPLACED
    assert outcome.command.site.name == 'SiteA'
    assert db.list_claims() == []


def test_a_stale_view_is_corrected_by_the_database(lab, db):
    the_placer = placer.Placer()
    the_placer.refresh()
    lab.fill('SiteA')  # the view does not know yet
    the_placer.view.refreshed_at = float('inf')  # and will not reload
    _desktop, command = lab.desktop()
    outcome = the_placer.place(command)
    assert outcome.command.site.name == 'SiteB'


def test_active_releases_and_failure_drops_the_claim(lab, db):
    desktop, command = lab.desktop()
    placer.Placer().place(command)
    progress.apply(command.id, 'succeeded',
                   {'server_id': NO_VALID_HOST['server_ids'][0]})
    assert [c.state for c in db.list_claims()] == ['released']
    other, command = lab.desktop(name='other')
    placer.Placer().place(command)
    progress.apply(command.id, 'failed', {'message': 'image is gone'})
    assert [c.desktop_id for c in db.list_claims()] == [desktop.id]
    assert db.get_desktop(other.id).state == 'error'


def test_no_valid_host_places_the_desktop_again(lab, db):
    lab.fill('SiteA')
    desktop, command = lab.desktop()
    placer.Placer().place(command)
    progress.apply(command.id, 'failed', NO_VALID_HOST)
    # The lender's ERROR server is deleted, apart from the desktop.
    deletes = db.list_commands(filters={'action': 'delete'})
    assert [(c.site.name, c.desktop_id, c.payload) for c in deletes] == [
        ('SiteB', None, {'server_id': NO_VALID_HOST['server_ids'][0]})]
    again = db.list_commands(filters={'action': 'create',
                                      'state': 'pending'})
    assert [c.site.name for c in again] == ['SiteA']
    assert 'scheduler_hints' not in again[0].payload
    stored = db.get_desktop(desktop.id)
    assert (stored.state, stored.site.name, stored.origin_site) == (
        'building', 'SiteA', None)
    assert db.refused_sites(desktop.id) == ['SiteB']
    # The next candidate: SiteB is not tried again.
    outcome = placer.Placer().place(again[0])
    assert outcome.command.site.name == 'SiteC'


def test_no_valid_host_gives_up_after_the_attempts(lab, db, config):
    config.set_override('max_placement_attempts', 2, 'placement')
    desktop, command = lab.desktop()
    for _attempt in range(2):
        command = placer.Placer().place(command).command
        progress.apply(command.id, 'failed', NO_VALID_HOST)
        command = (db.list_commands(filters={
            'action': 'create', 'state': 'pending'}) or [None])[0]
    assert command is None
    assert db.get_desktop(desktop.id).state == 'error'
    assert db.refused_sites(desktop.id) == ['SiteA', 'SiteB']


def test_no_valid_host_of_a_desktop_being_deleted_is_not_retried(lab, db):
    desktop, command = lab.desktop()
    placer.Placer().place(command)
    db.command_transition(command.id, ['pending'], 'sent')
    db.update_desktop(desktop.id, {'state': 'deleting'})
    progress.apply(command.id, 'failed', NO_VALID_HOST)
    assert db.list_commands(filters={'action': 'create',
                                     'state': 'pending'}) == []


def test_the_dispatcher_places_then_sends(lab, db, sites_bus):
    lab.fill('SiteA')
    _desktop, command = lab.desktop()
    sent = dispatcher.Dispatcher(sites_bus.api, engine_conftest.OwnsAll())
    assert sent.run_once() == 1
    [(site, method, kwargs)] = sites_bus.sent
    assert (site, method) == ('SiteB', 'execute')
    assert kwargs['command']['params']['scheduler_hints'] == {
        'desktop_origin_site': 'SiteA'}
    assert sent.run_once() == 0


def test_the_dispatcher_fails_what_fits_nowhere(lab, db, sites_bus):
    for name in ('SiteA', 'SiteB', 'SiteC', 'Central'):
        lab.fill(name)
    desktop, command = lab.desktop()
    sent = dispatcher.Dispatcher(sites_bus.api, engine_conftest.OwnsAll())
    assert sent.run_once() == 0
    assert sites_bus.sent == []
    assert db.get_command(command.id).state == 'failed'


def test_no_valid_host_words():
    assert desktops.no_valid_host(NO_VALID_HOST)
    assert desktops.no_valid_host({'message': 'x', 'fault': {
        'message': 'No valid host was found. '}})
    assert not desktops.no_valid_host({'message': 'quota exceeded'})
    assert not desktops.no_valid_host(None)


def test_each_dispatcher_run_sees_the_sites_as_they_are(lab, db,
                                                        sites_bus):
    lab.fill('SiteA')
    sent = dispatcher.Dispatcher(sites_bus.api, engine_conftest.OwnsAll())
    lab.desktop(name='first')
    sent.run_once()
    # SiteC moves next door to SiteA; the next run knows at once.
    db.update_site('SiteC', {'latitude': 50.9, 'longitude': 4.4})
    lab.desktop(name='second')
    sent.run_once()
    assert [site for site, _method, _kwargs in sites_bus.sent] == [
        'SiteB', 'SiteC']
