"""Versions of the desktop RPC API.

One version number covers both directions: the site API (central -> site)
and the central API (site -> central).

History:

* 1.0 - Initial version.

  - Site API: casts ``execute(command)`` and ``push(data)``; call ``ping()``.
  - Central API: casts ``report(report)``, ``progress(command_id, state,
    result)`` and ``alarm(alarm)``; call ``request(site, kind, since)``.

* 1.1 - Notices, and templates in the monitoring report.

  - Business data kind ``notice`` (announcements and notices) for
    ``push()``, and as a ``request()`` kind.
  - Optional ``templates`` section in the monitoring report: the templates
    the site holds (type, version, image id, checksum).

  A client capped at 1.0 refuses to send a notice (``PeerTooOld``) and
  strips ``templates`` from a report, so a 1.0 peer always gets a message
  its 1.0 schema accepts.

* 1.2 - Acknowledged delivery from the site's outbox.

  - Central API: call ``deliver(site, items)``. Each item is one entry of
    the site's outbox: ``{'seq', 'kind', 'created_at', 'payload'}``, where
    ``kind`` is ``report``, ``progress`` or ``alarm`` and ``payload`` holds
    exactly the arguments of the cast of that name. ``seq`` numbers the
    site's outbox items, all kinds together, without gaps. The reply
    ``{'acked': [seq, ...], 'refused': [{'seq', 'reason'}, ...]}`` names
    the items the site may forget: ``CentralEndpoint.deliver`` says what
    central must do before it acknowledges one.
  - A cast only means that the broker took the message; ``deliver`` lets
    the site keep every item until central has stored it, so nothing is
    lost when the WAN, the broker or an engine fails in between.

  A site capped below 1.2 (or that gets ``PeerTooOld`` from an older
  central) falls back to the 1.0 casts, which central accepts as before.

* 1.3 - Flavors in the monitoring report.

  - Optional ``flavors`` section in the monitoring report: the flavors
    the site offers (name, id, vcpus, ram in MB, disk in GB), so that
    central knows their sizes to place desktops and to check requests.

  A client capped below 1.3 drops ``flavors`` from a report; central
  then places that site's desktops without knowing its flavors.

* 1.4 - Templates built at the site, and WAN byte counts.

  - Command action ``build_template``: build (or find) a template at the
    site from its base image and bundles, then pre-cache it. Commands are
    cast as 1.0 and the action is in every version's command schema: an
    agent older than 1.4 refuses the unknown action and reports the
    command failed with that reason, so central never waits for it.
  - Optional ``template`` in a progress result: the template a command
    built or found (type, version, image id, checksum, base checksum).
  - Optional ``wan_bytes`` section in the monitoring report: the bytes the
    agent received from central, by kind (``rpc``, ``bundle_files``,
    ``image_data``), counted since the agent's outbox was created.

  A client capped below 1.4 drops ``template`` from a result and
  ``wan_bytes`` from a report; ``deliver`` goes at the lowest version
  whose schema takes every item of the batch.

* 1.5 - Delta reports, and what a report reflects of finished commands.

  - A monitoring report may be a delta (``base_seq`` names the report
    it builds on): the hosts that changed (``hosts_changed``) or went
    (``hosts_removed``), the other sections only when they changed, and
    ``sections_removed``. A delta without changes is a heartbeat. Every
    1.5 report carries ``digest``, the sha256 of the site's whole state
    in canonical form. ``central_cloud.protocol.report_delta`` defines
    the format, the digest and the sending side.
  - Deltas go only in ``deliver``. Central applies a delta when its
    latest report of the site is the delta's base and the result has
    the delta's digest; otherwise it neither acks nor refuses the item
    and names it in the reply's ``resend_full``: the site sends it
    again as a full report. A gap in the site's report seqs is such a
    case. ``resend_full`` only answers a batch holding a delta, which
    only a 1.5 site sends.
  - Optional ``reflects`` in a report: ``{'through', 'until'}``, outbox
    seqs. The report's capacity includes the effect of every command
    whose final progress went out as an outbox item with a seq at or
    below ``through``, and of none above ``until``. Central counts its
    claims and the capacity freed by deletes that the report does not
    reflect on top of it.

  A client capped below 1.5 drops ``digest`` and ``reflects`` and never
  sends a delta: the site sends full reports. If central answers a delta
  with ``PeerTooOld`` (it is older), the site sends full reports again.

Upgrade order: every central engine first, then the sites. Clients send
the lowest version that expresses a message, so only new features need a
cap: keep each site agent's central cap at the old version until all
engines are upgraded (engines share one topic), and central's cap for a
site at that site's version (``SiteAPI(site_version_cap=...)``, learnt
from ``ping``) until the site is upgraded.

Rules for the next minor version: only add (an optional field, an enum
value, a method); record here which version adds it; teach the clients to
downgrade or refuse below that version; send the lowest version that can
express a message, so uncapped clients keep working with older peers.
Replies are not negotiated: a server must only answer with what the caller
asked for (``request`` names its kind for that reason).
"""

from central_cloud.protocol import exception

BASE = '1.0'
CURRENT = '1.5'
KNOWN = ('1.0', '1.1', '1.2', '1.3', '1.4', '1.5')

# The version that introduced each feature.
NOTICE = '1.1'
REPORT_TEMPLATES = '1.1'
DELIVER = '1.2'
REPORT_FLAVORS = '1.3'
TEMPLATES = '1.4'
REPORT_DELTA = '1.5'


def parse(version):
    """Return ``(major, minor)`` for a 'X.Y' version string."""
    try:
        major, minor = str(version).split('.')
        return int(major), int(minor)
    except ValueError:
        raise exception.BadVersion(version, "expected 'X.Y'") from None


def is_at_least(version, minimum):
    return parse(version) >= parse(minimum)


def resolve(version):
    """The newest known version a peer of ``version`` understands.

    ``None`` means the current version. A newer minor version of our major
    one resolves to ``CURRENT``: we cannot speak what we do not know.
    """
    if version is None:
        return CURRENT
    wanted = parse(version)
    known = [v for v in KNOWN if parse(v) <= wanted]
    if wanted[0] != parse(CURRENT)[0] or not known:
        raise exception.BadVersion(
            version, 'this code speaks %s to %s' % (BASE, CURRENT))
    return known[-1]
