"""Certificates: the public verification page, PDF downloads, and HR's list with revocation."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from wtforms import SelectChoice

from lms import downloads
from lms.certificates.forms import CertificateSearchForm, RetryForm, RevokeForm, ZipForm
from lms.domain.certificate_number import mask_name
from lms.extensions import limiter
from lms.labels import level_names
from lms.models import Role
from lms.pagination import paginate
from lms.security import public, roles_required, signed_in
from lms.services import awards, branding, certificate_zip, certificates, directory, export_tables, records, scope
from lms.services import levels as level_service

bp = Blueprint("certificates", __name__)
verify_bp = Blueprint("verify", __name__)


@verify_bp.route("/verify/<number>")
@public
@limiter.limit("30 per minute")
def certificate(number: str):
    """Anyone may check a certificate: valid, expired or revoked, the level, the dates and a masked name."""
    found = certificates.by_number(number)
    if found is None:
        return render_template("certificates/verify.html", certificate=None, number=number[:20]), 404
    level = level_service.level_named(found.award.level)
    return render_template(
        "certificates/verify.html",
        certificate=found,
        level=level,
        status=certificates.status(found),
        masked=mask_name(found.award.user.name),
    )


@bp.route("/certificates/<number>.pdf")
@signed_in
def download(number: str):
    """The stored PDF (rendered once); a revoked certificate is refused with its reason, never served unmarked."""
    found = certificates.by_number(number)
    if found is None or not scope.may_see_certificate(current_user, found):
        abort(404)
    if found.revoked_at is not None:
        return render_template("certificates/unavailable.html", certificate=found), 410
    try:
        pdf = certificates.pdf_of(found)
    except Exception:  # recorded on the certificate for HR; the sweep retries
        return render_template("certificates/unavailable.html", certificate=found), 503
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="certificate-{found.number}.pdf"'},
    )


def _search_form() -> CertificateSearchForm:
    """HR's certificate filters from the query string, with the teams and levels to choose from."""
    form = CertificateSearchForm(formdata=request.args)
    teams = directory.team_choices()
    form.team.choices = [SelectChoice("", _("全部团队"))] + [SelectChoice(t.id, t.name) for t in teams]
    form.level.choices = [SelectChoice("", _("全部等级"))] + [SelectChoice(c, n) for c, n in level_names().items()]
    return form


@bp.route("/hr/certificates")
@roles_required(Role.HR, Role.ADMIN)
def hr_list():
    """Every certificate, searchable by holder, a part of a number, team, level, status and a date range."""
    form = _search_form()
    valid = form.validate()
    found = paginate(records.search(current_user, form.criteria())) if valid else None
    failed, pending = awards.pending(), certificates.pending_pdfs()
    page = render_template(
        "certificates/hr.html",
        page=found,
        form=form,
        failed_awards=failed,
        pending_pdfs=pending,
        status=certificates.status,
        expiring=certificates.is_expiring,
        local_base_url=branding.local_base_url(),
        # their CSRF tokens only where the page shows their buttons
        zip_form=ZipForm() if found is not None and found.items else None,
        retry_form=RetryForm() if failed or pending else None,
    )
    return page, 200 if valid else 400


@bp.route("/hr/certificates/export.<fmt>")
@roles_required(Role.HR, Role.ADMIN)
def hr_export(fmt: str):
    """The filtered certificates, every page of them, as CSV or XLSX; bad filters go back to the list to be shown."""
    form = _search_form()
    if not form.validate():
        return redirect(url_for("certificates.hr_list", **request.args))
    return downloads.send(export_tables.certifications(current_user, form.criteria(), downloads.filters(form)), fmt)


@bp.route("/hr/certificates/retry", methods=["POST"])
@roles_required(Role.HR)
def retry_awards():
    """Retry every failed award and certificate PDF now, as a background job with its progress on a page."""
    if not RetryForm().validate_on_submit():
        flash(_("没能开始重试，请刷新页面后再试。"), "danger")
        return redirect(url_for("certificates.hr_list"))
    job = awards.start_retry(current_user, request.remote_addr)
    return redirect(url_for("background.job", key=job.uuid))


@bp.route("/hr/certificates/zip", methods=["POST"])
@roles_required(Role.HR, Role.ADMIN)
def hr_zip():
    """Start a background job packing the filtered certificates' PDFs into a ZIP, and show its progress."""
    form = _search_form()
    if not ZipForm().validate_on_submit() or not form.validate():
        flash(_("没能开始打包，请刷新页面后重试。"), "danger")
        return redirect(url_for("certificates.hr_list", **request.args))
    job = certificate_zip.start(current_user, form.criteria(), request.remote_addr)
    return redirect(url_for("background.job", key=job.uuid))


@bp.route("/hr/certificates/<number>/revoke", methods=["GET", "POST"])
@roles_required(Role.HR)
def revoke(number: str):
    """Ask for a reason and a confirmation; only both together revoke the certificate (audited)."""
    found = certificates.by_number(number)
    if found is None or not scope.may_see_certificate(current_user, found):
        abort(404)
    if found.revoked_at is not None:
        flash(_("该证书已经撤销。"), "info")
        return redirect(url_for("certificates.hr_list", q=found.number))
    form = RevokeForm()
    if form.validate_on_submit():
        certificates.revoke(found, form.reason.data.strip(), current_user, request.remote_addr)
        flash(_("已撤销证书 %(number)s。", number=found.number), "success")
        return redirect(url_for("certificates.hr_list", q=found.number))
    page = render_template("certificates/revoke.html", form=form, certificate=found)
    return page, 400 if form.is_submitted() else 200
