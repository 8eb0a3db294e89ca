"""The learner's pages: catalogue, module overview, one section at a time, rating, my assignments."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import timefmt, timeutil
from lms.courses.forms import RatingForm
from lms.domain import course_time
from lms.labels import STATUS_LABELS
from lms.models import Role
from lms.pagination import paginate_rows
from lms.security import roles_required
from lms.services import assignments, learning, quizzes

bp = Blueprint("courses", __name__)
learners = roles_required(Role.NEW_HIRE, Role.AGENT, Role.SUPERVISOR)


def _module_or_404(slug: str):
    """The active module ``slug``, or 404."""
    return learning.active_module(slug) or abort(404)


@bp.route("/courses")
@learners
def catalogue():
    """Every module, searchable and filtered by series, level and the learner's status."""
    args = {key: request.args.get(key, "").strip()[:64] for key in ("q", "series", "level", "status")}
    query, params = learning.catalogue_query(current_user, args["q"], args["series"], args["level"], args["status"])
    return render_template(
        "courses/catalogue.html",
        page=paginate_rows(query, params=params),
        args=args,
        series=learning.series_choices(),
        statuses={k: STATUS_LABELS[k] for k in learning.STATUSES},
    )


@bp.route("/courses/<slug>")
@learners
def overview(slug: str):
    """A module's objectives and sections, with what the learner has read."""
    module = _module_or_404(slug)
    row = learning.progress_of(current_user, module)
    quiz = quizzes.shown_quiz(current_user, module)
    return render_template(
        "courses/overview.html",
        module=module,
        progress=row,
        read=learning.read_titles(current_user, module),
        rating=learning.rating_of(current_user, module),
        quiz=quiz,
        quiz_passed=quiz is not None and quiz.passed,
    )


@bp.route("/courses/<slug>/<int:position>")
@learners
def section(slug: str, position: int):
    """One section; opening it makes it the place "continue" returns to."""
    module = _module_or_404(slug)
    if not 1 <= position <= len(module.sections):
        abort(404)
    refresher = learning.open_section(current_user, module, position)
    section = module.sections[position - 1]
    return render_template(
        "courses/section.html",
        module=module,
        section=section,
        read=learning.read_titles(current_user, module),
        minimum=course_time.minimum_seconds(section.reading_seconds),
        refresher=refresher,
    )


@bp.route("/courses/<slug>/<int:position>/read", methods=["POST"])
@learners
def mark_read(slug: str, position: int):
    """The learner reached the end of a section: record it and go on."""
    module = _module_or_404(slug)
    if not 1 <= position <= len(module.sections):
        abort(404)
    refresher = learning.pending_refresher(current_user, module.sections[position - 1])
    try:
        completed = learning.mark_read(current_user, module, module.sections[position - 1])
    except learning.TooSoon as refusal:
        flash(
            _(
                "还不能标记已读：本节至少要阅读%(need)s，还差%(left)s。请读完本节再继续。",
                need=timefmt.duration(refusal.minimum_seconds),
                left=timefmt.duration(refusal.seconds_left),
            ),
            "danger",
        )
        return redirect(url_for("courses.section", slug=slug, position=position))
    if refresher is not None:
        flash(_("复习任务已完成：“%(section)s”。", section=module.sections[position - 1].title), "success")
    if completed:
        flash(_("恭喜，您已完成《%(title)s》！请花半分钟评价这门课。", title=module.title), "success")
        return redirect(url_for("courses.rate", slug=slug))
    read = learning.read_titles(current_user, module)
    unread = [s.position for s in module.sections if s.title not in read]
    following = [p for p in unread if p > position] or unread
    if following:
        return redirect(url_for("courses.section", slug=slug, position=following[0]))
    quiz = quizzes.quiz_of(module)
    if quiz is not None and not quizzes.has_passed(current_user, quiz):
        flash(_("您已读完全部小节。通过课后测验后，本课程即完成。"), "info")
        return redirect(url_for("exams.overview", slug=quiz.slug))
    return redirect(url_for("courses.overview", slug=slug))


@bp.route("/courses/<slug>/job-aid")
@learners
def job_aid(slug: str):
    """The module's job aid (岗位速查卡) alone, to print on one A4 page."""
    module = _module_or_404(slug)
    if module.job_aid_title is None:
        abort(404)
    return render_template("courses/job_aid.html", module=module)


@bp.route("/courses/<slug>/rate", methods=["GET", "POST"])
@learners
def rate(slug: str):
    """Rate a completed module (again, to change the rating)."""
    module = _module_or_404(slug)
    row = learning.progress_of(current_user, module)
    if row is None or row.completed_at is None:
        flash(_("读完全部小节、完成课程后才能评价。"), "info")
        return redirect(url_for("courses.overview", slug=slug))
    existing = learning.rating_of(current_user, module)
    form = RatingForm(obj=existing)
    if form.validate_on_submit():
        learning.rate(
            current_user, module, form.content.data, form.usefulness.data, form.clarity.data, form.comment.data or ""
        )
        flash(_("感谢您的评价！"), "success")
        return redirect(url_for("courses.overview", slug=slug))
    return render_template("courses/rate.html", module=module, form=form)


@bp.route("/my/assignments")
@roles_required(Role.NEW_HIRE, Role.AGENT)
def my_assignments():
    """What supervisors asked me to learn: overdue first, then by due date."""
    return render_template(
        "courses/my_assignments.html",
        items=assignments.items_for(current_user, timeutil.today()),
        statuses=STATUS_LABELS,
    )
