"""Which reminders are due, and the SMTP URL, table-driven."""

from datetime import date, datetime

import pytest

from lms.domain import reminders, smtp_url
from lms.domain.reminders import (
    AssignmentFact,
    AwaitingFact,
    CertificateFact,
    Kind,
    PromotionFact,
)

TODAY = date(2026, 12, 1)


def assignment(due: date, done: bool = False) -> AssignmentFact:
    return AssignmentFact(7, 3, "mot-basics", "MOT服务技巧", due, done)


@pytest.mark.parametrize(
    ("due", "done", "kind"),
    [
        (date(2026, 12, 2), False, Kind.ASSIGNMENT_DUE),  # tomorrow
        (date(2026, 12, 2), True, None),  # done: nothing to remind
        (date(2026, 12, 1), False, None),  # due today: not tomorrow, not yet overdue
        (date(2026, 12, 3), False, None),  # the day after tomorrow
        (date(2026, 11, 30), False, Kind.ASSIGNMENT_OVERDUE),
        (date(2025, 1, 1), False, Kind.ASSIGNMENT_OVERDUE),
        (date(2026, 11, 30), True, None),
    ],
)
def test_assignment_due_tomorrow_or_overdue(due, done, kind):
    found = reminders.assignment_reminders([assignment(due, done)], TODAY)
    assert [r.kind for r in found] == ([kind] if kind else [])
    if kind:
        assert found[0].key == f"{kind}:7:{due.isoformat()}"
        assert found[0].user_id == 3
        assert found[0].payload == {
            "assignment_id": 7,
            "module": "mot-basics",
            "title": "MOT服务技巧",
            "due": due.isoformat(),
        }


def test_a_new_due_date_is_a_new_reminder():
    first = reminders.assignment_reminders([assignment(date(2026, 11, 20))], TODAY)
    second = reminders.assignment_reminders([assignment(date(2026, 11, 25))], TODAY)
    assert first[0].key != second[0].key


REVOKED = datetime(2026, 11, 1, 8, 0)


@pytest.mark.parametrize(
    ("expires_on", "revoked_at", "due"),
    [
        (date(2026, 12, 31), None, True),  # 30 days ahead
        (date(2027, 1, 1), None, False),  # 31 days ahead
        (TODAY, None, True),  # last valid day
        (date(2026, 11, 30), None, False),  # already expired
        (date(2026, 12, 15), REVOKED, False),  # revoked
    ],
)
def test_certificate_expiring_within_thirty_days(expires_on, revoked_at, due):
    fact = CertificateFact(11, 3, "junior", "ABCDEFGHJKLMN", expires_on, revoked_at)
    found = reminders.certificate_reminders([fact], TODAY)
    assert [r.key for r in found] == (["certificate-expiring:11"] if due else [])


@pytest.mark.parametrize(
    ("level", "exam", "ready", "qualifies", "due"),
    [
        ("intermediate", "promotion-intermediate", True, False, True),
        ("intermediate", "promotion-intermediate", False, False, False),  # another rule is missing
        ("intermediate", "promotion-intermediate", True, True, False),  # exam passed already: awarded, not invited
        (None, None, False, False, False),  # the top level is held
        ("intermediate", None, True, False, False),  # no exam to sit
    ],
)
def test_promotion_open_when_ready_for_the_exam(level, exam, ready, qualifies, due):
    fact = PromotionFact(3, level, exam, "中级晋级考试" if exam else None, ready, qualifies)
    found = reminders.promotion_reminders([fact])
    assert [r.key for r in found] == ([f"promotion-open:{level}"] if due else [])


@pytest.mark.parametrize(
    ("graders", "recipients"),
    [
        ((5,), [5]),
        ((5, 6), [5, 6]),  # every supervisor and designated grader who may grade the learner
        ((), []),  # no one may grade them yet (no supervisor, no grader)
    ],
)
def test_an_attempt_awaiting_grading_is_announced_to_its_graders(graders, recipients):
    found = reminders.grading_reminders([AwaitingFact(9, "李客服", "中级客服晋级考试", graders)])
    assert [r.user_id for r in found] == recipients
    assert all(r.key == "grading:attempt-9" and r.payload["attempt_id"] == 9 for r in found)


def test_every_kind_has_a_message_whose_parameters_its_payload_gives():
    today = TODAY
    samples = (
        reminders.assignment_reminders([assignment(date(2026, 12, 2)), assignment(date(2026, 11, 2))], today)
        + reminders.certificate_reminders([CertificateFact(1, 3, "junior", "N", date(2026, 12, 9), None)], today)
        + reminders.promotion_reminders([PromotionFact(3, "senior", "promotion-senior", "高级晋级考试", True, False)])
        + reminders.grading_reminders([AwaitingFact(1, "李", "晋级考试", (5,))])
    )
    assert {r.kind for r in samples} == set(Kind)
    for reminder in samples:
        reminders.MESSAGES[reminder.kind] % reminder.payload


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mail.example.com", ("mail.example.com", 25, None, None, False, False)),
        ("smtp://127.0.0.1:2525", ("127.0.0.1", 2525, None, None, False, False)),
        ("smtp+starttls://lms:p%40ss@mail.example.com:587", ("mail.example.com", 587, "lms", "p@ss", True, False)),
        ("smtp+starttls://lms:secret@mail.example.com", ("mail.example.com", 587, "lms", "secret", True, False)),
        ("smtps://lms:secret@mail.example.com", ("mail.example.com", 465, "lms", "secret", False, True)),
    ],
)
def test_smtp_url(url, expected):
    settings = smtp_url.parse(url)
    assert (
        settings.host,
        settings.port,
        settings.username,
        settings.password,
        settings.starttls,
        settings.ssl,
    ) == expected


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://mail.example.com", "must start with"),
        ("mail.example.com:25", "must start with"),
        ("smtp://", "no host"),
        ("smtp://host:port", "not a valid URL"),
    ],
)
def test_a_bad_smtp_url_says_what_is_wrong(url, says):
    with pytest.raises(ValueError, match=says):
        smtp_url.parse(url)


def test_a_bad_smtp_url_never_repeats_the_password():
    with pytest.raises(ValueError) as error:
        smtp_url.parse("smtp://lms:hunter2@host:notaport")
    assert "hunter2" not in str(error.value)
