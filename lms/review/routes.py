"""班前五分钟: the agent's daily review session on the phone, the answers it sends, and its offline files."""

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from lms.domain.review_session import REFUSALS
from lms.extensions import csrf
from lms.models import Role
from lms.review.forms import AnswerForm, TeamReviewForm
from lms.security import roles_required
from lms.services import review_daily, scope, teams
from lms.timeutil import today, utcnow

bp = Blueprint("review", __name__)
learners = roles_required(Role.NEW_HIRE, Role.AGENT)
#: What each kind of card is called above its question.
KINDS = {"question": _l("测验题"), "fact": _l("课程要点"), "reply": _l("快捷话术：客户这样说，用哪条话术？")}


@bp.route("/review")
@learners
def session():
    """Today's session: the agent's due cards, one at a time, each followed by its answer and where it comes from."""
    now = utcnow()
    return render_template(
        "review/session.html",
        cards=review_daily.session(current_user, now),
        summary=review_daily.summary(current_user, now),
        form=AnswerForm(),
        kinds=KINDS,
        today_local=today().isoformat(),
    )


@bp.route("/review/cards/<int:card_id>/answer", methods=["POST"])
@csrf.exempt  # AnswerForm checks the token itself, for as long as an offline answer may wait (the site allows an hour)
@learners
def answer(card_id: int):
    """Store one answer (once per client key) if it is plausible; JSON in reply, a reason when refused."""
    card = review_daily.owned_card(current_user, card_id) or abort(404)
    form = AnswerForm()
    if not form.validate_on_submit():
        errors = [message for messages in form.errors.values() for message in messages]
        return jsonify(error=str(errors[0]) if errors else _("回答没有提交成功，请刷新页面后重试。")), 400
    given = review_daily.Answer(
        form.client_key.data, form.answer.data or "", form.duration_ms.data, form.answered_at_utc()
    )
    outcome = review_daily.answer(current_user, card, given, utcnow())
    if not outcome.accepted:
        return jsonify(refused=outcome.refused, error=_(REFUSALS[outcome.refused or "not_due"])), 422
    return jsonify(accepted=True, duplicate=outcome.duplicate, correct=outcome.correct)


@bp.route("/review/teams/<int:team_id>/for-shift", methods=["POST"])
@roles_required(Role.SUPERVISOR)
def for_shift(team_id: int):
    """A supervisor makes the daily review part of "ready for shift" for one of the teams they lead, or not."""
    team = next((t for t in scope.led_teams(current_user) if t.id == team_id), None) or abort(404)
    form = TeamReviewForm()
    if form.validate_on_submit():
        teams.set_review_for_shift(current_user, team, bool(form.required.data), request.remote_addr)
        flash(
            _("%(team)s：今天的班前五分钟已计入可上岗。", team=team.name)
            if team.review_for_shift
            else _("%(team)s：班前五分钟不再计入可上岗。", team=team.name),
            "success",
        )
    return redirect(url_for("supervisor.progress"))
