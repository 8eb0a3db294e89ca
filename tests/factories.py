"""Test data builders."""

from datetime import timedelta

import sqlalchemy as sa

from lms import timeutil
from lms.extensions import db
from lms.models import Module, ModuleFact, ReviewCard, Role, SectionOpen, Team, TypingResult, TypingText, User
from lms.models.people import hash_password
from lms.models.review import CardKind

#: Longer than any test section's least open time: openings are moved this far back before reading.
#: (Not time-machine: a session cookie signed at another time than the next request's is refused as expired.)
READ_LATER = timedelta(minutes=10)

PASSWORD = "pass1234"
#: Hashed once: argon2id costs about 35 ms a call, too much for every user of every test.
PASSWORD_HASH = hash_password(PASSWORD)


def make_user(
    employee_no: str,
    name: str = "测试员",
    role: Role = Role.AGENT,
    team: Team | None = None,
    hire_days_ago: int = 100,
    active: bool = True,
) -> User:
    """Add a user with the test password to the session (the caller commits)."""
    user = User(
        employee_no=employee_no,
        name=name,
        role=role,
        team=team,
        active=active,
        hire_date=timeutil.today() - timedelta(days=hire_days_ago),
    )
    user.password_hash = PASSWORD_HASH
    db.session.add(user)
    return user


def make_typing_result(user: User, text: TypingText, net: float, accuracy: float) -> TypingResult:
    """Add a counted one-minute typing result at ``net`` and ``accuracy``, finished now (the caller commits)."""
    result = TypingResult(
        user_id=user.id,
        text_id=text.id,
        lang=text.lang,
        target=text.text,
        finished_at=timeutil.utcnow(),
        seconds=60,
        client_seconds=60,
        typed="x",
        gross=net,
        net=net,
        accuracy=accuracy,
        reached=1.0,
    )
    db.session.add(result)
    return result


def backdate_openings(app) -> None:
    """Every section opening so far happened ``READ_LATER`` earlier: the learners have read long enough."""
    with app.app_context():
        _backdate()
        db.session.commit()


def _backdate() -> None:
    """Move every opening ``READ_LATER`` back, in the caller's transaction (in Python: SQLite has no interval)."""
    for opening in db.session.scalars(sa.select(SectionOpen)):
        opening.opened_at -= READ_LATER
    db.session.flush()


def read_sections(auth, slug: str, positions) -> list:
    """Open each section as a learner does, let its least time pass, then mark it read; the answers."""
    answers = []
    for position in positions:
        auth.client.get(f"/courses/{slug}/{position}")
        backdate_openings(auth.client.application)
        answers.append(auth.post(f"/courses/{slug}/{position}/read"))
    return answers


def read_module(user: User, module: Module) -> bool:
    """Open every section, let the least times pass, then mark each read; True if that completed the module."""
    from lms.services import learning

    for section in module.sections:
        learning.open_section(user, module, section.position)
    _backdate()
    return any([learning.mark_read(user, module, section) for section in module.sections])


def profile_form(app, employee_no: str, **changes: str) -> tuple[int, dict]:
    """The user's id and the admin's profile form for them as it stands, with ``changes`` (e.g. ``grader="y"``)."""
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == employee_no))
        form = {
            "employee_no": user.employee_no,
            "name": user.name,
            "role": user.role.value,
            "hire_date": user.hire_date.isoformat(),
            "team_id": str(user.team_id),
            "locale": "zh_CN",
            "email": "",
        }
        return user.id, form | changes


def make_fact_card(user: User, fact: ModuleFact, days_ago: int | None, stability: float = 10.0) -> ReviewCard:
    """The user's card of ``fact`` (added if reading the module did not make it), last answered ``days_ago`` (an hour
    more; None: never answered) (the caller commits)."""
    reviewed = None if days_ago is None else timeutil.utcnow() - timedelta(days=days_ago, hours=1)
    ref = f"fact:{fact.id}"
    row = db.session.scalar(sa.select(ReviewCard).where(ReviewCard.user_id == user.id, ReviewCard.ref == ref))
    if row is None:
        row = ReviewCard(user_id=user.id, kind=CardKind.FACT, ref=ref, fact_id=fact.id, module_id=fact.module_id)
        db.session.add(row)
    row.state, row.step = (2, None) if reviewed else (1, 0)
    row.stability, row.difficulty = (stability, 5.0) if reviewed else (None, None)
    row.due, row.last_review = timeutil.utcnow(), reviewed
    return row


def make_other_team(app) -> None:
    """A second team, 售后二组, with its own supervisor (S2, 吴主管) and agent (X1, 别组客服)."""
    with app.app_context():
        team = Team(name="售后二组")
        db.session.add(team)
        team.supervisor = make_user("S2", "吴主管", Role.SUPERVISOR)
        make_user("X1", "别组客服", Role.AGENT, team=team)
        db.session.commit()
