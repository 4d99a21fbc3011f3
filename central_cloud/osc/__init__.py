"""The OpenStackClient plugin (``openstack desktop ...``) and its REST client.

``client`` is a plain client of central's REST API v1 on a keystoneauth
session, with no OpenStackClient in it, so the Horizon panel can use it
too; ``exceptions`` holds the errors it raises. ``plugin`` is the
``openstack.cli.extension`` entry point and ``v1`` the commands.
"""
