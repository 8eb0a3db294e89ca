"""Test data builders."""

from datetime import timedelta

from werkzeug.security import generate_password_hash

from lms import timeutil
from lms.extensions import db
from lms.models import Role, Team, TypingResult, TypingText, User

PASSWORD = "pass1234"
#: Hashed once: scrypt costs about 0.1 s a call, too much for every user of every test.
PASSWORD_HASH = generate_password_hash(PASSWORD)


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
    )
    db.session.add(result)
    return result
