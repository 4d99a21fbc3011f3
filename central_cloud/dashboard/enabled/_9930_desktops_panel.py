PANEL = 'desktops'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'desktop_federation'
ADD_PANEL = 'central_cloud.dashboard.desktops.panel.Desktops'
