"""Certificates: issuing one for a level, its PDF (a job retried until done), status, verification, revocation.

Which levels someone holds is defined once, in ``lms.services.holding``.
"""

import logging
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from babel.dates import format_date
from dateutil.relativedelta import relativedelta
from flask import current_app, render_template
from sqlalchemy.orm import contains_eager, selectinload

from lms import jobs
from lms.domain import certificate_art, certificate_number, states
from lms.extensions import db
from lms.models import Attempt, Certificate, LevelAward, User
from lms.services import audit, branding, pdf
from lms.services import levels as level_service
from lms.services.holding import latest_ids, latest_of_each
from lms.timeutil import today as local_today
from lms.timeutil import utcnow

log = logging.getLogger(__name__)


def award_of(user: User, level_code: str) -> LevelAward | None:
    """The user's award row for ``level_code`` (held or revoked), if any."""
    return db.session.scalar(sa.select(LevelAward).where(LevelAward.user_id == user.id, LevelAward.level == level_code))


def latest(user: User, level_code: str) -> Certificate | None:
    """The user's newest certificate for ``level_code`` (whatever its status)."""
    row = award_of(user, level_code)
    return row.certificate if row else None


def holds(user: User, level_code: str) -> bool:
    """Whether the user holds ``level_code`` now (its latest certificate is not revoked)."""
    found = latest(user, level_code)
    return found is not None and found.revoked_at is None


def due_for_renewal(user: User, level_code: str) -> bool:
    """The user holds ``level_code`` and its certificate has expired or expires within the expiring window."""
    found = latest(user, level_code)
    if found is None or found.revoked_at is not None:
        return False
    return found.expires_on <= local_today() + relativedelta(days=states.EXPIRING_DAYS)


def issue(
    user: User,
    level_code: str,
    evaluation,
    attempt: Attempt | None = None,
    override_reason: str | None = None,
    actor: User | None = None,
) -> Certificate:
    """Award the level (or renew or re-earn it) with a new certificate, in the caller's transaction; the PDF comes later.

    Idempotent for an attempt: the certificate an attempt earned is unique, so a second call returns it.
    """
    if attempt is not None:
        earned = db.session.scalar(sa.select(Certificate).where(Certificate.attempt_id == attempt.id))
        if earned is not None:
            return earned
    level = level_service.level_named(level_code)
    if level is None:
        raise LookupError(f"no level {level_code!r} in the level rules")
    evidence = [
        {"kind": s.kind, "holds": s.holds, "message": s.message, "params": s.params} for s in evaluation.statuses
    ]
    row = award_of(user, level_code)
    renewing = row is not None and row.certificate is not None and row.certificate.revoked_at is None
    if row is None:
        row = LevelAward(user_id=user.id, level=level_code, evidence=evidence, override_reason=override_reason)
        db.session.add(row)
    elif not renewing:  # re-earned after a revocation: held again from now, on this evidence
        row.awarded_at, row.evidence, row.override_reason = utcnow(), evidence, override_reason
    issued = local_today()
    certificate = Certificate(
        number=certificate_number.generate(),
        issued_on=issued,
        expires_on=issued + relativedelta(months=level.certificate_months),
        attempt_id=attempt.id if attempt is not None else None,
    )
    row.certificates.append(certificate)
    db.session.flush()
    detail = {"level": level_code, "certificate": certificate.number, "override": override_reason}
    audit.record("certificate.renew" if renewing else "level.award", actor or user, obj=row, detail=detail)
    return certificate


def render_stored(certificate_id: int) -> None:
    """The job that renders and stores a certificate's PDF; does nothing if it is there, records a failure and raises.

    WeasyPrint works between two transactions: the page is read, the read transaction ends, the PDF is made, and
    one short UPDATE stores it. No write lock (SQLite) and no open transaction or pooled connection (PostgreSQL)
    is held meanwhile; of two workers rendering the same certificate, the first to finish stores its PDF.
    """
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or has_pdf(certificate):
        return
    try:
        page = certificate_html(certificate)
        db.session.commit()  # ends the read transaction before the slow part
        made = page_pdf(page)
    except Exception as exc:
        db.session.rollback()
        certificate = db.session.get(Certificate, certificate_id)
        if certificate is not None:  # None: deleted meanwhile, nothing to note the failure on
            certificate.pdf_tries += 1
            certificate.pdf_error = f"{type(exc).__name__}: {exc}"[:1000]
        db.session.commit()
        raise
    db.session.execute(
        sa.update(Certificate)
        .where(Certificate.id == certificate_id, Certificate.pdf.is_(None))
        .values(pdf=made, pdf_error=None, pdf_tries=Certificate.pdf_tries + 1)
    )
    db.session.commit()


def render_later(certificate: Certificate) -> None:
    """Queue the PDF of a committed certificate (RQ with Redis, else now)."""
    jobs.enqueue(render_stored, certificate.id)


def has_pdf(certificate: Certificate) -> bool:
    """Whether the PDF is stored (without loading it)."""
    return bool(db.session.scalar(sa.select(Certificate.pdf.is_not(None)).where(Certificate.id == certificate.id)))


def pdf_of(certificate: Certificate) -> bytes:
    """The stored PDF, rendered now if the job has not done it yet; raises if rendering fails."""
    if not has_pdf(certificate):
        render_stored(certificate.id)
    return db.session.scalar(sa.select(Certificate.pdf).where(Certificate.id == certificate.id))


def verify_url(number: str) -> str:
    """The public verification address of a certificate (LMS_BASE_URL, so it works outside requests too)."""
    return f"{current_app.config['BASE_URL']}/verify/{number}"


def render_pdf(certificate: Certificate) -> bytes:
    """The certificate as an A4 landscape PDF (one serif CJK family, the organisation's branding, a QR code)."""
    return page_pdf(certificate_html(certificate))


def page_pdf(page: str) -> bytes:
    """A certificate's page (``certificate_html``) as its PDF: no database needed."""
    return pdf.render(page, "serif", "certificates/certificate.css")


def certificate_html(certificate: Certificate) -> str:
    """The certificate's page, for WeasyPrint (it reads the database; the conversion does not)."""
    import segno  # here, not at start: 1.2 MB in every worker for a code only certificates draw

    award_row = certificate.award
    url = verify_url(certificate.number)
    return render_template(
        "certificates/certificate.html",
        certificate=certificate,
        level=level_service.level_named(award_row.level),
        user=award_row.user,
        brand=branding.current(),
        art=certificate_art,
        dates={
            key: (format_date(day, "long", locale="zh_CN"), format_date(day, "medium", locale="en"))
            for key, day in (("issued", certificate.issued_on), ("expires", certificate.expires_on))
        },
        # One pixel a module, drawn unsmoothed (certificate.css): a PDF reader scales it sharp, and it costs WeasyPrint
        # a fifth of the same code as an SVG path, whose every point it parses in Python.
        qr=segno.make(url, error="m").png_data_uri(scale=1, border=0, dark="#1c2833"),
        short_url=(
            url.split("://", 1)[-1].removesuffix(f"/verify/{certificate.number}"),
            f"/verify/{certificate.number}",
        ),
    )


def status(certificate: Certificate) -> states.CertificateStatus:
    """valid, expired or revoked, today (in LMS_TIMEZONE)."""
    return states.certificate_status(certificate.revoked_at, certificate.expires_on, local_today())


def is_expiring(certificate: Certificate) -> bool:
    """Valid, and its last valid day within the expiring window (in LMS_TIMEZONE)."""
    return states.expiring(certificate.revoked_at, certificate.expires_on, local_today())


def status_is(wanted: states.CertificateStatus) -> sa.ColumnElement[bool]:
    """SQL for certificates whose ``status`` is ``wanted`` today (the same window as HR's filter)."""
    return in_status(states.CertificateFilter(wanted.value))


def by_number(text: str) -> Certificate | None:
    """The certificate with this number (as typed), or None; malformed numbers never reach the database."""
    number = certificate_number.normalise(text)
    if not certificate_number.valid(number):
        return None
    return db.session.scalar(sa.select(Certificate).where(Certificate.number == number))


def revoke(certificate: Certificate, reason: str, actor: User, ip: str | None = None) -> None:
    """Revoke with a reason (audited); the holder no longer holds the level, and is told on their pages."""
    certificate.revoked_at, certificate.revoked_reason, certificate.revoked_by_id = utcnow(), reason.strip(), actor.id
    detail = {"number": certificate.number, "reason": reason.strip()}
    audit.record("certificate.revoke", actor, obj=certificate, detail=detail, ip=ip)
    db.session.commit()


#: A person's certificates, newest first, each with its award (built once: a person's pages ask on every request).
_OF_USER = (
    sa.select(Certificate)
    .join(LevelAward)
    .where(LevelAward.user_id == sa.bindparam("user_id"))
    .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    .options(contains_eager(Certificate.award))
)


def of_user(user: User) -> list[Certificate]:
    """The user's certificates, newest first (each with its award)."""
    return list(db.session.scalars(_OF_USER, {"user_id": user.id}))


@dataclass(frozen=True)
class Owned:
    """One person's certificates as their pages show them, from one query."""

    #: every certificate, newest first
    every: list[Certificate]
    #: the latest of each award (the one that says whether its level is held), newest first
    latest: list[Certificate]
    #: the latest ones revoked, which cost a level, most recently revoked first
    lost: list[Certificate]
    #: ids of the latest ones valid and within the expiring window
    expiring: set[int]


def owned(user: User) -> Owned:
    """The user's certificates, the latest of each award, those lost and those expiring (one query)."""
    every = of_user(user)
    latest = latest_of_each(every)
    revoked = [(c.revoked_at, c) for c in latest if c.revoked_at is not None]
    lost = [c for _, c in sorted(revoked, key=lambda pair: pair[0], reverse=True)]
    return Owned(every, latest, lost, {c.id for c in latest if is_expiring(c)})


def in_status(wanted: states.CertificateFilter, today: date | None = None) -> sa.ColumnElement[bool]:
    """SQL for "the certificate is ``wanted`` today": the window ``lms.domain.states`` defines, never a second rule."""
    window = states.certificate_window(wanted, today or local_today())
    clauses: list[sa.ColumnElement[bool]] = [
        Certificate.revoked_at.is_not(None) if window.revoked else Certificate.revoked_at.is_(None)
    ]
    if window.expires_from is not None:
        clauses.append(Certificate.expires_on >= window.expires_from)
    if window.expires_to is not None:
        clauses.append(Certificate.expires_on <= window.expires_to)
    return sa.and_(*clauses)


def _latest_expiring(columns: list) -> sa.Select:
    """``columns`` of the latest certificate of each award of the users ``ids``, not revoked, whose last valid day is
    from ``expires_from`` to ``expires_to`` (the expiring window, bound by ``_expiring_window``)."""
    latest = latest_ids()
    return (
        sa.select(*columns)
        .select_from(Certificate)
        .join(latest, latest.c.id == Certificate.id)
        .join(LevelAward)
        .where(
            LevelAward.user_id.in_(sa.bindparam("ids", expanding=True)),
            Certificate.revoked_at.is_(None),
            Certificate.expires_on >= sa.bindparam("expires_from"),
            Certificate.expires_on <= sa.bindparam("expires_to"),
        )
    )


#: Built once: the team overview counts them on every request, and its list shows them.
_EXPIRING = _latest_expiring([Certificate]).options(contains_eager(Certificate.award))
_EXPIRING_COUNT = _latest_expiring([sa.func.count()])


def _expiring_window(user_ids: list[int]) -> dict:
    """The values ``_latest_expiring`` binds: these users and today's expiring window (``lms.domain.states``)."""
    window = states.certificate_window(states.CertificateFilter.EXPIRING, local_today())
    assert not window.revoked
    return {"ids": user_ids, "expires_from": window.expires_from, "expires_to": window.expires_to}


def expiring(user_ids: list[int]) -> list[Certificate]:
    """Latest certificates of these users, not revoked, whose last valid day is within the expiring window."""
    return list(db.session.scalars(_EXPIRING, _expiring_window(user_ids)))


def expiring_count(user_ids: list[int]) -> int:
    """How many certificates ``expiring`` gives for these users, counted by the database."""
    return db.session.connection().execute(_EXPIRING_COUNT, _expiring_window(user_ids)).scalar_one()


#: Certificates without a stored PDF, with their awards and holders (built once).
_PENDING_PDFS = (
    sa.select(Certificate)
    .where(Certificate.pdf.is_(None))
    .order_by(Certificate.id)
    .options(selectinload(Certificate.award).selectinload(LevelAward.user))
)


def pending_pdfs() -> list[Certificate]:
    """Certificates whose PDF is not stored yet (being rendered, or failed): for HR and the sweep."""
    return list(db.session.scalars(_PENDING_PDFS))
