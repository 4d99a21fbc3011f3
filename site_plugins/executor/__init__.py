"""Running central's management commands in the site cloud (M5).

``runner.CommandRunner`` takes commands from the RPC endpoint and the
resync, dedupes them by command id, runs them on a small thread pool and
records their progress in the outbox. ``executor.Executor`` dispatches one
command to ``create``, ``server_actions`` or ``configure``; ``waiter``
follows a server to its final state and ``results`` shapes what central
is told.
"""
