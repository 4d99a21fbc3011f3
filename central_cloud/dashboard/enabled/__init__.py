"""Horizon enabled files of the desktop-federation panels.

Copy them into ``openstack_dashboard/local/enabled/`` (or pass this
package to ``openstack_dashboard.utils.settings.update_dashboards``, as
``central_cloud.dashboard.plugin.enable`` does) to add the panel group
"Desktop Federation" to the admin dashboard.
"""
