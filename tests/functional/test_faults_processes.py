"""The engine and a site agent killed with SIGKILL mid-work.

* The engine dies right after it cast the first command of a batch (its
  log says it sent it): the others are claimed or still pending, and the
  engine the lab starts again, the re-drive and the site's resync must
  finish each exactly once.
* A site agent dies while commands for it keep arriving: what it had
  accepted and not finished, and what waited in its queue, is run once
  it is back (the runner dedupes by command id, a create finds the
  server it already asked Nova for).

After each: every command succeeded once, one server each in Nova, the
site's reports without a gap, its outbox drained with no dead item.
"""

import os
import time

from tests.functional import conftest
from tests.functional import faults

ENGINE_SITE = 'SiteA'
AGENT_SITE = 'SiteB'
BATCH = 5


class LogWatch(object):
    """New lines of a lab log, from the moment it was made."""

    def __init__(self, path):
        self.path = path
        with open(path, 'rb') as f:
            f.seek(0, os.SEEK_END)
            self.offset = f.tell()

    def wait_for(self, words, timeout):
        """The first new line that holds one of ``words``."""
        deadline = time.monotonic() + timeout
        partial = b''
        while time.monotonic() < deadline:
            with open(self.path, 'rb') as f:
                f.seek(self.offset)
                chunk = f.read()
            self.offset += len(chunk)
            lines = (partial + chunk).split(b'\n')
            partial = lines.pop()
            for line in lines:
                text = line.decode('utf-8', 'replace')
                if any(word in text for word in words):
                    return text
            time.sleep(0.01)
        raise AssertionError('none of %s in %s within %d s'
                             % (words, self.path, timeout))


def _create_batch(api, site, prefix, count):
    resp = api.post('/v1/desktops', json={
        'home_site': site, 'template_type': 'office',
        'flavor': 'desktop.small', 'count': count, 'name': prefix,
        'owner': 'tester', 'scope': 'local'})
    assert resp.status_code == 202, resp.text
    return [(d['id'], d['command_id']) for d in resp.json()['desktops']]


def test_engine_sigkill_after_first_cast_of_a_batch(lab):
    api = lab.central()
    conftest.wait_for_room(api, ENGINE_SITE, count=BATCH)
    baseline = faults.Baseline(lab, api, ENGINE_SITE)
    created = []
    try:
        with faults.restarted(lab, faults.ENGINE):
            pid = faults.pid_of(lab, faults.ENGINE)
            watch = LogWatch(lab.log(faults.ENGINE))
            created = _create_batch(api, ENGINE_SITE, 'fault-engine',
                                    BATCH)
            ids = [command_id for _d, command_id in created]
            watch.wait_for(['Sent command %s' % c for c in ids],
                           faults.STATE_WAIT)
            faults.kill9(pid, faults.ENGINE)
            faults.restart(faults.ENGINE)
        faults.assert_nothing_lost(lab, api, ENGINE_SITE, created, baseline)
    finally:
        faults.delete(api, [desktop_id for desktop_id, _c in created])


def test_agent_sigkill_while_commands_keep_arriving(lab):
    api = lab.central()
    service = faults.agent_service(AGENT_SITE)
    conftest.wait_for_room(api, AGENT_SITE, count=BATCH)
    baseline = faults.Baseline(lab, api, AGENT_SITE)
    created = []
    try:
        with faults.restarted(lab, service):
            pid = faults.pid_of(lab, service)
            watch = LogWatch(lab.log(service))
            created.append(faults.create(api, AGENT_SITE, 'fault-agent-1'))
            created.append(faults.create(api, AGENT_SITE, 'fault-agent-2'))
            # The agent has taken the first one and works on it.
            watch.wait_for(['Command %s (create) accepted' % created[0][1]],
                           faults.STATE_WAIT)
            faults.kill9(pid, service)
            for index in range(3, BATCH + 1):
                created.append(faults.create(api, AGENT_SITE,
                                             'fault-agent-%d' % index))
            faults.wait_sent(api, created[-1][1])
            faults.restart(service)
        faults.assert_nothing_lost(lab, api, AGENT_SITE, created, baseline)
    finally:
        faults.delete(api, [desktop_id for desktop_id, _c in created])
