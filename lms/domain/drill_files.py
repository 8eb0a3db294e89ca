"""Read drill content: typing texts (question_banks/typing/*.yaml) and the quick-reply library.

Every typing text and every reply names its business line (``lms.domain.lines``); a customer message
takes the line of the replies that answer it, which must not mix two lines.
"""

import re
from dataclasses import dataclass

from lms.domain import N_, InputError, Problem, lines, yaml_lines

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SHORTCUT = re.compile(r"^/[a-z0-9]{1,6}$")
LEVELS = ("easy", "medium", "hard")
CATEGORIES = ("快递", "发货时效", "催付", "发票", "修改信息", "退换货", "突发状况", "报修", "缴费", "投诉安抚")


@dataclass(frozen=True)
class TypingText:
    """A text to type."""

    slug: str
    lang: str
    level: str
    line: str
    title: str
    text: str


@dataclass(frozen=True)
class Reply:
    """A canned reply (快捷话术) with its shortcut."""

    slug: str
    shortcut: str
    category: str
    line: str
    title: str
    text: str


@dataclass(frozen=True)
class Message:
    """A customer message and the replies that answer it."""

    slug: str
    text: str
    replies: tuple[str, ...]
    #: The line of its replies (``common`` when all of them are common).
    line: str


def _load(text: str, key: str) -> list:
    """The list under ``key`` of a drill file, or InputError."""
    try:
        data = yaml_lines.load(text)
    except yaml_lines.YamlProblem as error:
        raise InputError([error.problem]) from error
    if not isinstance(data, dict) or not isinstance(data.get(key), list) or not data[key]:
        raise InputError([Problem(1, N_("文件应有非空的 %(key)s: 列表。"), {"key": key})])
    return data[key]


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _line_problem(item: dict) -> Problem | None:
    """A problem with the item's ``line:``, if it names no known business line."""
    if item.get("line") in lines.CONTENT_LINES:
        return None
    where = yaml_lines.line_of(item, "line") if "line" in item else yaml_lines.line_of(item, "id")
    return Problem(where, N_("line 应为：%(known)s。"), {"known": "、".join(lines.CONTENT_LINES)})


def parse_typing(text: str) -> list[TypingText]:
    """Every typing text of a file, or InputError listing each problem on its line."""
    found, texts = [], []
    for item in _load(text, "texts"):
        where = yaml_lines.line_of(item, "id") if isinstance(item, dict) else 1
        if not isinstance(item, dict):
            found.append(Problem(where, N_("每一项应是“键: 值”的映射。")))
            continue
        lang, length = item.get("lang"), len(item.get("text") or "")
        bounds = (150, 500) if lang == "zh" else (150, 1000)
        if not isinstance(item.get("id"), str) or not ID.match(item["id"]):
            found.append(Problem(where, N_("id 只能由小写字母、数字和短横线组成。")))
        elif lang not in ("zh", "en"):
            found.append(Problem(yaml_lines.line_of(item, "lang"), N_("lang 应为 zh 或 en。")))
        elif item.get("level") not in LEVELS:
            found.append(Problem(yaml_lines.line_of(item, "level"), N_("level 应为 easy、medium 或 hard。")))
        elif problem := _line_problem(item):
            found.append(problem)
        elif not _text(item.get("title")) or not _text(item.get("text")) or "\n" in item["text"]:
            found.append(
                Problem(yaml_lines.line_of(item, "text"), N_("title 和 text 不能为空，text 应为一段不换行的文字。"))
            )
        elif not bounds[0] <= length <= bounds[1]:
            found.append(
                Problem(
                    yaml_lines.line_of(item, "text"),
                    N_("text 有 %(n)s 个字符，应在 %(low)s 到 %(high)s 之间。"),
                    {"n": length, "low": bounds[0], "high": bounds[1]},
                )
            )
        else:
            texts.append(
                TypingText(item["id"], lang, item["level"], item["line"], item["title"].strip(), item["text"].strip())
            )
    if found:
        raise InputError(found)
    return texts


def parse_library(text: str) -> tuple[list[Reply], list[Message]]:
    """The replies and customer messages of the quick-reply library, or InputError."""
    found, replies, messages = [], [], []
    seen_shortcuts: dict[str, int] = {}
    for item in _load(text, "replies"):
        if not isinstance(item, dict):
            found.append(Problem(1, N_("每一项应是“键: 值”的映射。")))
            continue
        where = yaml_lines.line_of(item, "id")
        shortcut = item.get("shortcut")
        if not isinstance(item.get("id"), str) or not ID.match(item["id"]):
            found.append(Problem(where, N_("id 只能由小写字母、数字和短横线组成。")))
        elif not isinstance(shortcut, str) or not SHORTCUT.match(shortcut):
            found.append(
                Problem(yaml_lines.line_of(item, "shortcut"), N_("shortcut 应以 / 开头，后接 1–6 个小写字母或数字。"))
            )
        elif shortcut in seen_shortcuts:
            found.append(
                Problem(
                    yaml_lines.line_of(item, "shortcut"),
                    N_("快捷码 %(value)s 与第 %(other)s 行重复。"),
                    {"value": shortcut, "other": seen_shortcuts[shortcut]},
                )
            )
        elif item.get("category") not in CATEGORIES:
            found.append(
                Problem(
                    yaml_lines.line_of(item, "category"),
                    N_("category 应为：%(known)s。"),
                    {"known": "、".join(CATEGORIES)},
                )
            )
        elif problem := _line_problem(item):
            found.append(problem)
        elif not _text(item.get("title")) or not _text(item.get("text")):
            found.append(Problem(where, N_("title 和 text 不能为空。")))
        else:
            seen_shortcuts[shortcut] = yaml_lines.line_of(item, "shortcut")
            replies.append(
                Reply(item["id"], shortcut, item["category"], item["line"], item["title"].strip(), item["text"].strip())
            )
    line_of = {reply.slug: reply.line for reply in replies}
    data = yaml_lines.load(text)
    for item in data.get("messages") or []:
        where = yaml_lines.line_of(item, "id") if isinstance(item, dict) else 1
        names = item.get("replies") if isinstance(item, dict) else None
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not _text(item.get("text")):
            found.append(Problem(where, N_("每条客户消息要有 id 和 text。")))
        elif not isinstance(names, list) or not names or any(name not in line_of for name in names):
            found.append(Problem(yaml_lines.line_of(item, "replies"), N_("replies 应列出已有话术的 id。")))
        elif (line := lines.message_line([line_of[name] for name in names])) is None:
            found.append(
                Problem(
                    yaml_lines.line_of(item, "replies"),
                    N_("一条客户消息的话术不能来自不同的业务线（%(lines)s）。"),
                    {"lines": "、".join(sorted({line_of[name] for name in names}))},
                )
            )
        else:
            messages.append(Message(item["id"], item["text"].strip(), tuple(names), line))
    if not messages and not found:
        found.append(Problem(1, N_("文件应有非空的 %(key)s: 列表。"), {"key": "messages"}))
    if found:
        raise InputError(found)
    return replies, messages
