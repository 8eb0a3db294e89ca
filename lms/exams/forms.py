"""The exam paper's posts (autosave and hand-in) as a form.

WTForms checks the CSRF token, valid for the attempt's whole time and grace (``for_attempt``), not the site's
one hour: the paper of a 60-minute exam must still save and hand in after an hour. The answer fields are named after each question (``q3``, ``q3_0``…),
so lms/exams/answers.py reads them, the same way for autosave and hand-in.
"""

from flask import request
from flask_wtf import FlaskForm

from lms.domain.attempts import form_lifetime
from lms.exams.answers import from_form
from lms.models import Attempt
from lms.services.answer_saves import PaperItem


class PaperForm(FlaskForm):
    """One post from the paper: an answer saved as it is given, or the whole paper handed in."""

    def answer_to(self, question: dict, position: int):
        """The answer to ``question``, shown at ``position``, this post carries, or None when it carries none."""
        return from_form(question, position, request.form)

    @classmethod
    def for_attempt(cls, attempt: Attempt | PaperItem) -> "PaperForm":
        """The post for ``attempt``, its token checked against the attempt's time rather than the site's default."""
        return cls(meta={"csrf_time_limit": form_lifetime(attempt.started_at, attempt.deadline)})
