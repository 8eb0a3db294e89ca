"""The state definitions: certificate status and expiry, table-driven."""

from datetime import date, datetime

import pytest

from lms.domain.states import CertificateStatus, certificate_status, expiring

TODAY = date(2026, 12, 1)
REVOKED_AT = datetime(2026, 11, 1, 8, 0)


@pytest.mark.parametrize(
    ("revoked_at", "expires_on", "status"),
    [
        (None, date(2027, 1, 1), CertificateStatus.VALID),
        (None, TODAY, CertificateStatus.VALID),  # the expiry date is the last valid day
        (None, date(2026, 11, 30), CertificateStatus.EXPIRED),
        (REVOKED_AT, date(2027, 1, 1), CertificateStatus.REVOKED),
        (REVOKED_AT, date(2026, 1, 1), CertificateStatus.REVOKED),  # revocation wins over expiry
    ],
)
def test_certificate_status(revoked_at, expires_on, status):
    assert certificate_status(revoked_at, expires_on, TODAY) is status


@pytest.mark.parametrize(
    ("revoked_at", "expires_on", "soon"),
    [
        (None, date(2026, 12, 31), True),
        (None, date(2027, 1, 1), False),
        (None, TODAY, True),
        (None, date(2026, 11, 30), False),  # already expired
        (REVOKED_AT, date(2026, 12, 15), False),
    ],
)
def test_expiring_within_thirty_days(revoked_at, expires_on, soon):
    assert expiring(revoked_at, expires_on, TODAY) is soon
