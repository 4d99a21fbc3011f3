# The "Desktop Federation" panel group of the admin dashboard, and what
# the panels need from Horizon's settings.
from central_cloud.dashboard import errors

PANEL_GROUP = 'desktop_federation'
PANEL_GROUP_NAME = 'Desktop Federation'
PANEL_GROUP_DASHBOARD = 'admin'

ADD_INSTALLED_APPS = ['central_cloud.dashboard']
ADD_JS_FILES = ['desktop_federation/desktop_federation.js']
ADD_EXCEPTIONS = {
    'not_found': errors.NOT_FOUND,
    'recoverable': errors.RECOVERABLE,
}
