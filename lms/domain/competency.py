"""The complaint-handling competency model (seed 002, Tables 1 and 2): 11 indicators in 3 groups, with their weights.

The group names, which indicator belongs to which group, the group weights and the combined weights are
the seed's (Table 2), as are the indicator names. A supervisor rates each indicator 1-5; the score is the
mean weighted by the combined weights. What a 1, a 3 and a 5 look like (``ANCHORS``) is written in our
words from the seed's definition of each indicator (Table 1).
"""

import math

from lms.domain import N_

#: The seed's three first-level indicators, each with its second-level ones: (code, name, combined weight in %).
GROUPS = [
    (
        N_("解决具体问题的专业能力"),
        [
            ("customer_info", N_("客户信息解读能力"), 9.24),
            ("product_knowledge", N_("产品知识运用能力"), 8.58),
            ("understanding_needs", N_("理解客户需求能力"), 10.35),
            ("fitting_solutions", N_("提供适合产品或服务的能力"), 9.98),
        ],
    ),
    (
        N_("以客户为中心的服务能力"),
        [
            ("communication", N_("人际沟通能力"), 11.55),
            ("self_management", N_("自我管理能力"), 10.10),
            ("teamwork", N_("团队协作能力"), 7.11),
            ("self_motivation", N_("自我激励能力"), 4.71),
        ],
    ),
    (
        N_("基于实践的学习能力"),
        [
            ("learning", N_("持续获取知识及应用能力"), 8.86),
            ("reflection", N_("反思实践能力"), 10.38),
            ("it_skills", N_("信息技术应用能力"), 9.14),
        ],
    ),
]
#: The weight of each first-level indicator in % (Table 2): the sum of its indicators' combined weights.
GROUP_WEIGHTS = {
    N_("解决具体问题的专业能力"): 38.15,
    N_("以客户为中心的服务能力"): 33.47,
    N_("基于实践的学习能力"): 28.38,
}
INDICATORS = [indicator for _, indicators in GROUPS for indicator in indicators]
WEIGHTS = {code: weight for code, _, weight in INDICATORS}
NAMES = {code: name for code, name, _ in INDICATORS}

#: Short names for the axes of the radar chart (the table beside it gives the full names).
SHORT_NAMES = {
    "customer_info": N_("信息解读"),
    "product_knowledge": N_("产品"),
    "understanding_needs": N_("理解需求"),
    "fitting_solutions": N_("适配方案"),
    "communication": N_("沟通"),
    "self_management": N_("自控"),
    "teamwork": N_("协作"),
    "self_motivation": N_("激励"),
    "learning": N_("学习应用"),
    "reflection": N_("反思"),
    "it_skills": N_("信息技术"),
}

#: The behaviour a rating of 1, 3 and 5 stands for, per indicator (2 and 4 lie between).
ANCHORS = {
    "customer_info": {
        1: N_("常抓不住客户话里的重点，要客户反复说明；记下的诉求与客户本意不符。"),
        3: N_("能听懂客户的主要意思并复述确认，一般情况下能记准真实诉求；客户表达混乱时仍会遗漏。"),
        5: N_("客户情绪激动、说得零散时，也能迅速抓住真实诉求和言外之意，复述一次就得到客户认可。"),
    },
    "product_knowledge": {
        1: N_("对产品的功能、价格和政策只知大概，回答常出错，或要频繁转问别人。"),
        3: N_("熟悉常见产品的功能、价值和收费，能独立解决大多数常规的产品问题。"),
        5: N_("对产品的核心功能、客户价值和价格构成了如指掌，能结合客户情况讲清利弊，解决少见的疑难问题并指导同事。"),
    },
    "understanding_needs": {
        1: N_("只按流程办事，体会不到客户的不满和感受，回应生硬，容易激化情绪。"),
        3: N_("客户不满时能表达理解和歉意，回应大体得当，但换位思考还不够主动。"),
        5: N_("始终站在客户角度体会产品和服务的价值，能察觉客户没说出口的感受，回应恰当，让客户感到被理解。"),
    },
    "fitting_solutions": {
        1: N_("只会给出一个标准答复，方案常常满足不了客户的合理要求。"),
        3: N_("能在公司规定内提出一个可行方案，多数客户能够接受。"),
        5: N_("能在规定范围内设计两个以上方案供客户选择，满足其合理需求，客户对补救结果满意。"),
    },
    "communication": {
        1: N_("常打断客户或答非所问，提问抓不住要点，遇到异议不知如何解释。"),
        3: N_("能耐心倾听、有效提问，对常见异议能合理解释，多数客户愿意配合。"),
        5: N_("善听善问，按客户特点调整说法，围绕客户关注点说明产品，能化解异议，很快赢得客户信任。"),
    },
    "self_management": {
        1: N_("容易被客户情绪带动，言行失控或带着情绪工作，工单常常拖延。"),
        3: N_("多数时候能控制情绪和言行，大部分工作按时完成，压力大时偶有失误。"),
        5: N_("面对情绪激动的客户也冷静得体，能自己疏导压力、合理安排时间，工作按时完成，状态稳定。"),
    },
    "teamwork": {
        1: N_("很少听取别人的意见，与其他部门配合被动，只顾自己的工作。"),
        3: N_("尊重同事的意见，需要时能与相关部门配合完成工作。"),
        5: N_("主动征求并尊重他人意见，愿为团队的成功多出力，积极推动跨部门合作，人际关系融洽。"),
    },
    "self_motivation": {
        1: N_("没有自己的发展目标，遇到困难容易放弃，要别人督促。"),
        3: N_("有明确的工作目标，遇到一般困难能坚持完成。"),
        5: N_("主动给自己定下有挑战的发展目标，迎难而上，长期坚持努力。"),
    },
    "learning": {
        1: N_("很少主动学习，学过的新知识也用不到工作中。"),
        3: N_("能按要求完成培训，并把学到的方法用到常规工作中。"),
        5: N_("主动学习专业知识，把知识和经验灵活用于解决新问题，专业能力持续提高。"),
    },
    "reflection": {
        1: N_("很少回顾自己的处理过程，同样的问题反复出现。"),
        3: N_("出了问题能回顾原因并改正，偶尔主动总结经验。"),
        5: N_("坚持反思每次处理中的言行及其后果，总结出经验教训并与团队分享，同类问题不再重犯。"),
    },
    "it_skills": {
        1: N_("电脑和业务系统操作不熟练，打字明显慢于 80字/分钟，录入常出错。"),
        3: N_("能熟练使用常用系统完成录入和查询，打字接近 80字/分钟。"),
        5: N_("熟练使用各类业务系统，打字达到或超过 80字/分钟且准确，能帮同事解决操作问题。"),
    },
}
#: What a 2 and a 4 mean: between the anchors on either side.
BETWEEN = {2: N_("介于 1分和 3分之间"), 4: N_("介于 3分和 5分之间")}


def scale(code: str) -> list[tuple[int, str]]:
    """The five ratings of one indicator, each with the behaviour it stands for (a message to translate)."""
    anchors = ANCHORS[code]
    return [(value, anchors.get(value) or BETWEEN[value]) for value in range(1, 6)]


#: Every indicator's ``scale``, by code (the same on every page that shows or takes a rating).
SCALES = {code: scale(code) for code in WEIGHTS}


def weighted_score(ratings: dict[str, int]) -> float:
    """The weighted mean of the 11 ratings (1-5); every indicator must be rated."""
    if set(ratings) != set(WEIGHTS) or not all(isinstance(r, int) and 1 <= r <= 5 for r in ratings.values()):
        raise ValueError("every indicator needs a rating from 1 to 5")
    return round(sum(WEIGHTS[code] * rating for code, rating in ratings.items()) / sum(WEIGHTS.values()), 2)


def _corner(index: int, length: float, centre: float) -> tuple[float, float]:
    """The point ``length`` from the centre along the axis of indicator ``index``."""
    angle = -math.pi / 2 + 2 * math.pi * index / len(INDICATORS)
    return round(centre + length * math.cos(angle), 1), round(centre + length * math.sin(angle), 1)


def radar_points(ratings: dict[str, int], radius: float = 100.0, centre: float = 120.0) -> list[tuple[float, float]]:
    """Polygon corners for a radar chart of the ratings (indicator order), 5 at ``radius``."""
    return [_corner(index, radius * ratings.get(code, 0) / 5, centre) for index, (code, _, _) in enumerate(INDICATORS)]


def radar_labels(
    radius: float = 100.0, centre: float = 120.0, gap: float = 10.0
) -> list[tuple[str, float, float, str]]:
    """Where each axis is named: (code, x, y, text-anchor), just outside the chart, in indicator order."""
    labels = []
    for index, (code, _, _) in enumerate(INDICATORS):
        x, y = _corner(index, radius + gap, centre)
        anchor = "middle" if abs(x - centre) < 1 else ("start" if x > centre else "end")
        labels.append((code, x, round(y + (4 if y >= centre else 0), 1), anchor))
    return labels
