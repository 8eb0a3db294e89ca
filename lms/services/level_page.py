"""What a person's level page shows (to them, or to a supervisor who may see them): standing, ratings, record."""

from dataclasses import replace
from datetime import date

import sqlalchemy as sa
from flask_babel import get_translations, gettext
from markupsafe import Markup

from lms.domain import charts, competency, levels, violations
from lms.domain.states import ExamKind
from lms.extensions import db
from lms.labels import level_name
from lms.models import CompetencyRating, Exam, Module, Series, User, Violation
from lms.services import certificates, group_leads
from lms.services import levels as level_service
from lms.timefmt import localdate


def readable(evaluation: levels.Evaluation) -> levels.Evaluation:
    """The evaluation as a person reads it: module and series ids as titles, level codes and units localised."""
    return replace(evaluation, statuses=named(evaluation.statuses))


def named(statuses: tuple[levels.RuleStatus, ...]) -> tuple[levels.RuleStatus, ...]:
    """Rule statuses as a person reads them (``localised``), the titles of the modules and series they name read
    at once (no query when they name none)."""
    params = [status.params for status in statuses]
    modules = _titles(Module, {slug for p in params for slug in p.get("missing", "").split("、") if slug})
    series = _titles(Series, {p["series"] for p in params if "series" in p})
    return tuple(localised(status, modules, series) for status in statuses)


def _titles(model: type[Module] | type[Series], slugs: set[str]) -> dict[str, str]:
    """The titles of these modules or series by code (no query when there are none)."""
    if not slugs:
        return {}
    return dict(db.session.execute(sa.select(model.slug, model.title).where(model.slug.in_(slugs))).all())


def localised(
    status: levels.RuleStatus, modules: dict[str, str] | None = None, series: dict[str, str] | None = None
) -> levels.RuleStatus:
    """One rule's status with the parameters of its message named for a person, in the interface language."""
    params = dict(status.params)
    if "missing" in params and modules is not None:
        titles = [gettext("《%(title)s》", title=modules.get(slug, slug)) for slug in params["missing"].split("、")]
        params["missing"] = gettext("、").join(titles)
    if "series" in params and series is not None:
        params["series"] = gettext("《%(title)s》", title=series.get(params["series"], params["series"]))
    if status.kind in ("level", "tenure") and "name" in params:
        params["name"] = level_name(params["name"])
    if status.kind == "leads_group" and "since" in params:
        params["since"] = localdate(date.fromisoformat(params["since"]))
    if "unit" in params:
        params["unit"] = gettext(params["unit"])
    return replace(status, params=params)


# Built once, with bound parameters, and run as plain Core (rows of the columns the page shows).
_RATING = (
    sa.select(CompetencyRating.score, CompetencyRating.created_at, CompetencyRating.ratings)
    .where(CompetencyRating.user_id == sa.bindparam("user_id"))
    .order_by(CompetencyRating.id.desc())
    .limit(1)
)
_EXAM = sa.select(Exam.slug, Exam.level).where(
    Exam.kind == ExamKind.PROMOTION, Exam.level == sa.bindparam("level"), Exam.active.is_(True)
)
_VIOLATIONS = (
    sa.select(Violation.day, Violation.code, Violation.points, Violation.note)
    .where(Violation.user_id == sa.bindparam("user_id"))
    .order_by(Violation.day.desc())
)


#: The radar's rings (scores 1 to 5) with their ``points`` and its axis names: the same on every level page.
_RINGS = [competency.radar_points(dict.fromkeys(competency.WEIGHTS, value)) for value in range(1, 6)]
_RING_POINTS = [charts.points(ring) for ring in _RINGS]
_LABELS = competency.radar_labels()


def _rated(ratings: dict[str, int]) -> tuple[list, list]:
    """The radar's axes (x, y, text-anchor, short name, rating) and the table's groups (name, weight, rows of name,
    weight, rating, behaviour), their names translated here with the request's catalogue, as a template's ``_()``
    returns them (trusted text): not ~40 ``_()`` calls of the template.
    """
    translate = get_translations().ugettext
    axes = [
        (x, y, anchor, Markup(translate(competency.SHORT_NAMES[code])), ratings[code]) for code, x, y, anchor in _LABELS
    ]
    table = [
        (
            Markup(translate(group)),
            competency.GROUP_WEIGHTS[group],
            [
                (
                    Markup(translate(name)),
                    weight,
                    ratings[code],
                    Markup(translate(competency.SCALES[code][ratings[code] - 1][1])),
                )
                for code, name, weight in items
            ],
        )
        for group, items in competency.GROUPS
    ]
    return axes, table


def current_ratings(user: User) -> dict[str, int]:
    """The latest rating of each indicator of ``user`` (empty before the first rating)."""
    rating = db.session.connection().execute(_RATING, {"user_id": user.id}).first()
    return dict(rating.ratings) if rating else {}


def data(user: User) -> dict:
    """What the level page of ``user`` shows, for the agent or their supervisor."""
    owned = certificates.owned(user)
    evaluation = readable(level_service.evaluate(user, latest=owned.latest))
    connection = db.session.connection()
    rating = connection.execute(_RATING, {"user_id": user.id}).first()
    offered = evaluation.next and evaluation.ready_for_exam and not evaluation.qualifies  # the page's exam button
    exam = connection.execute(_EXAM, {"level": evaluation.next}).first() if offered else None
    return {
        "person": user,
        "evaluation": evaluation,
        "rating": rating,
        "radar": charts.points(competency.radar_points(rating.ratings)) if rating else None,
        "rated": _rated(rating.ratings) if rating else None,
        "rings": _RINGS,
        "ring_points": _RING_POINTS,
        "violations": connection.execute(_VIOLATIONS, {"user_id": user.id}).all(),
        "catalogue": violations.CATALOGUE,
        "certificates": owned.every,
        "lost": owned.lost,
        "expiring": owned.expiring,
        "exam": exam,
        "status": certificates.status,
        "lead": group_leads.of(user),
    }
