"""Scenario answers are scored on the learner's own words: echoes, keyword lists, short answers and forbidden phrases."""

import pytest

from lms.domain import scoring
from lms.domain.scoring import assess_scenario, model_answer, score

#: A question with its context, three ideas, one keyword of which (空调) the question itself says.
AIRCON = {
    "type": "scenario",
    "title": "空调报修",
    "text": "客户来电说家里的空调坏了，问今天能不能修好。你怎么回答？",
    "rubric": [
        {"idea": "先安抚情绪", "points": 1, "keywords": ["理解", "着急"]},
        {"idea": "说明上门安排", "points": 2, "keywords": ["师傅", "上门", "空调"]},
        {"idea": "约定跟进", "points": 1, "keywords": ["回电", "跟进"]},
    ],
    "model_answer": "我非常理解您着急的心情，我马上为您登记维修，师傅会在两小时内联系您约上门时间，之后我会回电跟进处理结果。",
}
GOOD = AIRCON["model_answer"]
PROMISE = "我非常理解您着急的心情，今天肯定修好，师傅会在两小时内联系您约上门时间，之后我会回电跟进处理结果。"


@pytest.mark.parametrize(
    "answer, fraction, hits, flags",
    [
        (GOOD, 1.0, (True, True, True), ()),
        # pasting the question earns nothing: its words are cut out, and 空调 is the question's own word
        (AIRCON["text"], 0.0, (False, False, False), ("echo", "too_short")),
        (AIRCON["title"] + "：" + AIRCON["text"], 0.0, (False, False, False), ("echo", "too_short")),
        # the question pasted before a real answer: the answer still counts
        (AIRCON["text"] + GOOD, 1.0, (True, True, True), ()),
        # the question's words around a keyword: 空调 alone shows nothing
        ("客户来电说家里的空调坏了，问今天能不能修好，我理解", 0.25, (True, False, False), ("echo", "too_short")),
        # a bare list of keywords, with or without separators of other kinds
        ("理解，着急，上门，师傅，回电", 0.3, (True, True, True), ("keyword_list", "too_short")),
        ("理解 上门 回电", 0.3, (True, True, True), ("keyword_list", "too_short")),
        ("理解/上门/回电/跟进", 0.3, (True, True, True), ("keyword_list", "too_short")),
        (
            "理解；师傅；上门；回电；跟进；安抚；道歉；登记；记录；核实；答复；联系；时间；结果；满意",
            0.3,
            (True, True, True),
            ("keyword_list",),
        ),
        # short, however right
        ("理解您着急，师傅上门后我回电。", 0.3, (True, True, True), ("too_short",)),
        ("", 0.0, (False, False, False), ("too_short",)),
        # one over-promise costs a quarter; said in the negative, it is no promise
        (PROMISE, 0.75, (True, True, True), ("forbidden:over_promise",)),
        (PROMISE.replace("今天肯定修好", "但我不能保证今天一定修好"), 1.0, (True, True, True), ()),
        (PROMISE.replace("今天肯定修好", "我一定尽力帮您解决"), 1.0, (True, True, True), ()),
        # blaming the customer and handing them off: one quarter each, never below 0
        (
            "这是您自己用坏的，您去找售后部门问吧，这不归我管。我理解您着急，师傅上门后会回电。",
            0.25,
            (True, True, True),
            ("forbidden:blame", "forbidden:hand_off"),
        ),
        (
            "这是您自己的问题，怪您没看清楚，您打厂家电话问吧，我理解但这不归我管，也不是我们部门负责的。",
            0.0,
            (True, False, False),
            ("forbidden:blame", "forbidden:hand_off"),
        ),
        (
            GOOD.replace("之后我会回电跟进处理结果", "我会把情况转给主管处理"),
            0.5,
            (True, True, False),
            ("forbidden:hand_off",),
        ),
        # the agent acting for the customer is no hand-off; the customer's feelings are no blame
        (
            "不会让您再去找别的部门，由我负责跟进，理解您着急，我会帮您联系售后部门安排师傅上门，再给您打电话回访。",
            1.0,
            (True, True, True),
            (),
        ),
        ("这不怪您，我非常理解您着急，难怪您会生气，师傅上门检修后我会回电跟进结果。", 1.0, (True, True, True), ()),
    ],
)
def test_a_scenario_answer_is_scored_on_its_own_words(answer, fraction, hits, flags):
    found = assess_scenario(AIRCON, answer)
    assert (found.fraction, found.hits, found.flags) == (pytest.approx(fraction), hits, flags)
    assert score(AIRCON, answer) == found.fraction


@pytest.mark.parametrize(
    "phrase, group",
    [
        ("保证明天到", "over_promise"),
        ("百分之百给您退款", "over_promise"),
        ("绝对能修好", "over_promise"),
        ("今天肯定给您处理完", "over_promise"),
        ("包您满意，肯定解决", "over_promise"),
        ("是您自己操作错了", "blame"),
        ("你们自己没填对地址", "blame"),
        ("谁让您不看说明", "blame"),
        ("您自己去找别的部门", "hand_off"),
        ("这个不是我们这边负责的", "hand_off"),
        ("您可以打快递公司的电话问一下", "hand_off"),
        ("我转给主管处理", "hand_off"),
    ],
)
def test_each_forbidden_group_is_caught(phrase, group):
    answer = f"我非常理解您着急的心情，{phrase}，师傅会上门检查，之后我会回电告诉您处理结果。"
    assert f"forbidden:{group}" in assess_scenario(AIRCON, answer).flags


@pytest.mark.parametrize(
    "phrase",
    [
        "我没法百分之百保证今天修好",
        "我一定会跟进到问题解决为止",
        "押金和保证金退款会原路返回",
        "我会帮您联系快递公司",
        "我会给您打电话确认",
        "我会向主管报告，由我继续跟进",
        "您不用再去问其他部门",
    ],
)
def test_what_sounds_forbidden_but_is_not(phrase):
    answer = f"我非常理解您着急的心情，{phrase}，师傅会上门检查，之后我会回电告诉您处理结果。"
    assert not [f for f in assess_scenario(AIRCON, answer).flags if f.startswith("forbidden:")]


def test_a_question_may_forbid_phrases_of_its_own():
    question = {**AIRCON, "forbidden": ["先付钱", "没办法"]}
    answer = GOOD.replace("我马上为您登记维修", "您先付钱我们才登记，没办法")
    found = assess_scenario(question, answer)
    assert found.flags == ("forbidden:question",) and found.fraction == 0.5
    assert found.forbidden == (("question", "先付钱"), ("question", "没办法"))


def test_the_written_model_answer_is_the_full_marks_answer():
    assert model_answer(AIRCON) == GOOD and score(AIRCON, GOOD) == 1.0
    without = {key: value for key, value in AIRCON.items() if key != "model_answer"}
    fallback = model_answer(without)  # a keyword per idea, none the question's: every idea, but only a list
    assert fallback == "理解，师傅，回电"
    assert assess_scenario(without, fallback).hits == (True, True, True) and score(without, fallback) == scoring.LOW_CAP


def test_every_flag_reads_in_words():
    flags = {scoring.ECHO, scoring.KEYWORD_LIST, scoring.TOO_SHORT} | {
        scoring.FORBIDDEN_FLAG + group for group in (*scoring.FORBIDDEN, scoring.QUESTION_GROUP)
    }
    assert set(scoring.FLAG_LABELS) == flags


@pytest.mark.parametrize(
    "rubric, shares",
    [
        (AIRCON["rubric"], [25.0, 50.0, 25.0]),
        ([{"idea": "道歉", "points": 1, "keywords": ["抱歉"]}], [100.0]),
        ([{"idea": "甲", "points": 1, "keywords": ["甲"]}] * 4, [25.0] * 4),
    ],
)
def test_an_idea_weighs_its_share_of_the_question(rubric, shares):
    """A rubric's points are weights: four ideas of 1 point in a 1-point question are 25% each, not 1 point."""
    assert scoring.rubric_shares({"rubric": rubric}) == shares
