from django.utils.translation import gettext_lazy as _

from central_cloud.dashboard import common


class Alarms(common.Panel):
    name = _('Alarms')
    slug = 'desktop_alarms'
