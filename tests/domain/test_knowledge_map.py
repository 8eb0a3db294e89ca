"""Predicted recall and the team knowledge map against figures computed by hand.

FSRS-6 with its default parameters: DECAY = -0.1542 and FACTOR = 0.9 ** (1 / DECAY) - 1 = 0.98035, so a card of
stability S last reviewed t whole days ago is recalled with probability (1 + 0.98035 t / S) ** -0.1542:
t = 0 → 1; t = S → 0.9 exactly (that is what stability means); t = 2S → 2.96069 ** -0.1542 = 0.84588;
t = 3, S = 10 → 1.29410 ** -0.1542 = 0.96102.
"""

from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from lms.domain import knowledge_map, recall

NOW = datetime(2026, 11, 30, 9, 0)
SCHEDULER = fsrs.Scheduler()


def memory(days: float | None, stability: float = 10.0, card_id: int = 1) -> recall.Memory:
    """A card in review, last answered ``days`` ago (None: never answered, no memory yet)."""
    reviewed = None if days is None else NOW - timedelta(days=days)
    return recall.Memory(
        card_id,
        state=2 if reviewed else 1,
        step=None if reviewed else 0,
        stability=stability if reviewed else None,
        difficulty=5.0 if reviewed else None,
        due=NOW,
        last_review=reviewed,
    )


@pytest.mark.parametrize(
    "days, stability, expected, likely",
    [
        (0, 10, 1.0, True),
        (10, 10, 0.9, True),  # one stability old: exactly the desired retention, which counts
        (20, 10, 0.84588, False),
        (3, 10, 0.96102, True),
        (3.9, 10, 0.96102, True),  # FSRS counts whole days elapsed
        (11, 10, (1 + 0.98035 * 1.1) ** -0.1542, False),
        (None, 10, 0.0, False),  # never answered: no memory yet
    ],
)
def test_retrievability_against_the_formula(days, stability, expected, likely):
    found = recall.retrievability(SCHEDULER, memory(days, stability), NOW)
    assert found == pytest.approx(expected, abs=5e-5)
    assert recall.likely_recalled(SCHEDULER, memory(days, stability), NOW) is likely


def test_aware_and_naive_times_are_the_same_instant():
    aware = memory(3)
    aware = recall.Memory(**{**aware.__dict__, "last_review": aware.last_review.replace(tzinfo=UTC)})
    assert recall.retrievability(SCHEDULER, aware, NOW) == recall.retrievability(SCHEDULER, memory(3), NOW)


def test_a_stricter_desired_retention_raises_the_bar():
    strict = fsrs.Scheduler(desired_retention=0.95)
    assert recall.likely_recalled(SCHEDULER, memory(3), NOW)  # 0.961 ≥ 0.9
    assert recall.likely_recalled(strict, memory(3), NOW)  # 0.961 ≥ 0.95
    assert not recall.likely_recalled(strict, memory(10), NOW)  # 0.9 < 0.95


FACTS = [
    knowledge_map.Fact(10, module_id=100, number=1),
    knowledge_map.Fact(11, module_id=100, number=2),
    knowledge_map.Fact(12, module_id=200, number=1),
]
#: Team 1: users 1, 2, 3; team 2: users 4, 5.
MEMBERS = {1: 1, 2: 1, 3: 1, 4: 2, 5: 2}


def figures(cards: dict[tuple[int, int], float | None]) -> knowledge_map.Map:
    """The map for cards given as (user, fact) → days since last answered (None: never answered)."""
    rows = [(user, fact, memory(days, card_id=n)) for n, ((user, fact), days) in enumerate(cards.items())]
    return knowledge_map.build(FACTS, MEMBERS, cards, knowledge_map.recalled_pairs(SCHEDULER, rows, NOW))


@pytest.mark.parametrize(
    "cards, expected_facts, expected_modules",
    [
        # user 1 recalls fact 10 (answered today) but not 11 (20 days, 0.846); user 2 recalls 10 (10 days, 0.9);
        # user 3 has no card: 10 is 2/3, 11 is 0/3, module 100 is 2 of 6 pairs. Team 2 began module 200
        # only (user 4's card, never answered): 12 is 0/2. Team 1 never began 200, team 2 never began 100.
        (
            {(1, 10): 0, (1, 11): 20, (2, 10): 10, (4, 12): None},
            [(1, 11, (), (1, 2, 3)), (2, 12, (), (4, 5)), (1, 10, (1, 2), (3,))],
            [(2, 200, 1, 0, 2), (1, 100, 2, 2, 6)],
        ),
        # everyone in team 2 recalls 12: 2/2; team 1 has no cards, so no rows
        (
            {(4, 12): 1, (5, 12): 3},
            [(2, 12, (4, 5), ())],
            [(2, 200, 1, 2, 2)],
        ),
        # one card of module 100 begins it for the team: both its facts are listed, the unread one at 0
        (
            {(3, 11): 2},
            [(1, 10, (), (1, 2, 3)), (1, 11, (3,), (1, 2))],
            [(1, 100, 2, 1, 6)],
        ),
        # a card of someone not on the map (another team's member, filtered out by scope) counts for nothing
        ({(9, 10): 0}, [], []),
        ({}, [], []),
    ],
)
def test_map_figures_weakest_first(cards, expected_facts, expected_modules):
    found = figures(cards)
    assert [(f.team_id, f.fact.id, f.recalling, f.forgetting) for f in found.facts] == expected_facts
    assert [(m.team_id, m.module_id, m.facts, m.recalled, m.pairs) for m in found.modules] == expected_modules


def test_shares_are_recalling_over_members_and_pairs():
    found = figures({(1, 10): 0, (1, 11): 20, (2, 10): 10})
    assert [round(f.share, 4) for f in found.facts] == [0.0, 0.6667]
    assert found.modules[0].share == pytest.approx(2 / 6)
    assert found.modules[0].share == pytest.approx(sum(f.share for f in found.facts) / 2)  # the mean of its facts
