"""Valid payloads of every protocol message; each call returns a fresh one."""

import uuid

from central_cloud.protocol import fields

SITE = 'site-a'
AT = '2024-05-01T12:00:00Z'
CHECKSUM = 'a' * 64


def new_id():
    return str(uuid.uuid4())


def create_command(site=SITE):
    return {
        'id': new_id(),
        'action': 'create',
        'site': site,
        'created_at': AT,
        'params': {
            'name': 'desk-1',
            'flavor': 'm1.desktop',
            'template_type': 'office-win11',
            'image': new_id(),
            'count': 2,
            'scheduler_hints': {'desktop_origin_site': 'site-b'},
            'metadata': {'owner': 'alice'},
            'network': new_id(),
        },
    }


def server_command(action='stop', site=SITE):
    return {'id': new_id(), 'action': action, 'site': site,
            'created_at': AT,
            'params': {'server_id': new_id(), 'desktop_id': new_id()}}


def configure_command(site=SITE):
    return {'id': new_id(), 'action': 'configure', 'site': site,
            'created_at': AT,
            'params': {'options': {'report_interval': 60,
                                   'monitor.reserve_ratio': 0.2,
                                   'maintenance': False}}}


def business_data(kind='template'):
    return {'kind': kind, 'id': 'office-win11', 'version': 3,
            'body': {'base_image_checksum': CHECKSUM, 'os': 'win11',
                     'bundles': ['office:2.1']}}


def inventory(total=64, used=8):
    return {'total': total, 'used': used, 'reserved': 0,
            'allocation_ratio': 4.0}


def host(name='compute-1'):
    return {'name': name, 'state': 'up', 'instances': 3,
            'resources': {'VCPU': inventory(), 'MEMORY_MB':
                          inventory(262144, 16384),
                          'DISK_GB': inventory(2000, 120),
                          'CUSTOM_VGPU': inventory(4, 1)}}


def template():
    return {'type': 'office-win11', 'version': 3, 'image_id': new_id(),
            'checksum': CHECKSUM}


def report(site=SITE, templates=True):
    payload = {'site': site, 'seq': 7, 'sent_at': AT, 'interval': 60,
               'hosts': [host('compute-1'), host('compute-2')],
               'alarms': {'critical': 0, 'major': 1}}
    if templates:
        payload['templates'] = [template()]
    return payload


def alarm(site=SITE):
    return {'site': site, 'key': 'host-down:compute-2', 'severity': 'major',
            'kind': 'host_down', 'state': 'raised',
            'message': 'compute-2 stopped reporting', 'at': AT,
            'entity': 'compute-2'}


def progress(state='succeeded'):
    result = {'server_id': new_id(), 'message': 'done'}
    if state == 'failed':
        result = {'message': 'No valid host was found',
                  'fault': {'code': 500, 'message': 'NoValidHost',
                            'details': 'trace'}}
    return {'command_id': new_id(), 'state': state, 'result': result}


def request_reply(kind='template'):
    item = create_command() if kind == fields.COMMANDS else \
        business_data(kind)
    return {'kind': kind, 'until': AT, 'more': False, 'items': [item]}


def outbox_items(site=SITE, first=1):
    """One outbox item of each kind, numbered from ``first``."""
    payloads = [('report', {'report': report(site)}),
                ('progress', progress('failed')),
                ('alarm', {'alarm': alarm(site)})]
    return [{'seq': first + index, 'kind': kind, 'created_at': AT,
             'payload': payload}
            for index, (kind, payload) in enumerate(payloads)]


# A valid payload for every schema name.
VALID = {
    'command': create_command,
    'business_data': business_data,
    'monitoring_report': report,
    'alarm_record': alarm,
    'execute': lambda: {'command': create_command()},
    'push': lambda: {'data': business_data()},
    'ping': dict,
    'target': lambda: {'site': SITE},
    'ping_reply': lambda: {'site': SITE, 'version': '1.1', 'at': AT},
    'report': lambda: {'report': report()},
    'progress': progress,
    'alarm': lambda: {'alarm': alarm()},
    'request': lambda: {'site': SITE, 'kind': 'template', 'since': AT},
    'request_reply': request_reply,
    'outbox_item': lambda: outbox_items()[0],
    'deliver': lambda: {'site': SITE, 'items': outbox_items()},
    'deliver_reply': lambda: {'acked': [1, 2],
                              'refused': [{'seq': 3,
                                           'reason': 'unknown command'}]},
    'desktop.site.update': lambda: {
        'site': SITE, 'availability': 'offline', 'at': AT,
        'missed_reports': 3, 'last_report_at': None},
    'desktop.command.update': lambda: {
        'command_id': new_id(), 'site': SITE, 'action': 'create',
        'state': 'sent', 'at': AT},
    'desktop.alarm.update': alarm,
}
