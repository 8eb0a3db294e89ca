"""The supervisor's pages: the team overview and the lists behind it, assigning learning and drills, progress, results."""

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from lms import downloads, timeutil
from lms.domain import item_stats, scoring, violations
from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.labels import STATUS_LABELS, status_labels
from lms.models import Exam, Module, Role, Series
from lms.pagination import paginate, paginate_list, paginate_rows
from lms.security import roles_required
from lms.services import (
    assignments,
    dashboard_lists,
    drill_lines,
    drill_progress,
    drill_reports,
    exam_reports,
    exams,
    export_tables,
    grading,
    readiness,
    reply_drills,
    review_daily,
    scope,
    sittings,
)
from lms.services import dashboard as team_dashboard
from lms.services import levels as level_service
from lms.supervisor.forms import AssignForm, DrillAssignForm, ListFilter, OverrideForm, SearchFilter, SittingForm

bp = Blueprint("supervisor", __name__)
supervisors = roles_required(Role.SUPERVISOR)
MATRIX_PAGE = 50
#: Drill batches shown on the drills page (the rest are on their own list).
DRILL_BATCHES = 5
#: Team members per page of the overview's drill trends.
TRENDS_PAGE = 20
#: The lists behind the overview's figures.
LISTS = ("not-ready", "overdue-assignments", "module", "level", "exam-ready", "expiring", "violations", "ratings")


def _filters(form_class: type[SearchFilter] = ListFilter) -> SearchFilter:
    """The list filters of this request, checked (a bad value is reported on the page and ignored)."""
    form = form_class(request.args)
    form.validate()
    return form


@bp.route("/")
@supervisors
def dashboard():
    """The team overview: readiness, overdue learning, results, levels, drills, certificates, violations, ratings."""
    form = _filters(SearchFilter)  # its only filter (the lists' others cost as much to build as a query)
    today = timeutil.today()
    q = "" if form.q.errors else (form.q.data or "").strip()
    overview = team_dashboard.overview(current_user, today)
    found = [person for person in overview.people if person.active and dashboard_lists.matches(person, q)]
    page = paginate_list(found, per_page=TRENDS_PAGE)
    return render_template(
        "supervisor/dashboard.html",
        overview=overview,
        page=page,
        trends=team_dashboard.trends(list(page.items)),
        form=form,
        month_start=team_dashboard.month_start(today),
        grading=grading.waiting(current_user),
    )


@bp.route("/overview/<kind>")
@supervisors
def overview_list(kind: str):
    """The list behind one figure of the team overview (people the supervisor may see, nobody else)."""
    if kind not in LISTS:
        abort(404)
    form, today = _filters(), timeutil.today()
    q = "" if form.q.errors else (form.q.data or "").strip()
    context: dict = {
        "kind": kind,
        "form": form,
        "month_start": team_dashboard.month_start(today),
        "module": None,
        "code": None,
        "catalogue": violations.CATALOGUE,
        "statuses": STATUS_LABELS,
    }
    if kind in ("module", "ratings"):
        context["module"] = dashboard_lists.active_module(form.module.data or "") or abort(404)
    if kind == "not-ready":
        context["page"] = paginate_list(dashboard_lists.not_ready(current_user, q))
    elif kind == "overdue-assignments":
        context["page"] = paginate(dashboard_lists.overdue(current_user, today, q))
    elif kind == "module":
        status = "all" if form.status.errors else form.status.data
        page = paginate(dashboard_lists.module_people(current_user, context["module"], status, today, q))
        context.update(page=page, status=status, states=dashboard_lists.statuses(list(page.items), today))
    elif kind == "level":
        code = form.level.data or None
        if code is not None and level_service.level_named(code) is None:
            abort(404)
        context.update(code=code, page=paginate_list(dashboard_lists.at_level(current_user, code, today, q)))
    elif kind == "exam-ready":
        context["page"] = paginate_list(dashboard_lists.exam_ready(current_user, today, q))
    elif kind == "expiring":
        context["page"] = paginate_list(dashboard_lists.expiring(current_user, q))
    elif kind == "violations":
        page = paginate(dashboard_lists.violations(current_user, today, q))
        context.update(page=page, people=dashboard_lists.people_by_id({v.user_id for v in page.items}))
    else:
        context["page"] = paginate(dashboard_lists.ratings(current_user, context["module"]))
    return render_template("supervisor/overview_list.html", **context)


@bp.route("/progress")
@supervisors
def progress():
    """Team members × assigned modules, 50 members a page, and new hires not yet ready."""
    page = paginate_rows(assignments.matrix_members(current_user), per_page=MATRIX_PAGE)
    members = list(page.items)
    grid = assignments.matrix(current_user, members, timeutil.today())
    reviews = review_daily.summaries([u.id for u in members], timeutil.utcnow())
    return render_template(
        "supervisor/progress.html",
        page=page,
        grid=grid,
        reviews=reviews,
        statuses=status_labels(),
        not_ready=readiness.not_ready(current_user, reviews=reviews),
        led=scope.led_team_rows(current_user),
    )


@bp.route("/progress/export.<fmt>")
@supervisors
def progress_export(fmt: str):
    """The whole progress matrix of the supervisor's teams as CSV or XLSX."""
    return downloads.send(export_tables.progress(current_user, timeutil.today()), fmt)


def _choices() -> list[SelectChoice]:
    """Series first (all their modules at once), then single modules."""
    series = db.session.scalars(sa.select(Series).order_by(Series.slug))
    modules = db.session.scalars(sa.select(Module).where(Module.active.is_(True)).order_by(Module.slug))
    return [
        SelectChoice(
            f"series:{s.slug}", _("系列：%(title)s（%(n)s 门）", title=s.title, n=len(s.modules)), optgroup=_("系列")
        )
        for s in series
    ] + [
        SelectChoice(f"module:{m.slug}", f"{m.title}（{m.total_minutes} 分钟）", optgroup=_("单门课程"))
        for m in modules
    ]


def _modules(choice: str) -> list[Module]:
    """The active modules a choice of the form stands for."""
    kind, _sep, slug = choice.partition(":")
    if kind == "series":
        series = db.session.scalar(sa.select(Series).where(Series.slug == slug))
        return [m for m in series.modules if m.active] if series else []
    module = db.session.scalar(sa.select(Module).where(Module.slug == slug, Module.active.is_(True)))
    return [module] if module else []


def _team_form(form_class, choices: list[SelectChoice]):
    """A form that assigns something to team members: (whether one leads a team, members, the filled form)."""
    members = db.session.scalars(scope.visible_users(current_user)).all()
    teams = {team.id: team.name for team in scope.led_teams(current_user)}
    form = form_class()
    form.what.choices = choices
    form.people.choices = [
        SelectChoice(
            u.id, f"{u.name}（{u.employee_no}）" + (f" · {teams.get(u.team_id, '')}" if len(teams) > 1 else "")
        )
        for u in members
    ]
    return bool(teams), members, form


def _recipients(form, members) -> list[int]:
    """The user ids a team form names: everyone, or the chosen people."""
    return [u.id for u in members] if form.whole_team.data else form.people.data


@bp.route("/assign", methods=["GET", "POST"])
@supervisors
def assign():
    """Assign a module or series to chosen team members or the whole team."""
    has_team, members, form = _team_form(AssignForm, _choices())
    if request.method == "GET" and request.args.get("what"):
        form.what.data = request.args["what"]
    if form.validate_on_submit():
        created, updated = assignments.assign(
            current_user, _modules(form.what.data), _recipients(form, members), form.due_date.data, request.remote_addr
        )
        flash(
            _("已布置：新增 %(created)s 项，更新截止日期 %(updated)s 项。", created=created, updated=updated), "success"
        )
        return redirect(url_for("supervisor.progress"))
    return render_template("supervisor/assign.html", form=form, has_team=has_team)


@bp.route("/sittings", methods=["GET", "POST"])
@supervisors
def sittings_page():
    """Open a timed exam now for chosen team members or the whole team; the sittings opened lately."""
    active = db.session.scalars(sa.select(Exam).where(Exam.active.is_(True)).order_by(Exam.kind.desc(), Exam.slug))
    choices = [
        SelectChoice(e.slug, _("%(title)s（%(m)s 分钟）", title=e.title, m=e.settings["time_limit_minutes"]))
        for e in active
    ]
    has_team, members, form = _team_form(SittingForm, choices)
    if form.validate_on_submit():
        exam = exams.active_exam(form.what.data) or abort(404)
        people = _recipients(form, members)
        sittings.open_sitting(current_user, exam, people, form.minutes.data, request.remote_addr)
        flash(_("已为 %(n)s 人开放考试“%(exam)s”。", n=len(people), exam=exam.title), "success")
        return redirect(url_for("supervisor.sittings_page"))
    return render_template(
        "supervisor/sittings.html", form=form, has_team=has_team, opened=sittings.opened_by(current_user)
    )


@bp.route("/ratings")
@supervisors
def ratings():
    """Per module: how many rated it, the mean per question, and the satisfaction rate."""
    return render_template("supervisor/ratings.html", summaries=assignments.rating_summaries())


@bp.route("/exams")
@supervisors
def exam_results():
    """Each exam's attempts, passes and mean score in the supervisor's teams."""
    return render_template("supervisor/exams.html", summaries=exam_reports.summaries(current_user))


@bp.route("/exams/<slug>")
@supervisors
def exam_detail(slug: str):
    """The team's attempts at one exam, and the statistics of its questions."""
    exam = exams.active_exam(slug) or abort(404)
    form = _filters()
    result = "" if form.result.errors else form.result.data
    page = paginate(exam_reports.team_attempts(current_user, exam, result), per_page=25)
    return render_template(
        "supervisor/exam_detail.html",
        exam=exam,
        page=page,
        form=form,
        result=result,
        stats=exam_reports.question_statistics(current_user, exam),
        minimum=item_stats.MIN_ATTEMPTS,
    )


@bp.route("/exams/<slug>/export.<fmt>")
@supervisors
def exam_export(slug: str, fmt: str):
    """The team's attempts at one exam, as filtered, as CSV or XLSX."""
    exam = exams.active_exam(slug) or abort(404)
    form = _filters()
    return downloads.send(
        export_tables.exam_results(current_user, exam, "" if form.result.errors else form.result.data), fmt
    )


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
@supervisors
def attempt_detail(attempt_id: int):
    """One team member's attempt in full; scenario answers can be scored by hand."""
    attempt = scope.visible_attempt(current_user, attempt_id) or abort(404)
    form = OverrideForm()
    if form.is_submitted():
        item = next((i for i in attempt.items if i.position == form.position.data), None)
        if attempt.status == AttemptStatus.AWAITING_GRADING:
            flash(_("这份答卷正在等待评分，请在评分页面一次评完全部情景题。"), "danger")
        elif attempt.status != AttemptStatus.FINISHED:
            flash(_("答卷还没有交卷，不能改分。"), "danger")
        elif not form.validate() or item is None or item.version.type != "scenario":
            flash(_("请输入 0 到 100 之间的分数（百分比）。"), "danger")
        else:
            exams.override(current_user, item, form.percent.data / 100, request.remote_addr)
            flash(_("已修改第 %(n)s 题的得分，总分已重新计算。", n=item.position), "success")
        return redirect(url_for("supervisor.attempt_detail", attempt_id=attempt.id))
    return render_template(
        "supervisor/attempt.html",
        attempt=attempt,
        rights=scoring.matching_rights,
        hits=scoring.rubric_hits,
        shares=scoring.rubric_shares,
    )


def _drill_choices() -> list[SelectChoice]:
    """Typing text sets (language, optionally level) and reply categories."""
    levels = {"easy": _("容易"), "medium": _("中等"), "hard": _("较难")}
    choices = []
    for lang, name in (("zh", _("中文")), ("en", _("英文"))):
        choices.append(
            SelectChoice(f"typing:{lang}:", _("打字：%(lang)s（任意难度）", lang=name), optgroup=_("打字速度"))
        )
        choices += [
            SelectChoice(
                f"typing:{lang}:{level}",
                _("打字：%(lang)s · %(level)s", lang=name, level=label),
                optgroup=_("打字速度"),
            )
            for level, label in levels.items()
        ]
    choices.append(SelectChoice("replies:", _("快捷话术：全部类别"), optgroup=_("快捷话术")))
    choices += [
        SelectChoice(f"replies:{c}", _("快捷话术：%(c)s", c=c), optgroup=_("快捷话术"))
        for c in reply_drills.categories(drill_lines.led(current_user))
    ]
    return choices


def _target(form: DrillAssignForm) -> drill_reports.DrillTarget:
    """The drill and target the form describes."""
    kind, _sep, rest = form.what.data.partition(":")
    if kind == "typing":
        lang, _sep, level = rest.partition(":")
        return drill_reports.DrillTarget(
            "typing",
            lang=lang,
            level=level or None,
            net=form.net.data or 60,
            accuracy=(form.accuracy.data or 95) / 100,
            minutes=int(form.minutes.data) if form.minutes.data else None,
        )
    return drill_reports.DrillTarget(
        "quick_reply", category=rest or None, share=(form.share.data or 90) / 100, threshold=float(form.threshold.data)
    )


@bp.route("/drills", methods=["GET", "POST"])
@supervisors
def drills():
    """The team's drill figures, and assigning a drill with a target."""
    has_team, members, form = _team_form(DrillAssignForm, _drill_choices())
    if form.validate_on_submit():
        count = drill_reports.assign(
            current_user, _recipients(form, members), _target(form), form.due_date.data, request.remote_addr
        )
        flash(_("已给 %(n)s 人布置练习。", n=count), "success")
        return redirect(url_for("supervisor.drills"))
    page = paginate(scope.visible_users(current_user), per_page=50)
    return render_template(
        "supervisor/drills.html",
        form=form,
        page=page,
        has_team=has_team,
        overview=drill_reports.team_overview(list(page.items)),
        batches=drill_progress.latest_batches(current_user, DRILL_BATCHES),
    )


@bp.route("/drills/assignments")
@supervisors
def drill_batches():
    """Every drill assigned to the team, newest first, with how many met it, fell short or did not practise."""
    page = paginate(drill_progress.batches_query(current_user), per_page=25)
    return render_template(
        "supervisor/drill_batches.html", page=page, batches=drill_progress.batches(current_user, list(page.items))
    )


@bp.route("/drills/assignments/<int:assignment_id>")
@supervisors
def drill_batch(assignment_id: int):
    """One drill assigned at once: each person's best result against the target, short of it first."""
    found = drill_progress.batch_detail(current_user, assignment_id) or abort(404)
    batch, people = found
    form = _filters()
    state = "" if form.state.errors else form.state.data
    shown = [pair for pair in people if not state or pair[1].state == state]
    return render_template(
        "supervisor/drill_batch.html", batch=batch, page=paginate_list(shown, 50), state=state, form=form
    )
