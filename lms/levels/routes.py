"""Levels: the agent's "my level" page, and the supervisor's page for one agent (competencies, violations)."""

from dataclasses import replace

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import timeutil
from lms.domain import competency, violations
from lms.extensions import db
from lms.levels.forms import CompetencyForm, ViolationForm
from lms.models import CompetencyRating, Exam, Module, Role, Series, User, Violation
from lms.security import roles_required
from lms.services import assessments, certificates, scope
from lms.services import levels as level_service

bp = Blueprint("levels", __name__)


def _readable(evaluation):
    """The evaluation with module and series ids in its messages replaced by their titles."""
    modules = dict(db.session.execute(sa.select(Module.slug, Module.title)).all())
    series = dict(db.session.execute(sa.select(Series.slug, Series.title)).all())
    statuses = []
    for status in evaluation.statuses:
        params = dict(status.params)
        if "missing" in params:
            params["missing"] = "、".join(f"《{modules.get(slug, slug)}》" for slug in params["missing"].split("、"))
        if "series" in params:
            params["series"] = f"《{series.get(params['series'], params['series'])}》"
        statuses.append(replace(status, params=params))
    return replace(evaluation, statuses=tuple(statuses))


def _page_data(user: User) -> dict:
    """What the level page of ``user`` shows, for the agent or their supervisor."""
    evaluation = _readable(level_service.evaluate(user))
    rating = db.session.scalar(
        sa.select(CompetencyRating)
        .where(CompetencyRating.user_id == user.id)
        .order_by(CompetencyRating.id.desc())
        .limit(1)
    )
    exam = (
        db.session.scalar(
            sa.select(Exam).where(Exam.kind == "promotion", Exam.level == evaluation.next, Exam.active.is_(True))
        )
        if evaluation.next
        else None
    )
    return {
        "person": user,
        "evaluation": evaluation,
        "levels": {level.code: level for level in level_service.rules()},
        "rating": rating,
        "indicators": competency.INDICATORS,
        "groups": competency.GROUPS,
        "radar": competency.radar_points(rating.ratings) if rating else None,
        "outline": competency.radar_points({code: 5 for code in competency.WEIGHTS}),
        "violations": db.session.scalars(
            sa.select(Violation).where(Violation.user_id == user.id).order_by(Violation.day.desc())
        ).all(),
        "catalogue": violations.CATALOGUE,
        "certificates": certificates.of_user(user),
        "expiring": {c.id for c in certificates.expiring([user.id])},
        "exam": exam,
        "status": certificates.status,
    }


@bp.route("/level")
@roles_required(Role.NEW_HIRE, Role.AGENT)
def mine():
    """Where I stand: my level, the next one, every rule with its gap, my certificates."""
    return render_template("levels/level.html", **_page_data(current_user))


@bp.route("/team/people/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.SUPERVISOR)
def person(user_id: int):
    """A team member's level page, with the forms to rate competencies and record violations."""
    user = scope.visible_person(current_user, user_id) or abort(404)
    rating_form, violation_form = CompetencyForm(prefix="c"), ViolationForm(prefix="v")
    if rating_form.submit.data and rating_form.validate_on_submit():
        ratings = {code: getattr(rating_form, code).data for code in competency.WEIGHTS}
        row = assessments.rate(current_user, user, ratings, request.remote_addr)
        flash(_("已保存胜任力评分：%(score)s。", score=row.score), "success")
        return redirect(url_for("levels.person", user_id=user.id))
    if violation_form.submit.data and violation_form.validate_on_submit():
        form = violation_form
        row = assessments.record_violation(
            current_user, user, form.code.data, form.day.data, form.note.data or "", request.remote_addr
        )
        flash(_("已记录违规，扣 %(points)s 分。", points=row.points), "success")
        return redirect(url_for("levels.person", user_id=user.id))
    data = _page_data(user)
    if request.method == "GET":
        violation_form.day.data = timeutil.today()
        for code, value in (data["rating"].ratings if data["rating"] else {}).items():
            getattr(rating_form, code).data = value  # re-rating starts from the current ratings
    return render_template("levels/person.html", rating_form=rating_form, violation_form=violation_form, **data)
