"""Levels for people: the rules in force, where someone stands, and awarding a level with its certificate."""

import os
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import current_app

from lms import timeutil
from lms.domain import levels
from lms.models import Certificate, Exam, User
from lms.services.level_facts import gather

RULES_FILE = Path("question_banks") / "levels" / "levels.yaml"


def rules_path() -> Path:
    """Where the rules file is, under the content folder."""
    return Path(_rules_file(current_app.config["CONTENT_DIR"]))


@lru_cache(maxsize=4)
def _rules_file(content_dir: str) -> str:
    """The rules file's path under ``content_dir``, as a string (worked out once: it is asked for many times a page)."""
    return str(Path(content_dir) / RULES_FILE)


@lru_cache(maxsize=4)
def _parsed(path: str, modified: float) -> tuple[levels.Level, ...]:
    """The parsed rules (cached until the file changes)."""
    return levels.parse(Path(path).read_text(encoding="utf-8"))


def rules() -> tuple[levels.Level, ...]:
    """The level rules in force."""
    return _parsed(*_rules_file_version())


def _rules_file_version() -> tuple[str, float]:
    """The rules file and its modification time (a new time: the rules are read again)."""
    path = _rules_file(current_app.config["CONTENT_DIR"])
    return path, os.stat(path).st_mtime


@lru_cache(maxsize=4)
def _by_code(path: str, modified: float) -> dict[str, levels.Level]:
    """The parsed rules by level code."""
    return {level.code: level for level in _parsed(path, modified)}


def level_named(code: str) -> levels.Level | None:
    """The level with this code."""
    return _by_code(*_rules_file_version()).get(code)


def promotion_level(exam: Exam) -> str:
    """The level a promotion exam leads to (the blueprint file must name one for every promotion exam)."""
    assert exam.level is not None, f"promotion exam {exam.slug} names no level"
    return exam.level


def evaluate(user: User, today: date | None = None, latest: list[Certificate] | None = None) -> levels.Evaluation:
    """Where ``user`` stands (only the facts its next level's rules read are gathered).

    ``latest``: the latest certificate of each of the user's awards, if the caller has read them.
    """
    today = today or timeutil.today()
    in_force = rules()
    return levels.evaluate(gather([user], today, in_force, latest=latest)[user.id], in_force)


def evaluate_many(
    users: list[User], today: date | None = None, facts: dict[int, levels.Facts] | None = None
) -> dict[int, levels.Evaluation]:
    """Where each of ``users`` stands (facts gathered in a few queries, unless the caller has them already)."""
    today = today or timeutil.today()
    facts = facts if facts is not None else gather(users, today)
    in_force = rules()  # rules() checks the file's time: once, not once a user
    return {user.id: levels.evaluate(facts[user.id], in_force) for user in users}
