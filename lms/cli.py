"""The ``lms`` command: Flask's CLI bound to the factory, plus commands of our own."""

import csv
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from lms.api.cli import api_token_group
from lms.backup import backup_command, copy_database_command, restore_command
from lms.domain import user_csv
from lms.domain.spreadsheet import csv_row
from lms.domain.states import CertificateFilter
from lms.files import open_private
from lms.review.cli import review_optimise_command

#: The question file formats: the keys of ``question_import.PARSERS`` and ``WRITERS`` (a test checks they agree),
#: written out so that ``lms --help`` need not import the services.
QUESTION_FORMATS = ("aiken", "gift", "moodle-xml")
QUESTION_EXPORT_FORMATS = ("gift", "moodle-xml")


class Commands(FlaskGroup):
    """``lms``: Flask's CLI with our commands as its own, so that ``lms --help`` lists them without building the app.

    A command only added to ``app.cli`` at start would still run, unlisted (there are none: see ``commands``).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        self._load_plugin_commands()
        return sorted(self.commands)


class MigrationCommands(click.Group):
    """``lms db``: Flask-Migrate's command group, imported only when it is run (``lms --help`` lists it for free)."""

    def __init__(self) -> None:
        super().__init__("db", help="Perform database migrations.")

    def make_context(self, info_name, args, parent=None, **extra) -> click.Context:
        from flask_migrate.cli import db as commands

        return commands.make_context(info_name, args, parent=parent, **extra)


def main() -> None:
    """Entry point of the ``lms`` console script (``lms run``, ``lms db upgrade``, ...)."""
    from lms import create_app

    group = Commands(create_app=create_app, help="客服培训与认证系统 / customer-service LMS")
    for command in commands:
        group.add_command(command)
    group(prog_name="lms")


@click.command("import-users")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--passwords-out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="为新建人员生成临时密码，并写入此 CSV 文件（工号,姓名,临时密码）。",
)
@with_appcontext
def import_users_command(file: Path, passwords_out: Path | None) -> None:
    """从 HR 系统导出的 CSV 导入人员（全部成功或全部不导入）。"""
    from flask_babel import gettext

    from lms import timeutil
    from lms.services import users

    try:
        text = user_csv.decode(file.read_bytes())
    except user_csv.EncodingProblem:
        click.echo(f"{file}: 文件编码无法识别，请另存为 UTF-8 或 GBK 编码的 CSV。", err=True)
        sys.exit(1)
    rows, errors = user_csv.parse(text, timeutil.today())
    errors = errors or users.conflicts(rows)
    if errors:
        for error in errors:
            click.echo(f"{file}:{error.line}: {gettext(error.message, **error.params)}", err=True)
        click.echo(f"共 {len(errors)} 处错误，未导入任何人员。", err=True)
        sys.exit(1)
    result = users.import_users(rows, actor=None, with_passwords=passwords_out is not None)
    if passwords_out is not None:
        with open_private(passwords_out, "w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(csv_row(["工号", "姓名", "临时密码"]))
            writer.writerows(csv_row((u.employee_no, u.name, result.passwords[u.employee_no])) for u in result.created)
    click.echo(
        f"导入完成：新建 {len(result.created)} 人，更新 {len(result.updated)} 人，"
        f"未变 {result.unchanged} 人，新建团队 {len(result.teams_created)} 个。"
    )


@click.command("import-content")
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="内容所在目录（含 courses/），默认为 LMS_CONTENT_DIR。",
)
@with_appcontext
def import_content_command(root: Path | None) -> None:
    """导入 courses/ 下的课程和 question_banks/ 下的题库与考试（全部成功或全部不导入；未改动的文件不会变化）。"""
    from flask_babel import gettext

    from lms.services import content

    report = content.import_content(root or Path(current_app.config["CONTENT_DIR"]))
    if report.problems:
        for problem in report.problems:
            click.echo(f"{problem.path}:{problem.line}: {gettext(problem.message, **problem.params)}", err=True)
        click.echo(f"共 {len(report.problems)} 处错误，本次未导入任何内容。", err=True)
        sys.exit(1)
    click.echo(
        f"课程导入完成：新建 {len(report.created)} 门，更新 {len(report.updated)} 门，"
        f"未变 {len(report.unchanged)} 门，下线 {len(report.retired)} 门。"
    )
    click.echo(
        f"题库导入完成：新题 {report.questions.get('questions_new', 0)} 道，"
        f"修订 {report.questions.get('questions_changed', 0)} 道；考试新建或更新 {report.questions.get('exams', 0)} 场；"
        f"练习内容新建或更新 {report.questions.get('drills', 0)} 项。"
    )


@click.command("import-questions")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(QUESTION_FORMATS), required=True, help="文件格式。")
@click.option("--bank", required=True, help="导入到哪个题库（题库名，如 moodle-import）。")
@with_appcontext
def import_questions_command(file: Path, fmt: str, bank: str) -> None:
    """导入 Moodle 的 GIFT、Aiken 或 Moodle XML 题目文件（有任何错误则不导入）。"""
    from flask_babel import gettext

    from lms.services import question_import

    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        click.echo(f"{file}: 文件不是 UTF-8 编码。", err=True)
        sys.exit(1)
    report = question_import.import_file(text, fmt, bank, file.name)
    for problem in report.skipped:
        click.echo(f"{file}:{problem.line}: {gettext(problem.message, **problem.params)}", err=True)
    if report.errors:
        for problem in report.errors:
            click.echo(f"{file}:{problem.line}: {gettext(problem.message, **problem.params)}", err=True)
        click.echo(f"共 {len(report.errors)} 处错误，未导入任何题目。", err=True)
        sys.exit(1)
    click.echo(
        f"导入完成：{report.imported} 道题（新题 {report.new} 道，修订 {report.changed} 道），"
        f"跳过 {len(report.skipped)} 道无法自动评分的题。"
    )


@click.command("export-questions")
@click.option("--bank", required=True, help="要导出的题库（题库名，如 mot-basics）。")
@click.option("--format", "fmt", type=click.Choice(QUESTION_EXPORT_FORMATS), required=True, help="文件格式。")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="写到哪个文件。")
@with_appcontext
def export_questions_command(bank: str, fmt: str, out: Path) -> None:
    """把题库导出为 GIFT 或 Moodle XML 文件（内置题库和导入的题库都可以）。"""
    from flask_babel import gettext

    from lms.services import question_import

    export = question_import.export_bank(bank, fmt)
    if export is None:
        click.echo(f"没有名为「{bank}」的题库。", err=True)
        sys.exit(1)
    out.write_text(export.text, encoding="utf-8")
    for key, message in export.notes:
        click.echo(f"{key}: {gettext(message)}", err=True)
    click.echo(f"已导出到 {out}；{len(export.notes)} 道题无法原样导出（见上）。")


@click.command("close-overdue")
@with_appcontext
def close_overdue_command() -> None:
    """交卷并评分所有已超时的考试（可由定时任务每分钟运行）。"""
    from lms.services import exams

    click.echo(f"已关闭并评分 {exams.close_overdue()} 份超时的试卷。")


@click.command("sweep-awards")
@with_appcontext
def sweep_awards_command() -> None:
    """补做失败的晋级颁证，并生成尚未生成的证书 PDF（可由定时任务每分钟运行）。"""
    from lms.services import awards

    done, rendered, failing = awards.sweep()
    click.echo(f"补发等级 {done} 项，生成证书 PDF {rendered} 份，仍失败 {failing} 项。")
    if failing:
        sys.exit(1)


def _send_reminders() -> bool:
    """Run the reminders once and print what they did; whether every e-mail went out."""
    from lms.services import reminders

    try:
        report = reminders.run()
    except ValueError as error:  # a malformed LMS_SMTP_URL (the message never repeats the password)
        click.echo(f"提醒：{error}", err=True)
        return False
    line = f"提醒：新建 {report.created} 条"
    if report.mail is None:
        click.echo(line + "；未设置 LMS_SMTP_URL，不发送邮件。")
        return True
    sent = report.mail
    click.echo(line + f"；发出邮件 {sent.emails} 封（含 {sent.notifications} 条提醒），失败 {sent.failed} 封。")
    return not sent.failed


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """生成到期的提醒（每条只生成一次），设置了 LMS_SMTP_URL 时再发邮件（可由定时任务每小时运行）。"""
    if not _send_reminders():
        sys.exit(1)


@click.command("scheduler")
@click.option("--every", default=60, show_default=True, help="每隔多少秒运行一轮。")
@click.option("--rounds", default=0, help="运行几轮后退出（0 表示一直运行）。")
@click.option("--reminders-every", default=900, show_default=True, help="每隔多少秒发送一次提醒（send-reminders）。")
@with_appcontext
def scheduler_command(every: int, rounds: int, reminders_every: int) -> None:
    """定时任务：每轮关闭超时试卷、补做颁证、清理超过一天的后台任务文件，并定期发送提醒（send-reminders）。"""
    from lms.extensions import db
    from lms.services import awards, exams, job_runs

    done, reminded = 0, None
    while True:
        closed = exams.close_overdue()
        awarded, rendered, failing = awards.sweep()
        removed = job_runs.remove_expired()
        db.session.remove()
        click.echo(
            f"关闭超时试卷 {closed} 份；补发等级 {awarded} 项，证书 PDF {rendered} 份，仍失败 {failing} 项；"
            f"清理过期的后台任务 {removed} 个。"
        )
        if reminded is None or time.monotonic() - reminded >= reminders_every:
            reminded = time.monotonic()
            try:
                _send_reminders()
            except Exception as error:  # a failing reminder run must not stop the exam and award duties
                click.echo(f"提醒失败：{error!r}", err=True)
            db.session.remove()
        done += 1
        if rounds and done >= rounds:
            return
        time.sleep(every)


@click.command("worker")
@click.option("--burst", is_flag=True, help="处理完队列中的任务后退出。")
@with_appcontext
def worker_command(burst: bool) -> None:
    """后台任务进程（需要 LMS_REDIS_URL）：生成证书 PDF 等。"""
    from lms import jobs

    if not current_app.config.get("REDIS_URL"):
        click.echo("未设置 LMS_REDIS_URL：后台任务在应用进程内直接运行，不需要单独的 worker。", err=True)
        sys.exit(1)
    jobs.work(burst=burst)


@click.command("evaluate-levels")
@with_appcontext
def evaluate_levels_command() -> None:
    """打印各等级人数分布，以及可以参加晋级考试或已满足全部条件的人员。"""
    import sqlalchemy as sa

    from lms.extensions import db
    from lms.models import Role, User
    from lms.services import levels

    people = db.session.scalars(
        sa.select(User)
        .where(User.active.is_(True), User.role.in_([Role.NEW_HIRE, Role.AGENT]))
        .order_by(User.employee_no)
    ).all()
    results, names = {}, {level.code: level.name for level in levels.rules()}
    for start in range(0, len(people), 1000):
        results.update(levels.evaluate_many(people[start : start + 1000]))
    counts = {}
    for result in results.values():
        counts[result.current] = counts.get(result.current, 0) + 1
    click.echo(
        "等级分布："
        + "，".join(
            f"{names.get(code, '未定级') if code else '未定级'} {n} 人"
            for code, n in sorted(counts.items(), key=lambda kv: kv[0] or "")
        )
    )
    for user in people:
        result = results[user.id]
        if result.ready_for_exam:
            state = "已满足全部条件" if result.qualifies else "可以参加晋级考试"
            click.echo(f"  {user.employee_no} {user.name}：{names[result.next]}，{state}")


@click.command("issue-certificate")
@click.option("--employee", required=True, help="工号。")
@click.option("--level", "level_code", required=True, help="等级代码：junior、intermediate、senior 或 expert。")
@click.option("--override", is_flag=True, help="不检查规则直接颁发（必须同时给出 --reason，会记入审计日志）。")
@click.option("--reason", default="", help="手动颁发的原因。")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="同时把 PDF 写入此文件。")
@with_appcontext
def issue_certificate_command(employee: str, level_code: str, override: bool, reason: str, out: Path | None) -> None:
    """HR 手动颁发等级证书（默认仍检查等级规则）。"""
    from lms.services import awards, certificates, levels, users

    user = users.find_by_employee_no(employee)
    if user is None:
        click.echo(f"没有工号为 {employee} 的人员。", err=True)
        sys.exit(1)
    if levels.level_named(level_code) is None:
        click.echo(f"没有等级 {level_code}。", err=True)
        sys.exit(1)
    if override and not reason.strip():
        click.echo("使用 --override 时必须用 --reason 说明原因。", err=True)
        sys.exit(1)
    standing = levels.evaluate(user)
    if not override and (standing.next != level_code or not standing.qualifies):
        click.echo(
            f"{user.name} 尚不满足 {level_code} 的全部规则（或该等级不是其下一等级）；如确需颁发，请加 --override --reason。",
            err=True,
        )
        sys.exit(1)
    certificate = awards.by_hand(user, level_code, standing, reason=reason.strip() or None)
    if out is not None:
        out.write_bytes(certificates.pdf_of(certificate))
    click.echo(
        f"已颁发：{user.name} {level_code} 证书编号 {certificate.number}，有效期至 {certificate.expires_on.isoformat()}。"
    )


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """创建演示数据（可重复运行）并打印演示账号。"""
    from lms.services import demo

    if demo.production():
        click.echo("LMS_ENV=production：正式环境不能创建演示数据（演示账号的密码人人皆知）。", err=True)
        sys.exit(1)
    created = demo.seed()
    click.echo("演示数据已就绪" + ("（新建）" if created else "（已存在，未改动）") + "。演示账号：")
    for number, name, role in demo.LOGINS:
        click.echo(f"  {number:<8} {name:<6} {role:<10} 密码 {demo.PASSWORD}")


@click.command("export-certifications")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), required=True, help="文件格式。")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="写入的文件。")
@click.option("--team", default=None, help="只导出这个团队（团队名称）。")
@click.option(
    "--status", type=click.Choice([value.value for value in CertificateFilter]), default=None, help="只导出这种状态。"
)
@with_appcontext
def export_certifications_command(fmt: str, out: Path, team: str | None, status: str | None) -> None:
    """导出证书记录为 CSV（UTF-8 BOM，Excel 可直接打开）或 XLSX（已记入审计日志）。"""
    from lms.services import export_tables

    with open_private(out, "wb") as handle:
        try:
            rows = export_tables.certifications_for_command(fmt, handle, team, status)
        except ValueError:
            out.unlink()
            click.echo(f"没有名为「{team}」的团队。", err=True)
            sys.exit(1)
    click.echo(f"已导出 {rows} 条证书记录到 {out}。")


commands = [
    import_users_command,
    import_content_command,
    import_questions_command,
    export_questions_command,
    close_overdue_command,
    sweep_awards_command,
    send_reminders_command,
    scheduler_command,
    worker_command,
    evaluate_levels_command,
    issue_certificate_command,
    seed_demo_command,
    review_optimise_command,
    api_token_group,
    export_certifications_command,
    backup_command,
    restore_command,
    copy_database_command,
    MigrationCommands(),
]
