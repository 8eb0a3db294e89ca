"""Names shown for codes stored in the database."""

from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from lms.domain import lines
from lms.domain.states import LearningStatus
from lms.models import Role
from lms.services import levels as level_service

ROLE_LABELS = {
    Role.NEW_HIRE: _l("新员工"),
    Role.AGENT: _l("客服"),
    Role.SUPERVISOR: _l("主管"),
    Role.HR: _l("人事"),
    Role.ADMIN: _l("管理员"),
}


#: The question types as a paper names them (one lookup per question shown, not one per type).
QUESTION_TYPES = {
    "single": _l("单选"),
    "multiple": _l("多选"),
    "truefalse": _l("判断"),
    "fill": _l("填空"),
    "ordering": _l("排序"),
    "matching": _l("匹配"),
    "numerical": _l("数值"),
    "scenario": _l("情景"),
}


def level_name(code: str | None) -> str:
    """A level's name as ``levels.yaml`` gives it, in the interface language (``name_en`` in English)."""
    level = level_service.level_named(code) if code else None
    if level is None:
        return code or ""
    return level.name_en if str(get_locale()).startswith("en") else level.name


def level_names() -> dict[str, str]:
    """Every level's code and name, lowest first (for filters)."""
    return {level.code: level_name(level.code) for level in level_service.rules()}


def line_name(code: str | None) -> str:
    """A business line's name (``lms.domain.lines``) in the interface language; empty for no line."""
    return gettext(lines.CONTENT_LINES[code]) if code in lines.CONTENT_LINES else ""


STATUS_LABELS = {
    LearningStatus.NOT_STARTED: _l("未开始"),
    LearningStatus.IN_PROGRESS: _l("学习中"),
    LearningStatus.DONE: _l("已完成"),
    LearningStatus.OVERDUE: _l("已逾期"),
}


def status_labels() -> dict[LearningStatus, str]:
    """``STATUS_LABELS`` translated once for the request: a lazy string looks its catalogue up through Flask-Babel
    each time it is shown, and the progress matrix shows two a cell."""
    return {code: str(label) for code, label in STATUS_LABELS.items()}


#: The three rating questions, in the order of the form.
RATING_QUESTIONS = {
    "content": _l("课程内容贴近我的实际工作"),
    "usefulness": _l("学到的方法对我的工作有帮助"),
    "clarity": _l("课程讲解清楚、容易理解"),
}

LIKERT = {1: _l("非常不同意"), 2: _l("不同意"), 3: _l("一般"), 4: _l("同意"), 5: _l("非常同意")}
