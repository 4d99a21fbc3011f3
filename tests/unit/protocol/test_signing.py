"""Signing: canonical form, known vectors, tamper detection, key cache."""

import oslo_messaging as messaging
import pytest

from central_cloud.protocol import endpoints
from central_cloud.protocol import exception
from central_cloud.protocol import signing
from tests.unit.protocol import conftest

SECRET = 'k3y-of-SiteA'
REPORT = {'report': {'site': 'SiteA', 'seq': 1}}
# Computed independently: printf '%s' CANONICAL | openssl dgst -sha256
# -hmac k3y-of-SiteA
REPORT_CANONICAL = (b'{"args":{"report":{"seq":1,"site":"SiteA"}},'
                    b'"method":"report","scheme":"hmac-sha256-v1",'
                    b'"site":"SiteA"}')
REPORT_SIGNATURE = ('b6b7bd07c3175371c9ff43e173d65f9a'
                    'ef18e483a4b54bfe1f647ecd8997038c')
EXECUTE = {'command': {'site': 'SiteA', 'name': 'caf\u00e9'}}
EXECUTE_SIGNATURE = ('1fded002846ff8f573a7e20b361be3a1'
                     '2dfc1c2986cdba560b11df02d853baa7')


class Clock(object):
    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def test_known_vectors():
    assert signing.canonical('report', REPORT, 'SiteA') == REPORT_CANONICAL
    assert signing.compute(SECRET, 'report', REPORT, 'SiteA') == \
        REPORT_SIGNATURE
    assert signing.compute(SECRET.encode(), 'execute', EXECUTE,
                           'SiteA') == EXECUTE_SIGNATURE


def test_canonical_form_ignores_key_order_and_containers():
    a = {'report': {'site': 'SiteA', 'seq': 1, 'hosts': [1, 2.5]}}
    b = {'report': {'hosts': (1, 2.5), 'seq': 1, 'site': 'SiteA'}}
    assert signing.canonical('report', a, 'SiteA') == \
        signing.canonical('report', b, 'SiteA')


def test_canonical_form_refuses_what_json_cannot_carry():
    with pytest.raises(ValueError, match='cannot be signed'):
        signing.canonical('report', {'report': {1, 2}}, 'SiteA')
    with pytest.raises(ValueError):
        signing.canonical('report', {'x': float('nan')}, 'SiteA')


@pytest.mark.parametrize('method, args, site', [
    ('alarm', REPORT, 'SiteA'),                        # another method
    ('report', {'report': {'site': 'SiteA', 'seq': 2}}, 'SiteA'),
    ('report', {'report': {'site': 'SiteA', 'seq': 1.0}}, 'SiteA'),
    ('report', {'report': {'site': 'SiteB', 'seq': 1}}, 'SiteA'),
    ('report', REPORT, 'SiteB'),                       # another signer
])
def test_any_change_breaks_the_signature(method, args, site):
    assert not signing.matches(SECRET, method, args, site, REPORT_SIGNATURE)


def test_matches():
    assert signing.matches(SECRET, 'report', REPORT, 'SiteA',
                           REPORT_SIGNATURE)
    assert not signing.matches('other', 'report', REPORT, 'SiteA',
                               REPORT_SIGNATURE)
    assert not signing.matches(SECRET, 'report', REPORT, 'SiteA', None)
    assert not signing.matches(SECRET, 'report', REPORT, 'SiteA', '\u00e9')


def test_signed_context_replaces_what_came_in():
    ctxt = signing.signed_context(
        {'request_id': 'req-1', 'desktop_site': 'SiteZ',
         'desktop_signatures': {'x': 'y'}, 'desktop_verified_site': 'Z'},
        'report', REPORT, 'SiteA', [('k1', SECRET)])
    assert ctxt == {'request_id': 'req-1', 'desktop_site': 'SiteA',
                    'desktop_signatures': {'k1': REPORT_SIGNATURE}}
    assert signing.signed_context({'a': 1}, 'report', REPORT, 'SiteA',
                                  []) == {'a': 1}


def test_central_signs_with_every_valid_key_of_the_target():
    keys = signing.StaticKeys('SiteA', 'k1', SECRET)
    ctxt = signing.CentralSigner(keys).sign({}, 'report', REPORT, 'SiteA')
    assert ctxt['desktop_signatures'] == {'k1': REPORT_SIGNATURE}
    assert 'desktop_signatures' not in signing.CentralSigner(keys).sign(
        {}, 'report', REPORT, 'SiteB')


def test_named_sites():
    assert signing.named_sites('report', REPORT) == {'SiteA'}
    assert signing.named_sites('progress', {'command_id': 'x'}) == set()
    items = [{'payload': {'report': {'site': 'SiteB'}}},
             {'payload': {'alarm': {'site': 'SiteC'}}}, 'junk']
    assert signing.named_sites('deliver', {'site': 'SiteA',
                                           'items': items}) == {
        'SiteA', 'SiteB', 'SiteC'}
    assert signing.named_sites('report', {'report': {'site': 7}}) == {'7'}
    assert signing.named_sites('report', None) == set()


def _verifier(require=True, expected_site=None):
    cache = signing.KeyCache(lambda site: {
        'SiteA': [('ka', SECRET, None)],
        'SiteB': [('kb', 'k3y-of-SiteB', None)]}.get(site, []))
    return signing.Verifier(cache, require=require,
                            expected_site=expected_site)


def _signed(args, site='SiteA', key=('ka', SECRET), method='report'):
    return signing.signed_context({}, method, args, site, [key])


def test_verifier_accepts_a_good_signature():
    assert _verifier().verify(_signed(REPORT), 'report', REPORT) == 'SiteA'


@pytest.mark.parametrize('ctxt, args, reason, blamed', [
    ({}, REPORT, 'not signed', 'SiteA'),
    # SiteA signs a report that names SiteB.
    (_signed({'report': {'site': 'SiteB'}}), {'report': {'site': 'SiteB'}},
     'signed for site SiteA but names site SiteB', 'SiteB'),
    # SiteA's key, claiming to be SiteB.
    (_signed({'report': {'site': 'SiteB'}}, site='SiteB'),
     {'report': {'site': 'SiteB'}}, 'no valid key of site SiteB has id ka',
     'SiteB'),
    # The right key id, a wrong secret.
    (_signed(REPORT, key=('ka', 'guess')), REPORT, 'does not match key ka',
     'SiteA'),
    # Tampered after signing.
    (_signed(REPORT), {'report': {'site': 'SiteA', 'seq': 2}},
     'does not match', 'SiteA'),
    ({'desktop_signatures': {'ka': 'x'}}, REPORT, 'which site signed',
     'SiteA'),
    ({'desktop_site': 'SiteA', 'desktop_signatures': 'x'}, REPORT,
     'not a mapping', 'SiteA'),
])
def test_verifier_rejects(ctxt, args, reason, blamed):
    with pytest.raises(exception.SignatureRejected, match=reason) as info:
        _verifier().verify(ctxt, 'report', args)
    assert info.value.site == blamed
    assert SECRET not in str(info.value)


def test_unsigned_messages_pass_only_when_not_required():
    assert _verifier(require=False).verify({}, 'report', REPORT) is None
    with pytest.raises(exception.SignatureRejected):
        _verifier(require=False).verify(_signed(REPORT, key=('ka', 'no')),
                                        'report', REPORT)


def test_a_site_accepts_only_messages_for_itself():
    keys = signing.StaticKeys('SiteA', 'ka', SECRET)
    verifier = signing.Verifier(keys, expected_site='SiteA')
    args = {'command': {'site': 'SiteA'}}
    ctxt = signing.CentralSigner(keys).sign({}, 'execute', args, 'SiteA')
    assert verifier.verify(ctxt, 'execute', args) == 'SiteA'
    # A command for SiteB, even if signed with a key SiteA knows.
    other = {'command': {'site': 'SiteB'}}
    forged = signing.signed_context({}, 'execute', other, 'SiteB',
                                    [('ka', SECRET)])
    with pytest.raises(exception.SignatureRejected) as info:
        verifier.verify(forged, 'execute', other)
    assert info.value.site == 'SiteA'


def test_rejection_rebuilds_from_its_args():
    exc = exception.SignatureRejected('report', 'it is not signed', 'SiteB')
    again = exception.SignatureRejected(*exc.args)
    assert str(again) == str(exc) == (
        'Rejected report message of site SiteB: it is not signed')


class Loads(object):
    def __init__(self, keys):
        self.keys = keys
        self.calls = 0

    def __call__(self, site):
        self.calls += 1
        return list(self.keys.get(site, []))


def test_cache_keeps_keys_for_its_ttl():
    clock, load = Clock(), Loads({'SiteA': [('k1', 's1', None)]})
    cache = signing.KeyCache(load, ttl=30, clock=clock)
    for _ in range(100):
        assert cache.keys_for('SiteA') == {'k1': 's1'}
    assert load.calls == 1
    clock.now += 30
    cache.keys_for('SiteA')
    assert load.calls == 2


def test_cache_refreshes_on_an_unknown_key_at_most_once_a_second():
    clock, load = Clock(), Loads({'SiteA': [('k1', 's1', None)]})
    cache = signing.KeyCache(load, ttl=30, min_refresh=1, clock=clock)
    verifier = signing.Verifier(cache)
    cache.keys_for('SiteA')
    load.keys['SiteA'].append(('k2', 's2', None))  # a rotation
    clock.now += 1
    ctxt = signing.signed_context({}, 'report', REPORT, 'SiteA',
                                  [('k2', 's2')])
    assert verifier.verify(ctxt, 'report', REPORT) == 'SiteA'
    assert load.calls == 2
    # A flood of made-up key ids: no more loads within min_refresh.
    for n in range(50):
        bad = signing.signed_context({}, 'report', REPORT, 'SiteA',
                                     [('made-up-%d' % n, 'x')])
        with pytest.raises(exception.SignatureRejected):
            verifier.verify(bad, 'report', REPORT)
    assert load.calls == 2


def test_cache_drops_an_expired_key_at_its_expiry():
    wall = Clock(5000.0)
    load = Loads({'SiteA': [('new', 's2', None), ('old', 's1', 5010.0)]})
    cache = signing.KeyCache(load, ttl=3600, wall_clock=wall)
    assert set(cache.keys_for('SiteA')) == {'new', 'old'}
    wall.now = 5010.0
    assert set(cache.keys_for('SiteA')) == {'new'}
    assert load.calls == 1


def test_cache_is_bounded():
    load = Loads({})
    cache = signing.KeyCache(load, max_sites=3)
    for n in range(10):
        cache.keys_for('Site%d' % n)
    assert len(cache._sites) == 3
    cache.forget()
    assert not cache._sites


def test_an_endpoint_verifies_before_the_schema_and_the_handler():
    manager, rejected = conftest.Recorder(), []
    endpoint = endpoints.CentralEndpoint(manager, verifier=_verifier(),
                                         on_rejected=rejected.append)
    bad = {'command_id': 'not even a uuid', 'state': 'running'}
    with pytest.raises(messaging.ExpectedException) as info:
        endpoint.progress(_signed(bad, key=('ka', 'guess'),
                                  method='progress'), **bad)
    assert isinstance(info.value.exc_info[1], exception.SignatureRejected)
    assert [exc.site for exc in rejected] == ['SiteA']
    assert manager.calls == []
    ctxt = _signed(bad, method='progress')
    with pytest.raises(messaging.ExpectedException) as info:
        endpoint.progress(ctxt, **bad)  # signed, but breaks the schema
    assert isinstance(info.value.exc_info[1], exception.InvalidMessage)
    assert signing.verified_site(ctxt) == 'SiteA'
