"""The one-machine lab behind ``tools/lab``.

It runs real OpenStack services from the lab virtualenv: one Keystone and,
per region of the topology file, Glance, Placement, an API-only Neutron and
Nova (api, conductor, scheduler, computes on ``virt_driver.LabDriver``),
plus PostgreSQL and two RabbitMQ nodes (the regions' bus and the WAN bus).
Everything binds to loopback; state, logs and PID files live in one lab
directory.
"""
