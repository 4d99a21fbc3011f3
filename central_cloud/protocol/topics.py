"""Where protocol messages travel on the message bus."""

# Every protocol message uses its own exchange, apart from the OpenStack
# services that may share the broker.
EXCHANGE = 'desktop'

# Central -> site. Each site agent listens with ``server=<site name>``.
SITE_TOPIC = 'desktop-site'

# Site -> central. Every central engine listens on this topic, so each
# message is handled by exactly one engine.
CENTRAL_TOPIC = 'desktop-central'

# Notifications that central publishes (event types).
EVENT_SITE_UPDATE = 'desktop.site.update'
EVENT_COMMAND_UPDATE = 'desktop.command.update'
EVENT_ALARM_UPDATE = 'desktop.alarm.update'
EVENT_TYPES = (EVENT_SITE_UPDATE, EVENT_COMMAND_UPDATE, EVENT_ALARM_UPDATE)

# Publisher ids are '<service>.<host>'.
CENTRAL_PUBLISHER = 'desktop-central'
SITE_PUBLISHER = 'desktop-site'
