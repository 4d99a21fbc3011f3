PANEL = 'desktop_overview'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'desktop_federation'
ADD_PANEL = 'central_cloud.dashboard.overview.panel.Overview'
