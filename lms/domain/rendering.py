"""Markdown to safe HTML: rendered on the server, then sanitised, so content can never inject script.

A course's parts (see ``course_file``) are rendered one by one: the Markdown of each is sanitised on
its own, and the few elements around a block (the folded answer of a check, the box of a role-play,
the card of a job aid, a printable checklist) are ours, with every author's word in them escaped.
"""

import re
from collections.abc import Iterable, Mapping
from html import escape

import markdown
import nh3

from lms.domain import N_
from lms.domain.course_file import Part, PartKind

EXTENSIONS = ["tables", "sane_lists", "fenced_code"]
#: A checklist item, ``- [ ] 观察点``: printed with a box to tick.
CHECKBOX = re.compile(r"^\s*[-*+] \[ \]\s+(.*)$")
#: The labels of the blocks. The lesson is in Chinese, so they are stored in Chinese with it.
LABELS = {
    PartKind.CHECK: N_("小测"),
    PartKind.ROLEPLAY: N_("角色扮演"),
    PartKind.JOBAID: N_("岗位速查卡"),
}
ANSWER = N_("参考答案")


def render(text: str) -> str:
    """Render Markdown and keep only harmless HTML (nh3's allow-list: no script, style, forms or events)."""
    html = markdown.markdown(text, extensions=EXTENSIONS, output_format="html")
    return nh3.clean(html, link_rel="noopener noreferrer", url_schemes={"http", "https", "mailto"})


def inline(text: str) -> str:
    """One line of Markdown as sanitised inline HTML (no paragraph around it)."""
    html = render(text)
    return html[3:-4] if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1 else html


def render_body(text: str) -> str:
    """Markdown whose runs of ``- [ ]`` items become a printable checklist; the rest as ``render``."""
    runs: list[tuple[bool, list[str]]] = []
    in_code = False
    for line in text.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_code = not in_code
        item = not in_code and CHECKBOX.match(line) is not None
        if not runs or runs[-1][0] != item:
            runs.append((item, []))
        runs[-1][1].append(line)
    return "".join(_checklist(lines) if item else render("\n".join(lines)) for item, lines in runs)


def _checklist(lines: list[str]) -> str:
    """A list of boxes to tick, one per ``- [ ]`` line."""
    items = "".join(f'<li><span class="box" aria-hidden="true"></span>{inline(_item(line))}</li>' for line in lines)
    return f'<ul class="checklist">{items}</ul>'


def _item(line: str) -> str:
    """The text of a checklist line."""
    match = CHECKBOX.match(line)
    assert match is not None, "only checklist lines are passed here"
    return match.group(1)


def render_part(part: Part, directives: Mapping[str, str]) -> str:
    """One part as HTML: Markdown as it is, a directive as the Markdown it stands for, a block in its frame."""
    if part.kind is PartKind.TEXT:
        return render_body(part.markdown)
    if part.kind is PartKind.DIRECTIVE:
        return f'<div class="from-data">{render(directives[part.title])}</div>'
    label, title, body = escape(LABELS[part.kind]), inline(part.title), render_body(part.markdown)
    if part.kind is PartKind.CHECK:
        return (
            f'<details class="check"><summary><span class="block-label">{label}</span> {title}</summary>'
            f'<div class="answer"><p class="answer-label">{escape(ANSWER)}</p>{body}</div></details>'
        )
    if part.kind is PartKind.ROLEPLAY:
        return f'<section class="roleplay"><p class="block-label">{label}</p><h3>{title}</h3>{body}</section>'
    return f'<section class="jobaid"><p class="block-label">{label}</p><h3>{title}</h3>{body}</section>'


def render_parts(parts: Iterable[Part], directives: Mapping[str, str]) -> str:
    """Parts one after the other, as HTML."""
    return "".join(render_part(part, directives) for part in parts)
