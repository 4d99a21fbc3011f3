"""Fit what a site sends to the newest version its peer understands.

Minor versions only add optional fields, so a payload goes at the lowest
version whose schema takes it (``lowest``), and a peer capped below that
gets the payload without the fields its version lacks (``report_at``,
``result_at``, ``item_at``). The schemas say which fields a version has:
nothing here names a field.
"""

from central_cloud.protocol import exception
from central_cloud.protocol import schemas
from central_cloud.protocol import validation
from central_cloud.protocol import versions


def lowest(name, args, since, cap=None):
    """The lowest version from ``since`` to ``cap`` that takes ``args``.

    ``cap`` None means the current version; None if none takes them.
    """
    for version in versions.KNOWN:
        if not versions.is_at_least(version, since):
            continue
        if cap is not None and not versions.is_at_least(cap, version):
            break
        try:
            validation.validate(name, args, version=version)
        except exception.InvalidMessage:
            continue
        return version
    return None


def _known(payload, schema):
    allowed = schema.get('properties', {})
    return {key: value for key, value in payload.items() if key in allowed}


def report_at(report, version):
    """``report`` without the sections ``version`` does not know."""
    return _known(report, schemas.get('monitoring_report', version))


def result_at(result, version):
    """A command result without the fields ``version`` does not know."""
    if not isinstance(result, dict):
        return result
    schema = schemas.get('progress', version)['properties']['result']
    return _known(result, schema)


def item_at(item, version):
    """An outbox item whose payload ``version`` can carry."""
    payload = item.get('payload')
    if not isinstance(payload, dict):
        return item
    kind = item.get('kind')
    if kind == 'report' and isinstance(payload.get('report'), dict):
        payload = dict(payload, report=report_at(payload['report'],
                                                 version))
    elif kind == 'progress' and 'result' in payload:
        payload = dict(payload, result=result_at(payload['result'],
                                                 version))
    return dict(item, payload=payload)
