"""How long a module really takes, estimated from its text, and the least time a section must stay open.

Reading: every Chinese character (U+3400–U+9FFF) and every ASCII word (a run of [A-Za-z0-9]) counts
one, at 300 a minute, in all the text a learner reads: section titles, Markdown, blocks (a check's
question and answer, a role-play, a job aid) and what a directive renders. Practice: 2 minutes per
check and 10 per role-play. The intro before the first section counts towards the first section.

A declared time (the ``minutes:`` of the file) is true when its total is within 20% of the estimate.

The server keeps a section from being marked read before it has been open for half its reading
time (``MINIMUM_SHARE``): about 600 characters a minute, a quick skim, so a learner who reads
honestly never waits, and a 60-minute module cannot be clicked through in seconds. The practice
time of checks and role-plays is left out: practice happens with a partner or away from the page.
"""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from lms.domain.course_file import CourseFile, Part, PartKind

PER_MINUTE = 300
CHECK_MINUTES = 2
ROLEPLAY_MINUTES = 10
#: How far the declared total may be from the estimate, as a share of the estimate.
TOLERANCE = 0.2
#: The share of a section's reading time it must stay open before it may be marked read.
MINIMUM_SHARE = 0.5
UNITS = re.compile(r"[\u3400-\u9fff]|[A-Za-z0-9]+")


def units(text: str) -> int:
    """What reading time counts in ``text``: Chinese characters plus ASCII words."""
    return len(UNITS.findall(text))


@dataclass(frozen=True)
class SectionTime:
    """One section's estimate: what there is to read, and its checks and role-plays."""

    units: int
    checks: int = 0
    roleplays: int = 0

    @property
    def reading_seconds(self) -> int:
        """The reading time alone, in whole seconds (rounded up)."""
        return math.ceil(self.units * 60 / PER_MINUTE)

    @property
    def minutes(self) -> float:
        """Reading plus practice, in minutes."""
        return self.units / PER_MINUTE + CHECK_MINUTES * self.checks + ROLEPLAY_MINUTES * self.roleplays


def part_units(part: Part, directives: Mapping[str, str]) -> int:
    """What one part gives to read (a directive: the text it renders)."""
    if part.kind is PartKind.DIRECTIVE:
        return units(directives[part.title])
    return units(part.title) + units(part.markdown)


def parts_time(parts: Iterable[Part], directives: Mapping[str, str], heading: str = "") -> SectionTime:
    """The estimate of some parts (and the heading above them)."""
    parts = list(parts)
    return SectionTime(
        units(heading) + sum(part_units(p, directives) for p in parts),
        sum(p.kind is PartKind.CHECK for p in parts),
        sum(p.kind is PartKind.ROLEPLAY for p in parts),
    )


def section_times(course: CourseFile, directives: Mapping[str, str]) -> list[SectionTime]:
    """Each section's own estimate (its title and body), in order; the intro is not in any."""
    return [parts_time(s.parts, directives, s.title) for s in course.sections]


def estimate_minutes(course: CourseFile, directives: Mapping[str, str]) -> float:
    """The whole module's estimate in minutes: the intro, then every section."""
    return parts_time(course.intro_parts, directives).minutes + sum(
        t.minutes for t in section_times(course, directives)
    )


def is_true(declared: int, estimated: float) -> bool:
    """Whether a declared total is within ``TOLERANCE`` of the estimate."""
    return abs(declared - estimated) <= TOLERANCE * estimated


def minimum_seconds(reading_seconds: int) -> int:
    """How long a section must have been open before it may be marked read."""
    return math.ceil(MINIMUM_SHARE * reading_seconds)


def seconds_left(reading_seconds: int, open_for: float | None) -> int:
    """Seconds still to wait before marking read, given how long the section has been open (None: never opened)."""
    return max(0, math.ceil(minimum_seconds(reading_seconds) - (open_for or 0.0)))
