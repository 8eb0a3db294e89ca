"""Markdown to safe HTML: rendered on the server, then sanitised, so content can never inject script.

A course's parts (see ``course_file``) are rendered one by one: the Markdown of each is sanitised on
its own, and the few elements around a block (the folded answer of a check, the box of a role-play,
the card of a job aid, a printable checklist) are ours, with every author's word in them escaped.
"""

import re
from collections.abc import Iterable, Mapping
from html import escape, unescape
from urllib.parse import urlsplit

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


def sanitise(html: str) -> str:
    """Keep only harmless HTML (nh3's allow-list: no script, style, forms or events); links open safely.

    Images only from this site: an image of another site would tell it who reads which lesson, when
    (and the Content-Security-Policy would block it anyway).
    """
    return nh3.clean(
        html,
        link_rel="noopener noreferrer",
        url_schemes={"http", "https", "mailto"},
        attribute_filter=_local_images,
    )


#: Characters a browser drops from a URL (C0 controls, space, DEL) or reads as "/" (the backslash).
URL_NOISE = re.compile(r"[\x00-\x20\x7f\\]")


def _local_images(element: str, attribute: str, value: str) -> str | None:
    """nh3's attribute filter: an ``<img src>`` stays only when it is a path on this site."""
    if element == "img" and attribute == "src":
        seen = URL_NOISE.sub("/", value)  # as a browser would read it, or stricter
        return value if not seen.startswith("//") and not urlsplit(seen).scheme else None
    return value


def render(text: str) -> str:
    """Render Markdown and keep only harmless HTML (``sanitise``)."""
    import markdown  # on first use: about 25 ms and 1.3 MB that a start and the `lms` commands don't need

    return sanitise(markdown.markdown(text, extensions=EXTENSIONS, output_format="html"))


def text_only(html: str) -> str:
    """The text of some HTML: tags dropped (script and style with their content), entities read."""
    return unescape(nh3.clean(html, tags=set())).strip()


def question_plain(text: str, text_format: str | None) -> str:
    """A question's text as plain text (for a summary line or a drop-down): HTML loses its tags."""
    return text_only(text) if text_format in ("html", "moodle") else text


def question_html(text: str, text_format: str | None) -> str:
    """A question's text (or option, matching left, feedback) as HTML for learners, by the question's format.

    ``html`` and ``moodle`` (Moodle's own, HTML allowed) are sanitised like course Markdown, ``markdown`` is
    rendered as course Markdown is, and anything else is plain text, escaped.
    """
    if text_format in ("html", "moodle"):
        return sanitise(text)
    if text_format == "markdown":
        return inline(text)
    return escape(text, quote=False)


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
    """Parts one after the other, as HTML, their headings from ``<h2>`` on (``nest_headings``)."""
    return nest_headings("".join(render_part(part, directives) for part in parts))


#: An opening or closing heading tag: ``<h3>``, ``<h3 id="x">``, ``</h3>``.
HEADING = re.compile(r"<(/?)h([1-6])\b")


def nest_headings(html: str, top: int = 2) -> str:
    """Renumber the headings of some content so they start at ``top`` and never skip a level (WCAG 1.3.1).

    The page's ``<h1>`` is the section's title (``##``), so the lesson's ``###`` would follow it as an
    ``<h3>``. Each heading goes one below the nearest heading before it of a higher level, or to ``top``.
    """
    open_levels: list[tuple[int, int]] = []  # (written level, new level) of the headings we are inside
    closing: list[int] = []

    def renumber(match: re.Match[str]) -> str:
        slash, level = match.group(1), int(match.group(2))
        if slash:
            return f"</h{closing.pop() if closing else level}"
        while open_levels and open_levels[-1][0] >= level:
            open_levels.pop()
        new = min(open_levels[-1][1] + 1 if open_levels else top, 6)
        open_levels.append((level, new))
        closing.append(new)
        return f"<h{new}"

    return HEADING.sub(renumber, html)
