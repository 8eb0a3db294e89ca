"""The Moodle XML reader: Moodle's fixture, our Chinese file with every type, and broken input by line."""

from pathlib import Path

import pytest

from lms.domain import question_rules
from lms.domain.moodle_xml import parse_moodle_xml
from lms.domain.scoring import score_fill, score_multiple, score_numerical, score_single

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"
CHINESE = Path(__file__).resolve().parent / "fixtures" / "moodle-xml-chinese.xml"


def messages(problems) -> list[str]:
    """The problems' messages with their parameters filled in."""
    return [problem.message % problem.params for problem in problems]


def wrap(body: str) -> str:
    """A file holding ``body`` inside <quiz>, the body starting on line 3."""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'


def question(kind: str, inner: str, text: str = "题目") -> str:
    return f'<question type="{kind}"><questiontext format="plain_text"><text>{text}</text></questiontext>{inner}</question>'


@pytest.fixture(scope="module")
def chinese():
    result = parse_moodle_xml(CHINESE.read_text(encoding="utf-8"))
    assert result.errors == []
    return result, {q["title"]: q for q in result.questions}


def test_moodle_fixture_four_truefalse_in_nested_categories_and_the_essay_skipped():
    result = parse_moodle_xml(CONFORMANCE.joinpath("moodle-xml-nested-categories.xml").read_text(encoding="utf-8"))
    assert result.errors == []
    assert [(q["title"], q["category"], q["answer"], q["line"]) for q in result.questions] == [
        ("Iota Question", "Iota", True, 15),
        ("Kappa Question", "Iota/Kappa", True, 83),
        ("Lambda Question", "Iota/Kappa/Lambda", True, 123),
        ("Mu Question", "Iota/Mu", True, 163),
    ]
    assert {(q["text"], q["text_format"], q["penalty"]) for q in result.questions} == {
        ("<p>Testing Iota Question</p>", "html", 1),
        ("<p>Testing Kappa Question</p>", "html", 1),
        ("<p>Testing Lambda Question</p>", "html", 1),
        ("<p>Testing Mu Question</p>", "html", 1),
    }
    assert [(p.line, p.message) for p in result.skipped] == [
        (55, "问答题（essay）没有评分要点，不能自动评分，已跳过。")
    ]


def test_chinese_file_reads_every_type_and_lists_what_it_skips(chinese):
    result, _ = chinese
    assert [(q["type"], q["line"]) for q in result.questions] == [
        ("single", 6),
        ("multiple", 27),
        ("truefalse", 40),
        ("fill", 46),
        ("numerical", 53),
        ("matching", 60),
    ]
    assert [(p.line, m) for p, m in zip(result.skipped, messages(result.skipped), strict=True)] == [
        (67, "说明（description）不是题目，已跳过。"),
        (71, "问答题（essay）没有评分要点，不能自动评分，已跳过。"),
        (75, "不支持的 Moodle 题型“calculated”，已跳过。"),
    ]
    for number, q in enumerate(result.questions, start=1):
        checked = {key: value for key, value in q.items() if key != "line" and value is not None}
        assert question_rules.problems({**checked, "id": f"q{number}"}) == []


def test_single_choice_keeps_html_feedback_points_penalty_and_negative_fractions(chinese):
    q = chinese[1]["单选：首问负责"]
    assert q["category"] == "客服基础/首问负责制"
    assert (q["text_format"], q["text"]) == ("html", "<p>客户来电咨询物流问题，<b>客服</b>应该怎么做？</p>")
    assert (q["feedback"], q["points"], q["penalty"], q["difficulty"]) == (
        "<p>谁先接待，谁负责到底。</p>",
        2,
        0.3333333,
        1,
    )
    assert q["options"] == [
        {"text": "自己跟进，查清后回电", "weight": 100, "feedback": "对，这就是首问负责制。"},
        {"text": "请客户自己联系快递公司", "weight": -50, "feedback": "把客户推走了。"},
        {"text": "转给同事", "weight": 0},
    ]
    assert (score_single(q, 0), score_single(q, 1)) == (1.0, 0.0)


def test_multiple_choice_by_single_false_with_negative_fraction_and_difficulty_tag(chinese):
    q = chinese[1]["多选：安抚"]
    assert (q["type"], q["difficulty"], q["text_format"]) == ("multiple", 2, "plain")
    assert [o["weight"] for o in q["options"]] == [50, 50, -100]
    assert (score_multiple(q, [0, 1]), score_multiple(q, [0]), score_multiple(q, [0, 1, 2])) == (1.0, 0.5, 0.0)


def test_truefalse_right_answer_is_the_one_at_100_each_feedback_follows_its_answer(chinese):
    q = chinese[1]["判断：介绍顺序"]
    assert (q["answer"], q["feedback_right"], q["feedback_wrong"], q["text_format"]) == (
        False,
        "答对了。",
        "再想想。",
        "moodle",
    )


def test_shortanswer_usecase_makes_case_count(chinese):
    q = chinese[1]["填空：英文缩写"]
    assert q["case_sensitive"] is True
    assert [score_fill(q, answer) for answer in ("MOT", "Mot", "mot", "ＭＯＴ")] == [1.0, 0.5, 0.0, 1.0]
    assert score_fill({**q, "case_sensitive": False}, "mot") == 1.0


def test_numerical_several_answers_with_tolerance_and_the_star_as_wrong_feedback(chinese):
    q = chinese[1]["数值：回复时限"]
    assert q["answers"] == [
        {"answer": 30, "tolerance": 0, "weight": 100, "feedback": "正确。"},
        {"answer": 60, "tolerance": 5, "weight": 50},
    ]
    assert q["feedback_wrong"] == "请复习响应时限。"
    assert [score_numerical(q, v) for v in ("30", "64", "66", "31")] == [1.0, 0.5, 0.0, 0.0]


def test_matching_subquestion_without_text_is_a_distractor(chinese):
    q = chinese[1]["配对：客户类型"]
    assert q["pairs"] == [{"left": "犹豫型", "right": "给出明确建议"}, {"left": "急躁型", "right": "先说结论"}]
    assert q["distractors"] == ["反复催促下单"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x "y">]>\n<quiz/>', 2, "文件含有 DTD"),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE quiz SYSTEM "file:///etc/passwd">\n<quiz>&x;</quiz>',
            2,
            "文件含有 DTD",
        ),
        ("<quiz>\n<question>\n</quiz>", 3, "XML 格式不正确（mismatched tag）"),
        ("<quiz>\n&xxe;\n</quiz>", 2, "XML 格式不正确（undefined entity）"),
        ("", 1, "XML 格式不正确"),
        ("<questions/>", 1, "这不是 Moodle XML 题目文件"),
    ],
)
def test_broken_or_unsafe_files_are_refused_on_their_line(text, line, message):
    result = parse_moodle_xml(text)
    assert result.questions == []
    assert [p.line for p in result.errors] == [line]
    assert messages(result.errors)[0].startswith(message)


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            question("truefalse", '<answer fraction="100"><text>对</text></answer>'),
            3,
            "判断题的答案应为 true 或 false，不是“对”。",
        ),
        (
            question(
                "truefalse",
                '<answer fraction="0"><text>true</text></answer>\n<answer fraction="0"><text>false</text></answer>',
            ),
            3,
            "判断题应恰好有一个得分为 100 的答案（true 或 false）。",
        ),
        (question("multichoice", '<answer fraction="abc"><text>a</text></answer>'), 3, "得分比例“abc”不是数字。"),
        (question("multichoice", "<defaultgrade>两分</defaultgrade>"), 3, "默认分值“两分”不是数字。"),
        (question("numerical", '\n<answer fraction="100"><text>三十</text></answer>'), 4, "数值题答案“三十”不是数字。"),
        (
            question("numerical", '\n<answer fraction="100"><text>*</text></answer>'),
            4,
            "数值题的“*”（任何数）只能作为 0 分答案，用来给错误答案反馈。",
        ),
        (question("numerical", ""), 3, "数值题没有答案。"),
        (
            question("matching", "\n<subquestion><text>左</text><answer><text></text></answer></subquestion>"),
            4,
            "配对项的答案为空。",
        ),
        (question("shortanswer", "", text=""), 3, "题目没有文字（questiontext）。"),
        (
            '<question type="shortanswer"><questiontext format="rtf"><text>x</text></questiontext></question>',
            3,
            "文本格式“rtf”无效：应为 html、moodle_auto_format、plain_text 或 markdown。",
        ),
    ],
)
def test_broken_questions_are_reported_on_their_line(body, line, message):
    result = parse_moodle_xml(wrap(body))
    assert result.questions == []
    assert [(p.line, m) for p, m in zip(result.errors, messages(result.errors), strict=True)] == [(line, message)]


def test_every_broken_question_is_reported_not_only_the_first():
    body = "\n".join(
        [
            question("numerical", ""),
            question("truefalse", ""),
            question("shortanswer", '<answer fraction="100"><text>好</text></answer>'),
        ]
    )
    result = parse_moodle_xml(wrap(body))
    assert [p.line for p in result.errors] == [3, 4]
    assert [q["line"] for q in result.questions] == [5]


def test_category_without_text_child_and_empty_category():
    body = '<question type="category"><category>$course$/旧格式</category></question>\n' + question(
        "shortanswer", '<answer fraction="100"><text>好</text></answer>'
    )
    assert parse_moodle_xml(wrap(body)).questions[0]["category"] == "旧格式"
    body = '<question type="category"><category><text> </text></category></question>\n' + question(
        "shortanswer", '<answer fraction="100"><text>好</text></answer>'
    )
    assert parse_moodle_xml(wrap(body)).questions[0]["category"] is None


def test_ordering_answers_in_their_order():
    body = question(
        "ordering",
        '<answer fraction="2"><text>道歉</text></answer><answer fraction="1"><text>倾听</text></answer>'
        '<answer fraction="3"><text>解决</text></answer>',
    )
    assert parse_moodle_xml(wrap(body)).questions[0]["items"] == ["倾听", "道歉", "解决"]
