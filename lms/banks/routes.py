"""Bank pages for admins and designated authors: banks with counts, question lists, previews, retiring, the exam builder."""

from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.admin.forms import ConfirmForm
from lms.banks.forms import ExamBuilderForm, QuestionFilterForm
from lms.domain import InputError, scoring
from lms.labels import level_name
from lms.pagination import paginate
from lms.security import signed_in
from lms.services import banks, exam_builder, scope
from lms.services import levels as level_service

bp = Blueprint("banks", __name__)


def authors(view):
    """Admins and designated authors (``scope.authors``); anyone else is refused with a 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not scope.authors(current_user):
            abort(403)
        return view(*args, **kwargs)

    return signed_in(wrapped)


@bp.route("/banks/")
@authors
def index():
    """Every bank with its counts by category and difficulty, and the exams built in the browser."""
    rows = [(summary, *_counts(summary, _("难度 %(d)s：%(n)s"))) for summary in banks.summaries()]
    return render_template("banks/index.html", rows=rows, exams=exam_builder.built())


def _counts(summary: banks.BankSummary, difficulty: str) -> tuple[str, str]:
    """A bank's counts by category and by difficulty as its row writes them ("投诉 12、退款 3"), by category (case
    ignored, as Jinja's ``dictsort``) and by difficulty.

    Written here, with the difficulty label translated once a page: a loop in the template and a label translated
    for each count cost a fifth of the page. Category names are escaped by the template with the rest of the text.
    """
    categories = sorted(summary.categories.items(), key=lambda item: item[0].lower())
    return (
        "、".join(f"{category} {n}" for category, n in categories),
        "、".join(difficulty % {"d": d, "n": n} for d, n in sorted(summary.difficulties.items())),
    )


def _bank_or_404(slug: str):
    return banks.bank(slug) or abort(404)


@bp.route("/banks/<slug>")
@authors
def questions(slug: str):
    """A bank's questions a page at a time, filtered by category, difficulty and state."""
    bank = _bank_or_404(slug)
    summary = next(s for s in banks.summaries() if s.bank.id == bank.id)
    form = QuestionFilterForm(sorted(summary.categories), formdata=request.args)
    form.validate()
    difficulty = int(form.difficulty.data) if form.difficulty.data and not form.difficulty.errors else None
    query = banks.questions(bank, form.category.data or None, difficulty, form.retired())
    return render_template("banks/questions.html", bank=bank, summary=summary, form=form, page=paginate(query))


def _question_or_404(slug: str, key: str):
    return banks.question(_bank_or_404(slug), key) or abort(404)


@bp.route("/banks/<slug>/q/<key>")
@authors
def preview(slug: str, key: str):
    """One question as a learner sees it on a paper (read-only), with its facts and the retire button."""
    question = _question_or_404(slug, key)
    return render_template(
        "banks/preview.html",
        question=question,
        item=banks.preview(question),
        rights=scoring.matching_rights,
        confirm=ConfirmForm(),
    )


@bp.route("/banks/<slug>/q/<key>/retire", methods=["POST"])
@authors
def retire(slug: str, key: str):
    """Retire a question: new papers never draw it again."""
    return _retire_or_restore(slug, key, banks.retire, _("题目 %(key)s 已停用，新试卷不会再抽到它。"))


@bp.route("/banks/<slug>/q/<key>/restore", methods=["POST"])
@authors
def restore(slug: str, key: str):
    """Restore a retired question: new papers may draw it again."""
    return _retire_or_restore(slug, key, banks.restore, _("题目 %(key)s 已恢复使用。"))


def _retire_or_restore(slug: str, key: str, change, done: str):
    question = _question_or_404(slug, key)
    if ConfirmForm().validate_on_submit():
        try:
            change(current_user, question, request.remote_addr)
        except banks.NothingChanged:
            flash(_("题目状态没有变化。"), "info")
        else:
            flash(done % {"key": key}, "success")
    else:
        flash(_("页面已过期，请刷新后再试。"), "danger")
    return redirect(url_for("banks.preview", slug=slug, key=key))


def _builder_form() -> ExamBuilderForm:
    levels = [(level.code, level_name(level.code)) for level in level_service.rules()]
    return ExamBuilderForm([s.bank.slug for s in banks.summaries()], levels)


@bp.route("/banks/exams/new", methods=["GET", "POST"])
@authors
def new_exam():
    """Build an exam from banks; checked like a blueprint file, stored as its first version."""
    form = _builder_form()
    problems = []
    if form.validate_on_submit():
        try:
            exam = exam_builder.create(current_user, form.draft(), request.remote_addr)
        except InputError as error:
            problems = error.problems
        else:
            flash(_("已创建考试“%(title)s”。", title=exam.title), "success")
            return redirect(url_for("banks.edit_exam", exam_slug=exam.slug))
    status = 400 if problems or form.errors else 200
    return render_template("banks/exam_form.html", form=form, exam=None, problems=problems, versions=[]), status


@bp.route("/banks/exams/<exam_slug>", methods=["GET", "POST"])
@authors
def edit_exam(exam_slug: str):
    """Change a browser-built exam: a new version when anything changed; its versions listed."""
    exam = exam_builder.built_exam(exam_slug) or abort(404)
    form = _builder_form()
    if request.method == "GET":
        form.fill(exam)
    form.slug.data = exam.slug
    problems = []
    if form.validate_on_submit():
        try:
            number = exam_builder.update(current_user, exam, form.draft(), request.remote_addr)
        except InputError as error:
            problems = error.problems
        except exam_builder.NothingChanged:
            flash(_("没有改动，未生成新版本。"), "info")
        else:
            flash(_("已保存为第 %(n)s 版；已开始的考试仍按原来的版本。", n=number), "success")
            return redirect(url_for("banks.edit_exam", exam_slug=exam.slug))
    status = 400 if problems or form.errors else 200
    versions = exam_builder.versions(exam)
    return render_template("banks/exam_form.html", form=form, exam=exam, problems=problems, versions=versions), status
