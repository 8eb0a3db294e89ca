"""Every role's main pages run as many SQL statements with 30 modules and people as with 3: no query per row (N+1).

The same pages are counted twice: with 3 modules and a team of 3 with a month of history, then after 27 more
modules and a team of 30 with a year of it. Each page is opened once before it is counted, so a first visit's
writes (the opened section, a notification read) are not counted.
"""

from collections import Counter

from lms.extensions import db
from lms.models import User
from tests.content import course_text
from tests.sql import statements
from tests.team_history import build_team

LEARNER = ["/", "/courses", "/courses/alpha", "/courses/alpha/1", "/level", "/exams", "/my/assignments", "/drills"]
LEARNER += ["/notifications", "/review"]
SUPERVISOR = ["/supervisor/", "/team", "/courses", "/supervisor/progress", "/supervisor/ratings", "/supervisor/exams"]
SUPERVISOR += [
    "/supervisor/drills/assignments",
    "/team/people/{member}",
    "/team/people/{member}/rating",
    "/knowledge-map",
]
HR = ["/", "/people", "/people?q=成员", "/hr/people/{member}", "/hr/levels", "/hr/training", "/hr/training/teams"]
HR += ["/hr/certificates", "/knowledge-map"]
ADMIN = ["/", "/admin/users", "/admin/teams", "/admin/audit", "/banks/", "/admin/questions/"]


def _more_modules(root, count: int) -> None:
    """``count`` more modules of three sections each, in series of three, in the content folder."""
    for i in range(count):
        sections = ["第一节", "第二节", "第三节"]
        text = course_text(f"extra-{i:02d}", f"补充课程{i:02d}", sections, f"extra-{i // 3}", i % 3 + 1)
        (root / "courses" / f"extra-{i:02d}.md").write_text(text, encoding="utf-8")


def _counts(app, auth, people, history) -> dict[str, Counter]:
    """The statements of each page, for a learner and the supervisor of ``history``, and for HR and the admin."""
    member = history.member_ids[1]  # an agent holding the junior level
    with app.app_context():
        member_no = db.session.get(User, member).employee_no
    seen = {}
    for role, who, paths in (
        ("learner", member_no, LEARNER),
        ("supervisor", history.supervisor, SUPERVISOR),
        ("hr", people["hr"], HR),
        ("admin", people["admin"], ADMIN),
    ):
        auth.login(who)
        for path in paths:
            url = path.format(member=member)
            assert auth.client.get(url).status_code == 200, (who, url)
            with statements(app) as run:
                assert auth.client.get(url).status_code == 200, (who, url)
            seen[f"{role} {path}"] = Counter(run)
        auth.post("/logout")
    return seen


def _built(app, build):
    """Run ``build`` in an application context of its own (requests must not share its session)."""
    with app.app_context():
        return build()


def test_main_pages_run_as_many_statements_with_30_modules_and_people_as_with_3(
    app, client, auth, people, exam_content, drill_content
):
    from lms.services.content import import_content

    small = _counts(app, auth, people, _built(app, lambda: build_team("S", 3, days=30)))
    _more_modules(exam_content, 27)
    assert _built(app, lambda: import_content(exam_content)).problems == []
    large = _counts(app, auth, people, _built(app, lambda: build_team("L", 30, days=365)))
    grown = {
        path: f"{small[path].total()} → {large[path].total()}, more of: {list(large[path] - small[path])}"
        for path in large
        if large[path].total() != small[path].total()
    }
    assert not grown, f"statements with 3 → 30 modules and people: {grown}"
