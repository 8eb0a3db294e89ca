"""HR's training report: each module's completion, quiz and satisfaction figures, and each team's pre-shift week."""

from datetime import date
from functools import lru_cache

import sqlalchemy as sa

from lms.domain import satisfaction, training
from lms.domain.states import AttemptStatus, ExamKind
from lms.extensions import db
from lms.models import Assignment, Attempt, Exam, Module, ModuleProgress, Series, Team, User
from lms.services import assignments, scope

#: Active modules in catalogue order (series in order, then standalone ones): the columns the report shows (``id``,
#: ``title``, ``series_title``), built once (paged by ``pagination.paginate_rows``).
MODULES = (
    sa.select(Module.id, Module.title, Series.title.label("series_title"))
    .outerjoin(Series, Series.id == Module.series_id)
    .where(Module.active.is_(True))
    .order_by(Module.series_id.is_(None), Module.series_id, Module.series_order, Module.slug)
)


#: The modules of one page of the report; the statements below are built once per viewer (``scope.people_filter``
#: keeps one filter each), as building them costs about as much as running them.
_IDS: sa.BindParameter = sa.bindparam("ids", expanding=True)
#: (user, module) of everyone assigned or started each module.
_HAD = sa.union(
    sa.select(Assignment.user_id, Assignment.module_id).where(
        Assignment.module_id.in_(_IDS), Assignment.section_id.is_(None)
    ),
    sa.select(ModuleProgress.user_id, ModuleProgress.module_id).where(ModuleProgress.module_id.in_(_IDS)),
).subquery()


@lru_cache(maxsize=512)
def _learners_query(mine: sa.ColumnElement[bool]) -> sa.Select:
    """Per module, its learners among the people ``mine`` keeps, and how many completed it."""
    return (
        sa.select(_HAD.c.module_id, sa.func.count(), sa.func.count(ModuleProgress.completed_at))
        .outerjoin(
            ModuleProgress,
            sa.and_(ModuleProgress.user_id == _HAD.c.user_id, ModuleProgress.module_id == _HAD.c.module_id),
        )
        .where(mine)
        .group_by(_HAD.c.module_id)
    )


@lru_cache(maxsize=512)
def _quizzes_query(mine: sa.ColumnElement[bool]) -> sa.Select:
    """Per module, its quiz's takers, passers and finished attempts among the people ``mine`` keeps."""
    passed = sa.case((Attempt.passed.is_(True), Attempt.user_id))
    return (
        sa.select(
            Exam.module_id,
            sa.func.count(sa.distinct(Attempt.user_id)),
            sa.func.count(sa.distinct(passed)),
            sa.func.count(Attempt.id),
        )
        .join(Attempt, Attempt.exam_id == Exam.id)
        .where(
            Exam.module_id.in_(_IDS),
            Exam.kind == ExamKind.MODULE_QUIZ,
            Attempt.status == AttemptStatus.FINISHED,
            mine,
        )
        .group_by(Exam.module_id)
    )


def module_figures(viewer: User, module_ids: list[int]) -> dict[int, training.ModuleFigures]:
    """Figures for these modules over the people ``viewer`` may see, by module id (two grouped queries)."""
    ids = {"ids": module_ids}
    learners_query = _learners_query(scope.people_filter(viewer, _HAD.c.user_id))
    learners = {
        module_id: (count, completed) for module_id, count, completed in db.session.execute(learners_query, ids)
    }
    quizzes_query = _quizzes_query(scope.people_filter(viewer, Attempt.user_id))
    quizzes = {
        module_id: (takers, passers, attempts)
        for module_id, takers, passers, attempts in db.session.execute(quizzes_query, ids)
    }
    return {
        module_id: training.ModuleFigures(*learners.get(module_id, (0, 0)), *quizzes.get(module_id, (0, 0, 0)))
        for module_id in ids["ids"]
    }


def satisfaction_by_module() -> tuple[dict[int, satisfaction.Summary], float | None]:
    """Every active module's rating summary by id (anonymous, all learners), and the rate over all of them."""
    summaries = assignments.rating_summaries()
    return {module.id: summary for module, summary in summaries}, satisfaction.overall_rate(s for _, s in summaries)


def teams_query() -> sa.Select:
    """Active teams by name, for paging."""
    return sa.select(Team).where(Team.active.is_(True)).order_by(Team.name)


def pre_shift(viewer: User, teams: list[Team], today: date) -> dict[int, training.PreShift]:
    """This week's pre-shift learning per team: assignments of active members due Monday to today (one query)."""
    rows = db.session.execute(
        sa.select(User.team_id, sa.func.count(Assignment.id), sa.func.count(ModuleProgress.completed_at))
        .join(User, User.id == Assignment.user_id)
        .join(Module, Module.id == Assignment.module_id)
        .outerjoin(
            ModuleProgress,
            sa.and_(ModuleProgress.user_id == Assignment.user_id, ModuleProgress.module_id == Assignment.module_id),
        )
        .where(
            User.team_id.in_([team.id for team in teams]),
            User.active.is_(True),
            Module.active.is_(True),
            Assignment.section_id.is_(None),
            Assignment.due_date >= training.week_start(today),
            Assignment.due_date <= today,
            scope.people_filter(viewer),
        )
        .group_by(User.team_id)
    ).all()
    found = {team_id: training.PreShift(due, done) for team_id, due, done in rows}
    return {team.id: found.get(team.id, training.PreShift()) for team in teams}
