"""Typing figures, defined once (the results page shows the same definitions).

Text is compared after Unicode NFC normalisation. Correct characters are the longest common
subsequence of what was typed and the target, so a skipped or doubled character (common with an
IME) costs one character, not the rest of the line. Chinese (``zh``) counts every character and
reports 字/分钟; English (``en``) reports words per minute with 5 characters to the word, spaces
included. ``seconds`` is always the server's measure of the time.
"""

import unicodedata
from dataclasses import dataclass

UNITS = {"zh": "字/分钟", "en": "WPM"}
#: Faster than this is not humanly possible with an IME or a keyboard: the result is refused.
CEILINGS = {"zh": 300.0, "en": 200.0}


@dataclass(frozen=True)
class TypingScore:
    """Speeds in the unit of the language, accuracy from 0 to 1."""

    gross: float
    net: float
    accuracy: float
    unit: str
    typed: int
    correct: int


def _lcs_table(a: str, b: str) -> list[list[int]]:
    """Longest-common-subsequence lengths of every pair of suffixes of ``a`` and ``b``."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(len(b) - 1, -1, -1):
            row[j] = below[j + 1] + 1 if a[i] == b[j] else max(below[j], row[j + 1])
    return table


def correct_characters(target: str, typed: str) -> int:
    """Length of the longest common subsequence of the two texts (after NFC)."""
    target, typed = unicodedata.normalize("NFC", target), unicodedata.normalize("NFC", typed)
    return _lcs_table(target, typed)[0][0] if target and typed else 0


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
    target, typed = unicodedata.normalize("NFC", target), unicodedata.normalize("NFC", typed)
    table = _lcs_table(typed, target)
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
        elif table[i + 1][j] >= table[i][j + 1]:
            add("extra", typed[i])
            i += 1
        else:
            add("missing", target[j])
            j += 1
    for char in typed[i:]:
        add("extra", char)
    for char in target[j:]:
        add("missing", char)
    return runs
