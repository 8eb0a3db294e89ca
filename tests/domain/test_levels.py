"""The level engine, table-driven: each rule kind, boundaries, windows, tenure on the exact day; the rules file."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from lms.domain import InputError, competency, levels

TODAY = date(2026, 11, 23)
RULES = levels.parse(
    (Path(__file__).resolve().parents[2] / "question_banks" / "levels" / "levels.yaml").read_text(encoding="utf-8")
)
LEVEL_OF = {level.code: level for level in RULES}
JUNIOR_AWARD = date(2026, 8, 23)
ALL_FOURS = {code: 4 for code in competency.WEIGHTS}


def facts(**changes) -> levels.Facts:
    """A new hire's facts with some changed."""
    return levels.Facts(**{"today": TODAY, "hire_date": TODAY - timedelta(days=10), **changes})


def holds(rule: dict, **changes) -> bool:
    return levels.check(rule, facts(**changes)).holds


@pytest.mark.parametrize(
    "rule, changes, expected",
    [
        ({"kind": "modules", "modules": ["a", "b"]}, {"modules": frozenset({"a", "b", "c"})}, True),
        ({"kind": "modules", "modules": ["a", "b"]}, {"modules": frozenset({"a"})}, False),
        ({"kind": "series", "series": "selling"}, {"series": frozenset({"selling"})}, True),
        ({"kind": "series", "series": "selling"}, {}, False),
        ({"kind": "exam", "exam": "e", "mark": 75}, {"exams": {"e": 75.0}}, True),
        ({"kind": "exam", "exam": "e", "mark": 75}, {"exams": {"e": 74.9}}, False),
        ({"kind": "exam", "exam": "e", "mark": 75}, {}, False),
        ({"kind": "level", "level": "junior"}, {"awards": {"junior": TODAY}}, True),
        ({"kind": "level", "level": "junior"}, {}, False),
        # tenure: exactly 12 months on the same day of the month holds, the day before does not
        ({"kind": "tenure", "months": 12, "since": "hire"}, {"hire_date": date(2025, 11, 23)}, True),
        ({"kind": "tenure", "months": 12, "since": "hire"}, {"hire_date": date(2025, 11, 24)}, False),
        # tenure since a level counts from that level's award, whatever was awarded after it or when hired
        ({"kind": "tenure", "months": 3, "since": "junior"}, {"awards": {"junior": JUNIOR_AWARD}}, True),
        ({"kind": "tenure", "months": 3, "since": "junior"}, {"awards": {"junior": date(2026, 8, 24)}}, False),
        ({"kind": "tenure", "months": 3, "since": "junior"}, {}, False),
        (
            {"kind": "tenure", "months": 12, "since": "junior"},
            {"awards": {"junior": date(2025, 11, 23), "intermediate": date(2026, 9, 1)}},
            True,
        ),
        (
            {"kind": "tenure", "months": 12, "since": "junior"},
            {"hire_date": date(2020, 1, 1), "awards": {"junior": date(2025, 11, 24), "intermediate": TODAY}},
            False,
        ),
        # leading or mentoring a group, as recorded by HR or the supervisor
        ({"kind": "leads_group"}, {"leads": ("新人带教小组", TODAY)}, True),
        ({"kind": "leads_group"}, {"competency": {code: 5 for code in competency.WEIGHTS}}, False),
        # typing: best net at or above the accuracy, inside the window
        (
            {"kind": "typing", "lang": "zh", "net": 80, "accuracy": 0.95, "window_days": 30},
            {"typing": ((TODAY, "zh", 80.0, 0.95),)},
            True,
        ),
        (
            {"kind": "typing", "lang": "zh", "net": 80, "accuracy": 0.95, "window_days": 30},
            {"typing": ((TODAY, "zh", 79.9, 0.99),)},
            False,
        ),
        (
            {"kind": "typing", "lang": "zh", "net": 80, "accuracy": 0.95, "window_days": 30},
            {"typing": ((TODAY, "zh", 90.0, 0.94),)},
            False,
        ),
        (
            {"kind": "typing", "lang": "zh", "net": 80, "accuracy": 0.95, "window_days": 30},
            {"typing": ((TODAY - timedelta(days=30), "zh", 90.0, 1.0),)},
            True,
        ),
        (
            {"kind": "typing", "lang": "zh", "net": 80, "accuracy": 0.95, "window_days": 30},
            {"typing": ((TODAY - timedelta(days=31), "zh", 90.0, 1.0),)},
            False,
        ),
        (
            {"kind": "typing", "lang": "zh", "net": 80, "accuracy": 0.95, "window_days": 30},
            {"typing": ((TODAY, "en", 90.0, 1.0),)},
            False,
        ),
        (
            {"kind": "quick_replies", "share": 0.9, "mean_seconds": 15, "window_days": 30},
            {"replies": ((TODAY, 0.9, 15.0),)},
            True,
        ),
        (
            {"kind": "quick_replies", "share": 0.9, "mean_seconds": 15, "window_days": 30},
            {"replies": ((TODAY, 1.0, 15.1),)},
            False,
        ),
        (
            {"kind": "quick_replies", "share": 0.9, "mean_seconds": 15, "window_days": 30},
            {"replies": ((TODAY, 0.8, 5.0), (TODAY, 1.0, 20.0))},
            False,
        ),
        ({"kind": "competency", "min": 3.5}, {"competency": ALL_FOURS}, True),
        ({"kind": "competency", "min": 4.5}, {"competency": ALL_FOURS}, False),
        ({"kind": "competency", "min": 3.5}, {}, False),
        (
            {"kind": "competency", "min": 4.0, "indicator": "teamwork", "indicator_min": 5},
            {"competency": ALL_FOURS},
            False,
        ),
        ({"kind": "violations", "max_points": 10, "window_days": 90}, {"violations": ((TODAY, 10),)}, True),
        ({"kind": "violations", "max_points": 10, "window_days": 90}, {"violations": ((TODAY, 10), (TODAY, 1))}, False),
        (
            {"kind": "violations", "max_points": 0, "window_days": 90},
            {"violations": ((TODAY - timedelta(days=91), 20),)},
            True,
        ),
        # retention: the mean over all the cards of the rule's modules, not the mean of the modules' means
        ({"kind": "retention", "share": 0.8, "modules": ["a", "b"]}, {"recall": {"a": (8.0, 10)}}, True),
        ({"kind": "retention", "share": 0.8, "modules": ["a", "b"]}, {"recall": {"a": (7.9, 10)}}, False),
        (
            {"kind": "retention", "share": 0.8, "modules": ["a", "b"]},
            {"recall": {"a": (9.5, 10), "b": (0.0, 2)}},
            False,
        ),
        ({"kind": "retention", "share": 0.8, "modules": ["a", "b"]}, {"recall": {"a": (1.9, 2), "b": (6.1, 8)}}, True),
        ({"kind": "retention", "share": 0.8, "modules": ["a"]}, {"recall": {"c": (10.0, 10)}}, False),  # other modules
        ({"kind": "retention", "share": 0.8, "modules": ["a"]}, {}, False),  # no cards yet
    ],
)
def test_each_rule_kind(rule, changes, expected):
    assert holds(rule, **changes) is expected


@pytest.mark.parametrize(
    "changes, holds_, message",
    [
        ({"awaiting": frozenset({"e"})}, False, "晋级考试：答卷已交，等待评分（需达到 %(mark)s 分）"),
        (
            {"awaiting": frozenset({"e"}), "exams": {"e": 60.0}},
            False,
            "晋级考试：答卷已交，等待评分（需达到 %(mark)s 分）",
        ),
        ({"awaiting": frozenset({"other"})}, False, "晋级考试：尚未参加，需达到 %(mark)s 分"),
        ({"awaiting": frozenset({"e"}), "exams": {"e": 80.0}}, True, "晋级考试：最好成绩 %(best)s，需达到 %(mark)s 分"),
    ],
)
def test_an_exam_awaiting_its_grader_is_said_so_and_does_not_hold_yet(changes, holds_, message):
    status = levels.check({"kind": "exam", "exam": "e", "mark": 75}, facts(**changes))
    assert (status.holds, status.message) == (holds_, message)
    waiting = "等待评分" in message
    assert status.params["awaiting"] is waiting
    evaluation = levels.Evaluation(None, "junior", (status,))
    assert evaluation.awaiting_grading is waiting and evaluation.ready_for_exam is not waiting
    assert evaluation.qualifies is holds_


def test_a_new_hire_aims_at_junior_and_a_qualified_agent_may_sit_the_exam():
    evaluation = levels.evaluate(facts(), RULES)
    assert (evaluation.current, evaluation.next, evaluation.ready_for_exam) == (None, "junior", False)
    ready = facts(
        modules=frozenset({"onboarding", "etiquette", "complaint-handling", "mot-basics"}),
        typing=((TODAY, "zh", 45.0, 0.96),),
    )
    evaluation = levels.evaluate(ready, RULES)
    assert evaluation.ready_for_exam and not evaluation.qualifies
    assert [s.kind for s in evaluation.statuses if not s.holds] == ["exam"]
    passed = levels.evaluate(levels.Facts(**{**ready.__dict__, "exams": {"promotion-junior": 80.0}}), RULES)
    assert passed.qualifies


def test_the_level_held_is_the_highest_awarded_and_an_expert_has_no_next():
    assert levels.evaluate(facts(awards={"junior": TODAY, "intermediate": TODAY}), RULES).current == "intermediate"
    top = levels.evaluate(facts(awards={code: TODAY for code in LEVEL_OF}), RULES)
    assert (top.current, top.next, top.statuses, top.ready_for_exam) == ("expert", None, (), False)


def test_every_status_says_the_figure_and_the_requirement():
    for status in levels.evaluate(facts(awards={"junior": TODAY}), RULES).statuses:
        assert "%(" in status.message and status.message % status.params


@pytest.mark.parametrize(
    "rule, changes, expected",
    [
        (
            {"kind": "tenure", "months": 24, "since": "hire"},
            {"hire_date": date(2025, 11, 23)},
            "入职 12 个月，需满 24 个月",
        ),
        (
            {"kind": "tenure", "months": 12, "since": "junior"},
            {"awards": {"junior": JUNIOR_AWARD}},
            "任junior 3 个月，需满 12 个月",
        ),
        ({"kind": "tenure", "months": 3, "since": "junior"}, {}, "尚未取得junior：取得后需任满 3 个月"),
        (
            {"kind": "leads_group"},
            {"leads": ("夜班小组", date(2026, 5, 1))},
            "带领团队：带领或辅导“夜班小组”（2026-05-01 起）",
        ),
        ({"kind": "leads_group"}, {}, "带领团队：尚未登记带领或辅导的小组（由主管或人事登记）"),
        (
            {"kind": "retention", "share": 0.8, "modules": ["a", "b"]},
            {"recall": {"a": (1.5, 2), "b": (2.1, 3)}},
            "记忆保持：5 张复习卡片平均预测记忆率 72%，需达到 80%",
        ),
        (
            {"kind": "retention", "share": 0.8, "modules": ["a"]},
            {},
            "记忆保持：这些课程还没有复习卡片，平均预测记忆率需达到 80%",
        ),
    ],
)
def test_tenure_and_leading_say_what_they_count_from(rule, changes, expected):
    status = levels.check(rule, facts(**changes))
    assert status.message % status.params == expected


def test_the_seeds_tenure_rules_count_from_the_junior_award_and_the_expert_must_lead_a_group():
    rules = {level.code: level.rules for level in RULES}
    tenure = {
        code: next(r for r in found if r["kind"] == "tenure") for code, found in rules.items() if code != "junior"
    }
    assert tenure == {
        "intermediate": {"kind": "tenure", "months": 3, "since": "junior"},  # 在初级客服上干满3个月以上
        "senior": {"kind": "tenure", "months": 12, "since": "junior"},  # 在初级客服上干满1年以上
        "expert": {"kind": "tenure", "months": 24, "since": "hire"},  # 在客服上干满2年以上
    }
    assert {"kind": "leads_group"} in rules["expert"]
    assert not any(r.get("indicator") == "teamwork" for found in rules.values() for r in found)
    hired_long_ago = facts(hire_date=date(2020, 1, 1), awards={"junior": date(2026, 1, 5), "intermediate": TODAY})
    senior_tenure = [s for s in levels.evaluate(hired_long_ago, RULES).statuses if s.kind == "tenure"]
    assert [s.holds for s in senior_tenure] == [False]  # years since hire do not count, the junior award does


def test_references_name_the_modules_series_and_exams():
    refs = levels.references(RULES)
    assert {"onboarding", "mot-advanced"} <= refs["modules"] and refs["series"] == {"selling"}
    assert refs["exams"] == {"promotion-junior", "promotion-intermediate", "promotion-senior", "promotion-expert"}


GOOD = """levels:
  - code: junior
    name: 初级客服
    name_en: Junior
    certificate_months: 24
    rules:
      - kind: exam
        exam: promotion-junior
        mark: 70
"""


@pytest.mark.parametrize(
    "edit, line, fragment",
    [
        (lambda t: t.replace("kind: exam", "kind: luck"), 7, "规则类型无效"),
        (lambda t: t.replace("        mark: 70\n", ""), 7, "exam 规则应有参数"),
        (lambda t: t.replace("mark: 70", "mark: -1"), 7, "非负数"),
        (lambda t: t.replace("certificate_months: 24", "certificate_months: 0"), 5, "certificate_months"),
        (lambda t: t.replace("    name_en: Junior\n", ""), 2, "name_en"),
        (
            lambda t: t.replace(
                "      - kind: exam\n        exam: promotion-junior\n        mark: 70",
                "      - kind: level\n        level: senior",
            ),
            8,
            "前面定义过的等级",
        ),
        (
            lambda t: t.replace(
                "      - kind: exam\n        exam: promotion-junior\n        mark: 70",
                "      - kind: tenure\n        months: 3\n        since: birth",
            ),
            9,
            "since 应为 hire（从入职算起）或前面定义过的等级代码",
        ),
        (  # a tenure may count only from a level defined above it, never from its own
            lambda t: t.replace(
                "      - kind: exam\n        exam: promotion-junior\n        mark: 70",
                "      - kind: tenure\n        months: 3\n        since: junior",
            ),
            9,
            "since 应为",
        ),
        (
            lambda t: t.replace(
                "      - kind: exam\n        exam: promotion-junior\n        mark: 70",
                "      - kind: tenure\n        months: 3\n        since: level",
            ),
            9,
            "since 应为",
        ),
        (
            lambda t: t.replace(
                "      - kind: exam\n        exam: promotion-junior\n        mark: 70",
                "      - kind: leads_group\n        months: 6",
            ),
            7,
            "leads_group 规则应有参数",
        ),
        (
            lambda t: t.replace(
                "      - kind: exam\n        exam: promotion-junior\n        mark: 70",
                "      - kind: typing\n        lang: zh\n        net: 80\n        accuracy: 95\n        window_days: 30",
            ),
            7,
            "0–1",
        ),
        (lambda t: t.replace("mark: 70", "mark: 70\n      - kind: retention\n        share: 1.2"), 10, "0–1"),
        (  # without modules it needs the level's modules rule to say which
            lambda t: t.replace("mark: 70", "mark: 70\n      - kind: retention\n        share: 0.8"),
            10,
            "本级要有 modules 规则",
        ),
        (
            lambda t: t.replace(
                "mark: 70", "mark: 70\n      - kind: retention\n        share: 0.8\n        modules: a"
            ),
            12,
            "课程代码的列表",
        ),
        (
            lambda t: t.replace("mark: 70", "mark: 70\n      - kind: retention\n        mark: 0.8"),
            10,
            "retention 规则应有参数",
        ),
    ],
)
def test_a_bad_rules_file_is_refused_by_line(edit, line, fragment):
    with pytest.raises(InputError) as caught:
        levels.parse(edit(GOOD))
    found = [(p.line, p.message % p.params if p.params else p.message) for p in caught.value.problems]
    assert any(at == line and fragment in message for at, message in found), found


def test_the_competency_model_is_the_seeds_table_2():
    groups = [(name, [code for code, _name, _weight in items]) for name, items in competency.GROUPS]
    assert groups == [
        ("解决具体问题的专业能力", ["customer_info", "product_knowledge", "understanding_needs", "fitting_solutions"]),
        ("以客户为中心的服务能力", ["communication", "self_management", "teamwork", "self_motivation"]),
        ("基于实践的学习能力", ["learning", "reflection", "it_skills"]),
    ]
    assert competency.GROUP_WEIGHTS == {
        "解决具体问题的专业能力": 38.15,
        "以客户为中心的服务能力": 33.47,
        "基于实践的学习能力": 28.38,
    }
    for name, items in competency.GROUPS:  # each group's weight is the sum of its indicators' combined weights
        assert round(sum(weight for _code, _name, weight in items), 2) == competency.GROUP_WEIGHTS[name]
    names = [name for _code, name, _weight in competency.INDICATORS]
    assert names[6] == "团队协作能力" and names[-1] == "信息技术应用能力"


def test_competency_weights_are_the_seeds():
    assert round(sum(competency.WEIGHTS.values()), 2) == 100.0
    assert competency.weighted_score({**ALL_FOURS, "communication": 5}) == round(4 + 11.55 / 100, 2)
    with pytest.raises(ValueError):
        competency.weighted_score({"communication": 5})


def test_every_indicator_has_an_anchored_scale_and_a_short_name():
    for code in competency.WEIGHTS:
        scale = competency.scale(code)
        assert [value for value, _text in scale] == [1, 2, 3, 4, 5]
        assert all(text.strip() for _value, text in scale)
        assert len({text for _value, text in scale}) == 5
        assert competency.SHORT_NAMES[code]
    assert "80字/分钟" in competency.ANCHORS["it_skills"][5]  # the seed's typing figure


def test_radar_labels_sit_outside_the_chart_on_each_axis():
    labels = competency.radar_labels(radius=100, centre=120, gap=10)
    assert [code for code, *_ in labels] == list(competency.WEIGHTS)
    first = labels[0]
    assert first[1:] == (120.0, 10.0, "middle")  # the top axis, named above its end
    for _code, x, y, anchor in labels[1:]:
        assert (anchor == "start") == (x > 120) and ((x - 120) ** 2 + (y - 120) ** 2) ** 0.5 >= 105


def test_a_retention_rule_covers_its_levels_modules_unless_it_names_its_own():
    text = GOOD.replace(
        "mark: 70",
        "mark: 70\n      - kind: modules\n        modules: [a, b]\n      - kind: retention\n        share: 0.8"
        "\n      - kind: retention\n        share: 0.7\n        modules: [c]",
    )
    retention = [rule for rule in levels.parse(text)[0].rules if rule["kind"] == "retention"]
    assert retention == [
        {"kind": "retention", "share": 0.8, "modules": ["a", "b"]},
        {"kind": "retention", "share": 0.7, "modules": ["c"]},
    ]
    assert {"a", "b", "c"} <= levels.references(levels.parse(text))["modules"]
