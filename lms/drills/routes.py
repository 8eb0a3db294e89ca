"""The learner's drills: typing speed and quick replies, every figure computed by the server."""

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from lms.domain import N_, quick_replies, typing
from lms.drills.forms import ReplyAnswerForm, ReplyStartForm, TypingSubmitForm
from lms.extensions import db
from lms.models import Role
from lms.params import DB_INT_MAX, int_arg
from lms.security import roles_required
from lms.services import drill_lines, drill_progress, reply_drills, typing_drills

bp = Blueprint("drills", __name__)
learners = roles_required(Role.NEW_HIRE, Role.AGENT)
REFUSALS = {
    typing_drills.TOO_FAST: N_(
        "速度超过了人能达到的上限（中文 300 字/分钟，英文 200 WPM），成绩不予记录。请勿粘贴或使用输入工具。"
    ),
    typing_drills.CLOCK_GAP: N_("浏览器与服务器记录的用时相差过大，成绩不予记录。请重新练习一次。"),
    typing_drills.TOO_LONG: N_("输入的内容远长于原文，成绩不予记录。"),
    typing_drills.NOTHING: N_("没有输入任何内容。"),
    typing_drills.LATE: N_("计时结束后才提交，成绩不予记录。请重新测试一次。"),
}


@bp.route("/drills")
@learners
def index():
    """The drills on offer, with the learner's recent figures."""
    recent = typing_drills.recent(current_user)
    return render_template(
        "drills/index.html",
        texts=typing_drills.texts(drill_lines.of(current_user)),
        assigned=drill_progress.assignments_of(current_user),
        trend_zh=recent.trend["zh"],
        trend_en=recent.trend["en"],
        timed=typing.TIMED_MINUTES,
        misses=recent.misses,
        misses_over=typing_drills.MISSES_OVER,
        complete=typing.COMPLETE,
    )


@bp.route("/drills/typing/<slug>")
@learners
def typing_page(slug: str):
    """The text to type and the box to type it in (a text of another business line is not found)."""
    text = typing_drills.active_text(slug, drill_lines.of(current_user)) or abort(404)
    return render_template(
        "drills/typing.html",
        text=text,
        target=text.text,
        minutes=None,
        unit=typing.UNITS[text.lang],
        complete=typing.COMPLETE,
        start_url=url_for("drills.typing_start", slug=text.slug),
    )


def _timed_minutes(lang: str, minutes: int) -> None:
    """A timed test exists in Chinese and English, of 1, 3 or 5 minutes; anything else is not found."""
    if lang not in typing.UNITS or minutes not in typing.TIMED_MINUTES:
        abort(404)


@bp.route("/drills/typing/timed/<lang>/<int:minutes>")
@learners
def timed_page(lang: str, minutes: int):
    """A timed test: a run-on text of the learner's business lines, typed for a fixed time."""
    _timed_minutes(lang, minutes)
    drawn = drill_lines.of(current_user)
    first = typing_drills.random_first(drawn, lang) or abort(404)
    found = typing_drills.timed_text(drawn, lang, first.slug)
    assert found is not None  # ``first`` is one of these texts
    return render_template(
        "drills/typing.html",
        text=first,
        target=found[1],
        minutes=minutes,
        unit=typing.UNITS[lang],
        complete=typing.COMPLETE,
        start_url=url_for("drills.timed_start", lang=lang, minutes=minutes, first=first.slug),
    )


@bp.route("/drills/typing/timed/<lang>/<int:minutes>/<first>/start", methods=["POST"])
@learners
def timed_start(lang: str, minutes: int, first: str):
    """Start the server's clock for a timed test beginning with the text ``first``; JSON in reply."""
    _timed_minutes(lang, minutes)
    found = typing_drills.timed_text(drill_lines.of(current_user), lang, first) or abort(404)
    result = typing_drills.start_timed(current_user, found[0], found[1], minutes)
    return jsonify(result=result.id, submit=url_for("drills.typing_submit", result_id=result.id))


@bp.route("/drills/typing/<slug>/start", methods=["POST"])
@learners
def typing_start(slug: str):
    """Start the server's clock (called by the page at the first keystroke); JSON in reply."""
    text = typing_drills.active_text(slug, drill_lines.of(current_user)) or abort(404)
    result = typing_drills.start(current_user, text)
    return jsonify(result=result.id, submit=url_for("drills.typing_submit", result_id=result.id))


@bp.route("/drills/typing/results/<int:result_id>", methods=["POST"])
@learners
def typing_submit(result_id: int):
    """Stop the clock, compute the figures from the text and the server's times, and show them."""
    result = typing_drills.owned(current_user, result_id) or abort(404)
    form = TypingSubmitForm()
    if not form.validate_on_submit():  # only a tampered or broken page sends a time that is not a number
        flash(_("浏览器记录的用时无效，请重新练习一次。"), "danger")
        return redirect(_again(result))
    try:
        typing_drills.submit(result, form.typed.data, form.client_seconds.data)
    except typing_drills.AlreadySubmitted:
        flash(_("这次练习已经提交过了。"), "info")
    return redirect(url_for("drills.typing_result", result_id=result.id))


@bp.route("/drills/typing/results/<int:result_id>")
@learners
def typing_result(result_id: int):
    """The figures, the errors highlighted, the definitions, and the trend."""
    result = typing_drills.owned(current_user, result_id) or abort(404)
    if result.finished_at is None:
        return redirect(_again(result))
    return render_template(
        "drills/typing_result.html",
        result=result,
        unit=typing.UNITS[result.lang],
        runs=_runs(result),
        refusal=_(REFUSALS[result.refused]) if result.refused else None,
        complete=typing.COMPLETE,
        counted=typing.complete(result.reached),
        misses=typing.worst([result.misses]),
        trend=typing_drills.trend(current_user, result.lang),
        again=_again(result),
    )


def _runs(result) -> list[tuple[str, str]]:
    """The typed text against the target; a timed test's run-on text is shown only as far as was typed."""
    runs = typing.alignment(result.target, result.typed or "")
    return runs[:-1] if result.minutes and runs and runs[-1][0] == "missing" else runs


def _again(result) -> str:
    """Where to practise the same drill again: the text, or a new timed test of the same length."""
    if result.minutes:
        return url_for("drills.timed_page", lang=result.lang, minutes=result.minutes)
    return url_for("drills.typing_page", slug=result.text.slug)


@bp.route("/drills/replies", methods=["GET", "POST"])
@learners
def replies_start():
    """Choose a mode and category (of the learner's business lines), then start a session.

    From an assignment (``?assignment=``), its category and recall threshold apply.
    """
    drawn = drill_lines.of(current_user)
    categories = reply_drills.categories(drawn)
    form = ReplyStartForm(categories=categories)
    assignment_id = form.assignment.data if form.is_submitted() else int_arg("assignment")
    assignment = None
    if assignment_id is not None:  # a tampered id (out of range, another's, not quick replies) names nothing
        in_range = 0 < assignment_id <= DB_INT_MAX
        assignment = drill_progress.own_reply_assignment(current_user, assignment_id) if in_range else None
        if assignment is None:
            abort(404)
    if form.validate_on_submit():
        category = assignment.category if assignment else form.category.data or None
        threshold = (assignment.threshold if assignment else None) or quick_replies.EXACT
        try:
            session = reply_drills.start(current_user, form.mode.data, category, threshold=threshold)
        except LookupError:
            flash(_("这个类别还没有客户消息，请换一个类别。"), "danger")
        else:
            return redirect(url_for("drills.replies_session", session_id=session.id))
    elif form.is_submitted():
        flash(_("请选择练习方式和话术类别。"), "danger")
    recent = db.session.scalars(reply_drills.finished_sessions([current_user.id]).limit(10)).all()
    return render_template(
        "drills/replies_start.html",
        categories=categories,
        recent=recent,
        library=reply_drills.library(drawn),
        assignment=assignment,
        thresholds=quick_replies.THRESHOLDS,
        ceiling=typing.CEILINGS[quick_replies.LANG],
    )


@bp.route("/drills/replies/<int:session_id>", methods=["GET", "POST"])
@learners
def replies_session(session_id: int):
    """The chat: the waiting customer message, and the learner's answer (shortcut or the reply typed out)."""
    session = reply_drills.owned(current_user, session_id) or abort(404)
    form = ReplyAnswerForm()
    if form.validate_on_submit():
        try:
            reply_drills.answer(session, form.position.data, form.answer.data or "")
        except reply_drills.NotYourTurn:
            flash(_("这条消息已经回复过了，请回复下面正在等待的消息。"), "info")
        return redirect(url_for("drills.replies_session", session_id=session.id))
    if form.is_submitted():
        flash(form.answer.errors[0] if form.answer.errors else _("回复没有发送成功，请重新发送。"), "danger")
    turn = reply_drills.current_turn(session)
    replies = {reply.slug: reply for reply in reply_drills.library()}
    return render_template(
        "drills/replies_session.html",
        session=session,
        turn=turn,
        replies=replies,
        difference=quick_replies.difference,
        thresholds=quick_replies.THRESHOLDS,
        ceiling=typing.CEILINGS[quick_replies.LANG],
    )
