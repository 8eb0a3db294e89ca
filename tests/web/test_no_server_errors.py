"""No input gives a 500: Hypothesis drives every GET route's path and query and every form, as each role that may.

Path parts get random text, small and huge numbers and control characters; query strings get the parameters the
pages read (page, team, q, ...) with the same; each form found on a page is posted back (valid CSRF token) with
random values in its fields. ``make test`` tries a few examples per route (the ``quick`` profile in
tests/conftest.py); ``HYPOTHESIS_PROFILE=thorough .venv/bin/python -m pytest -n 4 tests/web/test_no_server_errors.py``
tries 2,000 per route (too long for every run). The routes are dealt into ``LMS_FUZZ_SHARDS`` tests (default 2) so
that pytest-xdist spreads them over its workers and a long run reports shard by shard.
"""

import os
import re
from collections.abc import Callable
from urllib.parse import quote, urlencode

import pytest
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.routing import IntegerConverter

from lms.models import Role
from lms.params import DB_INT_MAX
from tests.conftest import Auth, csrf_token

#: Query parameters the pages read.
QUERY_NAMES = ["page", "per_page", "team", "q", "role", "status", "series", "level", "what", "next", "kind", "user"]
CONTROL = st.text(alphabet=st.characters(max_codepoint=0x1F) | st.sampled_from("\x7f\u202e\ufeff\u2028"), max_size=8)
NUMBERS = st.one_of(st.integers(-3, 5), st.sampled_from([DB_INT_MAX, DB_INT_MAX + 1, 2**64, -(2**63) - 1, 10**40])).map(
    str
)
VALUES = st.one_of(NUMBERS, st.text(max_size=30), CONTROL, st.sampled_from(["1e400", "nan", "-inf", "0x1f", "１２"]))
FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*?\bname="([^"]+)"')
SHARDS = int(os.environ.get("LMS_FUZZ_SHARDS", "2"))


def clients(app, people) -> dict:
    """One signed-in client per role."""
    signed = {}
    for role in Role:
        signed[role] = app.test_client()
        Auth(signed[role]).login(people[role.value])
    return signed


def roles_of(app, rule) -> list[Role | None]:
    """Every role that may use ``rule`` (None: not signed in, for public pages)."""
    allowed = app.view_functions[rule.endpoint].allowed_roles
    return [None] if allowed in ("public", "api_token") else sorted(allowed)


def routes(app, method: str):
    """Rules answering ``method``, static files and the API (tests/api checks its parameters) aside."""
    return [
        rule
        for rule in app.url_map.iter_rules()
        if method in rule.methods and rule.endpoint != "static" and not rule.rule.startswith("/api/")
    ]


def part(converter) -> st.SearchStrategy[str]:
    """Random text for one path part: numbers for ``<int:>`` (some too large), anything for the others."""
    if isinstance(converter, IntegerConverter):
        return NUMBERS.filter(lambda text: not text.startswith("-"))
    return st.one_of(st.text(min_size=1, max_size=20), VALUES.filter(bool)).map(lambda text: quote(text, safe=""))


def path_of(rule, draw) -> str:
    """``rule`` with each part drawn."""
    path = rule.rule
    for name, converter in rule._converters.items():
        path = re.sub(rf"<(?:[^:<>]+:)?{name}>", draw(part(converter)), path, count=1)
    return path


def no_server_error(answer, what: str) -> None:
    assert answer.status_code < 500, f"{what}: {answer.status_code}"


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_get_route_with_random_parts_and_query(app, people, shard):
    signed = clients(app, people)
    anonymous = app.test_client()
    for rule in routes(app, "GET")[shard::SHARDS]:
        getting(rule, [(role, signed[role] if role else anonymous) for role in roles_of(app, rule)])()


def getting(rule, clients: list) -> Callable[[], None]:
    """A Hypothesis test: GET ``rule`` with random parts and query, as one of ``clients`` (role, client) each time.

    One role per example, drawn, rather than every role: the same number of requests buys more examples.
    """

    @given(data=st.data())
    def check(data):
        path = path_of(rule, data.draw)
        query = data.draw(st.dictionaries(st.sampled_from(QUERY_NAMES), VALUES, max_size=3))
        url = f"{path}?{urlencode(query)}" if query else path
        role, client = data.draw(st.sampled_from(clients))
        no_server_error(client.get(url), f"GET {url} as {role}")

    return check


def form_fields(client, path: str) -> list[str]:
    """The field names of the forms on ``path`` (its GET page), CSRF token aside."""
    page = client.get(path)
    if page.status_code != 200 or not page.content_type.startswith("text/html"):
        return []
    return sorted(set(FIELD.findall(page.get_data(as_text=True))) - {"csrf_token"})


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_form_with_random_values(app, people, shard):
    ids = ids_of(app, people)
    posts = [(rule, role) for rule in routes(app, "POST") for role in roles_of(app, rule)]
    for rule, role in posts[shard::SHARDS]:
        client = app.test_client()  # a new session each time: an earlier form may have signed out
        if role is not None:
            Auth(client).login(people[role.value])
        if role is None or client.get("/password").status_code == 200:  # still signed in (not deactivated)
            posting(rule, role, client, ids)()


#: Values drawn for each form example, whatever the form's fields (the page may change between examples).
FORM_VALUES = 12


def posting(rule, role: Role | None, client, ids: list[str]) -> Callable[[], None]:
    """A Hypothesis test: POST ``rule``'s form (its fields read from its page) with random values, as ``role``."""
    token = csrf_token(client, "/password" if role else "/login")
    fields_on: dict[str, list[str]] = {}  # each page's fields, read once: a page read per example halves the examples

    @given(data=st.data())
    def check(data):
        path = path_of(rule, lambda strategy: data.draw(st.one_of(strategy, st.sampled_from(ids))))
        # What is drawn must not depend on the page (it changes as earlier examples post), or Hypothesis cannot
        # replay an example: draw a fixed number of values and hand them to the fields the page shows.
        values = data.draw(st.lists(VALUES, min_size=FORM_VALUES, max_size=FORM_VALUES))
        extras = data.draw(st.lists(st.sampled_from([*QUERY_NAMES, "id", "text", "name"]), max_size=2))
        if path not in fields_on:
            fields_on[path] = form_fields(client, path) if "GET" in rule.methods else []
        fields = fields_on[path]
        form = {name: values[i % FORM_VALUES] for i, name in enumerate(fields + extras)}
        no_server_error(client.post(path, data={**form, "csrf_token": token}), f"POST {path} {form} as {role}")

    return check


def ids_of(app, people) -> list[str]:
    """The ids of the people of the ``people`` fixture, so that some posts reach a real object."""
    import sqlalchemy as sa

    from lms.extensions import db
    from lms.models import User

    with app.app_context():
        return [str(i) for i in db.session.scalars(sa.select(User.id).where(User.employee_no.in_(people.values())))]
