"""The lists HR and supervisors export, each read through the same scoped query as its page, in batches."""

from collections.abc import Iterator, Sequence
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from lms import timeutil
from lms.domain.spreadsheet import Cell
from lms.domain.states import AttemptStatus, CertificateFilter, CertificateStatus, certificate_status
from lms.extensions import db
from lms.labels import STATUS_LABELS, level_name, level_names
from lms.models import AuditLog, Exam, Team, User
from lms.services import assignments, audit_log, exam_reports, exports, records, scope, training_report
from lms.services.exports import Table
from lms.services.transcripts import Transcript

#: Rows read from the database at a time.
BATCH = 1000


def _local(moment) -> Cell:
    """A stored UTC time as local time to the minute, or None."""
    return timeutil.local(moment).replace(tzinfo=None, second=0, microsecond=0) if moment else None


def _percent(rate: float | None) -> Cell:
    """A share as a whole percentage, or None."""
    return None if rate is None else round(rate * 100)


def _status_label(value: CertificateStatus) -> str:
    """A certificate status in words."""
    return {CertificateStatus.VALID: _("有效"), CertificateStatus.EXPIRED: _("已过期")}.get(value, _("已撤销"))


def certifications(viewer: User, criteria: records.Criteria, filters: dict) -> Table:
    """HR's certificate search, every page of it."""

    def rows() -> Iterator[Sequence[Cell]]:
        # Names, labels and today once, not per row: 100,000 rows spent a third of their time looking them up.
        names, today = level_names(), timeutil.today()
        labels = {status: _status_label(status) for status in CertificateStatus}
        query = records.search(viewer, criteria).execution_options(yield_per=BATCH)
        for found in db.session.scalars(query):
            holder = found.award.user
            yield (
                found.number,
                holder.name,
                holder.employee_no,
                holder.team.name if holder.team else "",
                names.get(found.award.level, found.award.level),
                found.issued_on,
                found.expires_on,
                labels[certificate_status(found.revoked_at, found.expires_on, today)],
            )

    header = [_("证书编号"), _("姓名"), _("工号"), _("团队"), _("等级"), _("发证日期"), _("到期日期"), _("状态")]
    return Table("certifications", _("认证记录"), header, rows(), filters)


def certifications_for_command(fmt: str, out, team: str | None, status: str | None) -> int:
    """The certificate export of ``lms export-certifications`` written to ``out``; its rows (ValueError: no such team)."""
    team_id = None
    if team:
        team_id = db.session.scalar(sa.select(Team.id).where(Team.name == team))
        if team_id is None:
            raise ValueError(team)
    criteria = records.Criteria(team_id=team_id, status=CertificateFilter(status) if status else None)
    filters = {key: value for key, value in (("team", team), ("status", status)) if value}
    return exports.write(certifications(scope.command_line(), criteria, filters), fmt, out)


def audit_entries(query: sa.Select, filters: dict) -> Table:
    """The audit log as filtered, each entry as its sentence (a fixed number of queries per batch)."""

    def rows() -> Iterator[Sequence[Cell]]:
        last = None
        while True:
            batch = query.limit(BATCH) if last is None else query.where(AuditLog.id < last).limit(BATCH)
            entries = list(db.session.scalars(batch))
            if not entries:
                return
            for row in audit_log.rows(entries, _, level_name, lambda day: day.isoformat()):
                actor = row.actor
                yield (
                    _local(row.entry.created_at),
                    actor.name if actor else _("系统"),
                    actor.employee_no if actor else "",
                    row.line.action,
                    row.line.text,
                    row.entry.ip or "",
                )
            last = entries[-1].id

    header = [_("时间"), _("操作人"), _("工号"), _("操作"), _("内容"), _("IP 地址")]
    return Table("audit_log", _("操作日志"), header, rows(), filters)


def exam_results(viewer: User, exam: Exam, result: str) -> Table:
    """The handed-in attempts at one exam in ``viewer``'s teams (those awaiting grading without a score)."""

    def rows() -> Iterator[Sequence[Cell]]:
        query = exam_reports.team_attempts(viewer, exam, result).execution_options(yield_per=BATCH)
        for attempt in db.session.scalars(query):
            if attempt.status == AttemptStatus.AWAITING_GRADING:
                outcome = _("待评分")
            else:
                outcome = _("通过") if attempt.passed else _("未通过")
            yield (
                attempt.user.name,
                attempt.user.employee_no,
                _local(attempt.finished_at),
                attempt.score,
                attempt.max_score,
                outcome,
            )

    header = [_("姓名"), _("工号"), _("交卷时间"), _("得分"), _("满分"), _("结果")]
    return Table("exam_results", exam.title, header, rows(), {"exam": exam.slug, "result": result})


def progress(viewer: User, today: date) -> Table:
    """The progress matrix: one row per team member, one column per assigned module."""
    first = assignments.matrix(viewer, [], today)

    def rows() -> Iterator[Sequence[Cell]]:
        batch: list[User] = []
        for member in db.session.scalars(scope.visible_users(viewer).execution_options(yield_per=BATCH)):
            batch.append(member)
            if len(batch) == BATCH:
                yield from _matrix_rows(viewer, batch, today)
                batch = []
        yield from _matrix_rows(viewer, batch, today)

    header = [_("姓名"), _("工号")] + [module.title for module in first.modules]
    return Table("progress", _("学习进度"), header, rows(), {})


def _matrix_rows(viewer: User, members: list[User], today: date) -> Iterator[Sequence[Cell]]:
    """One batch of the matrix as rows."""
    if not members:
        return
    for member, cells in assignments.matrix(viewer, members, today).rows:
        yield [member.name, member.employee_no] + [str(STATUS_LABELS[cell]) if cell else "" for cell in cells]


def training(viewer: User) -> Table:
    """HR's training report: per module, completion and the quiz."""
    modules = list(db.session.connection().execute(training_report.MODULES))
    figures = training_report.module_figures(viewer, [module.id for module in modules])
    rows = (
        (
            module.title,
            figures[module.id].learners,
            figures[module.id].completed,
            _percent(figures[module.id].completion_rate),
            figures[module.id].quiz_takers,
            figures[module.id].quiz_passers,
            figures[module.id].quiz_attempts,
        )
        for module in modules
    )
    header = [_("模块"), _("学员"), _("已完成"), _("完成率（%）"), _("参加测验"), _("测验通过"), _("测验次数")]
    return Table("training", _("培训报表"), header, rows, {})


def transcript(record: Transcript) -> Table:
    """One person's transcript: levels, courses and exams, a row each."""
    person = record.person
    rows: list[Sequence[Cell]] = []
    for level in record.levels:
        held = _("持有") if level.held else _("已失去")
        rows.append((_("等级"), level_name(level.award.level), held, _local(level.award.awarded_at), None))
    for course in record.courses:
        status = str(STATUS_LABELS[course.status])
        rows.append((_("课程"), course.module.title, status, _local(course.completed_at), None))
    for exam in record.exams:
        passed = _("已通过") if exam.first_passed_at else _("未通过")
        rows.append((_("考试"), exam.exam.title, passed, _local(exam.first_passed_at or exam.last_at), exam.best))
    header = [_("类别"), _("名称"), _("状态"), _("日期"), _("最高分")]
    return Table("transcript", person.name, header, rows, {"employee_no": person.employee_no})
