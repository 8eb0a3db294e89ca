"""The team knowledge map: which key facts of which modules a team is likely to recall today.

What the figures mean (the page says the same):
- A member *recalls* a key fact when FSRS predicts they would recall its review card now with a
  probability at least the desired retention (0.9 by default; ``lms.domain.recall``). A member without
  a card for the fact (the module not read yet) or whose card was never answered does not recall it.
- A fact's figure is the share of the team's members who recall it: recalling ÷ members.
- A module's figure is the share of (member, fact) pairs recalled over the module's key facts: the mean of
  its facts' figures.
- A team's map lists the modules at least one of its members has a key-fact card of (the modules the team
  has begun); modules nobody has read would only fill the top of the list with zeros.
- Weakest first: the lowest share first, then by module and the fact's place in it.
The members below the threshold for a fact are the ones a refresher of its section goes to.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import fsrs

from lms.domain import recall


@dataclass(frozen=True)
class Fact:
    """A key fact: its id, its module and its place in the module's list."""

    id: int
    module_id: int
    number: int


@dataclass(frozen=True)
class FactFigure:
    """One fact for one team: who recalls it and who does not."""

    team_id: int
    fact: Fact
    recalling: tuple[int, ...]
    #: Members below the threshold (no card, never answered, or retrievability under it), by user id.
    forgetting: tuple[int, ...]

    @property
    def members(self) -> int:
        """How many members the figure counts."""
        return len(self.recalling) + len(self.forgetting)

    @property
    def share(self) -> float:
        """The share of the team that recalls the fact (0 for a team without members)."""
        return len(self.recalling) / self.members if self.members else 0.0


@dataclass(frozen=True)
class ModuleFigure:
    """One module for one team: (member, fact) pairs recalled of all its key facts' pairs."""

    team_id: int
    module_id: int
    facts: int
    recalled: int
    pairs: int

    @property
    def share(self) -> float:
        """The share of pairs recalled (the mean of the module's fact shares)."""
        return self.recalled / self.pairs if self.pairs else 0.0


@dataclass(frozen=True)
class Map:
    """A map's figures, weakest first."""

    facts: list[FactFigure]
    modules: list[ModuleFigure]


def recalled_pairs(
    scheduler: fsrs.Scheduler, cards: Iterable[tuple[int, int, recall.Memory]], now: datetime
) -> set[tuple[int, int]]:
    """The (user id, fact id) pairs whose card the user is likely to recall at ``now``."""
    return {(user_id, fact_id) for user_id, fact_id, memory in cards if recall.likely_recalled(scheduler, memory, now)}


def build(
    facts: Iterable[Fact],
    members: Mapping[int, int],
    carded: Iterable[tuple[int, int]],
    recalled: set[tuple[int, int]],
) -> Map:
    """The map of every team in ``members`` (user id → team id) over ``facts``.

    ``carded`` holds the (user id, fact id) pairs that have a card (whatever its memory), which says which
    modules each team has begun; ``recalled`` the pairs likely recalled (``recalled_pairs``).
    """
    facts = list(facts)
    module_of = {fact.id: fact.module_id for fact in facts}
    teams: dict[int, list[int]] = {}
    for user_id, team_id in sorted(members.items()):
        teams.setdefault(team_id, []).append(user_id)
    begun = {
        (members[user_id], module_of[fact_id])
        for user_id, fact_id in carded
        if user_id in members and fact_id in module_of
    }
    figures = []
    for team_id, people in teams.items():
        for fact in facts:
            if (team_id, fact.module_id) in begun:
                recalls = tuple(p for p in people if (p, fact.id) in recalled)
                figures.append(
                    FactFigure(team_id, fact, recalls, tuple(p for p in people if (p, fact.id) not in recalled))
                )
    figures.sort(key=lambda f: (f.share, f.fact.module_id, f.fact.number, f.team_id))
    return Map(figures, _modules(figures))


def _modules(figures: list[FactFigure]) -> list[ModuleFigure]:
    """Each (team, module) of the fact figures, totalled, weakest first."""
    totals: dict[tuple[int, int], list[int]] = {}
    for figure in figures:
        total = totals.setdefault((figure.team_id, figure.fact.module_id), [0, 0, 0])
        total[0] += 1
        total[1] += len(figure.recalling)
        total[2] += figure.members
    modules = [ModuleFigure(team, module, *total) for (team, module), total in totals.items()]
    return sorted(modules, key=lambda m: (m.share, m.module_id, m.team_id))
