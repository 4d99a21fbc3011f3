"""Tests of the devstack plugin: linters, the plugin contract, the config.

devstack itself is not installed here: ``fake_devstack.sh`` stands in for
the devstack functions the plugin calls and records each call.
"""
