"""One clock: only lms/timeutil reads it; "today" and shown times are LMS_TIMEZONE's, stored times UTC."""

import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from flask import Flask
from flask_babel import Babel, force_locale

from lms import timefmt, timeutil

LMS = Path(timeutil.__file__).resolve().parent
CLOCK_READS = re.compile(r"\b(?:date\.today|datetime\.(?:now|today|utcnow))\(")
SHANGHAI, LOS_ANGELES = ZoneInfo("Asia/Shanghai"), ZoneInfo("America/Los_Angeles")


def clock_reads(source: str) -> list[str]:
    """The lines of ``source`` that read the clock directly."""
    return [line.strip() for line in source.splitlines() if CLOCK_READS.search(line)]


@pytest.mark.parametrize(
    "line, reads",
    [
        ("issued = date.today()", True),
        ("stamp = datetime.now(UTC)", True),
        ("stamp = dt.datetime.utcnow()", True),
        ("stamp = datetime.datetime.today()", True),
        ("issued = timeutil.today()", False),
        ("stamp = utcnow()", False),
        ("if a.due_date < today():", False),
    ],
)
def test_the_clock_read_pattern_finds_direct_reads_and_only_those(line, reads):
    assert bool(clock_reads(line)) is reads


def test_nothing_in_lms_but_timeutil_reads_the_clock():
    offenders = [
        f"{path.relative_to(LMS.parent)}: {line}"
        for path in sorted(LMS.rglob("*.py"))
        if path.name != "timeutil.py" or path.parent != LMS
        for line in clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "instant, zone, expected",
    [
        ("2026-11-30T16:30:00+00:00", "Asia/Shanghai", date(2026, 12, 1)),  # 00:30 in Shanghai
        ("2026-11-30T15:59:59+00:00", "Asia/Shanghai", date(2026, 11, 30)),  # 23:59:59 in Shanghai
        ("2026-12-31T16:00:00+00:00", "Asia/Shanghai", date(2027, 1, 1)),  # the new year starts in Shanghai first
        ("2026-12-01T07:30:00+00:00", "America/Los_Angeles", date(2026, 11, 30)),  # still the evening before
        ("2026-12-01T08:30:00+00:00", "America/Los_Angeles", date(2026, 12, 1)),
        ("2026-11-30T16:30:00+00:00", "UTC", date(2026, 11, 30)),
    ],
)
def test_today_is_the_date_in_lms_timezone_whatever_the_process_zone(monkeypatch, instant, zone, expected):
    monkeypatch.setenv("LMS_TIMEZONE", zone)
    with time_machine.travel(instant, tick=False):
        assert timeutil.today() == expected
        assert timeutil.now() == datetime.fromisoformat(instant) and timeutil.now().tzinfo is UTC
        assert timeutil.utcnow() == datetime.fromisoformat(instant).replace(tzinfo=None)


def test_an_app_reads_its_own_timezone_setting_before_the_environment(monkeypatch):
    monkeypatch.setenv("LMS_TIMEZONE", "Asia/Shanghai")
    app = Flask(__name__)
    app.config["TIMEZONE"] = "America/Los_Angeles"
    with time_machine.travel("2026-12-01T07:30:00+00:00", tick=False):
        assert timeutil.today() == date(2026, 12, 1)
        with app.app_context():
            assert timeutil.today() == date(2026, 11, 30) and timeutil.zone() == LOS_ANGELES


def test_without_a_setting_the_zone_is_shanghai(monkeypatch):
    monkeypatch.delenv("LMS_TIMEZONE", raising=False)
    assert timeutil.zone() == SHANGHAI


@pytest.mark.parametrize(
    "stored, zone, expected",
    [
        (datetime(2026, 11, 30, 16, 30), SHANGHAI, datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI)),  # naive is UTC
        (datetime(2026, 11, 30, 16, 30, tzinfo=UTC), SHANGHAI, datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI)),
        (
            datetime(2026, 12, 1, 0, 30, tzinfo=timezone(timedelta(hours=8))),
            SHANGHAI,
            datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI),
        ),
        (datetime(2026, 1, 15, 12, 0), LOS_ANGELES, datetime(2026, 1, 15, 4, 0, tzinfo=LOS_ANGELES)),  # PST, UTC-8
        (datetime(2026, 7, 15, 12, 0), LOS_ANGELES, datetime(2026, 7, 15, 5, 0, tzinfo=LOS_ANGELES)),  # PDT, UTC-7
    ],
)
def test_local_turns_a_stored_time_into_lms_timezone(monkeypatch, stored, zone, expected):
    monkeypatch.setenv("LMS_TIMEZONE", zone.key)
    shown = timeutil.local(stored)
    assert (shown.replace(tzinfo=None), shown.utcoffset()) == (expected.replace(tzinfo=None), expected.utcoffset())


@pytest.fixture
def babel_app():
    """A bare app with Babel, Chinese by default, in Shanghai."""
    app = Flask(__name__)
    app.config.update(TIMEZONE="Asia/Shanghai", BABEL_DEFAULT_LOCALE="zh_CN")
    Babel(app)
    with app.test_request_context():
        yield app


@pytest.mark.parametrize(
    "locale, options, expected",
    [
        ("zh_CN", {}, "2026年12月1日 00:30"),
        ("zh_CN", {"seconds": True}, "2026年12月1日 00:30:05"),
        ("zh_CN", {"year": False}, "12月1日 00:30"),
        ("en", {}, "Dec 1, 2026, 12:30\u202fAM"),
        ("en", {"year": False}, "Dec 1, 12:30\u202fAM"),
    ],
)
def test_localtime_shows_a_stored_utc_time_in_the_zone_and_language(babel_app, locale, options, expected):
    with force_locale(locale):
        assert timefmt.localtime(datetime(2026, 11, 30, 16, 30, 5), **options) == expected


@pytest.mark.parametrize(
    "value, locale, expected",
    [
        (datetime(2026, 11, 30, 16, 30), "zh_CN", "2026年12月1日"),  # a stored time: its date in Shanghai
        (datetime(2026, 11, 30, 15, 59), "zh_CN", "2026年11月30日"),
        (date(2026, 11, 30), "zh_CN", "2026年11月30日"),  # a date is already a local date
        (date(2026, 11, 30), "en", "Nov 30, 2026"),
        (None, "zh_CN", ""),
    ],
)
def test_localdate_shows_the_local_date(babel_app, value, locale, expected):
    with force_locale(locale):
        assert timefmt.localdate(value) == expected


def test_formats_kept_for_one_language_are_not_shown_in_another(babel_app):
    moment, seen = datetime(2026, 11, 30, 16, 30, 5), []
    for locale in ("zh_CN", "en", "zh_CN", "en"):
        with force_locale(locale):
            seen.append((timefmt.localdate(moment), timefmt.localtime(moment), timefmt.localtime(moment, seconds=True)))
    zh = ("2026年12月1日", "2026年12月1日 00:30", "2026年12月1日 00:30:05")
    en = ("Dec 1, 2026", "Dec 1, 2026, 12:30\u202fAM", "Dec 1, 2026, 12:30:05\u202fAM")
    assert seen == [zh, en, zh, en]
