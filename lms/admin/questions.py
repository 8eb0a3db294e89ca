"""Admin: importing Moodle GIFT, Aiken and Moodle XML files into question banks, and exporting any bank."""

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp

from lms.models import Role
from lms.security import roles_required
from lms.services import question_import, question_import_job

bp = Blueprint("question_admin", __name__)
#: GIFT files are text; a megabyte holds thousands of questions.
MAX_BYTES = 1024 * 1024


class QuestionImportForm(FlaskForm):
    """A GIFT, Aiken or Moodle XML file and the bank it goes into."""

    file = FileField(
        _l("题目文件"),
        validators=[
            FileRequired(_l("请选择要导入的文件。")),
            FileAllowed(["txt", "gift", "aiken", "xml"], _l("只能导入 .txt、.gift、.aiken 或 .xml 文件。")),
        ],
    )
    fmt = SelectField(
        _l("格式"),
        choices=[
            SelectChoice("gift", "GIFT"),
            SelectChoice("aiken", "Aiken"),
            SelectChoice("moodle-xml", "Moodle XML"),
        ],
    )
    bank = StringField(
        _l("题库名"),
        validators=[
            DataRequired(_l("请填写题库名。")),
            Length(max=64),
            Regexp(
                r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                message=_l("题库名只能由小写字母、数字和短横线组成，例如 moodle-import。"),
            ),
        ],
    )
    submit = SubmitField(_l("检查并导入"))


@bp.route("/", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_questions():
    """Upload a file; show what was imported, skipped (by line) or wrong (by line)."""
    form = QuestionImportForm()
    report = None
    if form.validate_on_submit():
        data = form.file.data.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            form.file.errors.append(_("文件超过 1 MB，请拆分后分批导入。"))
        else:
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError:
                form.file.errors.append(_("文件不是 UTF-8 编码，请另存为 UTF-8 后再导入。"))
            else:
                if len(data) > question_import_job.JOB_BYTES:  # a large file: imported by a job with a progress page
                    job = question_import_job.start(
                        current_user,
                        text,
                        form.fmt.data,
                        form.bank.data,
                        form.file.data.filename,
                        request.remote_addr,
                    )
                    return redirect(url_for("background.job", key=job.uuid))
                report = question_import.import_file(
                    text, form.fmt.data, form.bank.data, form.file.data.filename, current_user, request.remote_addr
                )
    banks = question_import.bank_sizes()
    status = 400 if (report and report.errors) or form.errors else 200
    return render_template("admin/questions.html", form=form, report=report, banks=banks), status


@bp.route("/banks/<slug>/export.<suffix>")
@roles_required(Role.ADMIN)
def export_bank(slug: str, suffix: str):
    """Download a bank (built-in or imported) as GIFT (``.gift``) or Moodle XML (``.xml``); audited."""
    formats = {file_suffix: fmt for fmt, (_, file_suffix, _) in question_import.WRITERS.items()}
    if suffix not in formats:
        abort(404)
    fmt = formats[suffix]
    export = question_import.export_bank(slug, fmt, current_user, request.remote_addr)
    if export is None:
        abort(404)
    return Response(
        export.text,
        mimetype=f"{question_import.WRITERS[fmt][2]}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{slug}.{suffix}"'},
    )
