from django.utils.translation import gettext_lazy as _

from central_cloud.dashboard import common


class Sites(common.Panel):
    name = _('Sites')
    slug = 'desktop_sites'
