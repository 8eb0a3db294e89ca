"""Importing drill content: typing texts and the quick-reply library, matched by id."""

from pathlib import Path

import sqlalchemy as sa

from lms.domain import InputError, drill_files
from lms.extensions import db
from lms.models import CustomerMessage, QuickReply, TypingText

TYPING_DIR = Path("question_banks") / "typing"
LIBRARY = Path("question_banks") / "quick_replies" / "library.yaml"


def read(root: Path) -> tuple[dict, list]:
    """Parse the drill files under ``root``: ({texts, replies, messages}, [(path, Problem)])."""
    content: dict[str, list] = {"texts": [], "replies": [], "messages": []}
    problems = []
    for path in sorted((root / TYPING_DIR).glob("*.yaml")):
        try:
            content["texts"] += drill_files.parse_typing(path.read_text(encoding="utf-8"))
        except InputError as error:
            problems += [(str(path.relative_to(root)), p) for p in error.problems]
    library = root / LIBRARY
    if library.exists():
        try:
            content["replies"], content["messages"] = drill_files.parse_library(library.read_text(encoding="utf-8"))
        except InputError as error:
            problems += [(str(LIBRARY), p) for p in error.problems]
    return content, problems


def write(content: dict) -> int:
    """Create or update every text, reply and message; retire those no longer in the files. How many changed."""
    changed = _sync(TypingText, content["texts"], _fill_text)
    # Shortcuts are unique: free the ones that move to another reply before setting the new ones.
    wanted = {reply.slug: reply.shortcut for reply in content["replies"]}
    for row in db.session.scalars(sa.select(QuickReply)):
        if wanted.get(row.slug) != row.shortcut:
            row.shortcut = f"~{row.id}"
    db.session.flush()
    changed += _sync(QuickReply, content["replies"], _fill_reply)
    changed += _sync(CustomerMessage, content["messages"], _fill_message)
    return changed


def _fill_text(row: TypingText, t: drill_files.TypingText) -> None:
    """Copy a parsed typing text onto its row."""
    row.lang, row.level, row.line, row.title, row.text = t.lang, t.level, t.line, t.title, t.text


def _fill_reply(row: QuickReply, r: drill_files.Reply) -> None:
    """Copy a parsed quick reply onto its row."""
    row.shortcut, row.category, row.line, row.title, row.text = r.shortcut, r.category, r.line, r.title, r.text


def _fill_message(row: CustomerMessage, m: drill_files.Message) -> None:
    """Copy a parsed customer message onto its row."""
    row.text, row.replies, row.line = m.text, list(m.replies), m.line


def _sync(model, items, fill) -> int:
    """Upsert ``items`` into ``model`` by slug with ``fill``; rows not in ``items`` are retired."""
    rows = {row.slug: row for row in db.session.scalars(sa.select(model))}
    changed = 0
    for item in items:
        row = rows.pop(item.slug, None)
        if row is None:
            row = model(slug=item.slug)
            db.session.add(row)
        before = {c.name: getattr(row, c.name) for c in model.__table__.columns}
        fill(row, item)
        row.active = True
        changed += before != {c.name: getattr(row, c.name) for c in model.__table__.columns}
    for row in rows.values():
        row.active = False
    db.session.flush()
    return changed
