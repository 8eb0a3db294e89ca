"""Filling in an exam paper in the browser with each question's full-marks answer."""

import re

import sqlalchemy as sa

from lms.domain.scoring import model_answer
from lms.extensions import db
from lms.models import AttemptItem


def attempt_id(page) -> int:
    """The attempt shown on the page."""
    return int(re.search(r"/attempts/(\d+)", page.url).group(1))


def paper_items(app, attempt: int) -> list[tuple[int, dict]]:
    """(position, question content) of each item of the attempt, in order."""
    with app.app_context():
        items = db.session.scalars(
            sa.select(AttemptItem).where(AttemptItem.attempt_id == attempt).order_by(AttemptItem.position)
        )
        return [(item.position, item.version.content) for item in items]


def give(page, position: int, question: dict, answer) -> None:
    """Enter ``answer`` for one question through the page's own controls."""
    name, kind = f"q{position}", question["type"]
    if kind == "single":
        page.locator(f'input[name="{name}"][value="{answer}"]').check()
    elif kind == "multiple":
        for index in answer:
            page.locator(f'input[name="{name}"][value="{index}"]').check()
    elif kind == "truefalse":
        page.locator(f'input[name="{name}"][value="{"true" if answer else "false"}"]').check()
    elif kind in ("fill", "numerical"):
        page.locator(f'input[name="{name}"]').fill(str(answer))
    elif kind == "scenario":
        page.locator(f'textarea[name="{name}"]').fill(answer)
    else:  # ordering and matching: one select per slot
        for slot, value in enumerate(answer):
            page.locator(f'select[name="{name}_{slot}"]').select_option(str(value))


def answer_all(page, app) -> None:
    """Give every question of the paper on screen its full-marks answer."""
    for position, question in paper_items(app, attempt_id(page)):
        give(page, position, question, model_answer(question))
