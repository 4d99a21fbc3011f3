"""The WAN broker killed with SIGKILL while commands are in flight.

The broker dies after the first command of a burst was sent and before
the last one is asked for; the lab starts it again. Non-durable queues and
the messages in them are gone with it: what central had sent and the site
had not taken is sent again by the re-drive, what the site had done is
reported from its outbox. Afterwards every command succeeded once, with
one server each in Nova, and the site's reports arrived without a gap.
"""

from tests.functional import conftest
from tests.functional import faults

SITE = 'SiteA'
BURST = 4


def test_wan_broker_sigkill_mid_burst_loses_nothing(lab):
    api = lab.central()
    conftest.wait_for_room(api, SITE, count=BURST)
    baseline = faults.Baseline(lab, api, SITE)
    created = []
    try:
        with faults.restarted(lab, faults.WAN):
            created.append(faults.create(api, SITE, 'fault-wan-1'))
            faults.wait_sent(api, created[0][1])
            created.append(faults.create(api, SITE, 'fault-wan-2'))
            faults.kill9(faults.pid_of(lab, faults.WAN), faults.WAN)
            # The API needs no bus: the rest of the burst is stored.
            for index in range(3, BURST + 1):
                created.append(faults.create(api, SITE,
                                             'fault-wan-%d' % index))
            faults.restart(faults.WAN)
        faults.assert_nothing_lost(lab, api, SITE, created, baseline)
    finally:
        faults.delete(api, [desktop_id for desktop_id, _c in created])
