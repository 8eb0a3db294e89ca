"""The exam paper's posts (autosave and hand-in).

The post's CSRF token is Flask-WTF's, checked against the attempt's whole time and grace (``for_attempt``), not the
site's one hour: the paper of a 60-minute exam must still save and hand in after an hour. It is checked as
``validate_csrf`` checks it rather than through a ``FlaskForm``, which would also sign a fresh token for every
post, one the paper never uses, at a third of the form's cost on the busiest route. The answer fields are named after each
question (``q3``, ``q3_0``…), so lms/exams/answers.py reads them, the same way for autosave and hand-in.
"""

import hmac
import re
from datetime import datetime

from flask import current_app, request, session
from itsdangerous import BadData, URLSafeTimedSerializer

from lms import timeutil
from lms.domain.attempts import form_lifetime
from lms.exams.answers import from_form
from lms.models import Attempt
from lms.services.answer_saves import ItemRef, PaperItem

#: Flask-WTF's words for a refused token (``flask_wtf.csrf.validate_csrf``), which the site's error page logs.
MISSING, SESSION_MISSING, INVALID, MISMATCH, EXPIRED = (
    "The CSRF token is missing.",
    "The CSRF session token is missing.",
    "The CSRF token is invalid.",
    "The CSRF tokens do not match.",
    "The CSRF token has expired.",
)

#: A question's field on the paper: ``q<position>`` and ``q<position>_…`` (lms/exams/answers.py, _question.html).
_QUESTION_FIELD = re.compile(r"q([1-9][0-9]{0,3})(?:_.*)?", re.DOTALL)


def _read_token() -> tuple[datetime | None, str | None]:
    """When the post's token was issued (aware, UTC) if it is a good token of this session, else why not.

    Flask-WTF's ``validate_csrf`` without its time limit, whose check would not give the time back: the same
    settings, signature and session comparison. The callers judge the time, against the clock of ``timeutil``.
    """
    token, field = request.form.get("csrf_token"), current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if not token:
        return None, MISSING
    if field not in session:
        return None, SESSION_MISSING
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    try:
        raw, issued = URLSafeTimedSerializer(secret, salt="wtf-csrf-token").loads(token, return_timestamp=True)
    except BadData:
        return None, INVALID
    if not hmac.compare_digest(session[field], raw):
        return None, MISMATCH
    return issued, None


class PaperForm:
    """One post from the paper: an answer saved as it is given, or the whole paper handed in."""

    def __init__(self, lifetime: int):
        self.lifetime = lifetime
        #: Why the token was refused (Flask-WTF's message), once ``validate_on_submit`` has said no.
        self.error: str | None = None

    @classmethod
    def for_attempt(cls, attempt: Attempt | PaperItem) -> "PaperForm":
        """The post for ``attempt``, its token checked against the attempt's time rather than the site's default."""
        return cls(form_lifetime(attempt.started_at, attempt.deadline))

    def validate_on_submit(self) -> bool:
        """Whether the post carries a good token of this session, issued within the attempt's time (in whole
        seconds, as itsdangerous counts a token's age)."""
        issued, self.error = _read_token()
        if issued is not None:
            age = int(timeutil.now().timestamp()) - int(issued.timestamp())
            if not 0 <= age <= self.lifetime:
                self.error = EXPIRED
        return self.error is None

    @staticmethod
    def token_issued() -> datetime | None:
        """When the post's token was issued (naive UTC), if it is a good token of this session, else None: for the
        one-statement save, which compares it with the attempt's start in SQL (``answer_saves.save_at_once``)."""
        issued = _read_token()[0]
        return issued.replace(tzinfo=None) if issued is not None else None

    @staticmethod
    def positions() -> list[int]:
        """The places of the questions the post carries fields of (``q3``, ``q3_0``, ``q3__shown``…), in order."""
        return sorted({int(match[1]) for match in map(_QUESTION_FIELD.fullmatch, request.form) if match})

    @staticmethod
    def item_named(position: int) -> ItemRef | None:
        """The item and question version the paper names for the question at ``position`` (``q3__item``), if any."""
        return ItemRef.parse(request.form.get(f"q{position}__item"))

    @staticmethod
    def answer_to(question: dict, position: int):
        """The answer to ``question``, shown at ``position``, this post carries, or None when it carries none."""
        return from_form(question, position, request.form)
