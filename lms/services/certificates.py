"""Certificates: awarding a level and issuing its PDF in one transaction, verification, revocation."""

from datetime import date

import segno
import sqlalchemy as sa
from dateutil.relativedelta import relativedelta
from flask import current_app, render_template
from sqlalchemy.exc import IntegrityError

from lms import timeutil
from lms.domain import certificate_number
from lms.extensions import db
from lms.models import Certificate, LevelAward, User
from lms.services import audit
from lms.services import levels as level_service
from lms.timeutil import utcnow

VALID, EXPIRED, REVOKED = "valid", "expired", "revoked"


def fonts_warning() -> str | None:
    """Why certificates would be slow (WeasyPrint falling back to fontTools to subset fonts), or None."""
    from weasyprint.text.ffi import harfbuzz_subset

    if harfbuzz_subset is None:
        return (
            "libharfbuzz-subset0 is missing: WeasyPrint will subset fonts with fontTools, "
            "about 12 s per certificate with Noto CJK instead of 0.2 s. apt-get install libharfbuzz-subset0"
        )
    return None


def award(
    user: User, level_code: str, evaluation, override_reason: str | None = None, actor: User | None = None
) -> LevelAward:
    """Award the level and issue its certificate in one transaction; awarding the same level again returns the first award."""
    existing = db.session.scalar(
        sa.select(LevelAward).where(LevelAward.user_id == user.id, LevelAward.level == level_code)
    )
    if existing is not None:
        return existing
    level = level_service.level_named(level_code)
    evidence = [
        {"kind": s.kind, "holds": s.holds, "message": s.message, "params": s.params} for s in evaluation.statuses
    ]
    row = LevelAward(user_id=user.id, level=level_code, evidence=evidence, override_reason=override_reason)
    certificate = _new_certificate(level)
    row.certificates.append(certificate)
    db.session.add(row)
    try:
        db.session.flush()
        certificate.pdf = render_pdf(row, level)
        audit.record(
            "level.award",
            actor or user,
            obj=row,
            detail=f"{level_code} certificate={certificate.number}"
            + (f" override: {override_reason}" if override_reason else ""),
        )
        db.session.commit()
    except IntegrityError:  # the same award committed by a concurrent request
        db.session.rollback()
        return db.session.scalar(
            sa.select(LevelAward).where(LevelAward.user_id == user.id, LevelAward.level == level_code)
        )
    return row


def _new_certificate(level) -> Certificate:
    """A certificate issued today, valid for the level's period."""
    issued = timeutil.today()
    return Certificate(
        number=certificate_number.generate(),
        issued_on=issued,
        expires_on=issued + relativedelta(months=level.certificate_months),
    )


def latest(user: User, level_code: str) -> Certificate | None:
    """The user's newest certificate for ``level_code``."""
    award_row = db.session.scalar(
        sa.select(LevelAward).where(LevelAward.user_id == user.id, LevelAward.level == level_code)
    )
    return award_row.certificate if award_row else None


def due_for_renewal(user: User, level_code: str, today: date | None = None, within_days: int = 30) -> bool:
    """Whether the user holds ``level_code`` and its latest certificate has expired or expires within ``within_days``."""
    latest_one = latest(user, level_code)
    today = today or timeutil.today()
    return (
        latest_one is not None
        and latest_one.revoked_at is None
        and latest_one.expires_on <= today + relativedelta(days=within_days)
    )


def recertify(user: User, level_code: str) -> Certificate:
    """Issue a new certificate for a level held (after passing its promotion exam again)."""
    award_row = db.session.scalar(
        sa.select(LevelAward).where(LevelAward.user_id == user.id, LevelAward.level == level_code)
    )
    certificate = _new_certificate(level_service.level_named(level_code))
    award_row.certificates.append(certificate)
    db.session.flush()
    certificate.pdf = render_pdf(award_row, level_service.level_named(level_code))
    audit.record("certificate.renew", user, obj=award_row, detail=f"{level_code} certificate={certificate.number}")
    db.session.commit()
    return certificate


def verify_url(number: str) -> str:
    """The public verification address of a certificate (LMS_BASE_URL, so it works outside requests too)."""
    return f"{current_app.config['BASE_URL']}/verify/{number}"


def render_pdf(award_row: LevelAward, level) -> bytes:
    """The certificate as an A4 landscape PDF (WeasyPrint, a CJK font, a QR code to the verification page)."""
    from weasyprint import HTML  # loaded on first use: it pulls in Pango and fonts

    certificate = award_row.certificates[-1]
    qr = segno.make(verify_url(certificate.number), error="m").svg_data_uri(scale=4, border=1)
    html = render_template(
        "certificates/certificate.html",
        award=award_row,
        certificate=certificate,
        level=level,
        user=db.session.get(User, award_row.user_id),
        qr=qr,
        url=verify_url(certificate.number),
    )
    return HTML(string=html, base_url=current_app.root_path).write_pdf()


def status(certificate: Certificate, today: date | None = None) -> str:
    """valid, expired or revoked."""
    if certificate.revoked_at is not None:
        return REVOKED
    return EXPIRED if certificate.expires_on < (today or timeutil.today()) else VALID


def by_number(text: str) -> Certificate | None:
    """The certificate with this number (as typed), or None; malformed numbers never reach the database."""
    number = certificate_number.normalise(text)
    if not certificate_number.valid(number):
        return None
    return db.session.scalar(sa.select(Certificate).where(Certificate.number == number))


def revoke(certificate: Certificate, reason: str, actor: User, ip: str | None = None) -> None:
    """Revoke with a reason (audited)."""
    certificate.revoked_at, certificate.revoked_reason, certificate.revoked_by_id = utcnow(), reason.strip(), actor.id
    audit.record("certificate.revoke", actor, obj=certificate, detail=f"{certificate.number}: {reason.strip()}")
    db.session.commit()


def of_user(user: User) -> list[Certificate]:
    """The user's certificates, newest first."""
    return list(
        db.session.scalars(
            sa.select(Certificate)
            .join(LevelAward)
            .where(LevelAward.user_id == user.id)
            .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
        )
    )


def expiring(user_ids: list[int], within_days: int = 30, today: date | None = None) -> list[Certificate]:
    """Valid certificates of these users that expire within ``within_days`` days."""
    today = today or timeutil.today()
    return list(
        db.session.scalars(
            sa.select(Certificate)
            .join(LevelAward)
            .where(
                LevelAward.user_id.in_(user_ids),
                Certificate.revoked_at.is_(None),
                Certificate.expires_on >= today,
                Certificate.expires_on <= today + relativedelta(days=within_days),
            )
        )
    )
