"""Waiting between two looks at an image or a server during a build."""

import time

from site_plugins.executor import results

POLL = 1.0


def pause(stopping, seconds=POLL):
    """Sleep; raise ``Interrupted`` if the agent stops meanwhile."""
    if stopping is None:
        time.sleep(seconds)
    elif stopping.wait(seconds):
        raise results.Interrupted('the agent is stopping')
