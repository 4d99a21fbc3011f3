"""[placement] options refuse values out of their range."""

import pytest


@pytest.mark.parametrize('name, value', [
    ('shortage_usage_threshold', 1.5), ('shortage_usage_threshold', -0.1),
    ('default_scope', 'planet'), ('max_placement_attempts', 0),
    ('group_scopes', 'north:everywhere')])
def test_out_of_range(config, name, value):
    with pytest.raises(ValueError):
        config.set_override(name, value, 'placement')


def test_defaults(config):
    options = config.placement
    assert (options.default_scope, options.group_scopes,
            options.shortage_usage_threshold, options.max_placement_attempts) \
        == ('any', {}, 0.9, 3)
