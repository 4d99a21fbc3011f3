PANEL = 'desktop_alarms'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'desktop_federation'
ADD_PANEL = 'central_cloud.dashboard.alarms.panel.Alarms'
