from django.utils.translation import gettext_lazy as _

from central_cloud.dashboard import common


class Software(common.Panel):
    name = _('Templates & Rollouts')
    slug = 'desktop_software'
