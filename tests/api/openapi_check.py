"""Every API answer the suite receives is checked against the OpenAPI document (lms/api/openapi.yaml).

``CheckedClient`` is the app's test client class (tests/conftest.py sets it), so this holds for every test,
not only those under tests/api. A path or method the document does not have (an unknown path, a wrong
method) must still answer the document's ``Error`` schema.
"""

from functools import cache

from flask.testing import FlaskClient
from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_schema_validator import OAS31Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from lms.api import spec

#: How many API answers were checked in this process (a test makes sure the check runs).
checked = {"count": 0}


@cache
def openapi() -> OpenAPI:
    """The document, parsed once (which also validates the document itself)."""
    return OpenAPI.from_dict(spec.document())


@cache
def error_validator() -> OAS31Validator:
    """A validator of the ``Error`` schema, its references resolved within the document."""
    registry = Registry().with_resource("urn:lms-api", DRAFT202012.create_resource(spec.document()))
    return OAS31Validator({"$ref": "urn:lms-api#/components/schemas/Error"}, registry=registry)


class AnsweredRequest(WerkzeugOpenAPIRequest):
    """The request of an answer: its body was read by the app, and response validation does not need it."""

    @property
    def body(self) -> bytes:
        return b""


def check(response) -> None:
    """Raise if ``response`` (to an /api/ request) is not what the document promises."""
    assert response.mimetype == "application/json", (response.request.path, response.mimetype)
    try:
        openapi().validate_response(AnsweredRequest(response.request), WerkzeugOpenAPIResponse(response))
    except (PathNotFound, OperationNotFound):
        assert response.status_code >= 400, (response.request.path, response.status_code)
        error_validator().validate(response.get_json())
    checked["count"] += 1


class CheckedClient(FlaskClient):
    """The test client: answers to /api/ requests are checked against the OpenAPI document."""

    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.request.path.startswith("/api/"):
            check(response)
        return response
