"""The virtual sites' signing keys, read from one file.

``[simulator] keys_file`` is JSON: ``{"<site>": {"signing_key_id": ...,
"signing_key": ...}, ...}``, each entry with the names ``desktop-central-
manage site credentials create`` gives a site's key. It must be readable
by its owner only, as an agent's key file. A site with a key signs what
it sends with the agent's ``SiteSigner`` and checks what central sends
with the agent's ``Verifier`` (``[signing] require_from_central``); a site
without one sends unsigned messages, which a central that requires
signatures refuses.
"""

import json

from central_cloud.protocol import signing
from site_plugins import signing as agent_signing

MAX_FILE_BYTES = 64 * 1024 * 1024


class KeysError(Exception):
    """The keys file cannot be used; ``str()`` says why in one line."""


def load(path):
    """``{site: (key_id, secret)}`` from the keys file at ``path``."""
    try:
        text = agent_signing.read_private_file(path, MAX_FILE_BYTES,
                                               'keys file')
    except agent_signing.KeyFileError as exc:
        raise KeysError(str(exc)) from None
    if len(text) > MAX_FILE_BYTES:
        raise KeysError('keys file %s is larger than %d bytes'
                        % (path, MAX_FILE_BYTES))
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise KeysError('keys file %s is not JSON: %s' % (path, exc)) \
            from None
    if not isinstance(data, dict):
        raise KeysError('keys file %s must be a JSON object of sites' % path)
    found = {}
    for site, entry in data.items():
        key_id = entry.get('signing_key_id') if isinstance(entry, dict) \
            else None
        secret = entry.get('signing_key') if isinstance(entry, dict) \
            else None
        if not (isinstance(key_id, str) and 0 < len(key_id) <=
                signing.KEY_ID_MAX_LENGTH and isinstance(secret, str) and
                secret):
            raise KeysError('keys file %s: site %r needs "signing_key_id" '
                            '(1 to %d characters) and "signing_key"'
                            % (path, site, signing.KEY_ID_MAX_LENGTH))
        found[site] = (key_id, secret)
    return found


def signer_and_verifier(site, key, require_from_central):
    """The site's signer (None without a key) and its verifier."""
    if key is None:
        return None, signing.Verifier(signing.StaticKeys(site),
                                      require=require_from_central,
                                      expected_site=site)
    key_id, secret = key
    return (signing.SiteSigner(site, key_id, secret),
            signing.Verifier(signing.StaticKeys(site, key_id, secret),
                             require=require_from_central,
                             expected_site=site))
