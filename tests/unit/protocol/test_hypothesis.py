"""Random JSON never makes validate() raise anything but InvalidMessage."""

import copy

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from central_cloud.protocol import exception
from central_cloud.protocol import schemas
from central_cloud.protocol import validation
from central_cloud.protocol import versions
from tests.unit.protocol import samples

FIELD_NAMES = sorted({
    'command', 'data', 'report', 'alarm', 'site', 'kind', 'since', 'id',
    'action', 'params', 'created_at', 'name', 'flavor', 'template_type',
    'count', 'metadata', 'hosts', 'state', 'resources', 'VCPU', 'total',
    'result', 'fault', 'items', 'body', 'version', 'templates', 'seq',
    'options', 'server_id', 'command_id', 'severity', 'message', 'at',
    'payload', 'acked', 'refused', 'reason'})

SCALARS = (st.none() | st.booleans() | st.integers() |
           st.floats(allow_nan=True, allow_infinity=True) | st.text())
KEYS = st.sampled_from(FIELD_NAMES) | st.text(max_size=20)
JSON = st.recursive(
    SCALARS,
    lambda children: (st.lists(children, max_size=5) |
                      st.dictionaries(KEYS, children, max_size=6)),
    max_leaves=40)
NAMES = st.sampled_from(schemas.names())
VERSIONS = st.sampled_from(versions.KNOWN)


def _check(name, payload, version):
    if name not in schemas.names(version):
        version = None  # a message newer than ``version``
    try:
        assert validation.validate(name, payload, version) is payload
    except exception.InvalidMessage as exc:
        assert str(exc).startswith('Invalid %r message: ' % name)


@settings(max_examples=300, deadline=None)
@given(NAMES, JSON, VERSIONS)
def test_random_json(name, payload, version):
    _check(name, payload, version)


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, path + (index,))


@st.composite
def mutated_samples(draw):
    """A valid payload with one value, somewhere, replaced at random."""
    name = draw(st.sampled_from(sorted(samples.VALID)))
    payload = copy.deepcopy(samples.VALID[name]())
    path = draw(st.sampled_from(list(_paths(payload))))
    replacement = draw(JSON)
    if not path:
        return name, replacement
    target = payload
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = replacement
    return name, payload


@settings(max_examples=500, deadline=None)
@given(mutated_samples(), VERSIONS)
def test_mutated_valid_payloads(case, version):
    name, payload = case
    _check(name, payload, version)


def _verdicts(name, payload, version):
    """(compiled check accepts, jsonschema accepts) for plain JSON."""
    version = versions.resolve(
        version if name in schemas.names(version) else None)
    try:
        validation._check_plain_json(name, payload)
    except exception.InvalidMessage:
        return None
    try:
        validation._compiled(name, version)(payload)
        compiled = True
    except validation.fastjsonschema.JsonSchemaValueException:
        compiled = False
    reference = validation._reference_error(
        validation._validator(name, version), payload) is None
    return compiled, reference


@settings(max_examples=500, deadline=None)
@given(mutated_samples(), VERSIONS)
def test_compiled_check_agrees_with_jsonschema(case, version):
    name, payload = case
    verdicts = _verdicts(name, payload, version)
    if verdicts is not None:
        assert verdicts[0] == verdicts[1], (name, payload)


@settings(max_examples=300, deadline=None)
@given(NAMES, JSON, VERSIONS)
def test_compiled_check_agrees_on_random_json(name, payload, version):
    verdicts = _verdicts(name, payload, version)
    if verdicts is not None:
        assert verdicts[0] == verdicts[1], (name, payload)


def test_every_valid_sample_passes_the_compiled_check():
    for name, make in samples.VALID.items():
        assert _verdicts(name, make(), None) == (True, True), name
