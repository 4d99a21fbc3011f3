"""The command runner: one run per command id, results kept and resent."""

import threading

import pytest

from site_plugins.executor import results
from site_plugins.executor import runner
from site_plugins.outbox import records
from tests.unit.protocol import samples
from tests.unit.site_plugins import conftest


class FakeExecutor(object):
    def __init__(self):
        self.runs = []
        self.release = threading.Event()
        self.release.set()
        self.outcome = (results.SUCCEEDED, results.succeeded('done'))

    def run(self, command):
        self.runs.append(command['id'])
        self.release.wait(5)
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome


@pytest.fixture
def executor():
    return FakeExecutor()


@pytest.fixture
def commands(executor, db, outbox, book):
    pool = runner.CommandRunner(executor, outbox, records.Records(db), book,
                                workers=2)
    yield pool
    pool.shutdown(wait=True)


def _states(outbox):
    return [p['state'] for p in conftest.payloads(outbox, 'progress')]


def test_progress_then_result(commands, outbox):
    command = samples.server_command('stop', conftest.SITE)
    assert commands.submit(command)
    assert commands.wait_idle(5)
    assert _states(outbox) == ['running', 'succeeded']
    final = conftest.payloads(outbox, 'progress')[-1]
    assert final == {'command_id': command['id'], 'state': 'succeeded',
                     'result': {'message': 'done'}}


def test_a_running_command_is_not_run_twice(commands, executor, outbox):
    executor.release.clear()
    command = samples.server_command('stop', conftest.SITE)
    assert commands.submit(command)
    assert not commands.submit(command)
    executor.release.set()
    assert commands.wait_idle(5)
    assert executor.runs == [command['id']]


def test_a_finished_command_is_reported_again_not_run(commands, executor,
                                                      outbox):
    command = samples.server_command('delete', conftest.SITE)
    commands.submit(command)
    commands.wait_idle(5)
    assert not commands.submit(command)
    assert executor.runs == [command['id']]
    assert _states(outbox) == ['running', 'succeeded', 'succeeded']


def test_an_unexpected_error_fails_the_command_with_an_alarm(
        commands, executor, outbox):
    executor.outcome = KeyError('flavor')
    command = samples.server_command('start', conftest.SITE)
    commands.submit(command)
    assert commands.wait_idle(5)
    final = conftest.payloads(outbox, 'progress')[-1]
    assert final['state'] == 'failed'
    assert final['result']['message'] == (
        "The site agent failed to run the command: KeyError: 'flavor'")
    [alarm] = conftest.payloads(outbox, 'alarm')
    assert alarm['alarm']['kind'] == 'command_failed'
    assert alarm['alarm']['key'] == 'command-failed:' + command['id']
    # The runner goes on.
    executor.outcome = (results.SUCCEEDED, results.succeeded('ok'))
    commands.submit(samples.server_command('stop', conftest.SITE))
    assert commands.wait_idle(5)
    assert _states(outbox)[-1] == 'succeeded'


def test_an_interrupted_command_is_left_unfinished(commands, executor,
                                                   outbox, db):
    executor.outcome = results.Interrupted('stopping')
    command = samples.server_command('stop', conftest.SITE)
    commands.submit(command)
    assert commands.wait_idle(5)
    assert _states(outbox) == ['running']
    assert records.Records(db).finished(command['id']) is None


def test_reject_reports_the_reason(commands, outbox):
    command_id = samples.new_id()
    commands.reject(command_id, None, "Invalid 'execute' message: bad")
    final = conftest.payloads(outbox, 'progress')[-1]
    assert final == {'command_id': command_id, 'state': 'failed',
                     'result': {'message': "Invalid 'execute' message: bad"}}
