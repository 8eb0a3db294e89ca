"""The graders' side of promotion exams: the queue of attempts awaiting grading, and what a grader sees per answer.

Who may grade whom is ``scope.graded_people``; grading itself (one transaction, audited, then the award) is
``exams.grade``.
"""

from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from lms.domain import attempts, scoring
from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import Attempt, AttemptItem, User
from lms.services import exams, scope


def queue(viewer: User) -> sa.Select:
    """The attempts awaiting grading that ``viewer`` may grade, oldest hand-in first (for paging)."""
    return (
        scope.grading_attempts(viewer)
        .where(Attempt.status == AttemptStatus.AWAITING_GRADING)
        .options(selectinload(Attempt.user).selectinload(User.team), selectinload(Attempt.exam))
        .order_by(Attempt.finished_at, Attempt.id)
    )


def waiting(viewer: User) -> int:
    """How many attempts await ``viewer``'s grading (0 for someone who grades no one)."""
    if not scope.grades(viewer):
        return 0
    return db.session.connection().execute(_waiting(scope.grading_attempts(viewer))).scalar_one()


@lru_cache(maxsize=512)
def _waiting(attempts: sa.Select) -> sa.Select:
    """How many of ``attempts`` (a viewer's ``scope.grading_attempts``) await grading, built once per viewer."""
    mine = attempts.where(Attempt.status == AttemptStatus.AWAITING_GRADING).subquery()
    return sa.select(sa.func.count()).select_from(mine)


@dataclass(frozen=True)
class Answer:
    """One scenario answer as the grader sees it: the item, the rubric's reading of it, the suggestion in points."""

    item: AttemptItem
    assessed: scoring.ScenarioScore

    @property
    def question(self) -> dict:
        return self.item.version.content

    @property
    def points(self) -> float:
        return self.item.version.points

    @property
    def ideas(self) -> list[tuple[dict, float, bool]]:
        """Each rubric idea, its share of the question in percent, and whether the answer shows it."""
        shares = scoring.rubric_shares(self.question)
        return list(zip(self.question["rubric"], shares, self.assessed.hits, strict=True))


@dataclass(frozen=True)
class Review:
    """An attempt laid out for grading: its scenario answers, the other questions' score, the suggested total."""

    attempt: Attempt
    answers: list[Answer]
    #: Points earned and possible on the questions scored automatically (all but the scenario answers).
    closed: tuple[float, float]
    #: The paper graded with the automatic suggestions, for comparison.
    suggestion: attempts.Result


def review(attempt: Attempt) -> Review:
    """What the grading page shows of ``attempt``."""
    answers, earned, most = [], 0.0, 0.0
    for item in attempt.items:
        if item.version.type == "scenario":
            answers.append(Answer(item, scoring.assess_scenario(item.version.content, item.answer)))
        else:
            earned, most = earned + (item.score or 0) * item.version.points, most + item.version.points
    return Review(attempt, answers, (earned, most), exams.suggested(attempt))
