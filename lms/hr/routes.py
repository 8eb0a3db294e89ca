"""HR's pages: a person's transcript (page and PDF), the level distribution, and the training report."""

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from lms import downloads, timeutil
from lms.domain import charts
from lms.domain.training import week_start
from lms.hr.forms import TeamForm
from lms.labels import level_name
from lms.levels import group_lead
from lms.models import Role
from lms.pagination import paginate, paginate_list, paginate_rows
from lms.security import roles_required
from lms.services import export_tables, group_leads, level_report, scope, training_report, transcripts

bp = Blueprint("hr", __name__)
hr_only = roles_required(Role.HR)


def _colours(codes: tuple[str, ...]) -> list[str]:
    """One colour per level, lowest first, then grey for "no level yet"."""
    return [charts.PALETTE[index % (len(charts.PALETTE) - 1)] for index in range(len(codes))] + [charts.NONE_COLOUR]


@bp.route("/people/<int:user_id>", methods=["GET", "POST"])
@hr_only
def transcript(user_id: int):
    """Everything on record for one person, with a PDF to print or file, and the form for who leads a group."""
    person = scope.visible_person(current_user, user_id, with_team=True) or abort(404)
    lead_form, clear_form = group_lead.forms(person)
    if group_lead.handled(person, lead_form, clear_form):
        return redirect(url_for("hr.transcript", user_id=person.id))
    record = transcripts.of(person, timeutil.today())
    group_lead.show(lead_form, record.lead)
    return render_template(
        "hr/transcript.html",
        lead_form=lead_form if group_leads.may_set_visible(current_user, person) else None,
        clear_form=clear_form,
        **transcripts.page_data(record),
    )


@bp.route("/people/<int:user_id>/transcript.<fmt>")
@hr_only
def transcript_export(user_id: int, fmt: str):
    """The transcript's levels, courses and exams as CSV or XLSX."""
    person = scope.visible_person(current_user, user_id) or abort(404)
    return downloads.send(export_tables.transcript(transcripts.of(person, timeutil.today())), fmt)


@bp.route("/people/<int:user_id>/transcript.pdf")
@hr_only
def transcript_pdf(user_id: int):
    """The transcript as an A4 PDF, rendered now (it is never stored)."""
    person = scope.visible_person(current_user, user_id) or abort(404)
    pdf = transcripts.render_pdf(transcripts.of(person, timeutil.today()))
    name = f"transcript-{person.employee_no}.pdf"
    return Response(pdf, mimetype="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'})


@bp.route("/levels")
@hr_only
def levels():
    """How many active learners hold each level: overall, per team (paged), and month by month."""
    teams = level_report.teams()
    form = TeamForm(formdata=request.args)
    form.team.choices = [SelectChoice("", _("全部团队"))] + [SelectChoice(team.id, team.name) for team in teams]
    valid = form.validate()
    report = level_report.report(current_user)
    page = paginate_list(teams)
    trend = level_report.trend(current_user, timeutil.today(), form.team.data if valid else None)
    months = [m.strftime("%Y-%m") for m in trend.months]
    names = [level_name(code) for code in report.codes]
    none_label = _("未定级")
    overall = report.overall.counts
    per_level = [(name, [0] * i + [overall[i + 1]]) for i, name in enumerate(names)]
    return render_template(
        "hr/levels.html",
        form=form,
        report=report,
        page=page,
        names=names,
        colours=_colours(report.codes),
        overall_chart=charts.bars(per_level + [(none_label, [0] * len(names) + [overall[0]])]),
        team_chart=charts.bars(
            [(team.name, [*report.of(team.id).counts[1:], report.of(team.id).counts[0]]) for team in page.items],
            percent=True,
        ),
        trend=trend,
        trend_chart=charts.lines(months, list(zip(names, trend.series))),
        trend_rows=list(zip(months, *trend.series, strict=True))[::-1],  # the monthly table, the latest first
        trend_team=next((team for team in teams if valid and team.id == form.team.data), None),
        unassigned=report.of(None).total,
    ), 200 if valid else 400


@bp.route("/training")
@hr_only
def training():
    """Per module: completion, quiz pass rate, attempts and satisfaction (as supervisors report them)."""
    page = paginate_rows(training_report.MODULES)
    summaries, overall = training_report.satisfaction_by_module()
    return render_template(
        "hr/training.html",
        page=page,
        figures=training_report.module_figures(current_user, [module.id for module in page.items]),
        summaries=summaries,
        overall=overall,
    )


@bp.route("/training/export.<fmt>")
@hr_only
def training_export(fmt: str):
    """The training report, every module, as CSV or XLSX."""
    return downloads.send(export_tables.training(current_user), fmt)


@bp.route("/training/teams")
@hr_only
def training_teams():
    """Per team: this week's pre-shift learning (班前学习) done against due, as a chart and a table."""
    today = timeutil.today()
    page = paginate(training_report.teams_query())
    weeks = training_report.pre_shift(current_user, list(page.items), today)
    return render_template(
        "hr/training_teams.html",
        page=page,
        weeks=weeks,
        chart=charts.bars([(t.name, [weeks[t.id].rate or 0]) for t in page.items if weeks[t.id].due], top=1),
        week_start=week_start(today),
        day=today,
    )
