"""Read one micro-course file: YAML front matter, then Markdown whose ``## `` headings are sections.

Inside the Markdown, three kinds of block (``:::check 问题``, ``:::roleplay 标题``, ``:::jobaid 标题``,
each closed by a line ``:::``) and three one-line directives (``{{level-rules}}``, ``{{competency-model}}``,
``{{violations}}``) are split out as parts, for the renderer and the time estimate.

Every problem is reported with the line it is on, so an author can fix the file at once.
Nothing here renders or stores anything; it only checks and splits.
"""

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from enum import StrEnum

from lms.domain import N_, InputError, Problem, key_facts, yaml_lines
from lms.domain.key_facts import KeyFact

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = ("id", "title", "series", "series_title", "order", "level", "version", "minutes", "objectives")
#: Keys a file may leave out.
OPTIONAL = ("key_facts",)
BLOCK_OPEN = re.compile(r"^:::\s*(\S+)\s*(.*?)\s*$")
BLOCK_CLOSE = re.compile(r"^:::\s*$")
DIRECTIVE = re.compile(r"^\s*\{\{\s*(.*?)\s*\}\}\s*$")


class PartKind(StrEnum):
    """What one part of a section is: plain Markdown, one of the blocks, or a directive."""

    TEXT = "text"
    CHECK = "check"
    ROLEPLAY = "roleplay"
    JOBAID = "jobaid"
    DIRECTIVE = "directive"


BLOCKS = (PartKind.CHECK, PartKind.ROLEPLAY, PartKind.JOBAID)
#: The directives, each a line alone, rendered at import from the data they name.
DIRECTIVES = ("level-rules", "competency-model", "violations")


@dataclass(frozen=True)
class Part:
    """A run of Markdown, a block (its title and Markdown body) or a directive (its name as ``title``)."""

    kind: PartKind
    line: int
    title: str = ""
    markdown: str = ""


@dataclass(frozen=True)
class Section:
    """One ``## `` section: its title (also its key across versions), minutes, Markdown and its parts."""

    line: int
    title: str
    minutes: int
    markdown: str
    parts: tuple[Part, ...] = ()


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
    #: The intro split into parts (it may hold directives and blocks too).
    intro_parts: tuple[Part, ...] = ()
    #: The line of ``minutes:``, where a declared time that is not true is reported.
    minutes_line: int = 2
    #: The facts its learners review (``key_facts``), in the file's order.
    key_facts: tuple[KeyFact, ...] = ()

    @property
    def directives(self) -> set[str]:
        """The names of the directives the file uses."""
        return {p.title for p in self.parts if p.kind is PartKind.DIRECTIVE}

    @property
    def parts(self) -> tuple[Part, ...]:
        """Every part of the file, the intro's first."""
        return self.intro_parts + tuple(p for s in self.sections for p in s.parts)

    @property
    def jobaid(self) -> Part | None:
        """The file's job aid, if it has one (at most one: the parser checks)."""
        return next((p for p in self.parts if p.kind is PartKind.JOBAID), None)


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
    raw = _front_matter(lines[1:end])
    meta = yaml_lines.strip(raw)
    problems = _check_meta(meta, lines[1:end], stem, level_codes)
    intro, heads, body_problems = _sections(lines, end + 1)
    problems += body_problems
    facts: tuple[KeyFact, ...] = ()
    if "key_facts" in raw:
        facts, fact_problems = key_facts.parse(
            raw["key_facts"], _key_line(lines[1:end], "key_facts"), {title for _, title, _ in heads}
        )
        problems += fact_problems
    intro_parts, part_problems = _parts(intro)
    problems += part_problems
    section_parts = []
    for _, _, body in heads:
        parts, part_problems = _parts(body)
        section_parts.append(parts)
        problems += part_problems
    problems += [
        Problem(part.line, N_("一门课程只能有一个 :::jobaid 岗位速查卡。"))
        for part in [p for parts in [intro_parts, *section_parts] for p in parts if p.kind is PartKind.JOBAID][1:]
    ]
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
        intro=_joined(intro),
        sections=tuple(
            Section(number, title, meta["minutes"][i], _joined(body), section_parts[i])
            for i, (number, title, body) in enumerate(heads)
        ),
        digest=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        intro_parts=intro_parts,
        minutes_line=_key_line(lines[1:end], "minutes"),
        key_facts=facts,
    )


def _front_matter(lines: list[str]) -> dict:
    """The YAML between the --- lines as a mapping with its lines (line numbers in errors count from the file's top)."""
    try:
        meta = yaml_lines.load("\n".join(lines))
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
    for key in sorted(set(meta) - set(REQUIRED) - set(OPTIONAL)):
        bad(
            key,
            N_(
                "未知的键 %(key)s（可用的键：id, title, series, series_title, order, level, "
                "version, minutes, objectives, key_facts）。"
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


#: Lines of the body with their file line numbers.
Numbered = list[tuple[int, str]]


def _joined(lines: Numbered) -> str:
    """The text of numbered lines, without blank lines around it."""
    return "\n".join(text for _, text in lines).strip()


def _sections(lines: list[str], start: int) -> tuple[Numbered, list[tuple[int, str, Numbered]], list[Problem]]:
    """Split the body into the intro and its ``## `` sections as (line, title, lines), checking headings."""
    problems: list[Problem] = []
    intro: Numbered = []
    heads: list[tuple[int, str, Numbered]] = []
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
        (heads[-1][2] if heads else intro).append((number, line))
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
        if not _joined(body):
            problems.append(Problem(number, N_("小节“%(value)s”没有内容。"), {"value": title}))
    return intro, heads, problems


def _parts(lines: Numbered) -> tuple[tuple[Part, ...], list[Problem]]:
    """Split a section (or the intro) into Markdown, blocks and directives, checking each block and directive."""
    parts: list[Part] = []
    problems: list[Problem] = []
    text: Numbered = []
    #: The open block: its kind as written (an unknown one is kept open too, so its ::: closes it), line, title, body.
    block: tuple[str, int, str, Numbered] | None = None
    nested = 0  # blocks wrongly opened inside the open one: their ::: lines close them, not it
    in_code = False

    def flush() -> None:
        if _joined(text):
            first = next(number for number, line in text if line.strip())
            parts.append(Part(PartKind.TEXT, first, markdown=_joined(text)))
        text.clear()

    for number, line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        opening, directive = (None, None) if in_code else (BLOCK_OPEN.match(line), DIRECTIVE.match(line))
        if not in_code and BLOCK_CLOSE.match(line):
            if block is None:
                problems.append(Problem(number, N_("这一行 ::: 前面没有打开的块。")))
            elif nested:
                nested -= 1
            else:
                if block[0] in BLOCKS:
                    parts.append(Part(PartKind(block[0]), block[1], block[2], _joined(block[3])))
                block = None
        elif (opening or directive) and block is not None:
            nested += 1 if opening else 0
            message = (
                N_("块不能嵌套：第 %(other)s 行的 :::%(kind)s 还没有结束。")
                if opening
                else N_("指令不能写在块里：第 %(other)s 行的 :::%(kind)s 还没有结束。")
            )
            problems.append(Problem(number, message, {"other": block[1], "kind": block[0]}))
        elif opening:
            kind, title = opening.group(1), opening.group(2)
            if kind not in BLOCKS:
                problems.append(
                    Problem(
                        number, N_("未知的块 :::%(value)s（可用：:::check、:::roleplay、:::jobaid）。"), {"value": kind}
                    )
                )
            elif not title:
                problems.append(Problem(number, _MISSING_TITLE[PartKind(kind)]))
            flush()
            block = (kind, number, title, [])
        elif directive and directive.group(1) not in DIRECTIVES:
            problems.append(
                Problem(
                    number,
                    N_("未知的指令 {{%(value)s}}（可用：{{level-rules}}、{{competency-model}}、{{violations}}）。"),
                    {"value": directive.group(1)},
                )
            )
        elif directive:
            flush()
            parts.append(Part(PartKind.DIRECTIVE, number, directive.group(1)))
        else:
            (block[3] if block is not None else text).append((number, line))
    if block is not None:
        problems.append(Problem(block[1], N_("块 :::%(kind)s 没有在本节内以一行 ::: 结束。"), {"kind": block[0]}))
    flush()
    return tuple(parts), problems


_MISSING_TITLE = {
    PartKind.CHECK: N_(":::check 后面要写一行问题，例如 :::check 客户第一句话该怎么回？"),
    PartKind.ROLEPLAY: N_(":::roleplay 后面要写角色扮演的标题。"),
    PartKind.JOBAID: N_(":::jobaid 后面要写岗位速查卡的标题。"),
}
