"""Enumerations, size limits and the timestamp format of the protocol."""

import datetime

# Management commands (M5).
ACTIONS = ('create', 'delete', 'stop', 'start', 'suspend', 'resume',
           'configure', 'build_template')
SERVER_ACTIONS = ('delete', 'stop', 'start', 'suspend', 'resume')

# Templates (M9-M11, 1.4): a build command's limits, and the kinds of
# bytes a site counts as received from central.
BUILD_TEMPLATE = 'build_template'
MAX_BUNDLES = 100
MAX_BUNDLE_FILES = 1000
MAX_INSTALL_COMMANDS = 100
WAN_KINDS = ('rpc', 'bundle_files', 'image_data')

# Business data (M4). 'notice' arrived in version 1.1.
NOTICE = 'notice'
BUSINESS_KINDS_1_0 = ('template', 'bundle', 'app_data', 'system_info',
                      'user_info')
BUSINESS_KINDS = BUSINESS_KINDS_1_0 + (NOTICE,)

# What a site may ask central to resend: business data or its commands.
COMMANDS = 'commands'

# What a site's outbox holds: each kind is the name of a central API cast.
OUTBOX_KINDS = ('report', 'progress', 'alarm')

# Sections of a monitoring report besides its hosts (a 1.5 delta names
# those that are gone).
REPORT_SECTIONS = ('interval', 'alarms', 'templates', 'flavors',
                   'wan_bytes')

HOST_STATES = ('up', 'down', 'disabled')
PROGRESS_STATES = ('running', 'succeeded', 'failed')
ALARM_SEVERITIES = ('critical', 'major', 'minor', 'warning')
ALARM_STATES = ('raised', 'cleared')
STANDARD_RESOURCES = ('VCPU', 'MEMORY_MB', 'DISK_GB')

# Central's view, published as notifications.
COMMAND_STATES = ('pending', 'sent', 'running', 'succeeded', 'failed')
SITE_AVAILABILITY = ('online', 'offline')

# Size limits keep one message small and its handling bounded.
MAX_NAME = 255
MAX_TEXT = 1024
MAX_DETAILS = 16384
MAX_HOSTS = 1000
MAX_TEMPLATES = 1000
MAX_RESOURCE_CLASSES = 32
MAX_METADATA = 128
MAX_HINTS = 32
MAX_OPTIONS = 64
MAX_COUNT = 100
MAX_BODY_ENTRIES = 256
MAX_REPLY_ITEMS = 500
MAX_DELIVER_ITEMS = 100
MAX_INTERVAL = 86400
MAX_INT = 2 ** 53 - 1
MAX_DEPTH = 32


def timestamp(when=None):
    """``when`` (default: now) as the protocol's UTC RFC 3339 string."""
    when = when or datetime.datetime.now(datetime.timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.timezone.utc)
    when = when.astimezone(datetime.timezone.utc)
    return when.isoformat(timespec='microseconds').replace('+00:00', 'Z')
