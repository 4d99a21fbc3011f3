"""What a finished command tells central: succeeded or failed, and why."""

from central_cloud.protocol import fields

SUCCEEDED = 'succeeded'
FAILED = 'failed'
RUNNING = 'running'


class CommandFailed(Exception):
    """A command cannot complete; ``str()`` is the reason for central.

    ``fault`` is the cloud's own ``{'code', 'message'[, 'details']}``;
    ``server_ids`` the servers the command did make, if any.
    """

    def __init__(self, message, fault=None, server_ids=()):
        super().__init__(message)
        self.fault = fault
        self.server_ids = list(server_ids)


class Interrupted(Exception):
    """The agent stops before the command ended; it is not finished.

    Nothing final is reported: central sends the command again, and the
    next run picks up the servers this one made.
    """


def _clip(text, limit):
    text = str(text)
    return text if len(text) <= limit else text[:limit - 3] + '...'


def succeeded(message, server_ids=()):
    result = {'message': _clip(message, fields.MAX_TEXT)}
    server_ids = list(server_ids)
    if len(server_ids) == 1:
        result['server_id'] = server_ids[0]
    if server_ids:
        result['server_ids'] = server_ids
    return result


def failed(message, fault=None, server_ids=()):
    result = {'message': _clip(message, fields.MAX_TEXT)}
    if fault:
        result['fault'] = {
            'code': min(max(int(fault.get('code') or 0), 0), 999),
            'message': _clip(fault.get('message') or message,
                             fields.MAX_TEXT)}
        if fault.get('details'):
            result['fault']['details'] = _clip(fault['details'],
                                               fields.MAX_DETAILS)
    if server_ids:
        result['server_ids'] = list(server_ids)
    return result


def from_failure(exc):
    return failed(str(exc), exc.fault, exc.server_ids)
