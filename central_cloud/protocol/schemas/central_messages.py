"""Schemas of what a site sends to central: reports, progress, alarms."""

from central_cloud.protocol import fields
from central_cloud.protocol.schemas import common
from central_cloud.protocol.schemas import site_messages
from central_cloud.protocol import versions

INVENTORY = common.closed_object({
    'total': common.integer(),
    'used': common.integer(),
    'reserved': common.integer(),
    'allocation_ratio': {'type': 'number', 'exclusiveMinimum': 0,
                         'maximum': 1000},
}, required=('total', 'used', 'reserved', 'allocation_ratio'))

RESOURCE_CLASS = common.anchored('[A-Z][A-Z0-9_]{0,254}')

# VCPU, MEMORY_MB and DISK_GB are required; other placement resource
# classes (PCPU, VGPU, CUSTOM_*) may follow without an RPC API version.
RESOURCES = {
    'type': 'object',
    'properties': {rc: INVENTORY for rc in fields.STANDARD_RESOURCES},
    'patternProperties': {RESOURCE_CLASS: INVENTORY},
    'additionalProperties': False,
    'required': list(fields.STANDARD_RESOURCES),
    'maxProperties': fields.MAX_RESOURCE_CLASSES,
}

HOST = common.closed_object({
    'name': common.name(),
    'state': common.enum(fields.HOST_STATES),
    'resources': RESOURCES,
    'instances': common.integer(),
}, required=('name', 'state', 'resources'))

TEMPLATE = common.closed_object({
    'type': common.IDENTIFIER,
    'version': common.integer(1),
    'image_id': common.UUID,
    'checksum': common.CHECKSUM,
}, required=('type', 'version', 'image_id', 'checksum'))

# 1.3: the flavors a site offers, so that central knows their sizes.
MAX_FLAVORS = 1000
FLAVOR = common.closed_object({
    'name': common.name(),
    'id': common.name(),
    'vcpus': common.integer(),
    'ram': common.integer(),
    'disk': common.integer(),
}, required=('name', 'id', 'vcpus', 'ram', 'disk'))

ALARM_SUMMARY = common.closed_object(
    {severity: common.integer() for severity in fields.ALARM_SEVERITIES})

ALARM = common.closed_object({
    'site': common.SITE,
    # One alarm per (site, key): raising it again updates it.
    'key': common.IDENTIFIER,
    'severity': common.enum(fields.ALARM_SEVERITIES),
    'kind': common.KIND,
    'state': common.enum(fields.ALARM_STATES),
    'message': common.text(fields.MAX_TEXT),
    'at': common.TIMESTAMP,
    'entity': common.name(),
}, required=('site', 'key', 'severity', 'kind', 'state', 'message', 'at'))

FAULT = common.closed_object({
    'code': common.integer(0, 999),
    'message': common.text(fields.MAX_TEXT),
    'details': common.text(fields.MAX_DETAILS),
}, required=('message',))

RESULT_FIELDS = {
    'server_id': common.UUID,
    'server_ids': common.array(common.UUID, fields.MAX_COUNT, unique=True),
    'message': common.text(fields.MAX_TEXT),
    'fault': FAULT,
}
RESULT = dict(common.closed_object(RESULT_FIELDS), type=['object', 'null'])

# 1.4: the template a command built or found at the site.
BUILT_TEMPLATE = common.closed_object({
    'type': common.IDENTIFIER,
    'version': common.integer(1),
    'image_id': common.UUID,
    'checksum': common.CHECKSUM,
    'base_checksum': common.CHECKSUM,
}, required=('type', 'version', 'image_id'))

# 1.4: bytes received from central since the outbox was created.
WAN_BYTES = common.closed_object(
    {kind: common.integer() for kind in fields.WAN_KINDS},
    required=fields.WAN_KINDS)


# 1.5: what a report reflects of the site's finished commands, by the
# outbox seq of their final progress: every command at or below
# ``through``, none above ``until``.
REFLECTS = common.closed_object({
    'through': common.integer(),
    'until': common.integer(),
}, required=('through', 'until'))

# 1.5: delta reports (``central_cloud.protocol.report_delta``).
DELTA_ONLY = ('base_seq', 'hosts_changed', 'hosts_removed',
              'sections_removed')
DELTA_PROPERTIES = {
    'digest': site_messages.SHA256,
    'reflects': REFLECTS,
    'base_seq': common.integer(1),
    'hosts_changed': common.array(HOST, fields.MAX_HOSTS),
    'hosts_removed': common.array(common.name(), fields.MAX_HOSTS,
                                  unique=True),
    'sections_removed': common.array(common.enum(fields.REPORT_SECTIONS),
                                     len(fields.REPORT_SECTIONS),
                                     unique=True),
}


def result(version):
    if not versions.is_at_least(version, versions.TEMPLATES):
        return RESULT
    return dict(common.closed_object(dict(RESULT_FIELDS,
                                          template=BUILT_TEMPLATE)),
                type=['object', 'null'])


def monitoring_report(version):
    properties = {
        'site': common.SITE,
        'seq': common.integer(1),
        'sent_at': common.TIMESTAMP,
        'interval': common.integer(1, fields.MAX_INTERVAL),
        'hosts': common.array(HOST, fields.MAX_HOSTS),
        'alarms': ALARM_SUMMARY,
    }
    if versions.is_at_least(version, versions.REPORT_TEMPLATES):
        properties['templates'] = common.array(TEMPLATE,
                                               fields.MAX_TEMPLATES)
    if versions.is_at_least(version, versions.REPORT_FLAVORS):
        properties['flavors'] = common.array(FLAVOR, MAX_FLAVORS)
    if versions.is_at_least(version, versions.TEMPLATES):
        properties['wan_bytes'] = WAN_BYTES
    required = ('site', 'seq', 'sent_at', 'interval', 'hosts')
    if not versions.is_at_least(version, versions.REPORT_DELTA):
        return common.closed_object(properties, required=required)
    properties.update(DELTA_PROPERTIES)
    schema = common.closed_object(properties,
                                  required=('site', 'seq', 'sent_at'))
    # A full report has every section a 1.4 report must have; a delta
    # (with base_seq) has only what changed, and no full hosts list.
    schema['allOf'] = [{
        'if': {'required': ['base_seq']},
        'then': {'not': {'required': ['hosts']}},
        'else': {'required': list(required),
                 'not': {'anyOf': [{'required': [field]}
                                   for field in DELTA_ONLY]}},
    }]
    return schema


def progress(version=versions.BASE):
    schema = common.closed_object({
        'command_id': common.UUID,
        'state': common.enum(fields.PROGRESS_STATES),
        'result': result(version),
    }, required=('command_id', 'state'))
    # A failure must say why.
    schema['allOf'] = [site_messages.when_equals('state', 'failed', {
        'required': ['result'],
        'properties': {'result': {'type': 'object',
                                  'required': ['message']}},
    })]
    return schema


def request_kinds(version):
    return site_messages.business_kinds(version) + (fields.COMMANDS,)


def request_reply(version):
    """The answer to request(): items of the requested kind only."""
    schema = common.closed_object({
        'kind': common.enum(request_kinds(version)),
        'until': common.TIMESTAMP,
        'more': {'type': 'boolean'},
        'items': common.array({'type': 'object'}, fields.MAX_REPLY_ITEMS),
    }, required=('kind', 'until', 'more', 'items'))
    rules = [site_messages.when_equals('kind', fields.COMMANDS, {
        'properties': {'items': {'items': site_messages.command()}}})]
    for kind in site_messages.business_kinds(version):
        item = site_messages.business_data(version)
        item['properties']['kind'] = {'const': kind}
        rules.append(site_messages.when_equals('kind', kind, {
            'properties': {'items': {'items': item}}}))
    schema['allOf'] = rules
    return schema


def messages(version):
    """The casts of the central API: the schema of their arguments."""
    return {
        'report': common.closed_object(
            {'report': monitoring_report(version)}, required=('report',)),
        'progress': progress(version),
        'alarm': common.closed_object({'alarm': ALARM},
                                      required=('alarm',)),
    }


def outbox_item(version):
    """One outbox entry: a cast's arguments, numbered by the site."""
    schema = common.closed_object({
        'seq': common.integer(1),
        'kind': common.enum(fields.OUTBOX_KINDS),
        'created_at': common.TIMESTAMP,
        'payload': {'type': 'object'},
    }, required=('seq', 'kind', 'created_at', 'payload'))
    casts = messages(version)
    schema['allOf'] = [
        site_messages.when_equals('kind', kind, {
            'properties': {'payload': casts[kind]}})
        for kind in fields.OUTBOX_KINDS]
    return schema


SEQS = common.array(common.integer(1), fields.MAX_DELIVER_ITEMS,
                    unique=True)

DELIVER_REPLY_FIELDS = {
    # The items central has durably stored (or had already stored).
    'acked': SEQS,
    # The items central will never store, with why; forgotten as well.
    'refused': common.array(common.closed_object({
        'seq': common.integer(1),
        'reason': common.text(fields.MAX_TEXT),
    }, required=('seq', 'reason')), fields.MAX_DELIVER_ITEMS),
}
DELIVER_REPLY = common.closed_object(DELIVER_REPLY_FIELDS,
                                     required=('acked',))


def deliver_reply(version):
    if not versions.is_at_least(version, versions.REPORT_DELTA):
        return DELIVER_REPLY
    # 1.5: delta reports central could not apply (their base is not the
    # report it has, or the digest differs): send them again whole. Only
    # ever in the answer to a batch with a delta in it.
    return common.closed_object(dict(DELIVER_REPLY_FIELDS,
                                     resend_full=SEQS),
                                required=('acked',))


def deliver(version):
    return {
        'deliver': common.closed_object({
            'site': common.SITE,
            'items': dict(common.array(outbox_item(version),
                                       fields.MAX_DELIVER_ITEMS),
                          minItems=1),
        }, required=('site', 'items')),
        'deliver_reply': deliver_reply(version),
        'outbox_item': outbox_item(version),
    }


def build(version):
    built = {
        'monitoring_report': monitoring_report(version),
        'alarm_record': ALARM,
        'request': common.closed_object({
            'site': common.SITE,
            'kind': common.enum(request_kinds(version)),
            'since': dict(common.TIMESTAMP, type=['string', 'null']),
        }, required=('site', 'kind')),
        'request_reply': request_reply(version),
    }
    # Messages: the schema of the method's keyword arguments.
    built.update(messages(version))
    if versions.is_at_least(version, versions.DELIVER):
        built.update(deliver(version))
    return built
