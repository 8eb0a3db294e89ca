"""Agent levels: the rules file, and the engine that says which level holds and what is missing for the next.

The engine is pure: it takes an agent's facts (plain data, gathered with a few set-based
queries) and the rules, so 100,000 agents are evaluated in memory without a query each.
Every rule reports the agent's figure, the requirement and the gap, as messages to translate.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from lms.domain import N_, InputError, Problem, competency, yaml_lines

#: The unit a typing rule's speed is in, by language (Chinese characters, or words of 5 characters).
TYPING_UNITS = {"zh": N_("字/分钟"), "en": N_("词/分钟")}

#: Messages no rule writes any more but that award evidence already stored keeps (kept so they still translate).
STORED_MESSAGES = (
    N_("近 %(days)s 天打字最好净速度 %(best)s，需正确率 ≥ %(acc)s 时达到 %(net)s"),
    N_("任上一等级 %(months)s 个月，需满 %(need)s 个月"),
)

KINDS = {
    "modules": {"modules"},
    "series": {"series"},
    "exam": {"exam", "mark"},
    "level": {"level"},
    "tenure": {"months", "since"},
    "typing": {"lang", "net", "accuracy", "window_days"},
    "quick_replies": {"share", "mean_seconds", "window_days"},
    "competency": {"min", "indicator", "indicator_min"},
    "violations": {"max_points", "window_days"},
    "leads_group": set(),
    "retention": {"share", "modules"},
}
#: Parameters a kind may leave out: a retention rule without ``modules`` covers the modules its level's rules name.
OPTIONAL = {"competency": {"indicator", "indicator_min"}, "retention": {"modules"}}


@dataclass(frozen=True)
class Level:
    """A level and its rules (each a dict with ``kind`` and its parameters)."""

    code: str
    name: str
    name_en: str
    certificate_months: int
    rules: tuple[dict, ...]


@dataclass(frozen=True)
class Facts:
    """What the engine needs to know of one agent."""

    today: date
    hire_date: date
    awards: dict[str, date] = field(default_factory=dict)
    modules: frozenset[str] = frozenset()
    series: frozenset[str] = frozenset()
    exams: dict[str, float] = field(default_factory=dict)
    #: exams with an attempt handed in and awaiting a grader (its result is not known yet)
    awaiting: frozenset[str] = frozenset()
    #: accepted typing results: (day, lang, net, accuracy)
    typing: tuple[tuple[date, str, float, float], ...] = ()
    #: finished quick-reply sessions: (day, share right, mean seconds)
    replies: tuple[tuple[date, float, float], ...] = ()
    #: the latest competency ratings, indicator -> 1..5
    competency: dict[str, int] | None = None
    #: violations: (day, points)
    violations: tuple[tuple[date, int], ...] = ()
    #: the group the agent leads or mentors, as HR or their supervisor recorded it: (its name, since)
    leads: tuple[str, date] | None = None
    #: predicted recall of the agent's review cards, by module: (sum of FSRS retrievabilities, number of cards)
    recall: dict[str, tuple[float, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleStatus:
    """One rule for one agent: does it hold, the agent's figure and what is required (messages with params)."""

    kind: str
    holds: bool
    message: str
    params: dict


@dataclass(frozen=True)
class Evaluation:
    """Where an agent stands: the level held, the next one, and each of its rules."""

    current: str | None
    next: str | None
    statuses: tuple[RuleStatus, ...]

    @property
    def ready_for_exam(self) -> bool:
        """Every rule of the next level holds except its promotion exam, and no attempt at it awaits grading."""
        return (
            self.next is not None
            and all(s.holds for s in self.statuses if s.kind != "exam")
            and not self.awaiting_grading
        )

    @property
    def awaiting_grading(self) -> bool:
        """The next level's promotion exam is handed in and waits for a grader (its result decides)."""
        return any(s.kind == "exam" and s.params.get("awaiting") for s in self.statuses)

    @property
    def qualifies(self) -> bool:
        """Every rule of the next level holds."""
        return self.next is not None and all(s.holds for s in self.statuses)


def parse(text: str) -> tuple[Level, ...]:
    """Check and read the rules file, or raise InputError with each problem on its line."""
    try:
        data = yaml_lines.load(text)
    except yaml_lines.YamlProblem as error:
        raise InputError([error.problem]) from error
    if not isinstance(data, dict) or not isinstance(data.get("levels"), list) or not data["levels"]:
        raise InputError([Problem(1, N_("规则文件应有 levels: 列表。"))])
    found: list[Problem] = []
    levels: list[Level] = []
    # the codes of the levels read so far, as written (a level rule may only name one of them)
    codes: list[object] = []
    for item in data["levels"]:
        if not isinstance(item, dict):
            found.append(Problem(1, N_("每个等级应是“键: 值”的映射。")))
            continue
        where = yaml_lines.line_of(item, "code")
        valid = True
        if not all(isinstance(item.get(k), str) and item[k].strip() for k in ("code", "name", "name_en")):
            found.append(Problem(where, N_("每个等级要有 code、name 和 name_en。")))
            valid = False
        if not (isinstance(item.get("certificate_months"), int) and 1 <= item["certificate_months"] <= 120):
            found.append(
                Problem(yaml_lines.line_of(item, "certificate_months"), N_("certificate_months 应为 1–120 的整数。"))
            )
            valid = False
        rules = item.get("rules")
        if not isinstance(rules, list) or not rules:
            found.append(Problem(yaml_lines.line_of(item, "rules"), N_("每个等级至少要有一条规则。")))
            continue
        problems = [problem for rule in rules for problem in _rule_problems(rule, codes)]
        found += problems
        codes.append(item.get("code"))
        if valid and not problems:
            filled, missing = _with_retention_modules(rules)
            found += missing
            levels.append(Level(item["code"], item["name"], item["name_en"], item["certificate_months"], tuple(filled)))
    if found:
        raise InputError(sorted(found, key=lambda p: p.line))
    return tuple(levels)


def _rule_problems(rule, lower: list[object]) -> list[Problem]:
    """Problems of one rule: known kind, exactly its parameters, sensible values."""
    if not isinstance(rule, dict) or rule.get("kind") not in KINDS:
        line = yaml_lines.line_of(rule, "kind") if isinstance(rule, dict) else 1
        return [Problem(line, N_("规则类型无效：应为 %(kinds)s 之一。"), {"kinds": "、".join(KINDS)})]
    kind, where = rule["kind"], yaml_lines.line_of(rule, "kind")
    given = {k for k in rule if not k.startswith("__")} - {"kind"}
    missing, unknown = KINDS[kind] - OPTIONAL.get(kind, set()) - given, given - KINDS[kind]
    if missing or unknown:
        return [
            Problem(
                where,
                N_("%(kind)s 规则应有参数：%(params)s。"),
                {"kind": kind, "params": "、".join(sorted(KINDS[kind]))},
            )
        ]
    numbers = [
        rule[k]
        for k in (
            "mark",
            "months",
            "net",
            "accuracy",
            "window_days",
            "share",
            "mean_seconds",
            "min",
            "max_points",
            "indicator_min",
        )
        if k in rule
    ]
    if not all(isinstance(n, (int, float)) and not isinstance(n, bool) and n >= 0 for n in numbers):
        return [Problem(where, N_("%(kind)s 规则的数值应为非负数。"), {"kind": kind})]
    if kind == "level" and rule["level"] not in lower:
        return [Problem(yaml_lines.line_of(rule, "level"), N_("level 规则只能指向前面定义过的等级。"))]
    if kind == "tenure" and rule["since"] != "hire" and rule["since"] not in lower:
        return [
            Problem(
                yaml_lines.line_of(rule, "since"),
                N_("since 应为 hire（从入职算起）或前面定义过的等级代码（从取得该等级算起）：%(codes)s。"),
                {"codes": "、".join(["hire", *(str(code) for code in lower)])},
            )
        ]
    if kind in ("typing", "quick_replies", "retention") and (rule.get("accuracy", 0) > 1 or rule.get("share", 0) > 1):
        return [Problem(where, N_("正确率和比例写成 0–1 之间的小数，例如 0.95。"))]
    if kind == "competency" and rule.get("indicator") is not None and rule["indicator"] not in competency.WEIGHTS:
        return [Problem(yaml_lines.line_of(rule, "indicator"), N_("没有这个胜任力指标。"))]
    if kind == "retention" and "modules" in rule and not _slugs(rule["modules"]):
        return [Problem(yaml_lines.line_of(rule, "modules"), N_("retention 规则的 modules 应为课程代码的列表。"))]
    return []


def _slugs(value: object) -> bool:
    """Whether ``value`` is a non-empty list of module codes."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v.strip() for v in value)


def _with_retention_modules(rules: list) -> tuple[list, list[Problem]]:
    """A level's (checked) rules with each retention rule's modules filled in: as given, else its ``modules`` rules'."""
    own = [slug for rule in rules if rule["kind"] == "modules" for slug in rule["modules"]]
    filled, found = [], []
    for rule in rules:
        if rule["kind"] == "retention" and "modules" not in rule:
            if not own:
                message = N_("retention 规则没写 modules 时，本级要有 modules 规则（按其中的课程计算）。")
                found.append(Problem(yaml_lines.line_of(rule, "kind"), message))
            rule = {**rule, "modules": own}
        filled.append(yaml_lines.strip(rule))
    return filled, found


def references(levels: tuple[Level, ...]) -> dict[str, set[str]]:
    """Modules, series and exams the rules name (checked against the content at import)."""
    found: dict[str, set[str]] = {"modules": set(), "series": set(), "exams": set()}
    for level in levels:
        for rule in level.rules:
            found["modules"] |= set(rule.get("modules", []))
            found["series"] |= {rule["series"]} if rule["kind"] == "series" else set()
            found["exams"] |= {rule["exam"]} if rule["kind"] == "exam" else set()
    return found


def _months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (the same day of the month counts as a full month)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def check(rule: dict, facts: Facts) -> RuleStatus:
    """One rule against one agent's facts."""
    kind = rule["kind"]
    if kind == "modules":
        missing = [m for m in rule["modules"] if m not in facts.modules]
        return RuleStatus(
            kind,
            not missing,
            N_("完成课程：还差 %(n)s 门（%(missing)s）") if missing else N_("已完成规定课程"),
            {"n": len(missing), "missing": "、".join(missing)},
        )
    if kind == "series":
        done = rule["series"] in facts.series
        return RuleStatus(
            kind,
            done,
            N_("已完成系列课程 %(series)s") if done else N_("完成系列课程 %(series)s 的全部课程"),
            {"series": rule["series"]},
        )
    if kind == "exam":
        best = facts.exams.get(rule["exam"])
        holds = best is not None and best >= rule["mark"]
        if holds:
            message = N_("晋级考试：最好成绩 %(best)s，需达到 %(mark)s 分")
        elif rule["exam"] in facts.awaiting:  # handed in, a person grades its scenario answers
            message = N_("晋级考试：答卷已交，等待评分（需达到 %(mark)s 分）")
        elif best is not None:
            message = N_("晋级考试：最好成绩 %(best)s，需达到 %(mark)s 分")
        else:
            message = N_("晋级考试：尚未参加，需达到 %(mark)s 分")
        awaiting = not holds and rule["exam"] in facts.awaiting
        return RuleStatus(kind, holds, message, {"best": best, "mark": rule["mark"], "awaiting": awaiting})
    if kind == "level":
        held = rule["level"] in facts.awards
        return RuleStatus(kind, held, N_("已取得%(name)s") if held else N_("需先取得%(name)s"), {"name": rule["level"]})
    if kind == "tenure":
        return _tenure(rule, facts)
    if kind == "leads_group":
        if facts.leads is None:
            return RuleStatus(kind, False, N_("带领团队：尚未登记带领或辅导的小组（由主管或人事登记）"), {})
        group, since = facts.leads
        return RuleStatus(
            kind,
            True,
            N_("带领团队：带领或辅导“%(group)s”（%(since)s 起）"),
            {"group": group, "since": since.isoformat()},
        )
    if kind == "typing":
        since = facts.today - timedelta(days=rule["window_days"])
        good = [
            net
            for day, lang, net, acc in facts.typing
            if lang == rule["lang"] and day >= since and acc >= rule["accuracy"]
        ]
        best = max(good, default=None)
        holds = best is not None and best >= rule["net"]
        return RuleStatus(
            kind,
            holds,
            N_("近 %(days)s 天打字最好净速度 %(best)s，需在正确率 ≥ %(acc)s 时达到 %(net)s %(unit)s"),
            {
                "unit": TYPING_UNITS.get(rule["lang"], ""),
                "days": rule["window_days"],
                "best": best if best is not None else "—",
                "net": rule["net"],
                "acc": f"{rule['accuracy']:.0%}",
            },
        )
    if kind == "quick_replies":
        since = facts.today - timedelta(days=rule["window_days"])
        sessions = [(share, seconds) for day, share, seconds in facts.replies if day >= since]
        holds = any(share >= rule["share"] and seconds <= rule["mean_seconds"] for share, seconds in sessions)
        best = max((share for share, _ in sessions), default=None)
        return RuleStatus(
            kind,
            holds,
            N_("近 %(days)s 天快捷话术最好选对率 %(best)s，需在平均响应 ≤ %(secs)s 秒时达到 %(share)s"),
            {
                "days": rule["window_days"],
                "best": f"{best:.0%}" if best is not None else "—",
                "share": f"{rule['share']:.0%}",
                "secs": rule["mean_seconds"],
            },
        )
    if kind == "retention":
        return _retention(rule, facts)
    if kind == "competency":
        ratings = facts.competency
        score = competency.weighted_score(ratings) if ratings else None
        holds = score is not None and score >= rule["min"]
        if holds and ratings and rule.get("indicator"):
            holds = ratings[rule["indicator"]] >= rule["indicator_min"]
        return RuleStatus(
            kind,
            holds,
            N_("胜任力评分 %(score)s，需达到 %(min)s")
            if score is not None
            else N_("主管尚未评定胜任力，需达到 %(min)s"),
            {"score": score, "min": rule["min"]},
        )
    since = facts.today - timedelta(days=rule["window_days"])
    points = sum(p for day, p in facts.violations if day >= since)
    return RuleStatus(
        kind,
        points <= rule["max_points"],
        N_("近 %(days)s 天违规扣分 %(points)s，上限 %(max)s"),
        {"days": rule["window_days"], "points": points, "max": rule["max_points"]},
    )


def _tenure(rule: dict, facts: Facts) -> RuleStatus:
    """Whole months since hire, or since the award of the level the rule names (the seed: 在初级客服上干满)."""
    since, need = rule["since"], rule["months"]
    start = facts.hire_date if since == "hire" else facts.awards.get(since)
    months = _months_between(start, facts.today) if start else 0
    holds = start is not None and months >= need
    if since == "hire":
        return RuleStatus(
            "tenure", holds, N_("入职 %(months)s 个月，需满 %(need)s 个月"), {"months": months, "need": need}
        )
    message = (
        N_("任%(name)s %(months)s 个月，需满 %(need)s 个月")
        if start
        else N_("尚未取得%(name)s：取得后需任满 %(need)s 个月")
    )
    return RuleStatus("tenure", holds, message, {"months": months, "need": need, "name": since})


def _retention(rule: dict, facts: Facts) -> RuleStatus:
    """Mean predicted recall (FSRS retrievability) over the agent's review cards of the rule's modules."""
    sums = [facts.recall.get(slug, (0.0, 0)) for slug in rule["modules"]]
    cards = sum(n for _, n in sums)
    mean = sum(total for total, _ in sums) / cards if cards else None
    params = {"share": f"{rule['share']:.0%}", "mean": f"{mean:.0%}" if mean is not None else "—", "cards": cards}
    if mean is None:
        return RuleStatus(
            "retention", False, N_("记忆保持：这些课程还没有复习卡片，平均预测记忆率需达到 %(share)s"), params
        )
    return RuleStatus(
        "retention",
        mean >= rule["share"],
        N_("记忆保持：%(cards)s 张复习卡片平均预测记忆率 %(mean)s，需达到 %(share)s"),
        params,
    )


def next_level(awards: dict[str, date], levels: tuple[Level, ...]) -> Level | None:
    """The level whose rules are checked: the lowest one not held (None when every level is held)."""
    return next((level for level in levels if level.code not in awards), None)


def evaluate(facts: Facts, levels: tuple[Level, ...]) -> Evaluation:
    """The highest level held, the next level, and every rule of the next level."""
    held = [level.code for level in levels if level.code in facts.awards]
    current = held[-1] if held else None
    target = next_level(facts.awards, levels)
    if target is None:
        return Evaluation(current, None, ())
    return Evaluation(current, target.code, tuple(check(rule, facts) for rule in target.rules))
