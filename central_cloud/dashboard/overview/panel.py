from django.utils.translation import gettext_lazy as _

from central_cloud.dashboard import common


class Overview(common.Panel):
    name = _('Overview')
    slug = 'desktop_overview'
