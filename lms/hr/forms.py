"""HR's report filters (GET forms: no CSRF token, nothing is changed)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField

from lms.certificates.forms import CHOOSE_TEAM, optional_id


class TeamForm(FlaskForm):
    """One team, or everyone."""

    class Meta:
        csrf = False

    team = SelectField(_l("团队"), coerce=optional_id, default="", **CHOOSE_TEAM)
