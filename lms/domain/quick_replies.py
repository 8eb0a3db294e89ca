"""Quick-reply drill figures: was the right canned reply chosen, how faithfully was it reproduced, how fast.

Fidelity is 1 minus the edit distance between the canned text and what was typed, divided by
the longer of the two, after folding full-width/half-width forms (punctuation included) and
removing spaces: the seed asks for replies known word for word.

In recall mode a typed reply is judged against the replies accepted for the message shown, and
nothing else: it is right when its fidelity to the closest of them reaches the threshold set for
the drill (1.0, 一字不差, unless a supervisor allowed 0.95), and refused when it was typed faster
than anyone types (``lms.domain.typing.too_fast``).
"""

import math
import re
import unicodedata
from dataclasses import dataclass

from lms.domain import N_, typing

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


#: The fidelity a recall answer must reach, and what each is called.
EXACT, NEAR = 1.0, 0.95
THRESHOLDS = {EXACT: N_("一字不差"), NEAR: N_("基本一致（一致度 ≥ 95%%）")}
TOO_FAST = "too_fast"
#: Replies are Chinese: the Chinese typing ceiling applies.
LANG = "zh"


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


def difference(canned: str, typed: str) -> list[tuple[str, str]]:
    """The typed reply against the canned one, as the typing result shows it (after the same folding)."""
    return typing.alignment(_folded(canned), _folded(typed))


@dataclass(frozen=True)
class Judgement:
    """A recall answer judged: the closest accepted reply, the fidelity to it, right or not, why refused."""

    slug: str | None
    fidelity: float
    right: bool
    refused: str | None


def judge(accepted: dict[str, str], typed: str, seconds: float, threshold: float) -> Judgement:
    """Judge ``typed`` against the replies ``accepted`` for this message (slug to text), answered in ``seconds``."""
    if not accepted:
        return Judgement(None, 0.0, False, None)
    slug = max(sorted(accepted), key=lambda s: fidelity(accepted[s], typed))
    score = fidelity(accepted[slug], typed)
    if typing.too_fast(len(_folded(typed)), seconds, LANG):
        return Judgement(slug, score, False, TOO_FAST)
    return Judgement(slug, score, score >= threshold, None)


@dataclass(frozen=True)
class Turn:
    """One customer message answered: right or not, fidelity (recall mode only), seconds taken, refused or not."""

    right: bool
    fidelity: float | None
    seconds: float
    refused: bool = False


@dataclass(frozen=True)
class SessionFigures:
    """A session's share of right replies, mean fidelity, mean and 90th-percentile response times, refused answers.

    A refused answer counts as wrong in the share and is left out of the fidelity and the times.
    """

    answered: int
    refused: int
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
        return SessionFigures(0, 0, 0.0, None, 0.0, 0.0)
    kept = [t for t in turns if not t.refused]
    fidelities = [t.fidelity for t in kept if t.fidelity is not None]
    seconds = [t.seconds for t in kept] or [0.0]
    return SessionFigures(
        answered=len(turns),
        refused=len(turns) - len(kept),
        share_right=round(sum(1 for t in kept if t.right) / len(turns), 4),
        mean_fidelity=round(sum(fidelities) / len(fidelities), 4) if fidelities else None,
        mean_seconds=round(sum(seconds) / len(seconds), 2),
        p90_seconds=round(percentile(seconds, 0.9), 2),
    )
