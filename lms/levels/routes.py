"""Levels: the agent's "my level" page, and the supervisor's page for one agent (competencies, violations)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import timeutil
from lms.domain import competency
from lms.levels import group_lead
from lms.levels.forms import CompetencyForm, ViolationForm
from lms.models import Role
from lms.security import roles_required
from lms.services import assessments, level_page, scope

bp = Blueprint("levels", __name__)


@bp.route("/level")
@roles_required(Role.NEW_HIRE, Role.AGENT)
def mine():
    """Where I stand: my level, the next one, every rule with its gap, my certificates."""
    return render_template("levels/level.html", **level_page.data(current_user))


@bp.route("/team/people/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.SUPERVISOR)
def person(user_id: int):
    """A team member's level page, with the forms to record violations and who leads a group (rating is its own page)."""
    user = scope.visible_person(current_user, user_id) or abort(404)
    violation_form = ViolationForm(prefix="v")
    lead_form, clear_form = group_lead.forms(user)
    if group_lead.handled(user, lead_form, clear_form):
        return redirect(url_for("levels.person", user_id=user.id))
    if violation_form.submit.data and violation_form.validate_on_submit():
        form = violation_form
        row = assessments.record_violation(
            current_user, user, form.code.data, form.day.data, form.note.data or "", request.remote_addr
        )
        flash(_("已记录违规，扣 %(points)s 分。", points=row.points), "success")
        return redirect(url_for("levels.person", user_id=user.id))
    data = level_page.data(user)
    group_lead.show(lead_form, data["lead"])
    if request.method == "GET":
        violation_form.day.data = timeutil.today()
    return render_template(
        "levels/person.html",
        violation_form=violation_form,
        lead_form=lead_form,
        clear_form=clear_form,
        rate_url=url_for("levels.rate", user_id=user.id),
        **data,
    )


@bp.route("/team/people/<int:user_id>/rating", methods=["GET", "POST"])
@roles_required(Role.SUPERVISOR)
def rate(user_id: int):
    """Rating a team member's 11 competency indicators (an occasional task, so not on the page opened every day)."""
    user = scope.visible_person(current_user, user_id) or abort(404)
    form = CompetencyForm(prefix="c")
    if form.validate_on_submit():
        ratings = {code: getattr(form, code).data for code in competency.WEIGHTS}
        row = assessments.rate(current_user, user, ratings, request.remote_addr)
        flash(_("已保存胜任力评分：%(score)s。", score=row.score), "success")
        return redirect(url_for("levels.person", user_id=user.id))
    if request.method == "GET":
        for code, value in level_page.current_ratings(user).items():
            getattr(form, code).data = value  # re-rating starts from the current ratings
    return render_template(
        "levels/rate.html", person=user, form=form, groups=competency.GROUPS, group_weights=competency.GROUP_WEIGHTS
    )
