from django.utils.translation import gettext_lazy as _

from central_cloud.dashboard import common


class Desktops(common.Panel):
    name = _('Desktops')
    slug = 'desktops'
