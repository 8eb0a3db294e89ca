"""What each level rule asks, in words, whoever reads it: the sentences {{level-rules}} writes into the course text."""

from lms.domain import N_
from lms.domain.levels import TYPING_UNITS


def requirement(rule: dict) -> tuple[str, dict]:
    """What one rule asks, whoever reads it (no agent's figures): a message to translate and its parameters.

    Parameters name modules, series, levels and indicators by code; the reader puts names on them.
    """
    kind = rule["kind"]
    if kind == "modules":
        return N_("完成课程%(modules)s"), {"modules": "、".join(rule["modules"])}
    if kind == "series":
        return N_("完成系列课程%(series)s的全部课程"), {"series": rule["series"]}
    if kind == "exam":
        return N_("晋级考试成绩达到%(mark)s分"), {"mark": rule["mark"]}
    if kind == "level":
        return N_("需先取得%(name)s"), {"name": rule["level"]}
    if kind == "tenure":
        if rule["since"] == "hire":
            return N_("入职满%(need)s个月"), {"need": rule["months"]}
        return N_("取得%(name)s后满%(need)s个月"), {"name": rule["since"], "need": rule["months"]}
    if kind == "leads_group":
        return N_("能独立带领客服团队（由主管或人事登记）"), {}
    if kind == "typing":
        return (
            N_("打字净速度达到%(net)s%(unit)s，且正确率≥%(acc)s（看近%(days)s天的最好成绩）"),
            {
                "net": rule["net"],
                "unit": TYPING_UNITS.get(rule["lang"], ""),
                "acc": f"{rule['accuracy']:.0%}",
                "days": rule["window_days"],
            },
        )
    if kind == "quick_replies":
        return (
            N_("快捷话术练习选对率达到%(share)s，且平均响应≤%(secs)s秒（看近%(days)s天的练习）"),
            {"share": f"{rule['share']:.0%}", "secs": rule["mean_seconds"], "days": rule["window_days"]},
        )
    if kind == "retention":
        return (
            N_("课程%(modules)s的复习卡片平均预测记忆率达到%(share)s（按FSRS算法预测，见“班前五分钟”）"),
            {"modules": "、".join(rule["modules"]), "share": f"{rule['share']:.0%}"},
        )
    if kind == "competency" and rule.get("indicator"):
        return (
            N_("主管评定的胜任力加权得分达到%(min)s，且“%(indicator)s”一项不低于%(indicator_min)s分"),
            {"min": rule["min"], "indicator": rule["indicator"], "indicator_min": rule["indicator_min"]},
        )
    if kind == "competency":
        return N_("主管评定的胜任力加权得分达到%(min)s（满分5分）"), {"min": rule["min"]}
    if rule["max_points"] == 0:
        return N_("近%(days)s天没有任何违规扣分"), {"days": rule["window_days"]}
    return N_("近%(days)s天违规扣分合计不超过%(max)s分"), {"days": rule["window_days"], "max": rule["max_points"]}
