"""How an answer to a review card becomes an FSRS rating: from whether it was right and how long it took.

FSRS (the scheduler Anki uses) asks, after each review, how well it went: Again, Hard, Good or Easy. Anki's
users press one of those buttons; our agents answer a question instead, so the rating is read from the answer:

- wrong: **Again** (forgotten; the card comes back the next day);
- right, but slowly: **Hard** (recalled with effort: the memory is weaker than a quick answer shows);
- right: **Good**;
- right and fast: **Easy** (recalled at once, as known by heart).

"Fast" and "slow" depend on the kind of card, because reading a choice question and its options takes longer
than a one-line fact, and typing a shortcut takes longer than tapping: the thresholds below are the time an agent
needs to read the card and answer it when it is known at once (fast) or after thinking it over (slow). A duration
the phone could not have measured (0, or longer than ``UNMEASURED_MS``: the phone was put away) says nothing about
effort, so such an answer is rated by correctness alone.

The values are FSRS's own (``fsrs.Rating``: 1–4); this module imports no scheduler (a test checks they agree).
"""

from dataclasses import dataclass

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@dataclass(frozen=True)
class Pace:
    """For one kind of card: right at or under ``fast_ms`` is Easy, right at or over ``slow_ms`` is Hard."""

    fast_ms: int
    slow_ms: int


#: By card kind: ``question`` (a quiz or exam question: read a stem and its options, or fill in a blank),
#: ``fact`` (a module's key fact: a one-line question, four short answers) and ``reply`` (a customer's
#: message: type the quick reply's shortcut, a few characters).
PACES = {
    "question": Pace(fast_ms=6_000, slow_ms=20_000),
    "fact": Pace(fast_ms=4_000, slow_ms=12_000),
    "reply": Pace(fast_ms=5_000, slow_ms=15_000),
}
#: Longer than this, the phone was put down or the screen locked: the time says nothing about recall.
UNMEASURED_MS = 5 * 60_000


def rating(kind: str, correct: bool, duration_ms: int | None) -> int:
    """The FSRS rating of an answer to a card of ``kind`` (see the module's text for why)."""
    if not correct:
        return AGAIN
    if duration_ms is None or duration_ms <= 0 or duration_ms > UNMEASURED_MS:
        return GOOD
    pace = PACES[kind]
    if duration_ms <= pace.fast_ms:
        return EASY
    if duration_ms >= pace.slow_ms:
        return HARD
    return GOOD
