"""templates: the desktop templates present in the site's Glance (M9).

A template is an active image with the property ``desktop_template_type``
(and ``desktop_template_version``, default 1).
"""

import re

from oslo_log import log as logging

from central_cloud.protocol import fields
from central_cloud.protocol.schemas import common
from site_plugins.executor import create
from site_plugins.monitors import base

LOG = logging.getLogger(__name__)

_TYPE = re.compile(common.IDENTIFIER['pattern'])
_CHECKSUM = re.compile(common.CHECKSUM['pattern'])


def templates(images):
    """The report's ``templates``, sorted by type then version."""
    found = []
    for image in images:
        template_type = image['properties'].get(create.TEMPLATE_TYPE)
        if image['status'] != 'active' or template_type is None:
            continue
        checksum = (image.get('checksum') or '').lower()
        if not _TYPE.match(str(template_type)) or \
                not _CHECKSUM.match(checksum):
            LOG.warning('Image %s is not reported as a template: its type '
                        '%r or checksum %r is not valid', image['id'],
                        template_type, checksum)
            continue
        found.append({'type': template_type,
                      'version': create.template_version(image),
                      'image_id': image['id'], 'checksum': checksum})
    found.sort(key=lambda t: (t['type'], t['version'], t['image_id']))
    return found[:fields.MAX_TEMPLATES]


class TemplatesMonitor(base.Monitor):
    """Fills ``templates``."""

    name = 'templates'

    def collect(self):
        return base.Observation(
            {'templates': templates(self.backend.images())}, [])
