"""Where people stand on the drills assigned to them: per assignment, and per batch a supervisor assigned at once.

A batch is the rows one ``drill_reports.assign`` call wrote (same supervisor, drill, target, due date and moment).
Each assignment is judged on the best result since it was set (``lms.domain.drill_targets``): for typing, a
result that counts (accepted and complete) of the same kind (whole text, or a timed test of the same length) at
the target accuracy if there is one, then the fastest; for quick replies, the highest share right of a session
with no refused answer, typed out (recall) at the assignment's threshold or stricter, or by shortcut.
Two queries answer any number of assignments.
"""

from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from lms.domain import drill_targets, quick_replies
from lms.domain.typing import UNITS
from lms.extensions import db
from lms.models import DrillAssignment, ReplySession, TypingResult, TypingText, User
from lms.services import scope, typing_drills

A = DrillAssignment
#: The columns that tell one batch from another.
BATCH_KEY = (
    A.assigned_by_id,
    A.kind,
    A.lang,
    A.level,
    A.category,
    A.target_net,
    A.target_accuracy,
    A.target_share,
    A.minutes,
    A.threshold,
    A.due_date,
    A.created_at,
)


def _best_typing(ids: list[int]) -> dict[int, tuple[float, float]]:
    """Per typing assignment, the (net, accuracy) of the result that comes closest to its target."""
    closest_first = (
        sa.case((TypingResult.accuracy >= A.target_accuracy, 1), else_=0).desc(),
        TypingResult.net.desc(),
    )
    ranked = (
        sa.select(
            A.id.label("id"),
            TypingResult.net,
            TypingResult.accuracy,
            sa.func.row_number().over(partition_by=A.id, order_by=closest_first).label("rank"),
        )
        .join(
            TypingResult,
            sa.and_(
                TypingResult.user_id == A.user_id,
                TypingResult.lang == A.lang,
                TypingResult.finished_at >= A.created_at,
                typing_drills.COUNTS,
                sa.or_(TypingResult.minutes == A.minutes, sa.and_(A.minutes.is_(None), TypingResult.minutes.is_(None))),
            ),
        )
        .join(TypingText, TypingText.id == TypingResult.text_id)
        .where(A.id.in_(ids), A.kind == "typing", sa.or_(A.level.is_(None), TypingText.level == A.level))
        .subquery()
    )
    rows = db.session.execute(sa.select(ranked.c.id, ranked.c.net, ranked.c.accuracy).where(ranked.c.rank == 1))
    return {row.id: (row.net, row.accuracy) for row in rows}


def _best_replies(ids: list[int]) -> dict[int, float]:
    """Per quick-reply assignment, the highest share right of a session finished since it was set."""
    rows = db.session.execute(
        sa.select(A.id, sa.func.max(ReplySession.share_right))
        .join(
            ReplySession,
            sa.and_(
                ReplySession.user_id == A.user_id,
                ReplySession.started_at >= A.created_at,
                ReplySession.finished_at.is_not(None),
                ReplySession.refused == 0,
                sa.or_(A.category.is_(None), ReplySession.category == A.category),
                sa.or_(
                    ReplySession.mode == "recognition",
                    ReplySession.threshold >= sa.func.coalesce(A.threshold, quick_replies.EXACT),
                ),
            ),
        )
        .where(A.id.in_(ids), A.kind == "quick_reply")
        .group_by(A.id)
    )
    return {row_id: share for row_id, share in rows if share is not None}


def outcomes(rows: list[DrillAssignment]) -> dict[int, drill_targets.Outcome]:
    """Each assignment's outcome, by id (two queries, whatever the number of rows)."""
    ids = [row.id for row in rows]
    typing = _best_typing(ids) if any(row.kind == "typing" for row in rows) else {}
    replies = _best_replies(ids) if any(row.kind != "typing" for row in rows) else {}
    found = {}
    for row in rows:
        if row.kind == "typing":
            assert row.lang and row.target_net is not None and row.target_accuracy is not None
            found[row.id] = drill_targets.typing(
                typing.get(row.id), row.target_net, row.target_accuracy, UNITS[row.lang]
            )
        else:
            assert row.target_share is not None
            found[row.id] = drill_targets.replies(replies.get(row.id), row.target_share)
    return found


def own_reply_assignment(user: User, assignment_id: int) -> DrillAssignment | None:
    """The user's own quick-reply assignment with this id, or None."""
    return db.session.scalar(sa.select(A).where(A.id == assignment_id, A.user_id == user.id, A.kind == "quick_reply"))


#: A person's drill assignments, latest due date first (built once: the home page asks on every request).
_OF_USER = sa.select(A).where(A.user_id == sa.bindparam("user_id")).order_by(A.due_date.desc(), A.id.desc())


def assignments_of(user: User) -> list[tuple[DrillAssignment, drill_targets.Outcome]]:
    """The user's drill assignments, latest due date first, each with where the user stands."""
    rows = list(db.session.scalars(_OF_USER, {"user_id": user.id}))
    found = outcomes(rows)
    return [(row, found[row.id]) for row in rows]


@dataclass(frozen=True)
class Batch:
    """One drill assigned at once to several people, and how many of them met it, fell short or never practised."""

    first: DrillAssignment
    people: int
    counts: dict[str, int]


def _same_batch(row: DrillAssignment, first: DrillAssignment) -> bool:
    """Whether ``row`` was written by the same assign call as ``first``."""
    return all(getattr(row, column.key) == getattr(first, column.key) for column in BATCH_KEY)


def _members(viewer: User, firsts: list[DrillAssignment]) -> list[DrillAssignment]:
    """The rows, among the people ``viewer`` may see, of the batches these rows start (one query)."""
    if not firsts:
        return []
    candidates = db.session.scalars(
        sa.select(A)
        .where(A.created_at.in_({f.created_at for f in firsts}), scope.people_filter(viewer, A.user_id))
        .options(selectinload(A.user))
        .order_by(A.id)
    )
    return [row for row in candidates if any(_same_batch(row, first) for first in firsts)]


def batches_query(viewer: User) -> sa.Select:
    """The lowest row id of each batch of the people ``viewer`` may see, newest batch first (for paging)."""
    return _batches_query(scope.people_filter(viewer, A.user_id))


@lru_cache(maxsize=512)
def _batches_query(mine: sa.ColumnElement[bool]) -> sa.Select:
    """``batches_query`` of the viewer whose ``people_filter`` is ``mine``, built once."""
    return (
        sa.select(sa.func.min(A.id))
        .where(mine)
        .group_by(*BATCH_KEY)
        .order_by(A.created_at.desc(), sa.func.min(A.id).desc())
    )


#: Batches are shown newest first.
_NEWEST = (A.created_at.desc(), A.id.desc())


def batches(viewer: User, first_ids: list[int]) -> list[Batch]:
    """These batches (by their lowest row id) with how many people met, fell short and did not practise."""
    return _summaries(viewer, list(db.session.scalars(sa.select(A).where(A.id.in_(first_ids)).order_by(*_NEWEST))))


def _summaries(viewer: User, firsts: list[DrillAssignment]) -> list[Batch]:
    """The batches these rows start, newest first, with how many people met, fell short and did not practise."""
    rows = _members(viewer, firsts)
    found = outcomes(rows)
    summary = []
    for first in firsts:
        mine = [row for row in rows if _same_batch(row, first)]
        counts = {state: 0 for state in (drill_targets.MET, drill_targets.SHORT, drill_targets.NONE)}
        for row in mine:
            counts[found[row.id].state] += 1
        summary.append(Batch(first, len(mine), counts))
    return summary


def latest_batches(viewer: User, count: int) -> list[Batch]:
    """The ``count`` most recent batches of the people ``viewer`` may see (their first rows in one query)."""
    query = _latest_firsts(batches_query(viewer))
    return _summaries(viewer, list(db.session.scalars(query, {"count": count})))


@lru_cache(maxsize=512)
def _latest_firsts(firsts: sa.Select) -> sa.Select:
    """The first rows of the ``count`` newest batches of a viewer's ``batches_query``, built once per viewer."""
    newest = firsts.limit(sa.bindparam("count")).scalar_subquery()
    return sa.select(A).where(A.id.in_(newest)).order_by(*_NEWEST)


def batch_detail(
    viewer: User, assignment_id: int
) -> tuple[Batch, list[tuple[DrillAssignment, drill_targets.Outcome]]] | None:
    """The batch this row belongs to, with each person ``viewer`` may see and where they stand; None if not theirs."""
    first = db.session.scalar(sa.select(A).where(A.id == assignment_id, scope.people_filter(viewer, A.user_id)))
    if first is None:
        return None
    rows = _members(viewer, [first])
    found = outcomes(rows)
    order = {drill_targets.SHORT: 0, drill_targets.NONE: 1, drill_targets.MET: 2}
    people = sorted(((row, found[row.id]) for row in rows), key=lambda p: (order[p[1].state], p[0].user.employee_no))
    counts = {state: sum(1 for _row, o in people if o.state == state) for state in order}
    return Batch(rows[0], len(rows), counts), people
