"""The learner's exam pages: list, start, the paper (answers saved as given), hand-in and result."""

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from lms.domain import scoring
from lms.domain.states import AttemptStatus
from lms.exams.forms import PaperForm
from lms.extensions import csrf, limiter
from lms.security import roles_required, roles_required_with
from lms.services import answer_saves, attempt_clock, awards, exam_reports, exams, learning, sittings
from lms.session_user import SessionUser
from lms.timeutil import utcnow

bp = Blueprint("exams", __name__)
learners = roles_required(*answer_saves.LEARNERS)


def _attempt_or_404(attempt_id: int):
    """The current user's attempt, or 404 (another's attempt is not shown to exist)."""
    return exams.owned_attempt(current_user, attempt_id) or abort(404)


@bp.route("/exams")
@learners
def catalogue():
    """Promotion exams and module quizzes with the learner's best result."""
    rows = exams.catalogue()
    counted, awaiting = exams.results(current_user, rows)
    return render_template("exams/catalogue.html", exams=rows, counted=counted, awaiting=awaiting)


@bp.route("/exams/<slug>")
@learners
def overview(slug: str):
    """An exam's rules, the learner's attempts, and whether they may start."""
    exam = exams.active_exam(slug) or abort(404)
    now = utcnow()
    current = exams.open_attempt(current_user, exam, now)
    return render_template(
        "exams/overview.html",
        exam=exam,
        attempts=exams.attempts_of(current_user, exam),
        current=current,
        eligibility=exams.eligibility(current_user, exam, now),
        counted=exams.counted_results(current_user, [exam])[exam.id],
    )


@bp.route("/exams/<slug>/start", methods=["POST"])
@learners
def start(slug: str):
    """Start (or resume) an attempt."""
    exam = exams.active_exam(slug) or abort(404)
    try:
        attempt = exams.start(current_user, exam)
    except exams.NotAllowed:
        flash(_("现在不能开始新的考试，请查看下方说明。"), "danger")
        return redirect(url_for("exams.overview", slug=slug))
    return redirect(url_for("exams.paper", attempt_id=attempt.id))


@bp.route("/sittings/<int:sitting_id>/start", methods=["POST"])
@learners
def start_sitting(sitting_id: int):
    """Start (or resume) the paper of a sitting a supervisor opened for the learner."""
    sitting = sittings.of_learner(current_user, sitting_id) or abort(404)
    try:
        attempt = sittings.start(current_user, sitting)
    except sittings.SittingClosed:
        flash(_("这场考试现在不能开考：开考时间已过，请联系您的主管。"), "danger")
        return redirect(url_for("main.home"))
    except exams.NotAllowed:
        flash(_("现在不能开始新的考试，请查看下方说明。"), "danger")
        return redirect(url_for("exams.overview", slug=sitting.exam.slug))
    return redirect(url_for("exams.paper", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>")
@learners
def paper(attempt_id: int):
    """The paper with the answers saved so far; a finished attempt goes to its result. Its first showing starts the
    clock."""
    attempt = _attempt_or_404(attempt_id)
    now = utcnow()
    attempt_clock.first_shown(attempt, now)
    if exams.close_if_overdue(attempt, now):
        return redirect(url_for("exams.result", attempt_id=attempt.id))
    remaining = max(0, int((attempt.deadline - now).total_seconds()))
    page = render_template("exams/paper.html", attempt=attempt, remaining=remaining, rights=scoring.matching_rights)
    # Never kept by the browser: Back after hand-in asks again and gets the result.
    return page, {"Cache-Control": "no-store"}


@limiter.request_filter
def _save_has_no_limit() -> bool:
    """The save has no rate limit of its own. Said to the limiter this way, it stops before looking up the route's
    limits (``limiter.exempt`` is read only after that lookup): a tenth of a save's CPU."""
    return request.endpoint == "exams.save"


def _carried(position: int | None) -> list[int]:
    """The places of the questions a save answers: the one in its address, or every one whose item the post names
    (a page sends all the answers it kept while the server was busy or the network down in one post)."""
    return [position] if position is not None else PaperForm.positions()


def _save_at_once(signed_in: SessionUser, attempt_id: int, position: int | None = None):
    """The usual save, one statement per answer, or None when it stored nothing and the full path must find out why."""
    positions, issued = _carried(position), PaperForm.token_issued()
    if not positions or issued is None:
        return None
    answers = []
    for at in positions:
        ref = PaperForm.item_named(at)
        question = answer_saves.question(ref.version_id) if ref is not None else None
        if ref is None or question is None:
            return None
        answers.append(answer_saves.Given(at, ref, PaperForm.answer_to(question, at)))
    if not answer_saves.save_at_once(signed_in, attempt_id, answers, issued):
        return None
    return jsonify(saved=True, positions=positions)


def _items_carried(signed_in: SessionUser, attempt_id: int, position: int | None = None):
    return answer_saves.paper_items(signed_in, attempt_id, _carried(position))


@bp.route("/attempts/<int:attempt_id>/answers", methods=["POST"])
@bp.route("/attempts/<int:attempt_id>/answers/<int:position>", methods=["POST"])
@csrf.exempt  # PaperForm checks the token itself, for the attempt's time (the site-wide check allows one hour)
@roles_required_with(_items_carried, *answer_saves.LEARNERS, first=_save_at_once)
def save(holder: answer_saves.Holder, attempt_id: int, position: int | None = None):
    """Save answers as they are given: one question's (sent on every change), or several a page kept; all or none.
    JSON in reply. The usual save is stored by ``_save_at_once``; this full path answers the rest (refusals, an
    overdue attempt, an old page)."""
    positions = _carried(position)
    if not positions or any(at not in holder.items for at in positions):
        abort(404)
    items = [holder.items[at] for at in positions]
    form = PaperForm.for_attempt(items[0])
    if not form.validate_on_submit():
        # retry=False: sending the same request again cannot succeed, so the page stops and says so
        return jsonify(error=_("答案没有保存：页面已过期，请刷新页面后再作答。"), retry=False), 400
    try:
        answer_saves.save([(item, form.answer_to(item.question, item.position)) for item in items])
    except exams.AttemptClosed:
        return jsonify(
            error=_("本次考试已经交卷或时间已到，答案不能再修改。"),
            result=url_for("exams.result", attempt_id=attempt_id),
        ), 409
    return jsonify(saved=True, positions=positions)


@bp.route("/attempts/<int:attempt_id>/finish", methods=["POST"])
@csrf.exempt  # as for save: PaperForm checks the token for the attempt's time
@learners
def finish(attempt_id: int):
    """Hand in: save what the form carries (if still in time), then grade once."""
    attempt = _attempt_or_404(attempt_id)
    form = PaperForm.for_attempt(attempt)
    if not form.validate_on_submit():  # its one field is the token: answered as the site answers any bad token
        raise CSRFError(form.error)
    if attempt.status == AttemptStatus.IN_PROGRESS:
        carried = [(item, form.answer_to(item.version.content, item.position)) for item in attempt.items]
        try:
            answer_saves.save(
                [
                    (answer_saves.PaperItem.of(item), answer)
                    for item, answer in carried
                    if answer not in (None, item.answer)
                ]
            )
        except exams.AttemptClosed:
            flash(_("时间已到，已按到时为止保存的答案评分。"), "info")
        exams.finish(attempt.id)
    else:
        flash(_("这份试卷已经交过了，以下是评分结果。"), "info")
    return redirect(url_for("exams.result", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>/result")
@learners
def result(attempt_id: int):
    """Score, pass or fail, by category, and the review the blueprint allows."""
    attempt = _attempt_or_404(attempt_id)
    if not exams.close_if_overdue(attempt, utcnow()):
        return redirect(url_for("exams.paper", attempt_id=attempt.id))
    module = attempt.exam.module
    return render_template(
        "exams/result.html",
        attempt=attempt,
        module_state=learning.module_state(current_user, module) if module is not None else None,
        promotion=awards.outcome(attempt),
        categories=exam_reports.by_category(attempt),
        titles=exam_reports.category_titles(),
        review=attempt.settings["review"],
        rights=scoring.matching_rights,
    )
