"""Quick-reply drill figures: was the right canned reply chosen, how faithfully was it reproduced, how fast.

Fidelity is 1 minus the edit distance between the canned text and what was typed, divided by
the longer of the two, after folding full-width/half-width forms (punctuation included) and
removing spaces: the seed asks for replies known word for word.
"""

import math
import re
import unicodedata
from dataclasses import dataclass

#: CJK punctuation NFKC leaves alone, mapped to its half-width counterpart.
PUNCTUATION = str.maketrans(
    {
        "。": ".",
        "、": ",",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "《": "<",
        "》": ">",
        "【": "[",
        "】": "]",
        "～": "~",
        "—": "-",
    }
)


def _folded(text: str) -> str:
    """Full-width to half-width (punctuation too), spaces removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).translate(PUNCTUATION))


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions and substitutions each cost 1)."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def fidelity(canned: str, typed: str) -> float:
    """How faithfully ``typed`` reproduces ``canned``, from 0 to 1."""
    a, b = _folded(canned), _folded(typed)
    longest = max(len(a), len(b))
    return 1.0 if longest == 0 else round(1 - edit_distance(a, b) / longest, 4)


@dataclass(frozen=True)
class Turn:
    """One customer message answered: right reply or not, fidelity (recall mode only), seconds taken."""

    right: bool
    fidelity: float | None
    seconds: float


@dataclass(frozen=True)
class SessionFigures:
    """A session's share of right replies, mean fidelity, and mean and 90th-percentile response times."""

    answered: int
    share_right: float
    mean_fidelity: float | None
    mean_seconds: float
    p90_seconds: float


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` 0.9 for the 90th) of a non-empty list."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def figures(turns: list[Turn]) -> SessionFigures:
    """The figures of a session from its answered turns."""
    if not turns:
        return SessionFigures(0, 0.0, None, 0.0, 0.0)
    fidelities = [t.fidelity for t in turns if t.fidelity is not None]
    seconds = [t.seconds for t in turns]
    return SessionFigures(
        answered=len(turns),
        share_right=round(sum(1 for t in turns if t.right) / len(turns), 4),
        mean_fidelity=round(sum(fidelities) / len(fidelities), 4) if fidelities else None,
        mean_seconds=round(sum(seconds) / len(seconds), 2),
        p90_seconds=round(percentile(seconds, 0.9), 2),
    )
