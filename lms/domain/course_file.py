"""Read one micro-course file: YAML front matter, then Markdown whose ``## `` headings are sections.

Every problem is reported with the line it is on, so an author can fix the file at once.
Nothing here renders or stores anything; it only checks and splits.
"""

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace

from lms.domain import N_, InputError, Problem, yaml_lines

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("id", "title", "series", "series_title", "order", "level", "version", "minutes", "objectives")


@dataclass(frozen=True)
class Section:
    """One ``## `` section: its title (also its key across versions), minutes and Markdown."""

    line: int
    title: str
    minutes: int
    markdown: str


@dataclass(frozen=True)
class CourseFile:
    """A course file that passed every check."""

    slug: str
    title: str
    series: str | None
    series_title: str | None
    order: int
    level: str
    version: int
    objectives: tuple[str, ...]
    intro: str
    sections: tuple[Section, ...]
    #: SHA-256 of the whole file: unchanged files are recognised and left alone.
    digest: str = field(compare=False)


def parse(text: str, stem: str, level_codes: Collection[str] | None) -> CourseFile:
    """Check and split the text of the course file named ``stem``.md, or raise InputError.

    ``level_codes`` are the levels of the level rules file (None: that file is broken and reported already).
    """
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise InputError([Problem(1, N_("文件必须以一行 --- 开始，后接 YAML 头信息。"))])
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise InputError([Problem(1, N_("YAML 头信息没有以一行 --- 结束。"))])
    meta = _front_matter(lines[1:end])
    problems = _check_meta(meta, lines[1:end], stem, level_codes)
    intro, heads, body_problems = _sections(lines, end + 1)
    problems += body_problems
    minutes = meta.get("minutes") if isinstance(meta.get("minutes"), list) else None
    if minutes is not None and heads and not body_problems and len(minutes) != len(heads):
        problems.append(
            Problem(
                _key_line(lines[1:end], "minutes"),
                N_("minutes 有 %(given)s 项，但正文有 %(count)s 个小节，两者应一致。"),
                {"given": len(minutes), "count": len(heads)},
            )
        )
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line))
    return CourseFile(
        slug=meta["id"],
        title=meta["title"].strip(),
        series=meta["series"],
        series_title=(meta["series_title"] or "").strip() or None,
        order=meta["order"],
        level=meta["level"],
        version=meta["version"],
        objectives=tuple(o.strip() for o in meta["objectives"]),
        intro=intro,
        sections=tuple(
            Section(number, title, meta["minutes"][i], body) for i, (number, title, body) in enumerate(heads)
        ),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )


def _front_matter(lines: list[str]) -> dict:
    """The YAML between the --- lines as a mapping (line numbers in errors count from the file's top)."""
    try:
        meta = yaml_lines.strip(yaml_lines.load("\n".join(lines)))
    except yaml_lines.YamlProblem as error:  # the front matter starts on the file's second line
        raise InputError([replace(error.problem, line=error.problem.line + 1)]) from error
    if not isinstance(meta, dict):
        raise InputError([Problem(2, N_("YAML 头信息应是“键: 值”的列表。"))])
    return meta


def _key_line(lines: list[str], key: str) -> int:
    """The file line of ``key:`` in the front matter (2 if it is missing)."""
    for index, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            return index + 2
    return 2


def _check_meta(meta: dict, lines: list[str], stem: str, level_codes: Collection[str] | None) -> list[Problem]:
    """Every problem of the front matter's values."""
    problems = []

    def bad(key: str, message: str, **params) -> None:
        problems.append(Problem(_key_line(lines, key), message, {"key": key, **params}))

    for key in REQUIRED:
        if key not in meta:
            bad(key, N_("缺少 %(key)s。"))
    for key in sorted(set(meta) - set(REQUIRED)):
        bad(
            key,
            N_(
                "未知的键 %(key)s（可用的键：id, title, series, series_title, order, level, "
                "version, minutes, objectives）。"
            ),
        )
    slug = meta.get("id")
    if "id" in meta and (not isinstance(slug, str) or not SLUG.match(slug)):
        bad("id", N_("id 只能由小写字母、数字和短横线组成，例如 mot-basics。"))
    elif "id" in meta and slug != stem:
        bad("id", N_("id “%(value)s”应与文件名“%(stem)s.md”一致。"), value=slug, stem=stem)
    if "title" in meta and (not isinstance(meta["title"], str) or not meta["title"].strip()):
        bad("title", N_("title 不能为空。"))
    series = meta.get("series")
    if series is not None and (not isinstance(series, str) or not SLUG.match(series)):
        bad("series", N_("series 应为空（null）或系列 id，例如 selling。"))
    if series and not (isinstance(meta.get("series_title"), str) and meta["series_title"].strip()):
        bad("series_title", N_("属于系列的课程必须写 series_title。"))
    for key in ("order", "version"):
        value = meta.get(key)
        if key in meta and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            bad(key, N_("%(key)s 应为正整数。"))
    if "level" in meta and level_codes is not None and meta["level"] not in level_codes:
        bad("level", N_("level 应为等级规则文件中的等级之一：%(codes)s。"), codes="、".join(level_codes))
    minutes = meta.get("minutes")
    if "minutes" in meta and not (
        isinstance(minutes, list)
        and minutes
        and all(isinstance(m, int) and not isinstance(m, bool) and 0 < m <= 60 for m in minutes)
    ):
        bad("minutes", N_("minutes 应为每节分钟数的列表，每项为 1–60 的整数，例如 [8, 10, 12]。"))
    objectives = meta.get("objectives")
    if "objectives" in meta and not (
        isinstance(objectives, list) and objectives and all(isinstance(o, str) and o.strip() for o in objectives)
    ):
        bad("objectives", N_("objectives 应为至少一条学习目标的列表。"))
    return problems


def _sections(lines: list[str], start: int) -> tuple[str, list[tuple[int, str, str]], list[Problem]]:
    """Split the body into the intro and its ``## `` sections as (line, title, Markdown), checking headings."""
    problems: list[Problem] = []
    intro: list[str] = []
    heads: list[tuple[int, str, list[str]]] = []
    in_code = False
    for index in range(start, len(lines)):
        line, number = lines[index], index + 1
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        if not in_code and re.match(r"^#\s", line):
            problems.append(Problem(number, N_("不能使用一级标题（# ），课程标题写在 title 中，小节用 ## 。")))
        elif not in_code and line.startswith("## "):
            heads.append((number, line[3:].strip(), []))
            continue
        (heads[-1][2] if heads else intro).append(line)
    if not heads:
        problems.append(Problem(start + 1, N_("正文中没有任何小节：每一节以“## 小节标题”开始。")))
    seen: dict[str, int] = {}
    for number, title, body in heads:
        if not title:
            problems.append(Problem(number, N_("小节标题不能为空。")))
        elif title in seen:
            problems.append(
                Problem(
                    number, N_("小节标题“%(value)s”与第 %(other)s 行重复。"), {"value": title, "other": seen[title]}
                )
            )
        else:
            seen[title] = number
        if not "\n".join(body).strip():
            problems.append(Problem(number, N_("小节“%(value)s”没有内容。"), {"value": title}))
    return "\n".join(intro).strip(), [(n, title, "\n".join(body).strip()) for n, title, body in heads], problems
