"""The exam paper's posts (autosave and hand-in) as a form.

WTForms checks the CSRF token. The answer fields are named after each question (``q3``, ``q3_0``…),
so lms/exams/answers.py reads them, the same way for autosave and hand-in.
"""

from flask import request
from flask_wtf import FlaskForm

from lms.exams.answers import from_form
from lms.models import AttemptItem


class PaperForm(FlaskForm):
    """One post from the paper: an answer saved as it is given, or the whole paper handed in."""

    def answer_to(self, item: AttemptItem):
        """The answer to ``item`` this post carries, or None when it carries none."""
        return from_form(item.version.content, item.position, request.form)
