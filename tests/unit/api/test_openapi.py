"""The OpenAPI document: every route, the schemas the API validates with."""

import jsonschema
import pytest

from central_cloud.api import app
from central_cloud.api import openapi
from central_cloud.api.schemas import bundles
from central_cloud.api.schemas import sites
from central_cloud import policies
from tests.unit.api import fixtures


@pytest.fixture
def document():
    return openapi.document(app.build_router())


def test_every_route_is_described_and_nothing_else():
    router = app.build_router()
    assert openapi.routes_without_operation(router) == []
    routed = {(method, template) for template, method, _ in router.routes()}
    assert set(openapi.OPERATIONS) == routed


def test_the_document_lists_every_method_of_every_route(document):
    listed = {(method.upper(), path)
              for path, item in document['paths'].items()
              for method in item}
    assert listed == set(openapi.OPERATIONS)
    assert document['openapi'] == '3.1.0'


def test_bodies_and_queries_are_the_validation_schemas(document):
    post_site = document['paths']['/v1/sites']['post']
    assert post_site['requestBody']['content']['application/json'][
        'schema'] == sites.CREATE
    listed = {p['name']: p for p in document['paths']['/v1/sites']['get'][
        'parameters']}
    assert set(listed) == set(sites.LIST_QUERY['properties'])
    assert listed['group']['explode'] is True
    upload = document['paths']['/v1/bundles/{bundle_id}/files/{name}']
    assert upload['put']['parameters'][1]['schema'] == bundles.FILE_NAME
    assert 'application/octet-stream' in upload['put']['requestBody'][
        'content']
    acknowledge = document['paths']['/v1/alarms/{alarm_id}/acknowledge']
    assert acknowledge['post']['requestBody']['required'] is False


def test_every_path_parameter_has_a_schema(document):
    for path, item in document['paths'].items():
        for operation in item.values():
            named = [p['name'] for p in operation['parameters']
                     if p['in'] == 'path']
            assert named == openapi._names(path)
            for parameter in operation['parameters']:
                jsonschema.Draft202012Validator.check_schema(
                    parameter['schema'])


def test_every_operation_has_a_success_and_an_error_answer(document):
    for path, item in document['paths'].items():
        for method, operation in item.items():
            codes = set(operation['responses'])
            assert 'default' in codes, (method, path)
            assert any(code.startswith('2') for code in codes)


def test_every_route_of_the_document_has_a_policy_rule():
    guarded = {(op['method'], op['path']) for rule in policies.list_rules()
               for op in getattr(rule, 'operations', None) or []}
    assert set(openapi.OPERATIONS) <= guarded


def test_the_api_serves_it_to_its_users(client):
    for who in (fixtures.ADMIN, fixtures.MEMBER, fixtures.READER):
        resp = client.get(openapi.PATH, as_=who)
        assert resp.status_int == 200, resp.text
        assert resp.json == openapi.document(app.build_router())
    fixtures.error_of(client.get(openapi.PATH, as_=fixtures.NOBODY), 403)
