"""The notification list's one form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField


class MarkAllReadForm(FlaskForm):
    """Mark every notification read (a POST with CSRF)."""

    submit = SubmitField(_l("全部标为已读"))
