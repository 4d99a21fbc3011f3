"""The Templates panel: template types, bundles and rollouts."""
