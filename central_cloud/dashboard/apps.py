"""The Django application of the desktop-federation panels."""

from django import apps


class DesktopFederationConfig(apps.AppConfig):
    name = 'central_cloud.dashboard'
    # "dashboard" alone is too generic a label among Horizon's apps.
    label = 'desktop_federation_dashboard'
    verbose_name = 'Desktop federation'
