"""Unit tests of the nova scheduler plugins, on nova's own test fakes.

nova and the plugins are loaded here first, before any test module, the
way ``nova_fakes`` describes.
"""

from tests.unit.nova_scheduler_filters import nova_fakes  # noqa: F401
