"""The state definitions: certificate status and expiry, table-driven."""

from datetime import date, datetime

import pytest

from lms.domain.states import (
    CertificateFilter,
    CertificateStatus,
    CertificateWindow,
    certificate_status,
    certificate_window,
    expiring,
)

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


@pytest.mark.parametrize(
    ("wanted", "window"),
    [
        (CertificateFilter.REVOKED, CertificateWindow(True)),
        (CertificateFilter.EXPIRED, CertificateWindow(False, None, date(2026, 11, 30))),
        (CertificateFilter.VALID, CertificateWindow(False, TODAY, None)),
        (CertificateFilter.EXPIRING, CertificateWindow(False, TODAY, date(2026, 12, 31))),
    ],
)
def test_each_status_is_one_window(wanted, window):
    assert certificate_window(wanted, TODAY) == window


def test_the_windows_agree_with_the_status_and_never_overlap():
    for revoked_at in (None, REVOKED_AT):
        for offset in range(-40, 40):
            expires_on = date.fromordinal(TODAY.toordinal() + offset)
            status = certificate_status(revoked_at, expires_on, TODAY)
            inside = [f for f in CertificateFilter if certificate_window(f, TODAY).holds(revoked_at, expires_on)]
            statuses = [f for f in inside if f is not CertificateFilter.EXPIRING]
            assert statuses == [CertificateFilter(status.value)]
            assert (CertificateFilter.EXPIRING in inside) is expiring(revoked_at, expires_on, TODAY)
