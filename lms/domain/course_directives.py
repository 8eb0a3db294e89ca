"""What the directives of a course file say, as Markdown, from the data they name.

``{{level-rules}}`` lists every level of ``levels.yaml`` with each rule's requirement (the wording of
``level_requirements.requirement``), ``{{competency-model}}`` the three groups and eleven indicators with their
weights and what a 1, 3 and 5 look like, ``{{violations}}`` every violation with its points. The text
is rendered at import in Chinese, the lessons' language, so a lesson says what the rules say.
"""

from collections.abc import Mapping

from lms.domain import N_, competency, level_requirements, levels, violations

#: The words around the data (marked for translation, rendered in Chinese: the lessons are Chinese).
LEVEL_HEAD = N_("**%(name)s**（证书有效期%(months)s个月）：")
GROUP_HEAD = N_("**%(group)s**（合计权重%(total)s%%）：")
INDICATOR = N_("**%(name)s**（权重%(weight)s%%）")
ANCHOR = N_("%(value)s分：%(text)s")
VIOLATION_HEAD = (N_("违规行为"), N_("类别"), N_("扣分"))


def _quoted(titles: Mapping[str, str], slugs: str) -> str:
    """Modules or series as 《title》, by slug (the slug itself where no title is known)."""
    return "、".join(f"《{titles.get(slug, slug)}》" for slug in slugs.split("、"))


def rule_text(
    rule: dict, level_of: Mapping[str, levels.Level], modules: Mapping[str, str], series: Mapping[str, str]
) -> str:
    """One rule's requirement in Chinese, with names in place of codes."""
    message, params = level_requirements.requirement(rule)
    names = dict(params)
    if "modules" in names:
        names["modules"] = _quoted(modules, names["modules"])
    if "series" in names:
        names["series"] = _quoted(series, names["series"])
    if "name" in names:  # a level's code (the level held before, or the one tenure counts from)
        names["name"] = level_of[names["name"]].name if names["name"] in level_of else names["name"]
    if "indicator" in names:
        names["indicator"] = competency.NAMES[names["indicator"]]
    return message % names


def level_rules(rules: tuple[levels.Level, ...], modules: Mapping[str, str], series: Mapping[str, str]) -> str:
    """Every level, lowest first, with its certificate's validity and every rule."""
    level_of = {level.code: level for level in rules}
    blocks = []
    for level in rules:
        lines = [LEVEL_HEAD % {"name": level.name, "months": level.certificate_months}, ""]
        lines += [f"- {rule_text(rule, level_of, modules, series)}" for rule in level.rules]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def competency_model() -> str:
    """The groups and indicators with their weights, and what a 1, a 3 and a 5 look like for each."""
    blocks = []
    for group, indicators in competency.GROUPS:
        total = f"{sum(weight for _, _, weight in indicators):.2f}"
        lines = [GROUP_HEAD % {"group": group, "total": total}, ""]
        for code, name, weight in indicators:
            anchors = competency.ANCHORS[code]
            lines.append("- " + INDICATOR % {"name": name, "weight": f"{weight:.2f}"})
            lines += ["    - " + ANCHOR % {"value": value, "text": anchors[value]} for value in (1, 3, 5)]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def violation_list() -> str:
    """Every violation with its severity and points, as a table."""
    rows = [
        f"| {name} | {violations.SEVERITIES[severity]} | {points} |"
        for name, points, severity in violations.CATALOGUE.values()
    ]
    return "\n".join([f"| {' | '.join(VIOLATION_HEAD)} |", "|---|---|---|", *rows])


def expansions(
    rules: tuple[levels.Level, ...], modules: Mapping[str, str], series: Mapping[str, str]
) -> dict[str, str]:
    """The Markdown of every directive, by name."""
    return {
        "level-rules": level_rules(rules, modules, series),
        "competency-model": competency_model(),
        "violations": violation_list(),
    }
