"""Read an exam blueprint (question_banks/exams/<exam>.yaml): what an exam draws and its rules."""

from collections.abc import Collection
from dataclasses import dataclass

from lms.domain import N_, InputError, Problem, yaml_lines
from lms.domain.states import ExamKind

KINDS = tuple(ExamKind)
REVIEWS = ("score", "wrong", "full")
COUNTS = ("highest", "last")
#: The exam's rules, kept as ``Exam.settings``.
SETTINGS = (
    "time_limit_minutes",
    "pass_mark",
    "attempts",
    "wait_minutes",
    "counts",
    "shuffle_questions",
    "shuffle_options",
    "review",
)
KEYS = {"id", "title", "kind", "module", "level", *SETTINGS, "sections"}


@dataclass(frozen=True)
class Section:
    """Draw ``count`` questions from ``bank``, optionally of one category and some difficulties."""

    bank: str
    count: int
    category: str | None
    difficulty: tuple[int, ...] | None


@dataclass(frozen=True)
class Blueprint:
    """An exam's rules and the sections its papers are drawn from."""

    slug: str
    title: str
    kind: str
    module: str | None
    level: str | None
    time_limit_minutes: int
    pass_mark: int
    attempts: int
    wait_minutes: int
    counts: str
    shuffle_questions: bool
    shuffle_options: bool
    review: str
    sections: tuple[Section, ...]

    def settings(self) -> dict:
        """The rules as a plain dict (what the database keeps)."""
        return {key: getattr(self, key) for key in SETTINGS}


def _whole(value, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def parse(text: str, stem: str, level_codes: Collection[str] | None) -> Blueprint:
    """Check and read the blueprint named ``stem``.yaml, or raise InputError.

    ``level_codes`` are the levels of the level rules file (None: that file is broken and reported already).
    """
    try:
        data = yaml_lines.load(text)
    except yaml_lines.YamlProblem as error:
        raise InputError([error.problem]) from error
    if not isinstance(data, dict):
        raise InputError([Problem(1, N_("考试文件应是“键: 值”的映射。"))])
    return check(data, stem, level_codes)


def check(data: dict, stem: str, level_codes: Collection[str] | None) -> Blueprint:
    """Check and read a blueprint given as data (a file's, or one built in the browser), or raise InputError."""
    found = []

    def bad(key: str, message: str, **params) -> None:
        found.append(Problem(yaml_lines.line_of(data, key), message, {"key": key, **params}))

    for key in sorted(k for k in KEYS if k not in data):
        bad(key, N_("缺少 %(key)s。"))
    for key in sorted(k for k in data if not k.startswith("__") and k not in KEYS):
        bad(key, N_("未知的键 %(key)s。"))
    if data.get("id") != stem:
        bad("id", N_("id 应与文件名一致：%(stem)s。"), stem=stem)
    if not isinstance(data.get("title"), str) or not data["title"].strip():
        bad("title", N_("title 不能为空。"))
    kind = data.get("kind")
    if kind not in KINDS:
        bad("kind", N_("kind 应为 module_quiz、promotion 或 practice。"))
    if kind == ExamKind.MODULE_QUIZ and not isinstance(data.get("module"), str):
        bad("module", N_("课后测验要写 module（课程 id）。"))
    if kind == ExamKind.PROMOTION and not isinstance(data.get("level"), str):
        bad("level", N_("晋级考试要写 level（等级代码）。"))
    elif kind == ExamKind.PROMOTION and level_codes is not None and data["level"] not in level_codes:
        bad("level", N_("level 应为等级规则文件中的等级之一：%(codes)s。"), codes="、".join(level_codes))
    for key, low, high in (
        ("time_limit_minutes", 1, 600),
        ("pass_mark", 1, 100),
        ("attempts", 0, 100),
        ("wait_minutes", 0, 525600),
    ):
        if key in data and not _whole(data[key], low, high):
            bad(key, N_("%(key)s 应为 %(low)s 到 %(high)s 之间的整数。"), low=low, high=high)
    for key in ("shuffle_questions", "shuffle_options"):
        if key in data and not isinstance(data[key], bool):
            bad(key, N_("%(key)s 应为 true 或 false。"))
    if "counts" in data and data["counts"] not in COUNTS:
        bad("counts", N_("counts 应为 highest 或 last。"))
    if "review" in data and data["review"] not in REVIEWS:
        bad("review", N_("review 应为 score、wrong 或 full。"))
    sections = _sections(data.get("sections"), yaml_lines.line_of(data, "sections"), found)
    if found:
        raise InputError(sorted(found, key=lambda p: p.line))
    return Blueprint(
        stem,
        data["title"].strip(),
        data["kind"],
        data.get("module") if kind == ExamKind.MODULE_QUIZ else None,
        data.get("level") if kind == ExamKind.PROMOTION else None,
        data["time_limit_minutes"],
        data["pass_mark"],
        data["attempts"],
        data["wait_minutes"],
        data["counts"],
        data["shuffle_questions"],
        data["shuffle_options"],
        data["review"],
        sections,
    )


def _sections(raw, line: int, found: list[Problem]) -> tuple[Section, ...]:
    """The sections, adding a problem for each bad one."""
    if not isinstance(raw, list) or not raw:
        found.append(Problem(line, N_("sections 应至少有一节：bank 和 count。")))
        return ()
    sections = []
    for item in raw:
        where = yaml_lines.line_of(item, "bank") if isinstance(item, dict) else line
        difficulty = item.get("difficulty") if isinstance(item, dict) else None
        if not (isinstance(item, dict) and isinstance(item.get("bank"), str) and _whole(item.get("count"), 1, 200)):
            found.append(Problem(where, N_("每一节要写 bank（题库 id）和 count（1–200 的整数）。")))
        elif difficulty is not None and not (
            isinstance(difficulty, list) and difficulty and all(d in (1, 2, 3) for d in difficulty)
        ):
            found.append(
                Problem(yaml_lines.line_of(item, "difficulty"), N_("difficulty 应为 1、2、3 组成的列表，例如 [1, 2]。"))
            )
        elif item.get("category") is not None and not isinstance(item.get("category"), str):
            found.append(Problem(yaml_lines.line_of(item, "category"), N_("category 应为文字。")))
        else:
            sections.append(
                Section(item["bank"], item["count"], item.get("category"), tuple(difficulty) if difficulty else None)
            )
    return tuple(sections)
