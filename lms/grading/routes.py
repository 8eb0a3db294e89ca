"""The graders' pages: the queue of promotion attempts awaiting grading, and grading one attempt."""

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.domain import scoring
from lms.domain.states import AttemptStatus
from lms.grading.forms import GradeForm
from lms.labels import level_name
from lms.pagination import paginate
from lms.security import signed_in
from lms.services import awards, exams, grading, scope


def graders(view):
    """Supervisors and designated graders (``scope.grades``); anyone else is refused with a 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not scope.grades(current_user):
            abort(403)
        return view(*args, **kwargs)

    return signed_in(wrapped)


bp = Blueprint("grading", __name__)


@bp.route("/grading/")
@graders
def queue():
    """The attempts awaiting this grader, oldest first."""
    return render_template("grading/queue.html", page=paginate(grading.queue(current_user)))


def _already_graded(attempt):
    """Back to the queue, saying who graded the attempt first."""
    name = attempt.graded_by.name if attempt.graded_by else _("另一位评分人")
    flash(
        _("%(learner)s 的这份答卷已由 %(grader)s 完成评分，不能再改。", learner=attempt.user.name, grader=name), "info"
    )
    return redirect(url_for("grading.queue"))


@bp.route("/grading/<int:attempt_id>", methods=["GET", "POST"])
@graders
def grade(attempt_id: int):
    """One attempt's scenario answers beside their rubric; "完成评分" decides the attempt and its level."""
    attempt = scope.grading_attempt(current_user, attempt_id)
    if attempt is None or (attempt.status != AttemptStatus.AWAITING_GRADING and attempt.graded_at is None):
        abort(404)  # not theirs to grade (their own included), or never to be graded by a person
    if attempt.status != AttemptStatus.AWAITING_GRADING:
        return _already_graded(attempt)
    review = grading.review(attempt)
    form = GradeForm() if request.method == "POST" else GradeForm.suggesting(review)
    if form.validate_on_submit():
        marks = [
            exams.Mark(entry.position.data, entry.percent.data / 100, entry.comment.data or "") for entry in form.marks
        ]
        try:
            graded = exams.grade(current_user, attempt, marks, request.remote_addr)
        except exams.AlreadyGraded as refusal:
            return _already_graded(refusal.attempt)
        except ValueError:  # the posted marks do not match the paper's scenario answers: start again from it
            flash(_("评分没有保存：每道情景题都要打分，且只能打一次。请重新评分。"), "danger")
            form = GradeForm.suggesting(review)
        else:
            _graded_message(graded)
            return redirect(url_for("grading.queue"))
    elif form.is_submitted():
        flash(_("评分没有保存，请按提示改正后再提交。"), "danger")
    status = 400 if form.is_submitted() else 200
    return render_template(
        "grading/grade.html", review=review, form=form, labels=scoring.FLAG_LABELS, short=scoring.SHORT_CHARS
    ), status


def _graded_message(attempt) -> None:
    """Tell the grader the result, and the level it brought."""
    result, percent = (_("通过") if attempt.passed else _("未通过")), f"{attempt.percent:.1f}"
    flash(
        _(
            "已完成 %(name)s 的评分：总分 %(percent)s%%，%(result)s。",
            name=attempt.user.name,
            percent=percent,
            result=result,
        ),
        "success",
    )
    outcome, name, level = awards.outcome(attempt), attempt.user.name, level_name(attempt.exam.level)
    if outcome is None or not attempt.passed:
        return
    if outcome.certificate is not None:
        number = outcome.certificate.number
        flash(_("%(name)s 已取得%(level)s，证书编号 %(number)s。", name=name, level=level, number=number), "success")
    elif outcome.error:
        flash(_("%(level)s的颁发暂时没有完成，系统会自动重试，人事也能看到这条记录。", level=level), "info")
    else:
        flash(_("考试已通过，但 %(name)s 还不满足%(level)s的其他条件，暂不颁发。", name=name, level=level), "info")
