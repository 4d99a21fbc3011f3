"""The one timer thread's queue, on a fake clock."""

from site_plugins.simulator import scheduler as scheduler_mod


def test_due_calls_run_in_time_order_and_repeat(clock):
    scheduler = scheduler_mod.Scheduler(clock)
    calls = []
    scheduler.call_at(clock.now + 5, calls.append, 'b')
    scheduler.call_at(clock.now + 1, calls.append, 'a')
    scheduler.call_every(10, clock.now + 2, calls.append, 'tick')
    assert scheduler.run_due() == clock.now + 1
    clock.advance(5)
    scheduler.run_due()
    assert calls == ['a', 'tick', 'b']
    clock.advance(10)
    scheduler.run_due()
    assert calls == ['a', 'tick', 'b', 'tick']


def test_a_failing_call_does_not_stop_the_others(clock):
    scheduler = scheduler_mod.Scheduler(clock)
    calls = []
    scheduler.call_at(clock.now, lambda: 1 / 0)
    scheduler.call_at(clock.now, calls.append, 'after')
    assert scheduler.run_due() is None
    assert calls == ['after']
