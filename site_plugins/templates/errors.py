"""Why a template could not be built: one reason for central."""

from site_plugins.executor import results


class BuildFailed(results.CommandFailed):
    """A template build failed; ``str()`` says why, for central.

    ``reason`` is a short kind for the alarm: ``sha256_mismatch``,
    ``file_missing``, ``base_image_gone``, ``base_image_copy``,
    ``builder``, ``snapshot``, ``precache``, ``spec``.
    """

    def __init__(self, reason, message, fault=None, server_ids=()):
        super().__init__(message, fault, server_ids)
        self.reason = reason
