"""The daily review's posts: one answer to one card (sent at once, or later from the phone's offline queue), and a
supervisor's switch making a team's daily review part of "ready for shift"."""

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Regexp

from lms.domain.review_session import MAX_AGE
from lms.form_fields import NumberField, WholeNumberField

#: An answer queued offline is sent up to MAX_AGE later, from a page loaded before: its token must last that long
#: (the site's tokens last an hour). A day more, so a refusal says "too old" rather than "page expired".
TOKEN_SECONDS = int(MAX_AGE.total_seconds()) + 24 * 3600
#: Milliseconds since 1970 of 2020-01-01 and of 2100-01-01: a phone's time outside is no time at all.
EPOCH_MS_RANGE = (1_577_836_800_000, 4_102_444_800_000)


class AnswerForm(FlaskForm):
    """One answer: the phone's key for it, what was answered, how long it took, and when (the phone's clock)."""

    class Meta:
        csrf_time_limit = TOKEN_SECONDS

    client_key = StringField(
        validators=[
            InputRequired(_l("回答缺少编号，请刷新页面后重试。")),
            Regexp(r"^[A-Za-z0-9-]{8,64}$", message=_l("回答编号无效，请刷新页面后重试。")),
        ]
    )
    answer = StringField(validators=[Length(max=500, message=_l("回答最多 500 字。"))])
    duration_ms = WholeNumberField(
        validators=[
            InputRequired(_l("回答缺少用时，请刷新页面后重试。")),
            NumberRange(0, 24 * 3600 * 1000, _l("回答用时无效。")),
        ]
    )
    answered_at = NumberField(
        validators=[
            InputRequired(_l("回答缺少时间，请刷新页面后重试。")),
            NumberRange(*EPOCH_MS_RANGE, _l("手机上的时间无效，请检查手机的日期和时间。")),
        ]
    )

    def answered_at_utc(self) -> datetime:
        """The phone's time of the answer, as the database stores times (naive UTC)."""
        return datetime.fromtimestamp(self.answered_at.data / 1000, UTC).replace(tzinfo=None)


class TeamReviewForm(FlaskForm):
    """Whether the team's agents must do the day's review to be ready for shift."""

    required = BooleanField()
