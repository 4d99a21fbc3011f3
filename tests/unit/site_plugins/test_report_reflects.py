"""A report says which finished commands it reflects (1.5)."""

from site_plugins.monitors import base
from site_plugins.monitors import report
from tests.unit.protocol import samples
from tests.unit.site_plugins import conftest


class Busy(base.Monitor):
    """A monitor during whose look a command finishes."""

    name = 'busy'
    alarm_kinds = ()

    def __init__(self, outbox):
        self.outbox = outbox

    def collect(self):
        self.outbox.put('progress', {'command_id': samples.new_id(),
                                     'state': 'succeeded', 'result': None})
        return base.Observation({'hosts': []}, [])


def test_reflects_spans_what_finished_while_the_monitors_looked(
        conf, book, outbox):
    outbox.put('progress', {'command_id': samples.new_id(),
                            'state': 'succeeded', 'result': None})
    reporter = report.Reporter(conftest.SITE, conf, [Busy(outbox)], book,
                               outbox)
    sent = reporter.report_once()
    # Item 1 finished before: reflected. Item 2 finished during the look:
    # maybe. The report itself is item 3.
    assert sent['reflects'] == {'through': 1, 'until': 2}
    assert outbox.last_seq() == 3
