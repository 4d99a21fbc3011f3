"""Timestamps: the protocol's RFC 3339 strings and the DB's naive UTC."""

import datetime
import re

from central_cloud.protocol import fields

EPOCH = datetime.datetime(1970, 1, 1)

_RFC3339 = re.compile(
    r'(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?'
    r'(Z|[+-]\d\d:\d\d)\Z')


def parse(text):
    """A protocol timestamp as a naive UTC datetime (as the DB keeps them).

    A leap second (``:60``) counts as ``:59``; digits past microseconds
    are dropped. Raises ValueError on anything else than RFC 3339.
    """
    match = _RFC3339.match(text or '')
    if match is None:
        raise ValueError('not an RFC 3339 timestamp: %r' % (text,))
    year, month, day, hour, minute, second = (
        int(part) for part in match.groups()[:6])
    micro = int(((match.group(7) or '') + '000000')[:6])
    when = datetime.datetime(year, month, day, hour, minute,
                             min(second, 59), micro)
    zone = match.group(8)
    if zone != 'Z':
        sign = 1 if zone[0] == '+' else -1
        when -= sign * datetime.timedelta(hours=int(zone[1:3]),
                                          minutes=int(zone[4:6]))
    return when


def wire(when):
    """A naive UTC datetime as the protocol's timestamp string."""
    return fields.timestamp(when)


def version(when):
    """A business data version from a change time: milliseconds, >= 1."""
    return max(1, int((when - EPOCH).total_seconds() * 1000))
