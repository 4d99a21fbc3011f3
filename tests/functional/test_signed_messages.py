"""Signed protocol messages against the lab's real engine, bus and DB.

Two sites of the test's own (a name prefix, ``reserve_ratio`` 1.0, no
agent) get their credentials from ``desktop-central-manage site
credentials create``: a broker user on the TLS-only WAN node and a
signing key. The test then speaks as those sites over the real bus, with
the project's own RPC client, and proves where the effects live
(central's API):

* a report for site B signed with site A's key, whether it says it is
  from A or from B, is dropped: nothing is stored for B, and B gets a
  ``message_signature_invalid`` alarm;
* a correctly signed report is stored;
* a key rotation with an overlap loses nothing: deliveries signed with
  the old key before and right after the rotation, and with the new key,
  are all acknowledged and stored without a gap; after the overlap the
  old key is refused (nothing stored) and the new one still works.

The sites, their broker users and keys are removed at the end.
"""

import json
import os
import secrets
import subprocess
import time

from oslo_concurrency import lockutils
from oslo_config import cfg
import pytest

from central_cloud.protocol import central_api
from central_cloud.protocol import exception as protocol_exception
from central_cloud.protocol import rpc
from central_cloud.protocol import signing
from central_cloud.protocol import topics
from central_cloud.protocol import versions
from desktop_lab import federation
from desktop_lab import layout as layout_mod
from desktop_lab import rabbit
from tests.functional import faults
from tests.unit.engine import samples

WAIT = 60
POLL = 0.5
OVERLAP = 20


def _wait(what, check, timeout=WAIT):
    return faults.poll(what, check, timeout, interval=POLL)


class AgentlessSite(object):
    """A registered site without an agent; the test speaks in its name."""

    def __init__(self, lab, api, name, tmp):
        self.lab, self.api, self.name, self.tmp = lab, api, name, tmp
        self.lay = layout_mod.Layout(lab.dir, lab.state['topology'])
        self.issued = None
        self.transports = []

    def manage(self, *args):
        out = subprocess.run(
            [self.lay.bin('desktop-central-manage'),
             '--config-file', federation.central_conf_path(self.lay)] +
            list(args), capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, (args, out.stderr[-2000:])
        return out

    def register(self):
        resp = self.api.post('/v1/sites', json={
            'name': self.name, 'region': self.name, 'latitude': 1.0,
            'longitude': 1.0, 'reserve_ratio': 1.0})
        assert resp.status_code == 201, resp.text

    def credentials(self, action='create', *extra):
        path = os.path.join(self.tmp, '%s-%s.json' % (self.name, action))
        self.manage('site', 'credentials', action, self.name,
                    '--output', path, *extra)
        with open(path) as f:
            issued = json.load(f)
        # A rotation changes the broker password too; connections made
        # before it stay open.
        self.issued = issued
        return issued['signing_key_id'], issued['signing_key']

    def client(self, key, claimed=None):
        """A central RPC client over this site's broker user."""
        path = os.path.join(self.tmp, '%s-bus.conf' % self.name)
        with open(path, 'w') as f:
            f.write('[oslo_messaging_rabbit]\nssl = true\nssl_ca_file = %s\n'
                    'use_queue_manager = true\nhostname = %s\n\n'
                    '[oslo_concurrency]\nlock_path = %s\n'
                    % (rabbit.wan_tls(self.lay)['ca'], self.name, self.tmp))
        conf = cfg.ConfigOpts()
        conf(['--config-file', path], project='desktop-federation',
             default_config_files=[])
        # The queue manager's lock is taken through the global config.
        lockutils.set_defaults(self.tmp)
        transport = rpc.get_rpc_transport(
            conf, url=self.issued['transport_url'])
        self.transports.append(transport)
        return central_api.CentralAPI(transport, signer=signing.SiteSigner(
            claimed or self.name, *key))

    def monitoring(self):
        resp = self.api.get('/v1/monitoring/%s' % self.name,
                            params={'history': 100})
        assert resp.status_code == 200, resp.text
        return resp.json()['site']

    def last_seq(self):
        """The seq of central's latest report of the site (None: none)."""
        report = self.monitoring()['report']
        return report and report['seq']

    def history(self):
        return [entry['seq'] for entry in self.monitoring()['history']]

    def alarm(self):
        alarms = self.api.get('/v1/alarms', params={
            'site': self.name,
            'kind': 'message_signature_invalid'}).json()['alarms']
        assert len(alarms) <= 1, alarms  # one row per (site, key)
        return alarms[0] if alarms else None

    def cleanup(self):
        for transport in self.transports:
            transport.cleanup()
        if self.issued is not None:
            self.manage('site', 'credentials', 'revoke', self.name)
        self.api.delete('/v1/sites/%s' % self.name, raise_exc=False)


@pytest.fixture
def sites(lab, tmp_path):
    api = lab.central()
    prefix = 'signed%s' % secrets.token_hex(3)
    made = [AgentlessSite(lab, api, '%s-%s' % (prefix, x), str(tmp_path))
            for x in 'ab']
    try:
        for site in made:
            site.register()
        yield made
    finally:
        for site in made:
            site.cleanup()


def _report(site, seq):
    return samples.report(site=site, seq=seq, at=time.strftime(
        '%Y-%m-%dT%H:%M:%SZ', time.gmtime()))


def _deliver(api, site, seq):
    return api.deliver({}, site, [samples.item(
        seq, 'report', {'report': _report(site, seq)})], timeout=30)


def _deliver_until_acked(api, site, seq, timeout=WAIT):
    """Deliver as the agent's courier does: again after a refusal."""
    def attempt():
        try:
            return _deliver(api, site, seq)
        except protocol_exception.SignatureRejected:
            return None
    return _wait('central to acknowledge report %d of %s' % (seq, site),
                 attempt, timeout)


def test_a_report_signed_with_another_site_key_is_rejected(sites):
    site_a, site_b = sites
    key_a = site_a.credentials()
    site_b.credentials()
    as_a = site_a.client(key_a)
    # A's key, A's name on the signature, B's name in the report: a cast
    # (dropped without an answer), and a delivery that A's own code sends
    # past the client's checks (refused to the caller).
    as_a.report({}, _report(site_b.name, 7), retry=0)
    args = {'site': site_b.name, 'items': [samples.item(
        8, 'report', {'report': _report(site_b.name, 8)})]}
    raw = rpc.get_rpc_client(site_a.transports[-1], topics.CENTRAL_TOPIC)
    with pytest.raises(protocol_exception.SignatureRejected,
                       match='names site %s' % site_b.name):
        raw.prepare(version=versions.DELIVER, timeout=30).call(
            signing.signed_context({}, 'deliver', args, site_a.name,
                                   [key_a]), 'deliver', **args)
    # A's key, claiming to be B.
    as_b = site_a.client(key_a, claimed=site_b.name)
    with pytest.raises(protocol_exception.SignatureRejected,
                       match='no valid key of site %s' % site_b.name):
        _deliver(as_b, site_b.name, 9)
    alarm = _wait('the message_signature_invalid alarm of %s'
                  % site_b.name, site_b.alarm)
    assert alarm['state'] == 'raised' and alarm['severity'] == 'critical'
    assert key_a[1] not in json.dumps(alarm)
    # A correctly signed report of A is stored; the cast above was
    # handled before it (one queue), so nothing of B will turn up late.
    assert _deliver(as_a, site_a.name, 1) == {'acked': [1]}
    _wait('report 1 of %s' % site_a.name,
          lambda: site_a.last_seq() == 1)
    assert site_b.last_seq() is None
    assert site_b.history() == []
    assert site_a.alarm() is None


def test_a_rotation_with_overlap_loses_nothing(sites):
    site_a = sites[0]
    old_key = site_a.credentials()
    old = site_a.client(old_key)
    for seq in range(1, 4):
        assert _deliver(old, site_a.name, seq) == {'acked': [seq]}
    rotated_at = time.monotonic()  # the overlap starts within the command
    new_key = site_a.credentials('rotate', '--key-overlap', str(OVERLAP))
    assert new_key[0] != old_key[0]
    # Items the site signed with its old key still arrive after the
    # rotation (an outbox sent before the agent got its new key).
    for seq in range(4, 7):
        assert _deliver(old, site_a.name, seq) == {'acked': [seq]}
    new = site_a.client(new_key)
    for seq in range(7, 10):
        assert _deliver_until_acked(new, site_a.name, seq) == {
            'acked': [seq]}
    # Once the overlap is over, the old key is refused.
    seq = 10
    while True:
        try:
            _deliver(old, site_a.name, seq)
        except protocol_exception.SignatureRejected:
            break
        assert time.monotonic() - rotated_at < OVERLAP + 40, (
            'the old key was still accepted %d s after a rotation with an '
            'overlap of %d s' % (time.monotonic() - rotated_at, OVERLAP))
        seq += 1
        time.sleep(POLL)
    assert time.monotonic() - rotated_at >= OVERLAP
    refused = seq
    _wait('the reports up to %d of %s' % (refused - 1, site_a.name),
          lambda: site_a.last_seq() == refused - 1)
    assert site_a.history() == list(range(1, refused))
    assert _deliver(new, site_a.name, refused) == {'acked': [refused]}
    _wait('report %d of %s' % (refused, site_a.name),
          lambda: site_a.history() == list(range(1, refused + 1)))
