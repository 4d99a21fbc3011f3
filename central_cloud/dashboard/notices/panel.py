from django.utils.translation import gettext_lazy as _

from central_cloud.dashboard import common


class Notices(common.Panel):
    name = _('Notices')
    slug = 'desktop_notices'
