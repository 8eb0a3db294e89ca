"""Bank and blueprint files, drawing papers, attempt rules, grading and item statistics."""

import random
from datetime import datetime, timedelta

import pytest

from lms.domain import (
    InputError,
    attempts,
    bank_file,
    blueprint_file,
    item_stats,
    paper,
)
from lms.domain.blueprint_file import Section
from lms.domain.states import AttemptStatus, ExamKind

LEVELS = ("junior", "intermediate", "senior", "expert")

QUESTION = """  - id: q01
    type: single
    category: c
    difficulty: 1
    text: 题
    options:
      - text: 对
        correct: true
      - text: 错
"""
BANK = "bank: b\ntitle: 题库\nquestions:\n" + QUESTION
SCENARIO_FIELDS = "type: scenario\n    rubric:\n      - idea: 道歉\n        points: 1\n        keywords: [抱歉]"


def bank_problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(InputError) as caught:
        bank_file.parse(text, "b")
    return [(p.line, p.message % p.params if p.params else p.message) for p in caught.value.problems]


def test_a_good_bank_reads_without_its_line_bookkeeping():
    bank = bank_file.parse(BANK, "b")
    assert bank.title == "题库" and bank.questions[0]["options"][0] == {"text": "对", "correct": True}


@pytest.mark.parametrize(
    "edit, line, fragment",
    [
        (lambda t: t.replace("bank: b", "bank: x"), 1, "bank 应与文件名一致"),
        (lambda t: t.replace("type: single", "type: essay"), 5, "题型“essay”无效"),
        (lambda t: t.replace("difficulty: 1", "difficulty: 5"), 7, "difficulty 应为"),
        (lambda t: t.replace("text: 题", "text: ''"), 8, "题干"),
        (
            lambda t: t.replace("      - text: 错\n", "      - text: 错\n        correct: true\n"),
            9,
            "恰好有一个正确选项",
        ),
        (lambda t: t.replace("    options:", "    answer: true\n    options:"), 9, "不能有 answer 字段"),
        (lambda t: t.replace("id: q01", "id: Q 1"), 4, "题目 id"),
        (lambda t: t + QUESTION, 13, "与第 4 行重复"),
        (lambda t: t.replace("title: 题库", "title: [题库"), 3, "YAML 语法错误"),
    ],
)
def test_bank_problems_name_their_line(edit, line, fragment):
    found = bank_problems(edit(BANK))
    assert any(at == line and fragment in message for at, message in found), found


@pytest.mark.parametrize(
    "question, fragment",
    [
        (
            "type: multiple\n    options:\n      - text: a\n        correct: true\n      - text: b\n        correct: true",
            "至少有一个正确选项和一个错误选项",
        ),
        ("type: truefalse\n    answer: 'yes'", "true 或 false"),
        ("type: fill\n    answers: []", "可接受的答案"),
        ("type: ordering\n    items: [a]", "至少两项"),
        ("type: matching\n    pairs:\n      - left: a\n        right: b", "至少有两组"),
        ("type: numerical\n    range: [5, 1]", "range"),
        ("type: scenario\n    rubric:\n      - idea: 道歉\n        points: 0\n        keywords: [抱歉]", "rubric"),
        (SCENARIO_FIELDS + "\n    model_answer: ''", "model_answer 应是一段完整的参考答案"),
        (SCENARIO_FIELDS + "\n    model_answer: [抱歉]", "model_answer 应是一段完整的参考答案"),
        (SCENARIO_FIELDS + "\n    forbidden: 保证", "forbidden 应列出本题禁止的说法"),
        (SCENARIO_FIELDS + "\n    forbidden: [保证, '']", "forbidden 应列出本题禁止的说法"),
        (
            "type: single\n    options:\n      - text: a\n        correct: true\n      - text: b\n        correct: true",
            "单选题应恰好有一个正确选项",
        ),
        (
            "type: single\n    options:\n      - text: a\n        weight: 50\n      - text: b\n        weight: -50",
            "单选题至少要有一个满分",
        ),
        (
            "type: single\n    model_answer: 甲\n    options:\n      - text: a\n        correct: true\n      - text: b",
            "single 题不能有 model_answer 字段",
        ),
    ],
)
def test_each_type_checks_its_own_fields(question, fragment):
    text = _one_question(question)
    assert any(fragment in message for _, message in bank_problems(text))


def test_a_weighted_single_choice_may_have_several_full_mark_options():
    fields = "type: single\n    options:\n      - text: a\n        weight: 100\n      - text: b\n        weight: 100"
    text = _one_question(fields + "\n      - text: c\n        weight: -50")
    assert [o["weight"] for o in bank_file.parse(text, "b").questions[0]["options"]] == [100, 100, -50]


def _one_question(fields: str) -> str:
    """A bank of one question with ``fields`` (type and its own) besides id, category, difficulty and text."""
    return (
        "bank: b\ntitle: t\nquestions:\n  - id: q01\n    category: c\n    difficulty: 1\n    text: 题\n    "
        + fields
        + "\n"
    )


def test_a_scenario_may_carry_a_model_answer_and_its_own_forbidden_phrases():
    fields = SCENARIO_FIELDS + "\n    model_answer: 非常抱歉让您久等了。\n    forbidden: [马上到, 不是我们的错]"
    question = bank_file.parse(_one_question(fields), "b").questions[0]
    assert question["model_answer"] == "非常抱歉让您久等了。" and question["forbidden"] == ["马上到", "不是我们的错"]


BLUEPRINT = """id: quiz
title: 测验
kind: module_quiz
module: alpha
level: null
time_limit_minutes: 15
pass_mark: 80
attempts: 3
wait_minutes: 0
counts: highest
shuffle_questions: true
shuffle_options: true
review: full
sections:
  - bank: b
    difficulty: [1, 2]
    count: 5
"""


def test_a_good_blueprint_reads():
    blueprint = blueprint_file.parse(BLUEPRINT, "quiz", LEVELS)
    assert blueprint.sections == (Section("b", 5, None, (1, 2)),) and blueprint.settings()["pass_mark"] == 80


@pytest.mark.parametrize(
    "edit, line, fragment",
    [
        (lambda t: t.replace("kind: module_quiz", "kind: final"), 3, "kind"),
        (lambda t: t.replace("pass_mark: 80", "pass_mark: 180"), 7, "pass_mark 应为 1 到 100"),
        (lambda t: t.replace("review: full", "review: all"), 13, "review"),
        (lambda t: t.replace("counts: highest", "counts: best"), 10, "counts"),
        (lambda t: t.replace("shuffle_options: true", "shuffle_options: 1"), 12, "shuffle_options 应为 true 或 false"),
        (lambda t: t.replace("    difficulty: [1, 2]\n", "    difficulty: [4]\n"), 16, "difficulty"),
        (lambda t: t.replace("    count: 5", "    count: 0"), 15, "count"),
        (lambda t: t.replace("module: alpha\n", ""), 1, "缺少 module"),
        (lambda t: t + "extra: 1\n", 18, "未知的键 extra"),
    ],
)
def test_blueprint_problems_name_their_line(edit, line, fragment):
    with pytest.raises(InputError) as caught:
        blueprint_file.parse(edit(BLUEPRINT), "quiz", LEVELS)
    found = [(p.line, p.message % p.params) for p in caught.value.problems]
    assert any(at == line and fragment in message for at, message in found), found


CANDIDATES = [paper.Candidate(i, "b", "c" if i < 6 else "d", 1 if i % 2 else 3) for i in range(10)]


def test_draw_takes_each_section_from_its_filter_without_repeats():
    sections = (Section("b", 3, "c", None), Section("b", 2, None, (3,)))
    drawn = paper.draw(sections, CANDIDATES, random.Random(1), shuffle=False)
    assert len(drawn) == len(set(drawn)) == 5
    assert all(i < 6 for i in drawn[:3]) and all(i % 2 == 0 for i in drawn[3:])


def test_draw_refuses_a_section_its_bank_cannot_fill_and_shortfalls_say_so():
    sections = (Section("b", 6, None, (1,)),)
    with pytest.raises(paper.NotEnoughQuestions):
        paper.draw(sections, CANDIDATES, random.Random(1), shuffle=True)
    assert [p.params["available"] for p in paper.shortfalls(sections, CANDIDATES)] == [5]


def test_papers_differ_between_draws():
    sections = (Section("b", 5, None, None),)
    papers = {tuple(paper.draw(sections, CANDIDATES, random.Random(seed), shuffle=True)) for seed in range(20)}
    assert len(papers) > 10


def test_ordering_and_matching_are_never_shown_in_the_answer_order():
    ordering = {"type": "ordering", "items": ["a", "b"]}
    for seed in range(30):
        assert paper.part_order(ordering, random.Random(seed), shuffle_options=False) == [1, 0]
    single = {"type": "single", "options": [{"text": "a"}, {"text": "b"}, {"text": "c"}]}
    assert paper.part_order(single, random.Random(3), shuffle_options=False) == [0, 1, 2]
    assert paper.part_order({"type": "fill", "answers": ["x"]}, random.Random(3), True) is None


NOW = datetime(2026, 11, 23, 10, 0)


@pytest.mark.parametrize(
    "finished, allowed, wait, passed, expected",
    [
        ([], 3, 0, False, (True, "")),
        ([NOW - timedelta(hours=1)] * 3, 3, 0, False, (False, "no_attempts_left")),
        ([NOW - timedelta(hours=1)] * 9, 0, 0, False, (True, "")),
        ([NOW - timedelta(minutes=10)], 3, 60, False, (False, "wait")),
        ([NOW - timedelta(minutes=60)], 3, 60, False, (True, "")),
        ([NOW - timedelta(days=1)], 3, 0, True, (False, "passed")),
    ],
)
def test_who_may_start_another_attempt(finished, allowed, wait, passed, expected):
    result = attempts.may_start(finished, allowed, wait, passed, NOW)
    assert (result.allowed, result.reason) == expected


@pytest.mark.parametrize(
    "kind, types, status",
    [
        (ExamKind.PROMOTION, ["single", "scenario"], AttemptStatus.AWAITING_GRADING),
        (ExamKind.PROMOTION, ["single", "fill"], AttemptStatus.FINISHED),
        (ExamKind.MODULE_QUIZ, ["single", "scenario"], AttemptStatus.FINISHED),
        (ExamKind.MODULE_QUIZ, [], AttemptStatus.FINISHED),
    ],
)
def test_a_promotion_paper_with_scenario_answers_waits_for_a_grader(kind, types, status):
    assert attempts.handed_in(kind, types) is status


def test_answers_count_until_the_deadline_plus_grace():
    due = NOW
    assert attempts.accepts_answers(NOW + attempts.GRACE, due)
    assert not attempts.accepts_answers(NOW + attempts.GRACE + timedelta(seconds=1), due)


@pytest.mark.parametrize(("minutes", "seconds"), [(10, 631), (60, 3631), (120, 7231)])
def test_a_papers_token_lasts_the_attempts_time_and_grace_not_one_hour(minutes, seconds):
    assert attempts.form_lifetime(NOW, NOW + timedelta(minutes=minutes)) == seconds


def test_grading_totals_points_by_category_and_honours_overrides():
    right = {"type": "truefalse", "answer": True, "category": "a"}
    essay = {"type": "scenario", "category": "b", "rubric": [{"idea": "x", "points": 1, "keywords": ["x"]}]}
    result = attempts.grade(
        [attempts.Item(right, 1, True), attempts.Item(right, 2, False), attempts.Item(essay, 2, "无关", override=0.5)]
    )
    assert (result.score, result.max_score, result.percent) == (2.0, 5, 40.0)
    assert result.by_category == {"a": (1.0, 3.0), "b": (1.0, 2.0)}


@pytest.mark.parametrize("counts, expected", [("highest", 90.0), ("last", 70.0)])
def test_which_attempt_counts(counts, expected):
    assert attempts.counted([60.0, 90.0, 70.0], counts) == expected
    assert attempts.counted([], counts) is None


def test_item_statistics_flag_easy_hard_and_negative_items():
    papers = []
    for strong in (True, True, True, False, False, False):
        high, low = (1.0, 0.0) if strong else (0.0, 1.0)
        papers.append({1: 1.0, 2: high, 3: low, 4: 0.0, 5: high, 6: high})
    stats = {s.question_id: s for s in item_stats.statistics(papers)}
    assert stats[1].facility == 1.0 and stats[1].flags == (item_stats.TOO_EASY,) and stats[1].discrimination is None
    assert stats[2].discrimination > 0.9 and stats[2].flags == ()
    assert stats[3].discrimination < 0 and item_stats.NEGATIVE in stats[3].flags
    assert stats[4].flags == (item_stats.TOO_HARD,)


def test_few_attempts_are_not_flagged():
    stats = item_stats.statistics([{1: 1.0}, {1: 1.0}])
    assert stats[0].flags == () and stats[0].attempts == 2
