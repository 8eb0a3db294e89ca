"""Numbers the database cannot hold (ids and ``?page=``/``?team=`` above 2^63−1) name nothing: a 404, never a 500.

The API's ``?page=`` is refused with a message (tests/api/test_certifications.py).
"""

import pytest
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter
from wtforms.validators import NumberRange, Optional

from lms.form_fields import NumberField, WholeNumberField
from lms.models import Role
from lms.params import DB_INT_MAX
from tests.conftest import Auth, csrf_token

TOO_BIG = [DB_INT_MAX + 1, 2**64, 10**30]
#: Values for the other parts of an id-bearing path.
OTHER_PARTS = {"slug": "x", "fmt": "csv", "lang": "zh", "first": "x"}


def signed_in(app, people, role: Role):
    """A client signed in as the ``people`` fixture's user of ``role``."""
    client = app.test_client()
    Auth(client).login(people[role.value])
    return client


def clients(app, people) -> dict:
    """One signed-in client per role."""
    return {role: signed_in(app, people, role) for role in Role}


def id_routes(app):
    """Every rule with an ``<int:…>`` part, with a role that may open it."""
    found = []
    for rule in app.url_map.iter_rules():
        if any(isinstance(converter, IntegerConverter) for converter in rule._converters.values()):
            allowed = app.view_functions[rule.endpoint].allowed_roles
            role = Role.ADMIN if allowed == "public" or Role.ADMIN in allowed else sorted(allowed)[0]
            found.append((rule, role))
    return found


def test_there_are_id_routes_to_check(app):
    assert len(id_routes(app)) >= 20


@pytest.mark.parametrize("number", TOO_BIG)
def test_an_id_too_big_for_the_database_is_a_404_on_every_route(app, people, number):
    answers, signed = {}, clients(app, people)
    for rule, role in id_routes(app):
        client = signed[role]
        values = {
            name: number if isinstance(converter, IntegerConverter) else OTHER_PARTS[name]
            for name, converter in rule._converters.items()
        }
        path = rule.build(values, append_unknown=False)[1]
        if "GET" in rule.methods:
            answer = client.get(path)
        else:
            answer = client.post(path, data={"csrf_token": csrf_token(client, "/password")})
        answers[rule.rule] = answer.status_code
    # 405: the path is another route's with a string part, which has no such method
    assert {rule: code for rule, code in answers.items() if code not in (404, 405)} == {}


def test_a_negative_id_is_a_404(app, people):
    client = signed_in(app, people, Role.ADMIN)
    assert client.get("/admin/users/-1").status_code == 404


LISTS = {
    Role.ADMIN: ["/admin/users", "/admin/teams", "/admin/audit", "/hr/certificates"],
    Role.HR: ["/people", "/hr/levels", "/hr/training"],
    Role.SUPERVISOR: ["/supervisor/", "/supervisor/progress", "/supervisor/drills", "/supervisor/drills/assignments"],
}


@pytest.mark.parametrize("query", [f"page={DB_INT_MAX + 1}", f"page={DB_INT_MAX // 100 + 1}", "page=-3", "page=x"])
def test_a_page_number_out_of_range_is_a_404(app, people, query):
    codes = {}
    for role, paths in LISTS.items():
        client = signed_in(app, people, role)
        for path in paths:
            codes[path] = client.get(f"{path}?{query}").status_code
    assert codes == dict.fromkeys(codes, 404)


@pytest.mark.parametrize(("role", "path"), [(Role.ADMIN, "/admin/users"), (Role.HR, "/people")])
def test_a_team_out_of_range_is_a_404_and_a_real_one_is_a_filter(app, people, role, path):
    client = signed_in(app, people, role)
    assert client.get(f"{path}?team={2**64}").status_code == 404
    assert client.get(f"{path}?team=-1").status_code == 404
    assert client.get(f"{path}?team=").status_code == 200
    assert client.get(f"{path}?team=1").status_code == 200


def test_a_nul_in_the_url_or_a_form_is_refused_before_any_query(client, auth, people):
    """PostgreSQL cannot store NUL: the fuzz run found /courses/%00 reaching the driver (a 500 there)."""
    assert client.get("/courses/%00").status_code in (302, 404)
    auth.login(people["agent"])
    assert client.get("/courses/%00").status_code == 404
    assert client.get("/people?q=%00").status_code in (400, 403)
    assert client.get("/courses/?q=a%00b").status_code == 400


class _Numbers(FlaskForm):
    class Meta:
        csrf = False

    count = WholeNumberField(validators=[Optional(), NumberRange(0, 100, "范围")])
    share = NumberField(validators=[Optional(), NumberRange(0, 100, "范围")])


@pytest.mark.parametrize(
    ("field", "typed", "data", "errors"),
    [
        ("count", "7", 7, []),
        ("count", "", None, []),
        ("count", "abc", None, ["请输入整数。"]),
        ("count", str(DB_INT_MAX + 1), None, ["数字超出范围。"]),
        ("count", str(10**30), None, ["数字超出范围。"]),
        ("count", "101", 101, ["范围"]),
        ("share", "99.5", 99.5, []),
        ("share", "nan", None, ["请输入有效的数字。"]),
        ("share", "inf", None, ["请输入有效的数字。"]),
        ("share", "-Infinity", None, ["请输入有效的数字。"]),
        ("share", "1e400", None, ["请输入有效的数字。"]),
        ("share", "x", None, ["请输入数字。"]),
    ],
)
def test_form_numbers_are_refused_with_one_message_when_unreadable_infinite_or_too_big(app, field, typed, data, errors):
    """NaN passed every range check before (NaN < 0 and NaN > 100 are both false), and huge whole numbers reached SQL."""
    with app.test_request_context(method="POST", data={field: typed}):
        form = _Numbers()
        form.validate()
        assert (form[field].data, [str(e) for e in form[field].errors]) == (data, errors)
