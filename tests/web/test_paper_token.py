"""The paper's token check (``PaperForm``) says what Flask-WTF's ``validate_csrf`` says, for the attempt's time."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import request, session
from flask_wtf.csrf import generate_csrf, validate_csrf
from wtforms import ValidationError

from lms.exams.forms import PaperForm

ISSUED = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
LIFETIME = 120  # seconds


def _issue(app) -> tuple[str, str]:
    """A token issued at ``ISSUED`` and the session value it belongs to."""
    with time_machine.travel(ISSUED, tick=False), app.test_request_context():
        return generate_csrf(), session["csrf_token"]


def _verdicts(app, token: str | None, session_value: str | None, seconds_later: int):
    """(ours, Flask-WTF's): whether the post passes and why not, ``seconds_later`` after the token was issued."""
    data = {"csrf_token": token} if token is not None else {}
    with (
        time_machine.travel(ISSUED + timedelta(seconds=seconds_later), tick=False),
        app.test_request_context(method="POST", data=data),
    ):
        if session_value is not None:
            session["csrf_token"] = session_value
        form = PaperForm(LIFETIME)
        ours = (form.validate_on_submit(), form.error)
        try:
            validate_csrf(request.form.get("csrf_token"), time_limit=LIFETIME)
            theirs = (True, None)
        except ValidationError as refused:
            theirs = (False, str(refused.args[0]))
        return ours, theirs, PaperForm.token_issued()


@pytest.mark.parametrize(
    ("case", "seconds_later", "passes"),
    [
        ("good", 0, True),
        ("good", LIFETIME, True),
        ("good", LIFETIME + 1, False),
        ("good", -5, False),  # sent before it was issued: a clock gone back
        ("missing", 0, False),
        ("no session", 0, False),
        ("forged", 0, False),
        ("tampered", 0, False),
        ("other session", 0, False),
    ],
)
def test_the_papers_token_check_agrees_with_flask_wtf(app, case, seconds_later, passes):
    token, raw = _issue(app)
    other_token, _ = _issue(app)
    token, raw = {
        "good": (token, raw),
        "missing": (None, raw),
        "no session": (token, None),
        "forged": ("forged", raw),
        "tampered": (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), raw),
        "other session": (other_token, raw),
    }[case]
    ours, theirs, issued = _verdicts(app, token, raw, seconds_later)
    assert ours == theirs
    assert ours[0] is passes
    # the one-statement save gets the issue time of every good token of this session, whatever its age
    good_token = case == "good"
    assert issued == (ISSUED.replace(tzinfo=None) if good_token else None)
