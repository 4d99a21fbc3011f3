"""The re-drive: stalled commands are cast again, then given up on."""

import uuid

from central_cloud.engine import dispatcher
from central_cloud.engine import progress
from central_cloud.engine import redrive
from tests.unit.engine import conftest
from tests.unit.engine import samples


def _engine(sites_bus, after=60, attempts=3):
    return (dispatcher.Dispatcher(sites_bus.api, conftest.OwnsAll()),
            redrive.Redriver(sites_bus.api, conftest.OwnsAll(), after,
                             attempts))


def test_stalled_command_is_sent_again_then_given_up(db, make_site,
                                                     sites_bus, clock):
    make_site('SiteA')
    desktop, command = samples.create_desktop(db)
    dispatch, redriver = _engine(sites_bus)
    dispatch.run_once()
    clock.advance(30)
    assert redriver.run_once() == (0, 0)  # not stalled yet
    for attempt in (2, 3):
        clock.advance(61)
        assert redriver.run_once() == (1, 0)
        assert db.get_command(command.id).attempts == attempt
    assert [c['id'] for c in sites_bus.commands()] == [command.id] * 3
    clock.advance(61)
    assert redriver.run_once() == (0, 1)
    stored = db.get_command(command.id)
    assert stored.state == 'failed'
    assert stored.error == (
        'central gave up: no progress from site SiteA after 3 attempts, '
        'each 60 s apart; check the site agent, then create the command '
        'again')
    assert db.get_desktop(desktop.id).state == 'error'
    assert len(sites_bus.commands()) == 3


def test_progress_keeps_a_command_from_the_redrive(db, make_site,
                                                   sites_bus, clock):
    make_site('SiteA')
    _desktop, command = samples.create_desktop(db)
    dispatch, redriver = _engine(sites_bus)
    dispatch.run_once()
    clock.advance(50)
    progress.apply(command.id, 'running')
    clock.advance(50)
    assert redriver.run_once() == (0, 0)


def test_an_unplaced_create_is_left_to_the_dispatcher(
        db, make_site, sites_bus, clock):
    make_site('SiteA')
    desktop, command = samples.create_desktop(db)
    db.update_desktop(desktop.id, {'server_uuid': str(uuid.uuid4()),
                                   'state': 'active'})
    stop = samples.server_command(db, db.get_desktop(desktop.id), 'stop')
    _dispatch, redriver = _engine(sites_bus)
    clock.advance(61)
    assert redriver.run_once() == (1, 0)
    assert [c['id'] for c in sites_bus.commands()] == [stop.id]
    assert db.get_command(command.id).state == 'pending'


def test_unmanaged_site_gets_no_cast(db, make_site, sites_bus, clock):
    make_site('SiteA')
    _desktop, command = samples.create_desktop(db)
    dispatch, redriver = _engine(sites_bus)
    dispatch.run_once()
    db.update_site('SiteA', {'management_state': 'unmanaged'})
    clock.advance(61)
    assert redriver.run_once() == (0, 0)
    assert len(sites_bus.commands()) == 1
    assert db.get_command(command.id).attempts == 2


def test_only_the_owner_of_the_job_runs_it(db, make_site, sites_bus,
                                           clock):
    make_site('SiteA')
    samples.create_desktop(db)
    dispatcher.Dispatcher(sites_bus.api, conftest.OwnsAll()).run_once()
    clock.advance(61)
    other = redrive.Redriver(sites_bus.api, conftest.OwnsNothing(), 60, 3)
    assert other.run_once() == (0, 0)
