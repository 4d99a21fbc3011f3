PANEL = 'desktop_notices'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'desktop_federation'
ADD_PANEL = 'central_cloud.dashboard.notices.panel.Notices'
