"""The WAN broker's users and permissions for site agents and central.

``permissions`` decides what a site's user may do (pure); ``rabbitmqctl``
talks to the broker; ``credentials`` puts the two together for
``desktop-central-manage site credentials``.
"""
