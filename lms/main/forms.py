"""The language switch in the top bar."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField
from wtforms.validators import InputRequired


class LanguageForm(FlaskForm):
    """One of the interface languages, and the page to go back to."""

    locale = SelectField(_l("界面语言"), validators=[InputRequired(_l("不支持该语言。"))])
    next = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locale.choices = [SelectChoice(code, name) for code, name in current_app.config["LANGUAGES"].items()]
