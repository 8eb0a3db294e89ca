"""Scope: a supervisor sees their own team's active learners on every page and in every figure; HR and admins see all.

Two teams, each with a supervisor and learners who have attempts, module progress, drill results and
certificates. Team A also has an inactive member: supervisors see active members only (lms/services/scope.py).
"""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms.domain import certificate_number
from lms.domain.scoring import model_answer
from lms.extensions import db
from lms.models import (
    Assignment,
    Attempt,
    AttemptItem,
    Certificate,
    CompetencyRating,
    LevelAward,
    Module,
    ModuleProgress,
    ModuleRating,
    ReplySession,
    Role,
    Team,
    TypingText,
    Violation,
)
from lms.services import answer_saves, exams
from lms.timeutil import utcnow
from tests.factories import make_typing_result, make_user
from tests.web.test_exams import WRONG

#: (key, employee number, name, role, team, active). Keys starting with "A" are team A (supervisor SA).
PEOPLE = [
    ("SA", "JIA-S01", "甲主管", Role.SUPERVISOR, None, True),
    ("SB", "YI-S01", "乙主管", Role.SUPERVISOR, None, True),
    ("A1", "JIA-A01", "甲客服", Role.AGENT, "A", True),
    ("A2", "JIA-A02", "甲新人", Role.NEW_HIRE, "A", True),
    ("A3", "JIA-A03", "甲离职", Role.AGENT, "A", False),
    ("B1", "YI-B01", "乙客服", Role.AGENT, "B", True),
    ("B2", "YI-B02", "乙新人", Role.NEW_HIRE, "B", True),
    ("HR", "BING-H01", "丙人事", Role.HR, None, True),
    ("AD", "DING-D01", "丁管理", Role.ADMIN, None, True),
]
LEARNERS = [key for key, *_rest, team, _active in PEOPLE if team]
#: Typing figures that appear nowhere else: B's must never show on team A's pages.
TODAY = utcnow().date()
NET = {"A1": 61.1, "A2": 62.2, "A3": 63.3, "B1": 71.1, "B2": 72.2}


@dataclass
class World:
    """Ids of what the test created, by person key."""

    users: dict[str, int]
    numbers: dict[str, str]
    names: dict[str, str]
    attempts: dict[str, int]
    certificates: dict[str, str]

    def hidden_from_a(self) -> list[str]:
        """Every string that would show someone supervisor A may not see."""
        keys = ["B1", "B2", "A3"]
        return (
            [self.names[k] for k in keys]
            + [self.numbers[k] for k in keys]
            + [self.certificates[k] for k in ("B1", "A3")]
            + [f"{NET[k]} 字/分钟" for k in keys]
        )


def _answer(item: AttemptItem, right: bool):
    """The model answer, or a wrong one where the test bank has one."""
    content = item.version.content
    return model_answer(content) if right else WRONG.get(item.version.type, model_answer(content))


def _certificate(user_id: int) -> str:
    """A junior certificate expiring in 10 days (so supervisors see it on their home page); its number."""
    award = LevelAward(user_id=user_id, level="junior", evidence=[])
    number = certificate_number.generate()
    award.certificates.append(
        Certificate(
            number=number,
            issued_on=TODAY - timedelta(days=355),
            expires_on=TODAY + timedelta(days=10),
            pdf=b"%PDF-1.4 test",
        )
    )
    db.session.add(award)
    return number


def build_world(app) -> World:
    """Two teams with everything a supervisor's pages show."""
    with app.app_context():
        teams = {"A": Team(name="甲组"), "B": Team(name="乙组")}
        db.session.add_all(teams.values())
        users = {
            key: make_user(number, name, role, team=teams.get(team), active=active, hire_days_ago=200)
            for key, number, name, role, team, active in PEOPLE
        }
        teams["A"].supervisor, teams["B"].supervisor = users["SA"], users["SB"]
        db.session.commit()
        exam = exams.active_exam("final")
        module = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        text = db.session.scalar(sa.select(TypingText).where(TypingText.lang == "zh"))
        attempts, certificates = {}, {}
        for key in LEARNERS:
            user = users[key]
            attempt = exams.start(user, exam)
            for item in attempt.items:  # team A answers everything right, team B half wrong
                answer_saves.save_item(item, _answer(item, key.startswith("A")))
            attempts[key] = exams.finish(attempt.id).id
            make_typing_result(user, text, net=NET[key], accuracy=0.99)
            db.session.add_all(
                [
                    Assignment(user_id=user.id, module_id=module.id, due_date=TODAY),
                    ModuleProgress(user_id=user.id, module_id=module.id),
                    ModuleRating(user_id=user.id, module_id=module.id, content=5, usefulness=5, clarity=5),
                    ReplySession(
                        user_id=user.id,
                        mode="recognition",
                        finished_at=utcnow(),
                        share_right=0.9,
                        mean_seconds=3.0,
                        p90_seconds=4.0,
                    ),
                    Violation(user_id=user.id, code="quarrel", points=20, day=TODAY, note=f"{key} 的违规"),
                ]
            )
            if key in ("A1", "A3", "B1"):
                certificates[key] = _certificate(user.id)
        db.session.commit()
        return World(
            users={key: user.id for key, user in users.items()},
            numbers={key: number for key, number, *_ in PEOPLE},
            names={key: name for key, _number, name, *_ in PEOPLE},
            attempts=attempts,
            certificates=certificates,
        )


@pytest.fixture
def world(app, exam_content, drill_content) -> World:
    """The two teams, built once the test exams and drills are imported."""
    return build_world(app)


def supervisor_pages(world: World) -> list[str]:
    """Every page supervisor A opens, lists and statistics included."""
    return [
        "/supervisor/",
        "/team",
        "/team?status=all",
        "/team?status=inactive",
        "/team?q=乙",
        "/courses",
        "/supervisor/progress",
        "/supervisor/assign",
        "/supervisor/sittings",
        "/supervisor/ratings",
        "/supervisor/exams",
        "/supervisor/exams/final",
        "/supervisor/exams/quiz-alpha",
        "/supervisor/drills",
        "/supervisor/drills/assignments",
        "/supervisor/",
        "/supervisor/?q=乙",
        "/supervisor/overview/not-ready",
        "/supervisor/overview/overdue-assignments",
        "/supervisor/overview/module?module=alpha",
        "/supervisor/overview/level",
        "/supervisor/overview/level?level=junior",
        "/supervisor/overview/exam-ready",
        "/supervisor/overview/expiring",
        "/supervisor/overview/violations",
        "/supervisor/overview/violations?q=乙",
        "/supervisor/overview/ratings?module=alpha",
        f"/team/people/{world.users['A1']}",
        f"/team/people/{world.users['A2']}",
        f"/supervisor/attempts/{world.attempts['A1']}",
        f"/supervisor/attempts/{world.attempts['A2']}",
    ]


def item_statistics(page: str) -> list[tuple[int, float]]:
    """(attempts, facility) of each row of the item statistics table."""
    table = page[page.index("题目分析") :]
    return [(int(n), float(f)) for n, f in re.findall(r"</span></td>\s*<td>(\d+)</td><td>([\d.]+)</td>", table)]


def test_supervisor_a_sees_no_one_from_team_b_nor_inactive_members_on_any_page(client, auth, world):
    auth.login(world.numbers["SA"])
    seen, leaks = "", {}
    for path in supervisor_pages(world):
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.get_data(as_text=True)
        leaks[path] = [text for text in world.hidden_from_a() if text in page]
        seen += page
    assert {path: leaked for path, leaked in leaks.items() if leaked} == {}
    for key in ("A1", "A2"):  # the team itself is there: a page that showed no one would pass the check above
        assert world.names[key] in seen and f"{NET[key]} 字/分钟" in seen
    assert client.get("/").location == "/supervisor/"  # a supervisor's home is the team overview


def test_exam_figures_and_item_statistics_count_only_the_team(client, auth, world):
    auth.login(world.numbers["SA"])
    summary = client.get("/supervisor/exams").get_data(as_text=True)
    row = re.search(r"开场测验</a></td>\s*<td>(\d+)</td><td>(\d+)</td><td>([\d.]+)%</td>", summary).groups()
    stats = item_statistics(client.get("/supervisor/exams/final").get_data(as_text=True))
    # two finished attempts, both passed at 100%; every question answered by 2, all right (B answered half wrong)
    assert (row, stats) == (("2", "2", "100.0"), [(2, 1.0)] * 8)


def test_team_b_and_inactive_ids_are_not_found(client, auth, world):
    auth.login(world.numbers["SA"])
    paths = [f"/certificates/{world.certificates[key]}.pdf" for key in ("B1", "A3")]
    for key in ("B1", "B2", "A3"):
        paths += [f"/team/people/{world.users[key]}", f"/supervisor/attempts/{world.attempts[key]}"]
    for key in ("SA", "SB", "HR"):  # people who are no one's team member have no team page either
        paths.append(f"/team/people/{world.users[key]}")
    found = {path: client.get(path).status_code for path in paths}
    assert {path: status for path, status in found.items() if status != 404} == {}
    assert client.get(f"/certificates/{world.certificates['A1']}.pdf").status_code == 200


def _counts(app) -> tuple[int, ...]:
    """Rows that the refused posts below would add or change."""
    with app.app_context():
        overridden = db.session.scalar(
            sa.select(sa.func.count(AttemptItem.id)).where(AttemptItem.override.is_not(None))
        )
        return tuple(
            db.session.scalar(sa.select(sa.func.count()).select_from(model))
            for model in (Assignment, CompetencyRating, Violation)
        ) + (overridden,)


def test_posts_about_team_b_are_refused_and_change_nothing(app, client, auth, world):
    before = _counts(app)
    auth.login(world.numbers["SA"])
    b1, attempt = world.users["B1"], world.attempts["B1"]
    today = TODAY.isoformat()
    assert auth.post(f"/team/people/{b1}/rating", {"c-submit": "1", "c-S1": "5"}).status_code == 404
    assert client.get(f"/team/people/{b1}/rating").status_code == 404
    assert auth.post(f"/team/people/{b1}", {"v-submit": "1", "v-code": "quarrel", "v-day": today}).status_code == 404
    assert auth.post(f"/supervisor/attempts/{attempt}", {"position": "8", "percent": "100"}).status_code == 404
    page = auth.post("/supervisor/assign", {"what": "module:alpha", "people": b1, "due_date": today})
    assert page.status_code == 200 and "所选学员不在您带领的团队中" in page.get_data(as_text=True)
    drills = auth.post("/supervisor/drills", {"what": "typing:zh:", "people": b1, "due_date": today})
    assert drills.status_code == 200 and "所选学员不在您带领的团队中" in drills.get_data(as_text=True)
    assert _counts(app) == before
    with app.app_context():
        assert db.session.get(Attempt, attempt).percent < 100


@pytest.mark.parametrize("role", ["HR", "AD"])
def test_hr_and_admins_see_everyone(client, auth, world, role):
    auth.login(world.numbers[role])
    directory = client.get("/people?status=all" if role == "HR" else "/admin/users?status=all").get_data(as_text=True)
    assert all(world.names[key] in directory for key in LEARNERS)
    certificates = client.get("/hr/certificates").get_data(as_text=True)
    assert all(number in certificates for number in world.certificates.values())
    for number in world.certificates.values():
        assert client.get(f"/certificates/{number}.pdf").status_code == 200


def test_a_learner_sees_only_their_own_certificate(client, auth, world):
    auth.login(world.numbers["B1"])
    assert client.get(f"/certificates/{world.certificates['B1']}.pdf").status_code == 200
    assert client.get(f"/certificates/{world.certificates['A1']}.pdf").status_code == 404
    assert client.get(f"/team/people/{world.users['B1']}").status_code == 403


#: Whom each person may see in lists and figures: the rule of lms/services/scope.py, spelled out.
RULE = {
    "SA": {"A1", "A2"},
    "SB": {"B1", "B2"},
    "A1": {"A1"},
    "B2": {"B2"},
    "A3": set(),  # deactivated: no one, not even themselves
    "HR": {key for key, *_ in PEOPLE},
    "AD": {key for key, *_ in PEOPLE},
}


@pytest.mark.parametrize("viewer", list(RULE))
def test_the_rule(app, world, viewer):
    from lms.models import User
    from lms.services import scope

    with app.app_context():
        user = db.session.get(User, world.users[viewer])
        seen = set(db.session.scalars(scope.visible_people(user)))
        assert seen == {world.users[key] for key in RULE[viewer]}
        assert set(db.session.scalars(sa.select(User.id).where(scope.people_filter(user)))) == seen
