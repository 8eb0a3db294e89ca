"""Number fields for the forms: text that is not a number, an infinite or NaN value, or a whole number beyond what
the database holds is refused with one message in the user's language, never a 500 or a NaN stored."""

import math

from flask_babel import lazy_gettext as _l
from wtforms import FloatField, IntegerField
from wtforms.validators import StopValidation

from lms.params import DB_INT_MAX


class _Number:
    """Shared by both fields: empty input is left to InputRequired/Optional, and an unreadable value gets only its
    own message (not also the range check's, about a value there is none of)."""

    not_a_number = _l("请输入数字。")

    def process_formdata(self, valuelist) -> None:
        if valuelist and not str(valuelist[0]).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)  # type: ignore[misc]
        except ValueError as error:
            raise ValueError(self.not_a_number) from error
        if self.data is not None and not self.acceptable(self.data):
            self.data = None
            raise ValueError(self.out_of_range)

    def pre_validate(self, form) -> None:
        if self.process_errors:  # type: ignore[attr-defined]
            raise StopValidation()


class WholeNumberField(_Number, IntegerField):
    """A whole number a 32-bit INTEGER column can hold."""

    not_a_number = _l("请输入整数。")
    out_of_range = _l("数字超出范围。")

    @staticmethod
    def acceptable(value: int) -> bool:
        return -DB_INT_MAX <= value <= DB_INT_MAX


class NumberField(_Number, FloatField):
    """A finite decimal number (``nan`` and ``inf`` are text to Python's float(), not numbers to a person)."""

    out_of_range = _l("请输入有效的数字。")

    @staticmethod
    def acceptable(value: float) -> bool:
        return math.isfinite(value)
