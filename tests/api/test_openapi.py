"""The OpenAPI document: valid 3.1, served as JSON, naming exactly the routes and error codes the code has."""

import re

import pytest
from flask import Flask, jsonify
from openapi_spec_validator import validate

from lms.api import spec
from lms.api.errors import ERRORS
from tests.api import openapi_check
from tests.api.conftest import bearer


def test_the_document_is_valid_openapi_3_1():
    document = spec.document()
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_it_is_served_as_json_without_a_token(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.get_json() == spec.document()


def _flask_to_openapi(rule: str) -> str:
    """/api/v1/employees/<employee_no>/transcript -> /api/v1/employees/{employee_no}/transcript"""
    return re.sub(r"<(?:[a-z]+:)?(\w+)>", r"{\1}", rule)


def test_every_route_of_the_blueprint_is_in_the_document_and_nothing_else(app):
    routes = {
        (_flask_to_openapi(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, item in spec.document()["paths"].items() for method in item}
    assert routes == documented
    operations = {op["operationId"] for item in spec.document()["paths"].values() for op in item.values()}
    assert operations == {
        rule.endpoint.removeprefix("api.") for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
    }


def test_the_document_lists_exactly_the_error_codes_of_the_code():
    enum = spec.document()["components"]["schemas"]["Error"]["properties"]["error"]["properties"]["code"]["enum"]
    assert sorted(enum) == sorted(ERRORS)


def test_every_token_route_documents_its_refusals(app):
    for path, item in spec.document()["paths"].items():
        for method, operation in item.items():
            if operation.get("security") == []:
                continue
            assert {"401", "429", "500"} <= set(operation["responses"]), (path, method)


def test_the_check_refuses_an_answer_that_breaks_the_document():
    """The validating client would let nothing through: a wrong shape, an undocumented status, a non-JSON error."""
    app = Flask(__name__)
    answers = {
        "/api/v1/certifications": lambda: jsonify(items=[], page=1, per_page=25, total=0),  # no "next"
        "/api/v1/certifications/X": lambda: (jsonify(error={"code": "token_revoked", "message": "x"}), 418),
        "/api/v1/nowhere": lambda: (jsonify(error={"code": "gone_fishing", "message": "x"}), 404),
        "/api/v1/employees/A/transcript": lambda: ("<p>oops</p>", 500),
    }
    for path, view in answers.items():
        app.add_url_rule(path, path, view)
    client = app.test_client()
    for path in answers:
        with pytest.raises(Exception):  # noqa: B017 (openapi-core, jsonschema or an assertion: any refusal)
            openapi_check.check(client.get(path))


def test_the_suite_checks_the_answers_it_receives(client, people, tokens):
    before = openapi_check.checked["count"]
    client.get("/api/v1/certifications", headers=bearer(tokens["read"]))
    client.get("/api/v1/no-such-thing", headers=bearer(tokens["read"]))
    client.delete("/api/v1/certifications", headers=bearer(tokens["read"]))
    assert openapi_check.checked["count"] == before + 3


def test_no_value_of_the_document_is_lost_to_yaml():
    """A comma in an unquoted flow-style description splits it into a key with no value."""

    def nulls(node, where=""):
        if isinstance(node, dict):
            return [f"{where}/{k}" for k, v in node.items() if v is None] + [
                n for k, v in node.items() for n in nulls(v, f"{where}/{k}")
            ]
        return [n for item in node for n in nulls(item, where)] if isinstance(node, list) else []

    assert nulls(spec.document()) == []
