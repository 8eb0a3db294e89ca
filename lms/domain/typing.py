"""Typing figures, defined once (the results page shows the same definitions).

Text is compared after Unicode NFC normalisation. Correct characters are the longest common
subsequence of what was typed and the target, so a skipped or doubled character (common with an
IME) costs one character, not the rest of the line. Chinese (``zh``) counts every character and
reports 字/分钟; English (``en``) reports words per minute with 5 characters to the word, spaces
included. ``seconds`` is always the server's measure of the time (in a timed test, the fixed time).

The alignment keeps within ``BAND`` characters of the diagonal, so a timed test's long text costs
time in proportion to what was typed, and skipping or doubling more than that is scored as errors.
A result counts as evidence only when it is complete (``COMPLETE``): a text typed to within 10% of
its end, or a timed test run to within 10% of its time.
"""

import functools
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

UNITS = {"zh": "字/分钟", "en": "WPM"}
#: Faster than this is not humanly possible with an IME or a keyboard: the result is refused.
CEILINGS = {"zh": 300.0, "en": 200.0}
#: How far (in characters) typed text may drift from the target before drift is scored as errors.
BAND = 100
#: The share of a text (or of a timed test's time) a result must reach to count for levels and targets.
COMPLETE = 0.9
#: The lengths of a timed test, in minutes.
TIMED_MINUTES = (1, 3, 5)


@dataclass(frozen=True)
class TypingScore:
    """Speeds in the unit of the language, accuracy from 0 to 1."""

    gross: float
    net: float
    accuracy: float
    unit: str
    typed: int
    correct: int


class _Table:
    """Longest-common-subsequence lengths of the suffixes ``a[i:]``, ``b[j:]``, for ``|i - j| <= BAND``.

    A cell outside the band counts as 0, as if the alignment ended there.
    """

    def __init__(self, a: str, b: str) -> None:
        self.width = 2 * BAND + 1
        self.lengths = (len(a), len(b))
        self.rows = [[0] * self.width for _ in range(len(a) + 1)]
        for i in range(len(a) - 1, -1, -1):
            row, below = self.rows[i], self.rows[i + 1]
            for k in range(min(self.width - 1, len(b) - 1 - i + BAND), max(0, BAND - i) - 1, -1):
                j = i - BAND + k
                if a[i] == b[j]:
                    row[k] = below[k] + 1
                else:
                    row[k] = max(below[k - 1] if k else 0, row[k + 1] if k + 1 < self.width else 0)

    def __call__(self, i: int, j: int) -> int:
        """The LCS length of ``a[i:]`` and ``b[j:]`` (within the band)."""
        if i >= self.lengths[0] or j >= self.lengths[1] or abs(i - j) > BAND:
            return 0
        return self.rows[i][j - i + BAND]


def correct_characters(target: str, typed: str) -> int:
    """Length of the longest common subsequence of the two texts (after NFC): the ``ok`` runs of the alignment."""
    return sum(len(chunk) for kind, chunk in alignment(target, typed) if kind == "ok")


def too_fast(characters: int, seconds: float, lang: str) -> bool:
    """Whether ``characters`` in ``seconds`` is faster than anyone types (the language's ceiling)."""
    per_unit = 5 if lang == "en" else 1
    return seconds <= 0 or characters / per_unit / (seconds / 60) > CEILINGS[lang]


def score(target: str, typed: str, seconds: float, lang: str) -> TypingScore:
    """Gross speed, net speed and accuracy of ``typed`` against ``target`` over ``seconds``."""
    if seconds <= 0:
        raise ValueError("seconds must be positive")
    if lang not in UNITS:
        raise ValueError(f"unknown language {lang!r}")
    typed_count = len(unicodedata.normalize("NFC", typed))
    correct = correct_characters(target, typed)
    per_unit = 5 if lang == "en" else 1
    minutes = seconds / 60
    return TypingScore(
        gross=round(typed_count / per_unit / minutes, 1),
        net=round(correct / per_unit / minutes, 1),
        accuracy=round(correct / typed_count, 4) if typed_count else 0.0,
        unit=UNITS[lang],
        typed=typed_count,
        correct=correct,
    )


def alignment(target: str, typed: str) -> list[tuple[str, str]]:
    """The typed text against the target as (kind, text) runs: ``ok``, ``extra`` (typed, not in target), ``missing``."""
    return list(_alignment(target, typed))


@functools.lru_cache(maxsize=8)
def _alignment(target: str, typed: str) -> tuple[tuple[str, str], ...]:
    """The alignment, computed once for the figures, the share reached and the misses of one result."""
    target, typed = unicodedata.normalize("NFC", target), unicodedata.normalize("NFC", typed)
    table = _Table(typed, target)
    runs: list[tuple[str, str]] = []

    def add(kind: str, char: str) -> None:
        if runs and runs[-1][0] == kind:
            runs[-1] = (kind, runs[-1][1] + char)
        else:
            runs.append((kind, char))

    i = j = 0
    while i < len(typed) and j < len(target):
        if typed[i] == target[j]:
            add("ok", typed[i])
            i, j = i + 1, j + 1
        elif table(i + 1, j) >= table(i, j + 1):
            add("extra", typed[i])
            i += 1
        else:
            add("missing", target[j])
            j += 1
    for char in typed[i:]:
        add("extra", char)
    for char in target[j:]:
        add("missing", char)
    return tuple(runs)


def _rest(runs: list[tuple[str, str]]) -> int:
    """How many target characters lie after the last typed one (the final ``missing`` run)."""
    return len(runs[-1][1]) if runs and runs[-1][0] == "missing" else 0


def reached(target: str, typed: str) -> float:
    """The share of ``target`` reached: the end of the matched part, but no further than the characters typed.

    Typing the start and then the last character reaches only as far as was typed.
    """
    target_n = len(unicodedata.normalize("NFC", target))
    if not target_n:
        return 1.0
    end = target_n - _rest(alignment(target, typed))
    return round(min(end, len(unicodedata.normalize("NFC", typed))) / target_n, 4)


def timed_reached(seconds: float, duration: int) -> float:
    """The share of a timed test's ``duration`` (seconds) run before it was handed in."""
    return round(min(seconds / duration, 1.0), 4)


def complete(share: float | None) -> bool:
    """Whether a result reached enough of its text (or time) to count for levels and targets."""
    return share is not None and share >= COMPLETE


def misses(target: str, typed: str) -> dict[str, list[int]]:
    """Per target character up to where typing stopped: [times in the text, times missed or typed wrong]."""
    found: dict[str, list[int]] = {}
    runs = alignment(target, typed)
    for kind, chunk in runs[: len(runs) - 1] if _rest(runs) else runs:
        if kind == "extra":
            continue
        for char in chunk:
            seen = found.setdefault(char, [0, 0])
            seen[0] += 1
            seen[1] += kind == "missing"
    return found


@dataclass(frozen=True)
class Miss:
    """A character a learner misses: how often it came up and how often it was missed."""

    char: str
    seen: int
    missed: int

    @property
    def rate(self) -> float:
        """The share of its appearances missed."""
        return self.missed / self.seen if self.seen else 0.0


def worst(tallies: Iterable[dict[str, list[int]] | None], count: int = 10) -> list[Miss]:
    """The ``count`` characters missed most over these results' tallies (most misses first, then highest rate)."""
    seen: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for tally in tallies:
        for char, (times, wrong) in (tally or {}).items():
            seen[char] += times
            missed[char] += wrong
    found = [Miss(char, seen[char], wrong) for char, wrong in missed.items() if wrong]
    return sorted(found, key=lambda m: (-m.missed, -m.rate, m.char))[:count]
