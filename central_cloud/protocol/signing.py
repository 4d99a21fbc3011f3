"""Signed protocol messages: canonical form, HMAC-SHA256, verification.

Every message (central -> site: ``execute``, ``push``, ``ping``; site ->
central: ``report``, ``progress``, ``alarm``, ``request``, ``deliver``)
carries, in its RPC context, the site it speaks for (``desktop_site``)
and its signatures (``desktop_signatures``: ``{key_id: hex digest}``).
Payload schemas are untouched, so a peer that does not sign still
understands a signed message.

A signature is the HMAC-SHA256, with the site's secret, of the canonical
form of ``(scheme, method, site, args)``: JSON with sorted keys, no
spaces, ASCII only, no NaN (``canonical``). The RPC API version is not
signed: oslo.messaging checks it before an endpoint sees the message, and
the same arguments mean the same thing at any version that accepts them.

A site signs with its one key. Central signs with every key of the site
that is valid now, so during a rotation's overlap a site holding either
the old or the new key can check what central sends.

``Verifier.verify(ctxt, method, args)`` accepts a message when one of its
signatures matches a valid key of the site it speaks for, and every site
its payload names is that site; it raises ``SignatureRejected`` (with the
site to alarm) otherwise. Unsigned messages pass only when signing is not
required (a rolling upgrade). Digests are compared in constant time;
secrets never appear in errors or logs.
"""

import hashlib
import hmac
import json
import threading
import time

from central_cloud.protocol import exception

SCHEME = 'hmac-sha256-v1'
CONTEXT_SITE = 'desktop_site'
CONTEXT_SIGNATURES = 'desktop_signatures'
CONTEXT_KEYS = (CONTEXT_SITE, CONTEXT_SIGNATURES)
# Set by the receiving endpoint once a message is verified.
VERIFIED_SITE = 'desktop_verified_site'
MAX_SIGNATURES = 4
KEY_ID_MAX_LENGTH = 64


def canonical(method, args, site):
    """The bytes a signature covers; raises ``ValueError`` if not JSON."""
    try:
        text = json.dumps(
            {'scheme': SCHEME, 'method': method, 'site': site,
             'args': args},
            sort_keys=True, separators=(',', ':'), ensure_ascii=True,
            allow_nan=False)
    except TypeError as exc:
        raise ValueError('the %s message cannot be signed: %s'
                         % (method, exc)) from None
    return text.encode('ascii')


def compute(secret, method, args, site):
    """The hex HMAC-SHA256 of a message with ``secret`` (str or bytes)."""
    if isinstance(secret, str):
        secret = secret.encode('utf-8')
    return hmac.new(secret, canonical(method, args, site),
                    hashlib.sha256).hexdigest()


def matches(secret, method, args, site, signature):
    """Whether ``signature`` is the message's, in constant time."""
    if not isinstance(signature, str):
        return False
    return hmac.compare_digest(
        compute(secret, method, args, site).encode('ascii'),
        signature.encode('utf-8'))


def context_value(ctxt, name):
    """A value of an RPC context given as a dict or as an object."""
    if isinstance(ctxt, dict):
        return ctxt.get(name)
    return getattr(ctxt, name, None)


def verified_site(ctxt):
    """The site a verified message spoke for (None: not verified)."""
    return context_value(ctxt, VERIFIED_SITE)


def signed_context(ctxt, method, args, site, keys):
    """``ctxt`` as a dict, with the signatures of ``keys`` added.

    ``keys``: ``[(key_id, secret), ...]``. No keys: the context goes
    unsigned (the receiver decides whether it accepts that).
    """
    if hasattr(ctxt, 'to_dict'):
        values = ctxt.to_dict()
    else:
        values = dict(ctxt or {})
    for name in CONTEXT_KEYS + (VERIFIED_SITE,):
        values.pop(name, None)
    if keys:
        values[CONTEXT_SITE] = site
        values[CONTEXT_SIGNATURES] = {
            key_id: compute(secret, method, args, site)
            for key_id, secret in keys}
    return values


class SiteSigner(object):
    """A site agent's signer: its own key, whatever the target."""

    def __init__(self, site, key_id, secret):
        self.site = site
        self.key_id = key_id
        self._secret = secret

    def sign(self, ctxt, method, args, target=None):
        return signed_context(ctxt, method, args, self.site,
                              [(self.key_id, self._secret)])


class CentralSigner(object):
    """Central's signer: every valid key of the target site.

    ``keys``: a ``KeyCache`` (or anything with ``keys_for(site)``).
    """

    def __init__(self, keys):
        self._keys = keys

    def sign(self, ctxt, method, args, target=None):
        keys = sorted(self._keys.keys_for(target).items()) if target else []
        return signed_context(ctxt, method, args, target, keys)


def named_sites(method, args):
    """The sites a payload names, before it is validated (a set)."""
    names = set()
    if not isinstance(args, dict):
        return names
    for field in ('report', 'alarm', 'command'):
        record = args.get(field)
        if isinstance(record, dict) and 'site' in record:
            names.add(record['site'])
    if 'site' in args:
        names.add(args['site'])
    items = args.get('items') if method == 'deliver' else None
    for item in items if isinstance(items, list) else ():
        payload = item.get('payload') if isinstance(item, dict) else None
        if isinstance(payload, dict):
            for field in ('report', 'alarm'):
                record = payload.get(field)
                if isinstance(record, dict) and 'site' in record:
                    names.add(record['site'])
    return {name if isinstance(name, str) else repr(name)
            for name in names}


class KeyCache(object):
    """Valid keys by site, kept ``ttl`` seconds, refreshed on a miss.

    ``load(site)`` returns ``[(key_id, secret, expires_at_epoch or None),
    ...]``: the keys valid now (central: the database). A key id the
    cache does not know makes it load the site again, at most once per
    ``min_refresh`` seconds per site, so a flood of made-up key ids costs
    one lookup per site per ``min_refresh``. An expired key stops
    counting at its expiry, whatever the TTL. At most ``max_sites`` sites
    are kept; the oldest entry goes first.
    """

    def __init__(self, load, ttl=30.0, min_refresh=1.0, max_sites=20000,
                 clock=time.monotonic, wall_clock=time.time):
        self._load = load
        self.ttl = ttl
        self.min_refresh = min_refresh
        self.max_sites = max_sites
        self._clock = clock
        self._wall_clock = wall_clock
        self._lock = threading.Lock()
        self._sites = {}  # site -> (loaded_at, keys)

    def _fetch(self, site):
        keys = self._load(site)
        with self._lock:
            self._sites.pop(site, None)
            while len(self._sites) >= self.max_sites:
                self._sites.pop(next(iter(self._sites)))
            self._sites[site] = (self._clock(), keys)
        return keys

    def _cached(self, site, refresh):
        with self._lock:
            entry = self._sites.get(site)
        now = self._clock()
        if entry is None or now - entry[0] >= self.ttl or (
                refresh and now - entry[0] >= self.min_refresh):
            return self._fetch(site)
        return entry[1]

    def keys_for(self, site, refresh=False):
        """``{key_id: secret}`` of the keys of ``site`` valid now."""
        now = self._wall_clock()
        return {key_id: secret
                for key_id, secret, expires_at in self._cached(site, refresh)
                if expires_at is None or expires_at > now}

    def forget(self, site=None):
        with self._lock:
            if site is None:
                self._sites.clear()
            else:
                self._sites.pop(site, None)


class StaticKeys(object):
    """A site agent's keys: its own, for messages that speak for it."""

    def __init__(self, site, key_id=None, secret=None):
        self._site = site
        self._keys = {key_id: secret} if key_id else {}

    def keys_for(self, site, refresh=False):
        return dict(self._keys) if site == self._site else {}


class Verifier(object):
    """Checks the signatures of received messages.

    ``keys``: ``keys_for(site, refresh=False) -> {key_id: secret}``.
    ``require``: refuse unsigned messages (False only while old peers
    that cannot sign remain). ``expected_site``: the only site messages
    may speak for (a site agent: itself; central: None, any site).
    """

    def __init__(self, keys, require=True, expected_site=None):
        self._keys = keys
        self.require = require
        self.expected_site = expected_site

    def verify(self, ctxt, method, args):
        """The site the message speaks for; None if unsigned and allowed.

        Raises ``SignatureRejected`` with the reason and the site to
        alarm: the site the payload names, else the one it claims.
        """
        signatures = context_value(ctxt, CONTEXT_SIGNATURES)
        claimed = context_value(ctxt, CONTEXT_SITE)
        named = named_sites(method, args)
        if self.expected_site is not None:
            named.add(self.expected_site)
        blamed = sorted(named - {claimed}) or sorted(named) or (
            [claimed] if isinstance(claimed, str) else [])
        blame = blamed[0] if blamed else None

        def reject(reason):
            raise exception.SignatureRejected(method, reason, blame)

        if signatures is None and claimed is None:
            if self.require:
                reject('it is not signed')
            return None
        if not isinstance(claimed, str) or not claimed:
            reject('it does not say which site signed it')
        if not isinstance(signatures, dict) or not signatures or \
                len(signatures) > MAX_SIGNATURES:
            reject('its signatures are not a mapping of 1 to %d key ids'
                   % MAX_SIGNATURES)
        if named - {claimed}:
            reject('it is signed for site %s but names site %s'
                   % (claimed, ', '.join(sorted(named - {claimed}))))
        keys = self._keys.keys_for(claimed)
        if not set(signatures) & set(keys):
            keys = self._keys.keys_for(claimed, refresh=True)
        known = [key_id for key_id in signatures if key_id in keys]
        if not known:
            reject('no valid key of site %s has id %s' % (
                claimed, ', '.join(sorted(
                    str(k)[:KEY_ID_MAX_LENGTH] for k in signatures))))
        for key_id in known:
            if matches(keys[key_id], method, args, claimed,
                       signatures[key_id]):
                return claimed
        reject('its signature does not match key %s of site %s'
               % (', '.join(sorted(known)), claimed))
