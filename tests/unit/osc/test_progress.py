"""--wait: following desktops through their commands."""

import io

from keystoneauth1 import exceptions as ks_exceptions
import pytest

from central_cloud.osc import exceptions
from central_cloud.osc.v1 import progress
from tests.unit.osc import fakes


class FakeAPI(object):
    """Answers from scripted lists, the last one repeating."""

    def __init__(self, commands=None, desktops=None):
        self.commands = commands or {}
        self.desktops = desktops or {}

    @staticmethod
    def _next(script):
        answer = script.pop(0) if len(script) > 1 else script[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def get_command(self, command_id):
        return self._next(self.commands[command_id])

    def get_desktop(self, desktop_id):
        return self._next(self.desktops[desktop_id])


def waiter(api, timeout=60):
    clock = fakes.Clock()
    return progress.Waiter(api, io.StringIO(), timeout=timeout,
                           clock=clock, sleep=clock.sleep)


def create_watch(desktop_id=fakes.DESKTOP_ID, command_id=fakes.COMMAND_ID,
                 site='SiteC', name='desk-1'):
    return progress.Watch(
        fakes.desktop(id=desktop_id, site=site, name=name), 'create',
        {'id': command_id, 'state': 'pending', 'site': site})


def test_per_desktop_lines_and_per_site_counts():
    commands = {
        fakes.COMMAND_ID: [fakes.command(state='sent'),
                           fakes.command(state='succeeded')],
        fakes.COMMAND_ID2: [fakes.command(id=fakes.COMMAND_ID2, site='SiteA',
                                          state='failed', error='no host')]}
    desktops = {
        fakes.DESKTOP_ID: [fakes.desktop(state='active')],
        fakes.DESKTOP_ID2: [fakes.desktop(id=fakes.DESKTOP_ID2, name='desk-2',
                                          site='SiteA', state='error')]}
    api = FakeAPI(commands=commands, desktops=desktops)
    watches = [create_watch(),
               create_watch(fakes.DESKTOP_ID2, fakes.COMMAND_ID2, 'SiteA',
                            'desk-2')]
    w = waiter(api)
    failed = w.wait(watches)
    assert failed == [watches[1]]
    assert watches[0].ok and watches[0].desktop['state'] == 'active'
    assert watches[1].error == 'no host'
    lines = w.stream.getvalue().splitlines()
    assert lines == [
        'SiteC: desk-1 (%s): create pending, desktop building'
        % fakes.DESKTOP_ID,
        'SiteA: desk-2 (%s): create pending, desktop building'
        % fakes.DESKTOP_ID2,
        'SiteC: desk-1 (%s): create sent, desktop building'
        % fakes.DESKTOP_ID,
        'SiteA: desk-2 (%s): create failed: no host, desktop error'
        % fakes.DESKTOP_ID2,
        'SiteA: 1 of 1 desktop(s) done, 1 failed',
        'SiteC: desk-1 (%s): create succeeded, desktop active'
        % fakes.DESKTOP_ID,
        'SiteC: 1 of 1 desktop(s) done, 0 failed']
    assert progress.failure_messages(failed) == [
        'SiteA: desk-2 (%s): create failed: no host' % fakes.DESKTOP_ID2]


def test_a_timeout_fails_what_is_left():
    api = FakeAPI(commands={fakes.COMMAND_ID: [fakes.command(
        state='running')]})
    watch = create_watch()
    w = waiter(api, timeout=5)
    assert w.wait([watch]) == [watch]
    assert watch.error == 'not done within 5 s'
    assert w.stream.getvalue().splitlines()[-2:] == [
        'SiteC: desk-1 (%s): create running: not done within 5 s, desktop '
        'building' % fakes.DESKTOP_ID,
        'SiteC: 1 of 1 desktop(s) done, 1 failed']


def test_passing_errors_are_retried():
    api = FakeAPI(commands={fakes.COMMAND_ID: [
        exceptions.APIError(503, 'database down'),
        ks_exceptions.ConnectFailure('refused'),
        fakes.command(state='succeeded')]},
        desktops={fakes.DESKTOP_ID: [fakes.desktop(state='active')]})
    watch = create_watch()
    assert waiter(api).wait([watch]) == []


def test_other_errors_end_the_wait():
    api = FakeAPI(commands={fakes.COMMAND_ID: [
        exceptions.Forbidden(403, 'not allowed')]})
    with pytest.raises(exceptions.Forbidden):
        waiter(api).wait([create_watch()])


def test_a_desktop_deleted_during_its_create_reads_deleted():
    api = FakeAPI(commands={fakes.COMMAND_ID: [
        fakes.command(state='succeeded')]},
        desktops={fakes.DESKTOP_ID: [exceptions.NotFound(404, 'gone')]})
    watch = create_watch()
    assert waiter(api).wait([watch]) == []
    assert watch.desktop['state'] == 'deleted'


def test_a_failed_delete_command_fails():
    api = FakeAPI(commands={fakes.COMMAND_ID: [fakes.command(
        action='delete', state='failed', error='server is locked')]},
        desktops={fakes.DESKTOP_ID: [fakes.desktop(state='error')]})
    watch = progress.Watch(fakes.desktop(state='deleting'), 'delete',
                           fakes.command(action='delete'))
    assert waiter(api).wait([watch]) == [watch]
    assert watch.error == 'server is locked'


def test_a_deferred_delete_that_ends_in_error_fails():
    api = FakeAPI(desktops={fakes.DESKTOP_ID: [
        fakes.desktop(state='deleting'), fakes.desktop(state='error')]})
    watch = progress.Watch(fakes.desktop(state='deleting'), 'delete')
    assert waiter(api).wait([watch]) == [watch]
    assert 'in error' in watch.error


def test_a_desktop_placed_at_a_lender_is_shown_there():
    api = FakeAPI(commands={fakes.COMMAND_ID: [
        fakes.command(state='sent', site='SiteA'),
        fakes.command(state='succeeded', site='SiteA')]},
        desktops={fakes.DESKTOP_ID: [fakes.desktop(
            site='SiteA', origin_site='SiteC', state='active')]})
    watch = create_watch()
    w = waiter(api)
    assert w.wait([watch]) == []
    assert watch.row()['site'] == 'SiteA'
    assert watch.row()['origin_site'] == 'SiteC'
    assert w.stream.getvalue().splitlines()[1:] == [
        'SiteA: desk-1 (%s): create sent, desktop building'
        % fakes.DESKTOP_ID,
        'SiteA: desk-1 (%s): create succeeded, desktop active'
        % fakes.DESKTOP_ID,
        'SiteA: 1 of 1 desktop(s) done, 0 failed']
