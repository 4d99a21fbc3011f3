PANEL = 'desktop_sites'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'desktop_federation'
ADD_PANEL = 'central_cloud.dashboard.sites.panel.Sites'
