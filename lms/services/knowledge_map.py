"""The team knowledge map and the refreshers assigned from it.

Who sees it: a supervisor, over the learners of the teams they lead; HR, over every active team's learners
(``scope.people_filter`` decides, as everywhere). Only active learners of active teams count as members.
What the figures mean: ``lms.domain.knowledge_map``. Only supervisors assign refreshers, to people they may see.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from lms import timeutil
from lms.domain import knowledge_map, recall
from lms.extensions import db
from lms.models import Assignment, Module, ModuleFact, ReviewCard, Role, Team, User
from lms.models.review import CardKind
from lms.services import audit, review_schedule, scope


@dataclass(frozen=True)
class TeamMap:
    """A map with what its rows name: facts (with section), modules, teams and people, by id."""

    figures: knowledge_map.Map
    facts: dict[int, ModuleFact]
    modules: dict[int, Module]
    teams: dict[int, Team]
    threshold: float


def _members(viewer: User, team_id: int | None) -> sa.Select:
    """(user id, team id) of the active learners of active teams ``viewer`` may see (of one team, if given)."""
    query = (
        sa.select(User.id, User.team_id)
        .join(Team, Team.id == User.team_id)
        .where(
            scope.people_filter(viewer),
            User.active.is_(True),
            User.role.in_(scope.LEARNER_ROLES),
            Team.active.is_(True),
        )
    )
    return query.where(User.team_id == team_id) if team_id is not None else query


def _memories(user_ids: sa.Select, fact_ids: list[int]) -> list[tuple[int, int, recall.Memory]]:
    """(user id, fact id, memory) of the key-fact cards of these people and facts (one query)."""
    rows = db.session.execute(
        sa.select(
            ReviewCard.user_id,
            ReviewCard.fact_id,
            ReviewCard.id,
            ReviewCard.state,
            ReviewCard.step,
            ReviewCard.stability,
            ReviewCard.difficulty,
            ReviewCard.due,
            ReviewCard.last_review,
        ).where(
            ReviewCard.kind == CardKind.FACT,
            ReviewCard.user_id.in_(user_ids.with_only_columns(User.id)),
            ReviewCard.fact_id.in_(fact_ids),
        )
    )
    return [
        (
            row.user_id,
            row.fact_id,
            recall.Memory(row.id, row.state, row.step, row.stability, row.difficulty, row.due, row.last_review),
        )
        for row in rows
    ]


def team_map(
    viewer: User, team_id: int | None = None, module_id: int | None = None, now: datetime | None = None
) -> TeamMap:
    """The knowledge map of the teams ``viewer`` may see (or one of them, or one module), in as many queries for a
    team of 3 as of 3,000 (members, facts, cards, FSRS parameters, teams)."""
    members = dict(db.session.execute(_members(viewer, team_id)).all())
    query = (
        sa.select(ModuleFact)
        .join(Module, Module.id == ModuleFact.module_id)
        .where(Module.active.is_(True))
        .options(selectinload(ModuleFact.section), selectinload(ModuleFact.module))
    )
    facts = {
        fact.id: fact
        for fact in db.session.scalars(query if module_id is None else query.where(Module.id == module_id))
    }
    cards = _memories(_members(viewer, team_id), list(facts)) if members and facts else []
    fitted = review_schedule.scheduler()
    recalled = knowledge_map.recalled_pairs(fitted, cards, now or timeutil.now())
    figures = knowledge_map.build(
        (knowledge_map.Fact(f.id, f.module_id, f.number) for f in facts.values()),
        members,
        ((user_id, fact_id) for user_id, fact_id, _ in cards),
        recalled,
    )
    teams = {team.id: team for team in db.session.scalars(sa.select(Team).where(Team.id.in_(set(members.values()))))}
    modules = {fact.module_id: fact.module for fact in facts.values()}
    return TeamMap(figures, facts, modules, teams, fitted.desired_retention)


def teams_of(viewer: User) -> list[Team]:
    """The active teams whose learners ``viewer`` may see on the map, by name (the team filter's choices)."""
    ids = _members(viewer, None).with_only_columns(User.team_id).distinct()
    return list(db.session.scalars(sa.select(Team).where(Team.id.in_(ids)).order_by(Team.name)))


def modules_with_facts() -> list[Module]:
    """The active modules that have key facts, by title (the module filter's choices)."""
    has_facts = sa.select(ModuleFact.module_id)
    return list(
        db.session.scalars(
            sa.select(Module).where(Module.active.is_(True), Module.id.in_(has_facts)).order_by(Module.title)
        )
    )


@dataclass(frozen=True)
class Refresher:
    """What a refresher of one fact's section for one team would be: the fact, the team, and who is below."""

    fact: ModuleFact
    team: Team
    forgetting: list[User]


def refresher(viewer: User, fact_id: int, team_id: int) -> Refresher | None:
    """The people of ``team_id`` below the threshold for ``fact_id``, if ``viewer`` assigns refreshers to them.

    None when the viewer is not a supervisor, the team is not theirs, or the fact or its section is gone.
    """
    fact = db.session.get(ModuleFact, fact_id)
    if viewer.role is not Role.SUPERVISOR or fact is None or fact.section_id is None:
        return None
    found = team_map(viewer, team_id, fact.module_id)
    figure = next((f for f in found.figures.facts if f.fact.id == fact_id), None)
    team = found.teams.get(team_id)
    if figure is None or team is None:
        return None
    people = db.session.scalars(sa.select(User).where(User.id.in_(figure.forgetting)).order_by(User.employee_no))
    return Refresher(fact, team, list(people))


def assign_refresher(viewer: User, fact: ModuleFact, user_ids: list[int], due: date, ip: str | None = None) -> int:
    """Assign the section of ``fact`` to read again to each of ``user_ids`` by ``due``; how many were assigned.

    Someone who had a refresher of that section gets it anew (due date, and done only when read again after now).
    Raises PermissionError, writing nothing, unless a supervisor names only people they may see.
    """
    if viewer.role is not Role.SUPERVISOR or fact.section_id is None or not scope.all_visible(viewer, user_ids):
        raise PermissionError("refreshers go from a supervisor to their team's members")
    existing = {
        row.user_id: row
        for row in db.session.scalars(
            sa.select(Assignment).where(Assignment.user_id.in_(user_ids), Assignment.section_id == fact.section_id)
        )
    }
    now = timeutil.utcnow()
    for user_id in set(user_ids):
        row = existing.get(user_id) or Assignment(user_id=user_id, module_id=fact.module_id, section_id=fact.section_id)
        row.due_date, row.assigned_by_id, row.created_at, row.refreshed_at = due, viewer.id, now, None
        db.session.add(row)
    audit.record(
        "assignment.refresher",
        viewer,
        detail={
            "modules": [fact.module.slug],
            "section": fact.section.title if fact.section else "",
            "fact": fact.id,
            "users": sorted(set(user_ids)),
            "due": due.isoformat(),
        },
        ip=ip,
    )
    db.session.commit()
    return len(set(user_ids))
