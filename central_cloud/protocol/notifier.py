"""Notifications central publishes, validated like every other message."""

import oslo_messaging as messaging

from central_cloud.protocol import exception
from central_cloud.protocol import rpc
from central_cloud.protocol import topics
from central_cloud.protocol import validation


class Notifier(object):
    """Validates a payload by its event type, then publishes it.

    Event types and their schemas: ``topics.EVENT_*``. The driver and
    topics come from ``[oslo_messaging_notifications]``.
    """

    def __init__(self, notifier):
        self._notifier = notifier

    def _check(self, event_type, payload):
        if event_type not in topics.EVENT_TYPES:
            raise exception.UnknownMessage(event_type)
        return validation.validate(event_type, payload)

    def info(self, ctxt, event_type, payload):
        self._notifier.info(ctxt, event_type, self._check(event_type, payload))

    def warn(self, ctxt, event_type, payload):
        self._notifier.warn(ctxt, event_type, self._check(event_type, payload))

    def error(self, ctxt, event_type, payload):
        self._notifier.error(ctxt, event_type,
                             self._check(event_type, payload))


def get_notifier(transport, publisher_id):
    """A validating notifier; ``publisher_id`` is '<service>.<host>'."""
    return Notifier(messaging.Notifier(
        transport, publisher_id=publisher_id,
        serializer=rpc.ContextSerializer()))
