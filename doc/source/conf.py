"""Sphinx configuration of the desktop-federation documentation."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.abspath(os.path.dirname(__file__)),
                                '_ext'))

project = 'desktop-federation'
copyright = 'desktop-federation contributors'
extensions = [
    'oslo_config.sphinxext',
    'oslo_policy.sphinxext',
    'desktop_docs',
]
master_doc = 'index'
exclude_patterns = ['_build']
html_theme = 'alabaster'
# The policy reference is generated from the registered defaults.
policy_generator_config_file = os.path.join(
    os.path.dirname(__file__), '..', '..', 'etc', 'desktop-central',
    'desktop-central-policy-generator.conf')
