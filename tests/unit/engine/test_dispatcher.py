"""The dispatcher: claim pending commands, then cast each exactly once."""

import threading

from oslo_messaging import exceptions as messaging_exceptions

from central_cloud.engine import dispatcher
from central_cloud.engine import times
from tests.unit.engine import conftest
from tests.unit.engine import samples


def test_pending_command_is_claimed_then_cast(db, make_site, sites_bus,
                                              clock):
    make_site('SiteA')
    desktop, command = samples.create_desktop(db)
    sent = dispatcher.Dispatcher(sites_bus.api, conftest.OwnsAll())
    assert sent.run_once() == 1
    [(site, method, kwargs)] = sites_bus.sent
    assert (site, method) == ('SiteA', 'execute')
    assert kwargs['command'] == {
        'id': command.id, 'action': 'create', 'site': 'SiteA',
        'created_at': times.wire(command.created_at),
        'params': command.payload}
    stored = db.get_command(command.id)
    assert (stored.state, stored.attempts, stored.last_sent_at) == (
        'sent', 1, clock.now)
    # Nothing pending any more: the next run sends nothing.
    assert sent.run_once() == 0
    assert len(sites_bus.sent) == 1


def test_unreachable_sites_keep_their_commands_pending(db, make_site,
                                                       sites_bus):
    make_site('Away')
    make_site('Unmanaged', management_state='unmanaged')
    make_site('Fixing', management_state='maintenance')
    make_site('Here')
    for name in ('Away', 'Unmanaged', 'Fixing', 'Here'):
        samples.create_desktop(db, site=name)
    conftest.set_availability('Away', 'offline')
    assert dispatcher.Dispatcher(sites_bus.api,
                                 conftest.OwnsAll()).run_once() == 1
    assert [c['site'] for c in sites_bus.commands()] == ['Here']
    states = {c.site.name: c.state for c in db.list_commands()}
    assert states == {'Away': 'pending', 'Unmanaged': 'pending',
                      'Fixing': 'pending', 'Here': 'sent'}


def test_sites_of_another_engine_are_left_alone(db, make_site, sites_bus):
    make_site('SiteA')
    samples.create_desktop(db)
    assert dispatcher.Dispatcher(sites_bus.api,
                                 conftest.OwnsNothing()).run_once() == 0
    assert sites_bus.sent == []


def test_two_dispatchers_racing_cast_each_command_once(db, make_site,
                                                       sites_bus):
    for n in range(4):
        make_site('Site%d' % n)
    commands = [samples.create_desktop(db, site='Site%d' % (n % 4),
                                       name='d%d' % n)[1]
                for n in range(40)]
    lock = threading.Lock()

    class Recording(object):
        # Both engines share one recorder of what reached the bus.
        def execute(self, ctxt, site, command):
            with lock:
                sites_bus.api.execute(ctxt, site, command)

    engines = [dispatcher.Dispatcher(Recording(), conftest.OwnsAll(),
                                     batch_size=100) for _ in range(2)]
    start = threading.Barrier(2)
    counts = []

    def run(engine):
        start.wait()
        counts.append(engine.run_once())

    threads = [threading.Thread(target=run, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    cast = [c['id'] for c in sites_bus.commands()]
    assert sorted(cast) == sorted(c.id for c in commands)
    assert len(set(cast)) == len(cast) == sum(counts) == 40
    assert {c.state for c in db.list_commands()} == {'sent'}


def test_a_command_the_protocol_refuses_fails_at_once(db, make_site,
                                                      sites_bus):
    make_site('SiteA')
    desktop, _command = samples.create_desktop(db)
    bad = db.create_command('SiteA', 'create', desktop_id=desktop.id,
                            payload={'name': 'x'})  # no flavor
    dispatcher.Dispatcher(sites_bus.api, conftest.OwnsAll()).run_once()
    stored = db.get_command(bad.id)
    assert stored.state == 'failed'
    assert stored.error.startswith("cannot be sent: Invalid 'execute' "
                                   "message: command.params.flavor is "
                                   "required")
    assert db.get_desktop(desktop.id).state == 'error'
    assert len(sites_bus.commands()) == 1


def test_a_failed_cast_is_left_to_the_redrive(db, make_site, sites_bus,
                                              caplog):
    make_site('SiteA')
    _desktop, command = samples.create_desktop(db)
    sites_bus.error = messaging_exceptions.MessageDeliveryFailure('down')
    assert dispatcher.Dispatcher(sites_bus.api,
                                 conftest.OwnsAll()).run_once() == 0
    assert db.get_command(command.id).state == 'sent'
    assert 'the re-drive sends it again' in caplog.text
