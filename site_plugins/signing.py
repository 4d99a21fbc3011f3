"""The agent's key: read from ``[signing]``, used to sign and verify.

``read_secret(path)`` returns the secret of the key file and raises
``KeyFileError`` (one line: what is wrong and how to fix it) when the
file is missing, empty, more than one line, or readable by anyone but
its owner. ``signer_and_verifier(conf)`` gives the agent's
``signing.SiteSigner`` (None: no key, messages go unsigned) and its
``signing.Verifier`` of central's messages (``[signing]
require_from_central``).
"""

import os
import stat

from central_cloud.protocol import signing

MAX_SECRET_LENGTH = 255


class KeyFileError(Exception):
    """The key file cannot be used; ``str()`` says why in one line."""


def read_private_file(path, max_chars, what='key file'):
    """The text of ``path``, at most ``max_chars`` + 1 characters.

    Raises ``KeyFileError`` when it cannot be read, is not UTF-8 or is
    open to other users than its owner.
    """
    try:
        mode = os.stat(path).st_mode
        with open(path, encoding='utf-8') as f:
            text = f.read(max_chars + 1)
    except OSError as exc:
        raise KeyFileError('cannot read %s %s: %s'
                           % (what, path, exc.strerror)) from None
    except UnicodeDecodeError:
        raise KeyFileError('%s %s is not UTF-8 text' % (what, path)) \
            from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError('%s %s is open to other users (mode %o); make '
                           'it 0600' % (what, path, stat.S_IMODE(mode)))
    return text


def read_secret(path):
    text = read_private_file(path, MAX_SECRET_LENGTH + 1)
    lines = text.strip().splitlines()
    if len(lines) != 1 or len(lines[0]) > MAX_SECRET_LENGTH:
        raise KeyFileError('%s must hold the secret alone, on one line of '
                           'at most %d characters' % (path,
                                                      MAX_SECRET_LENGTH))
    return lines[0].strip()


def check(conf):
    """Raise ``KeyFileError`` if ``[signing]`` cannot work."""
    group = conf.signing
    if bool(group.key_id) != bool(group.key_file):
        raise KeyFileError('set both key_id and key_file, or neither')
    if group.key_id:
        if len(group.key_id) > signing.KEY_ID_MAX_LENGTH:
            raise KeyFileError('key_id is longer than %d characters'
                               % signing.KEY_ID_MAX_LENGTH)
        read_secret(group.key_file)
    elif group.require_from_central:
        raise KeyFileError('no key: set key_id and key_file to the key '
                           'central gave this site (or, while central '
                           'cannot sign yet, set require_from_central = '
                           'false)')


def signer_and_verifier(conf, site):
    group = conf.signing
    if not group.key_id:
        return None, signing.Verifier(signing.StaticKeys(site),
                                      require=group.require_from_central,
                                      expected_site=site)
    secret = read_secret(group.key_file)
    keys = signing.StaticKeys(site, group.key_id, secret)
    return (signing.SiteSigner(site, group.key_id, secret),
            signing.Verifier(keys, require=group.require_from_central,
                             expected_site=site))
