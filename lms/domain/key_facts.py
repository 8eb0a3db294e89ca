"""A course file's ``key_facts``: the short question-and-answer pairs its agents review every few days.

Each is written in the front matter as ``{prompt, answer, section}``, ``section`` naming one of the file's
``## `` headings (the place an agent is sent to after answering). Every problem is reported on its line.
"""

from collections.abc import Collection
from dataclasses import dataclass

from lms.domain import N_, Problem, yaml_lines

KEYS = ("prompt", "answer", "section")
#: The database columns' length; a fact longer than this is not a fact to recall in seconds anyway.
LONGEST = 255


@dataclass(frozen=True)
class KeyFact:
    """One key fact: its question, its answer and the title of the section it comes from."""

    line: int
    prompt: str
    answer: str
    section: str


def parse(raw: object, line: int, sections: Collection[str]) -> tuple[tuple[KeyFact, ...], list[Problem]]:
    """The facts of a ``key_facts`` value read with line numbers (``line``: the key's), and every problem in it.

    Line numbers in ``raw`` count from the front matter's first line, which is the file's second.
    """
    if not isinstance(raw, list) or not raw:
        return (), [Problem(line, N_("key_facts 应为要点的列表，每项写 prompt、answer 和 section。"))]
    facts: list[KeyFact] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for item in raw:
        if not isinstance(item, dict):
            problems.append(Problem(line, N_("key_facts 的每一项应写 prompt、answer 和 section。")))
            continue
        at = yaml_lines.line_of(item) + 1
        found = _item_problems(item, at, sections)
        problems += found
        if found:
            continue
        prompt = item["prompt"].strip()
        if prompt in seen:
            problems.append(
                Problem(at, N_("要点“%(value)s”与第 %(other)s 行重复。"), {"value": prompt, "other": seen[prompt]})
            )
            continue
        seen[prompt] = at
        facts.append(KeyFact(at, prompt, item["answer"].strip(), item["section"].strip()))
    return tuple(facts), problems


def _item_problems(item: dict, at: int, sections: Collection[str]) -> list[Problem]:
    """What is wrong with one fact's mapping (its keys, their texts, the section it names)."""
    problems = [
        Problem(
            yaml_lines.line_of(item, key) + 1,
            N_("key_facts 中未知的键 %(key)s（可用：prompt、answer、section）。"),
            {"key": key},
        )
        for key in item
        if not key.startswith("__") and key not in KEYS
    ]
    for key in KEYS:
        value = item.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(yaml_lines.line_of(item, key) + 1, N_("key_facts 的这一项缺少 %(key)s。"), {"key": key})
            )
        elif len(value.strip()) > LONGEST:
            problems.append(
                Problem(
                    yaml_lines.line_of(item, key) + 1,
                    N_("key_facts 的 %(key)s 不能超过 %(count)s 个字。"),
                    {"key": key, "count": LONGEST},
                )
            )
    section = item.get("section")
    if isinstance(section, str) and section.strip() and section.strip() not in sections:
        problems.append(
            Problem(
                yaml_lines.line_of(item, "section") + 1,
                N_("key_facts 的 section “%(value)s”不是本课的小节标题（应为 ## 后的标题之一）。"),
                {"value": section.strip()},
            )
        )
    return problems
