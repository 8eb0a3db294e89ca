"""Scoring every question type, table-driven, and every real bank question against its model answer."""

from pathlib import Path

import pytest

from lms.domain import bank_file
from lms.domain.scoring import model_answer, normalise, score

SINGLE = {"type": "single", "options": [{"text": "甲"}, {"text": "乙", "correct": True}, {"text": "丙"}]}
MULTIPLE = {
    "type": "multiple",
    "options": [{"text": "a", "correct": True}, {"text": "b", "correct": True}, {"text": "c"}, {"text": "d"}],
}
WEIGHTED = {
    "type": "multiple",
    "options": [
        {"text": "y", "weight": 50},
        {"text": "r", "weight": -100},
        {"text": "o", "weight": 50},
        {"text": "b", "weight": -100},
    ],
}
#: Moodle's single choice with two full-mark answers, a partial one and a penalty (``{=a =b ~%50%c ~%-50%d}``).
SINGLE_WEIGHTED = {
    "type": "single",
    "options": [
        {"text": "a", "weight": 100},
        {"text": "b", "weight": 100},
        {"text": "c", "weight": 50},
        {"text": "d", "weight": -50},
    ],
}
FILL = {"type": "fill", "answers": ["首问负责制", "首问责任制"]}
FILL_WEIGHTED = {
    "type": "fill",
    "answers": [{"text": "Frog", "weight": 100}, {"text": "Cat", "weight": 50}, {"text": "*", "weight": 0}],
}
ORDERING = {"type": "ordering", "items": ["抓开场", "客户类型分析", "挖需求", "谈方案", "促交易"]}
MATCHING = {
    "type": "matching",
    "pairs": [
        {"left": "重大", "right": "当天"},
        {"left": "重要", "right": "1 小时"},
        {"left": "轻微", "right": "2 天"},
    ],
    "distractors": ["一周"],
}
NUMERICAL = {"type": "numerical", "answer": 80, "tolerance": 5}
RANGE = {"type": "numerical", "range": [1, 5]}
ENTRIES = {
    "type": "numerical",
    "answers": [{"answer": 1822, "tolerance": 0, "weight": 100}, {"answer": 1822, "tolerance": 2, "weight": 50}],
}
SCENARIO = {
    "type": "scenario",
    "rubric": [
        {"idea": "道歉", "points": 2, "keywords": ["抱歉", "对不起"]},
        {"idea": "回访", "points": 1, "keywords": ["回访", "回电"]},
    ],
}


@pytest.mark.parametrize(
    "question, answer, expected",
    [
        (SINGLE, 1, 1.0),
        (SINGLE, 0, 0.0),
        (SINGLE, 7, 0.0),
        (SINGLE, "1", 0.0),
        (SINGLE, True, 0.0),
        (SINGLE, None, 0.0),
        (SINGLE_WEIGHTED, 0, 1.0),
        (SINGLE_WEIGHTED, 1, 1.0),
        (SINGLE_WEIGHTED, 2, 0.5),
        (SINGLE_WEIGHTED, 3, 0.0),
        (SINGLE_WEIGHTED, [0, 1], 0.0),
        (MULTIPLE, [0, 1], 1.0),
        (MULTIPLE, [0], 0.5),
        (MULTIPLE, [0, 2], 0.0),
        (MULTIPLE, [0, 1, 2], 0.5),
        (MULTIPLE, [2, 3], 0.0),
        (MULTIPLE, [], 0.0),
        (MULTIPLE, [0, 0, 1], 1.0),
        (MULTIPLE, "0", 0.0),
        (WEIGHTED, [0, 2], 1.0),
        (WEIGHTED, [0], 0.5),
        (WEIGHTED, [0, 1], 0.0),
        (WEIGHTED, [0, 2, 3], 0.0),
        ({"type": "truefalse", "answer": False}, False, 1.0),
        ({"type": "truefalse", "answer": False}, True, 0.0),
        ({"type": "truefalse", "answer": True}, "true", 0.0),
        (FILL, "首问负责制", 1.0),
        (FILL, " 首问 负责制。", 1.0),
        (FILL, "首问责任制", 1.0),
        (FILL, "首问制", 0.0),
        (FILL, "", 0.0),
        ({"type": "fill", "answers": ["80"]}, "８０", 1.0),
        ({"type": "fill", "answers": ["SPIN"]}, "ｓｐｉｎ", 1.0),
        (FILL_WEIGHTED, "frog", 1.0),
        (FILL_WEIGHTED, "cat", 0.5),
        (FILL_WEIGHTED, "dog", 0.0),
        (ORDERING, [0, 1, 2, 3, 4], 1.0),
        (ORDERING, [1, 0, 2, 3, 4], 0.6),
        (ORDERING, [4, 3, 2, 1, 0], 0.2),
        (ORDERING, [0, 1, 2, 3], 0.0),
        (ORDERING, [0, 0, 2, 3, 4], 0.0),
        (ORDERING, [0, 1, None, 3, 4], 0.0),
        (MATCHING, [0, 1, 2], 1.0),
        (MATCHING, [0, 1, 3], pytest.approx(2 / 3)),
        (MATCHING, [1, 0, None], 0.0),
        (MATCHING, [0], pytest.approx(1 / 3)),
        (NUMERICAL, "80", 1.0),
        (NUMERICAL, "84.5", 1.0),
        (NUMERICAL, "８５", 1.0),
        (NUMERICAL, "86", 0.0),
        (NUMERICAL, "eighty", 0.0),
        (NUMERICAL, "nan", 0.0),
        (NUMERICAL, "75", 1.0),
        (RANGE, "1", 1.0),
        (RANGE, "5", 1.0),
        (RANGE, "5.1", 0.0),
        (RANGE, "3,5", 1.0),
        (ENTRIES, "1822", 1.0),
        (ENTRIES, "1823", 0.5),
        (ENTRIES, "1830", 0.0),
        (SCENARIO, "非常抱歉让您遇到这样的情况，我先登记下来，三天内我们会回访您", 1.0),
        (SCENARIO, "对不起，这件事给您添麻烦了，我先把情况登记下来再处理", pytest.approx(2 / 3)),
        (SCENARIO, "非常抱歉，我们会回访您", 0.3),
        (SCENARIO, "好的", 0.0),
        (SCENARIO, 5, 0.0),
    ],
)
def test_each_type_scores_as_documented(question, answer, expected):
    assert score(question, answer) == expected


@pytest.mark.parametrize(
    "text, folded", [("Ａ Ｂ　c。", "abc"), ("  80 ", "80"), ("首问，", "首问"), ("…好的！", "好的")]
)
def test_normalise_folds_width_space_case_and_end_punctuation(text, folded):
    assert normalise(text) == folded


BANKS = sorted((Path(__file__).resolve().parents[2] / "question_banks").glob("*.yaml"))


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_every_real_question_earns_full_marks_with_its_model_answer(path):
    bank = bank_file.parse(path.read_text(encoding="utf-8"), path.stem)
    wrong = [q["id"] for q in bank.questions if score(q, model_answer(q)) != 1.0]
    assert wrong == []
    assert len(bank.questions) >= 15


@pytest.mark.parametrize("path", BANKS, ids=lambda p: p.stem)
def test_real_open_answers_score_low_when_pasted_or_listed(path):
    """The question pasted back, or its rubric's keywords as a bare list, earn at most 30% on every real scenario."""
    bank = bank_file.parse(path.read_text(encoding="utf-8"), path.stem)
    for q in (q for q in bank.questions if q["type"] == "scenario"):
        keywords = "、".join(idea["keywords"][0] for idea in q["rubric"])
        assert score(q, q["text"]) <= 0.3 and score(q, keywords) <= 0.3, q["id"]
