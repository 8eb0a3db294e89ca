"""The complaint-handling competency model (seed 002, Table 2): 11 indicators in 3 groups, with combined weights.

A supervisor rates each indicator 1-5; the score is the mean weighted by the seed's combined weights.
The group names are ours; the indicators and weights are the seed's.
"""

import math

from lms.domain import N_

#: (code, name, combined weight in %), grouped as the seed groups them (38.15 / 33.47 / 28.38).
GROUPS = [
    (
        N_("专业知识与技能"),
        [
            ("customer_info", N_("客户信息解读"), 9.24),
            ("product_knowledge", N_("产品知识"), 8.58),
            ("understanding_needs", N_("理解客户需求"), 10.35),
            ("fitting_solutions", N_("提供适配方案"), 9.98),
        ],
    ),
    (
        N_("个人素质"),
        [
            ("communication", N_("沟通能力"), 11.55),
            ("self_management", N_("自我管理"), 10.10),
            ("teamwork", N_("团队协作"), 7.11),
            ("self_motivation", N_("自我激励"), 4.71),
        ],
    ),
    (
        N_("学习与发展"),
        [
            ("learning", N_("学习与应用"), 8.86),
            ("reflection", N_("反思实践"), 10.38),
            ("it_skills", N_("信息技术能力（含约 80 字/分钟打字）"), 9.14),
        ],
    ),
]
INDICATORS = [indicator for _, indicators in GROUPS for indicator in indicators]
WEIGHTS = {code: weight for code, _, weight in INDICATORS}


def weighted_score(ratings: dict[str, int]) -> float:
    """The weighted mean of the 11 ratings (1-5); every indicator must be rated."""
    if set(ratings) != set(WEIGHTS) or not all(isinstance(r, int) and 1 <= r <= 5 for r in ratings.values()):
        raise ValueError("every indicator needs a rating from 1 to 5")
    return round(sum(WEIGHTS[code] * rating for code, rating in ratings.items()) / sum(WEIGHTS.values()), 2)


def radar_points(ratings: dict[str, int], radius: float = 100.0, centre: float = 120.0) -> list[tuple[float, float]]:
    """Polygon corners for a radar chart of the ratings (indicator order), 5 at ``radius``."""
    points = []
    for index, (code, _, _) in enumerate(INDICATORS):
        angle = -math.pi / 2 + 2 * math.pi * index / len(INDICATORS)
        length = radius * ratings.get(code, 0) / 5
        points.append((round(centre + length * math.cos(angle), 1), round(centre + length * math.sin(angle), 1)))
    return points
