"""What a monitor is: it looks at the site and says what it saw."""

import abc
import collections

# ``sections``: top-level fields of the report (e.g. {'hosts': [...]});
# ``conditions``: the ``alarms.Condition`` that hold now, for the alarm
# kinds the monitor owns.
Observation = collections.namedtuple('Observation',
                                     ['sections', 'conditions'])


class Monitor(abc.ABC):
    """One part of the monitoring report."""

    #: The entry point name.
    name = None
    #: The alarm kinds this monitor raises, and clears when they stop.
    alarm_kinds = ()

    def __init__(self, backend, conf, site):
        self.backend = backend
        self.conf = conf
        self.site = site

    @abc.abstractmethod
    def collect(self):
        """An ``Observation``; raise if the site cannot be read."""
