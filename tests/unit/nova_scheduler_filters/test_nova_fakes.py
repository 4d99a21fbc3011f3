"""nova's test fakes load here without patching the process."""

import sys
import threading

from nova import monkey_patch

from tests.unit.nova_scheduler_filters import nova_fakes


def test_novas_fake_host_state_is_novas_own_class():
    assert nova_fakes.FakeHostState.__module__ == (
        'nova.tests.unit.scheduler.fakes')


def test_importing_the_fakes_leaves_threads_unpatched():
    assert not monkey_patch.is_patched()
    eventlet = sys.modules.get('eventlet')
    if eventlet is not None:
        assert not eventlet.patcher.is_monkey_patched('thread')
    assert threading.current_thread().__class__.__module__ == 'threading'
