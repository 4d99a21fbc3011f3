"""``openstack desktop ...`` commands of API v1, one module per resource.

``base`` holds what they share; ``progress`` is the ``--wait`` of the
desktop commands, ``rollout_progress`` the one of ``rollout create``.
"""
