"""Drawing an exam paper from a blueprint's sections: which questions, and in what order each shows its parts."""

import random
from dataclasses import dataclass

from lms.domain import N_, Problem
from lms.domain.blueprint_file import Section


@dataclass(frozen=True)
class Candidate:
    """A question that may be drawn: its id and what sections filter on."""

    id: int
    bank: str
    category: str
    difficulty: int


class NotEnoughQuestions(ValueError):
    """A section asks for more questions than its bank has."""

    def __init__(self, section: Section, available: int):
        super().__init__(f"{section.bank}: {available} < {section.count}")
        self.section, self.available = section, available


def matches(section: Section, candidate: Candidate) -> bool:
    """Whether ``candidate`` may be drawn for ``section``."""
    return (
        candidate.bank == section.bank
        and (section.category is None or candidate.category == section.category)
        and (section.difficulty is None or candidate.difficulty in section.difficulty)
    )


def draw(sections: tuple[Section, ...], candidates: list[Candidate], rng: random.Random, shuffle: bool) -> list[int]:
    """Question ids for one paper: each section's count drawn at random, never the same question twice."""
    chosen: list[int] = []
    for section in sections:
        pool = [c.id for c in candidates if matches(section, c) and c.id not in chosen]
        if len(pool) < section.count:
            raise NotEnoughQuestions(section, len(pool))
        chosen += rng.sample(pool, section.count)
    if shuffle:
        rng.shuffle(chosen)
    return chosen


def shortfalls(sections: tuple[Section, ...], candidates: list[Candidate]) -> list[Problem]:
    """A problem for each section its banks cannot fill (checked when blueprints are imported)."""
    found = []
    for section in sections:
        available = sum(1 for c in candidates if matches(section, c))
        if available < section.count:
            found.append(
                Problem(
                    1,
                    N_("题库 %(bank)s 中符合条件的题只有 %(available)s 道，少于 count %(count)s。"),
                    {"bank": section.bank, "available": available, "count": section.count},
                )
            )
    return found


def part_order(question: dict, rng: random.Random, shuffle_options: bool) -> list[int] | None:
    """The order a question's parts are shown in: options (if shuffled), ordering items and matching rights always."""
    kind = question["type"]
    if kind in ("single", "multiple"):
        order = list(range(len(question["options"])))
        if shuffle_options:
            rng.shuffle(order)
        return order
    if kind == "ordering":
        return _mixed(len(question["items"]), rng)
    if kind == "matching":
        return _mixed(len(question["pairs"]) + len(question.get("distractors", [])), rng)
    return None


def _mixed(count: int, rng: random.Random) -> list[int]:
    """A shuffled order that is not the original one (that would give the answer away)."""
    order = list(range(count))
    for _ in range(20):
        rng.shuffle(order)
        if order != sorted(order):
            break
    return order
