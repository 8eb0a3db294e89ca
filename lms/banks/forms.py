"""Forms of the bank pages: the question filters and the exam builder."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from lms.domain import blueprint_file
from lms.domain.states import ExamKind
from lms.form_fields import WholeNumberField

DIFFICULTIES = [
    SelectChoice("", _l("全部难度")),
    SelectChoice("1", "1"),
    SelectChoice("2", "2"),
    SelectChoice("3", "3"),
]
#: The difficulties a section may draw, as the blueprint's list.
SECTION_DIFFICULTIES = {"": None, "1": [1], "2": [2], "3": [3], "1,2": [1, 2], "2,3": [2, 3], "1,2,3": [1, 2, 3]}
SECTIONS = 5


class QuestionFilterForm(FlaskForm):
    """A bank's question list filters: a GET form, so no CSRF token."""

    class Meta:
        csrf = False

    category = SelectField(_l("分类"), validate_choice=False)
    difficulty = SelectField(_l("难度"), choices=DIFFICULTIES)
    state = SelectField(
        _l("状态"),
        choices=[
            SelectChoice("", _l("全部")),
            SelectChoice("in_use", _l("使用中")),
            SelectChoice("retired", _l("已停用")),
        ],
    )

    def __init__(self, categories: list[str], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [SelectChoice("", _l("全部分类"))] + [SelectChoice(c, c) for c in categories]

    def retired(self) -> bool | None:
        """The state asked for: retired, in use, or both (None)."""
        return {"in_use": False, "retired": True}.get(self.state.data or "")


class SectionForm(Form):
    """One section: draw ``count`` questions of a bank, optionally of one category and some difficulties."""

    bank = SelectField(_l("题库"), validate_choice=False)
    category = StringField(_l("分类（选填）"), filters=[lambda text: text.strip() if text else ""])
    difficulty = SelectField(
        _l("难度"),
        default="",
        choices=[
            SelectChoice(key, label)
            for key, label in zip(SECTION_DIFFICULTIES, [_l("不限"), "1", "2", "3", "1–2", "2–3", "1–3"], strict=True)
        ],
    )
    count = WholeNumberField(
        _l("题数"), validators=[Optional(), NumberRange(1, 200, _l("题数应为 1 到 200 之间的整数。"))]
    )


class ExamBuilderForm(FlaskForm):
    """An exam built from banks: its rules and up to five sections (empty rows are left out)."""

    slug = StringField(
        _l("考试 id"),
        validators=[
            DataRequired(_l("请填写考试 id。")),
            Length(max=64),
            Regexp(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                message=_l("考试 id 只能由小写字母、数字和短横线组成，例如 practice-returns。"),
            ),
        ],
    )
    title = StringField(_l("标题"), validators=[DataRequired(_l("请填写标题。")), Length(max=128)])
    kind = SelectField(
        _l("类型"),
        choices=[
            SelectChoice(ExamKind.PRACTICE, _l("练习考试（所有学员可参加）")),
            SelectChoice(ExamKind.PROMOTION, _l("晋级考试")),
        ],
    )
    level = SelectField(_l("晋级等级"), validate_choice=False)
    time_limit_minutes = WholeNumberField(
        _l("时长（分钟）"), validators=[InputRequired(_l("请填写时长。"))], default=30
    )
    pass_mark = WholeNumberField(_l("及格线（%）"), validators=[InputRequired(_l("请填写及格线。"))], default=60)
    attempts = WholeNumberField(
        _l("可考次数（0 为不限）"), validators=[InputRequired(_l("请填写可考次数。"))], default=0
    )
    wait_minutes = WholeNumberField(
        _l("两次之间间隔（分钟）"), validators=[InputRequired(_l("请填写间隔。"))], default=0
    )
    counts = SelectField(
        _l("计入成绩"), choices=[SelectChoice("highest", _l("取最高一次")), SelectChoice("last", _l("取最后一次"))]
    )
    review = SelectField(
        _l("交卷后可看"),
        choices=[
            SelectChoice("score", _l("只看分数")),
            SelectChoice("wrong", _l("分数和答错的题")),
            SelectChoice("full", _l("分数和全部题目的解析")),
        ],
    )
    shuffle_questions = BooleanField(_l("打乱题目顺序"), default=True)
    shuffle_options = BooleanField(_l("打乱选项顺序"), default=True)
    sections = FieldList(FormField(SectionForm), min_entries=SECTIONS, max_entries=SECTIONS)
    submit = SubmitField(_l("检查并保存"))

    def __init__(self, banks: list[str], levels: list[tuple[str, str]], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.level.choices = [SelectChoice("", _l("（不适用）"))] + [SelectChoice(code, name) for code, name in levels]
        for section in self.sections:
            section.bank.choices = [SelectChoice("", _l("（不用）"))] + [SelectChoice(b, b) for b in banks]

    def draft(self) -> dict:
        """What the form asks for, as a blueprint file's data, for the service's checks."""
        sections = [
            {
                "bank": s.bank.data,
                "count": s["count"].data,
                "category": s.category.data or None,
                "difficulty": SECTION_DIFFICULTIES.get(s.difficulty.data or ""),
            }
            for s in self.sections
            if s.bank.data
        ]
        header = {"id": self.slug.data, "title": self.title.data, "kind": self.kind.data, "module": None}
        settings = {key: self[key].data for key in blueprint_file.SETTINGS}
        return header | {"level": self.level.data or None, "sections": sections} | settings

    def fill(self, exam) -> None:
        """Show an exam's current rules and sections (for editing)."""
        self.slug.data, self.title.data, self.kind.data, self.level.data = (
            exam.slug,
            exam.title,
            exam.kind,
            exam.level or "",
        )
        for key in blueprint_file.SETTINGS:
            self[key].data = exam.settings[key]
        by_list = {tuple(v) if v else None: k for k, v in SECTION_DIFFICULTIES.items()}
        for row, section in zip(self.sections, exam.sections, strict=False):
            row.bank.data, row["count"].data = section["bank"], section["count"]
            row.category.data = section.get("category") or ""
            row.difficulty.data = by_list.get(tuple(section["difficulty"]) if section.get("difficulty") else None, "")
