"""The GIFT reader: Moodle's own test files read as Moodle reads them, and broken input by line."""

from pathlib import Path

import pytest

from lms.domain.gift import parse_gift

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"


def read(name: str):
    """Parse one of Moodle's GIFT test files."""
    return parse_gift(CONFORMANCE.joinpath(name).read_text(encoding="utf-8"))


def only(text: str) -> dict:
    """The single question of ``text``, which must read without errors or skips."""
    result = parse_gift(text)
    assert (result.errors, result.skipped, len(result.questions)) == ([], [], 1)
    return result.questions[0]


def messages(problems) -> list[str]:
    """The problems' messages with their parameters filled in."""
    return [problem.message % problem.params for problem in problems]


@pytest.fixture(scope="module")
def moodle():
    """questions.gift.txt, its questions by title (the two 2-08 TSL as a list)."""
    result = read("moodle-gift-questions.gift.txt")
    return result, {q["title"]: q for q in result.questions}


def test_moodle_file_has_nine_questions_one_of_them_an_essay_skipped_on_its_line(moodle):
    result, _ = moodle
    assert result.errors == []
    assert len(result.questions) + len(result.skipped) == 9
    assert [q["title"] for q in result.questions] == [
        "Moodle activities",
        "Q2",
        "colours",
        "Q5",
        "Shortanswer",
        "Q1",
        "2-08 TSL",
        "2-08 TSL",
    ]
    assert [q["type"] for q in result.questions] == [
        "matching",
        "single",
        "multiple",
        "numerical",
        "fill",
        "truefalse",
        "truefalse",
        "truefalse",
    ]
    assert [q["line"] for q in result.questions] == [5, 14, 22, 31, 34, 41, 46, 49]
    assert [p.line for p in result.skipped] == [2]
    assert "问答题" in messages(result.skipped)[0]
    for question in result.questions:
        assert question["category"] is None
        assert (question["difficulty"], question["points"]) == (1, 1)


def test_moodle_matching_has_four_pairs_a_distractor_and_formats_stripped(moodle):
    q = moodle[1]["Moodle activities"]
    assert q["text"] == "Match the <b>activity</b> to the description."
    assert q["text_format"] == "html"
    assert [(p["left"].split()[1], p["right"]) for p in q["pairs"]] == [
        ("activity", "Forum"),
        ("teacher", "Choice"),
        ("bank", "Database"),
        ("collection", "Wiki"),
    ]
    assert q["pairs"][0]["left"] == "An activity supporting asynchronous discussions."
    assert q["distractors"] == ["Chat"]


def test_moodle_single_choice_with_feedback(moodle):
    q = moodle[1]["Q2"]
    assert q["text"] == "What's between orange and green in the spectrum?"
    assert q["text_format"] == "plain"
    assert q["options"] == [
        {"text": "yellow", "weight": 100, "feedback": "right; good!"},
        {"text": "red", "weight": 0, "feedback": "wrong, it's yellow"},
        {"text": "blue", "weight": 0, "feedback": "wrong, it's yellow"},
    ]


def test_moodle_weighted_choice_is_multiple(moodle):
    q = moodle[1]["colours"]
    assert [(o["text"], o["weight"], o["feedback"]) for o in q["options"]] == [
        ("yellow", 50, "right; good!"),
        ("red", -100, "wrong"),
        ("off-beige", 50, "right; good!"),
        ("blue", -100, "wrong"),
    ]


def test_moodle_numerical_three_plus_minus_two_with_wrong_feedback_and_blank(moodle):
    q = moodle[1]["Q5"]
    assert q["answers"] == [{"answer": 3.0, "tolerance": 2.0, "weight": 100, "feedback": None}]
    assert q["feedback_wrong"] == "Completely wrong"
    assert q["text"] == 'What is a number from 1 to 5? ____";'


def test_moodle_short_answer_weights_and_star(moodle):
    q = moodle[1]["Shortanswer"]
    assert q["text"] == "Which is the best animal?"
    assert q["answers"] == [
        {"text": "Frog", "weight": 100, "feedback": "Good!"},
        {"text": "Cat", "weight": 50, "feedback": "What is it with Moodlers and cats?"},
        {"text": "*", "weight": 0, "feedback": "Completely wrong"},
    ]


def test_moodle_true_false_with_feedbacks_and_general_feedback(moodle):
    q = moodle[1]["Q1"]
    assert q["answer"] is False
    assert q["feedback_wrong"] == "42 is the Ultimate Answer."
    assert q["feedback_right"] == "You gave the right answer."
    assert q["feedback"] == "This is, of course, a Hitchiker's Guide to the Galaxy reference."
    assert q["text"].startswith("42 is the Absolute Answer to everything.")


def test_moodle_t_and_true_are_both_true(moodle):
    tsl = [q for q in moodle[0].questions if q["title"] == "2-08 TSL"]
    assert [(q["answer"], q["text"], q["feedback_wrong"], q["feedback_right"]) for q in tsl] == [
        (True, "TSL is blablabla.", None, None)
    ] * 2


def test_moodle_file_in_category():
    result = read("moodle-gift-questions_in_category.gift.txt")
    assert (result.errors, result.skipped) == ([], [])
    assert [(q["title"], q["type"], q["line"]) for q in result.questions] == [
        ("Moodle activities", "matching", 5),
        ("Greeting", "single", 14),
        ("Moodle user", "fill", 22),
        ("Moodle acronym", "truefalse", 27),
    ]
    assert {q["category"] for q in result.questions} == {"Default for New Features"}
    assert {q["text_format"] for q in result.questions} == {"html"}
    match, greeting, user, acronym = result.questions
    assert [p["right"] for p in match["pairs"]] == ["Forum", "Choice", "Database", "Wiki"]
    assert match["distractors"] == ["Chat"]
    assert greeting["text"] == (
        '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this greeting:</a>'
        "<br /><br />What language is being spoken?"
    )
    assert [(o["text"], o["weight"]) for o in greeting["options"]] == [
        ("English", 0),
        ("French", 100),
        ("German", 0),
        ("Spanish", 0),
    ]
    assert greeting["options"][1]["feedback"] == "Yes, well done!"
    assert user["answers"] == [{"text": "Moodler", "weight": 100, "feedback": None}]
    assert acronym["answer"] is True
    assert acronym["text"] == (
        'Moodle is an acronym for <span style="font-style: italic;">'
        "Modular Object-Oriented Dynamic Learning Environment</span>."
    )


def test_missing_word_puts_a_blank_where_the_answers_were():
    q = only("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert q["text"] == "Grant is ____ in Grant's tomb."
    assert q["type"] == "single"
    assert q["title"] is None


def test_missing_word_short_answer_is_fill_with_blank():
    q = only("::cap::The capital of France is {=Paris =paris}.")
    assert (q["type"], q["text"], [a["text"] for a in q["answers"]]) == (
        "fill",
        "The capital of France is ____.",
        ["Paris", "paris"],
    )


def test_escapes_are_unescaped_everywhere():
    q = only(r"::a\:b::Is 1+1 \= 2? \{not code\} \~ \# \\ {=yes\# #ok\: fine ~no}")
    assert q["title"] == "a:b"
    assert q["text"] == "Is 1+1 = 2? {not code} ~ # \\"
    assert q["options"][0] == {"text": "yes#", "weight": 100, "feedback": "ok: fine"}


def test_comments_and_blank_lines_separate_questions_and_category_applies_after():
    result = parse_gift("// a comment\n$CATEGORY: 服务礼仪\n\n// q\n::a::甲{T}\n\n\n::b::乙\n// inside\n{F}\n")
    assert [(q["title"], q["category"], q["line"], q["text"]) for q in result.questions] == [
        ("a", "服务礼仪", 5, "甲"),
        ("b", "服务礼仪", 8, "乙"),
    ]


def test_crlf_and_bom_are_read():
    result = parse_gift("\ufeff::a::x{T}\r\n\r\n::b::y{F}\r\n")
    assert [q["line"] for q in result.questions] == [1, 3]


@pytest.mark.parametrize(
    "answers, kind, weights",
    [
        # Moodle: any = makes single choice; each = option is full marks, ~%n% partial or negative.
        ("=a ~b ~c", "single", [100, 0, 0]),
        ("=a ~%50%b ~c", "single", [100, 50, 0]),
        ("=a ~%-50%b", "single", [100, -50]),
        ("=a =b ~c ~d", "single", [100, 100, 0, 0]),
        ("=甲 =乙 ~%-100%丙", "single", [100, 100, -100]),
        # No = at all: multiple choice, its positive weights adding up to 100%.
        ("~%100%a ~b", "multiple", [100, 0]),
        ("~%50%a ~%50%b ~c", "multiple", [50, 50, 0]),
        ("~%33.3%a ~%66.7%b ~c", "multiple", [33.3, 66.7, 0]),
        ("~%50%a ~%50%b ~%-100%c", "multiple", [50, 50, -100]),
        # Text before the first = or ~ is an option (weight 0), and empty options are dropped, as in Moodle.
        ("lead =a ~b", "single", [0, 100, 0]),
        ("=a ~ ~b ~#no text", "single", [100, 0]),
    ],
)
def test_choice_type_follows_moodle(answers, kind, weights):
    q = only("Q {" + answers + "}")
    assert (q["type"], [o["weight"] for o in q["options"]]) == (kind, weights)


@pytest.mark.parametrize(
    "block, kind, expected",
    [
        # Without = or ~ a block is a short answer; only T, TRUE, F and FALSE (as written) mean true/false.
        ("{One}", "fill", ["One"]),
        ("{True}", "fill", ["True"]),
        ("{false}", "fill", ["false"]),
        ("{北京}", "fill", ["北京"]),
        ("{北京 =北京市}", "fill", ["北京", "北京市"]),
        ("{TRUE}", "truefalse", True),
        ("{F#错了}", "truefalse", False),
    ],
)
def test_block_without_equals_or_tilde_is_short_answer_unless_true_false(block, kind, expected):
    q = only("问题 " + block)
    assert q["type"] == kind
    assert (q["answer"] if kind == "truefalse" else [a["text"] for a in q["answers"]]) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Unknown escapes keep their backslash (LaTeX, emoticons), as Moodle does.
        (r"分数 \( \frac\{1\}\{2\} \) 是多少？{=一半}", r"分数 \( \frac{1}{2} \) 是多少？"),
        (r"\(^_^)/ 开心 {T}", r"\(^_^)/ 开心"),
        (r"C\:\Windows 路径 {T}", r"C:\Windows 路径"),
        ("结尾反斜杠 \\\n{T}", "结尾反斜杠 \\"),
    ],
)
def test_unknown_escapes_keep_their_backslash(text, expected):
    assert only(text)["text"] == expected


def test_unknown_escape_in_an_answer_is_kept():
    assert only(r"Q {=a\.b ~c}")["options"][0]["text"] == r"a\.b"


def test_a_second_block_stays_question_text_as_in_moodle():
    q = only("Q {=a ~b} then {=c}")
    assert (q["text"], [o["text"] for o in q["options"]]) == ("Q  then {=c}", ["a", "b"])
    assert only("Q {=a ~b} then.")["text"] == "Q ____ then."


def test_question_without_text_takes_its_title():
    q = only("::服务态度::{T}")
    assert (q["title"], q["text"]) == ("服务态度", "服务态度")


def test_title_with_tags_keeps_only_its_text():
    q = only("::<b>礼仪</b> &amp; <script>x()</script>规范::[html]<p>问题</p>{T}")
    assert q["title"] == "礼仪 & 规范"


@pytest.mark.parametrize(
    "separator, count",
    [
        ("\n\n", 2),
        ("\n0\n", 2),
        ("\n  0 \t\n", 2),
        ("\n\u3000\n", 1),
        ("\n00\n", 1),
    ],
)
def test_what_separates_questions(separator, count):
    text = "::a::甲 {T}" + separator.encode().decode("unicode_escape") + "::b::乙 {F}"
    result = parse_gift(text)
    assert len(result.questions) + len(result.errors) == count


def test_a_full_width_space_line_keeps_one_question():
    q = only("::a::甲\n\u3000\n乙 {T}".encode().decode("unicode_escape"))
    assert q["text"] == "甲\n\u3000\n乙".encode().decode("unicode_escape")


def test_numerical_ranges_several_answers_and_weights():
    q = only("When? {#\n=1822:0 #exact\n=%50%1820..1824\n=%25%-3.5e2}")
    assert q["answers"] == [
        {"answer": 1822.0, "tolerance": 0.0, "weight": 100, "feedback": "exact"},
        {"range": [1820.0, 1824.0], "weight": 50, "feedback": None},
        {"answer": -350.0, "tolerance": 0.0, "weight": 25, "feedback": None},
    ]
    assert q["feedback_wrong"] is None


def test_text_formats_are_recorded_and_stripped():
    q = only("[markdown]**Bold** question {=[plain]a#[html]<i>yes</i> ~[moodle]b}")
    assert (q["text_format"], q["text"]) == ("markdown", "**Bold** question")
    assert q["options"][0] == {"text": "a", "weight": 100, "feedback": "<i>yes</i>"}
    assert q["options"][1]["text"] == "b"
    assert only("[unknown]text {T}")["text"] == "[unknown]text"


def test_description_without_answers_is_skipped_on_its_line():
    result = parse_gift("::d::Just some words.\n\n::q::x {T}")
    assert [p.line for p in result.skipped] == [1]
    assert [q["title"] for q in result.questions] == ["q"]


def test_general_feedback_only_is_an_essay():
    result = parse_gift("Write about it. {####Think of the customer.}")
    assert (result.questions, [p.line for p in result.skipped]) == ([], [1])


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ("::q::Text\nmore {=a\n=b", 2, "{ 没有对应的 }"),
        ("::q::Text =a}", 1, "} 没有对应的 {"),
        ("::q::Text\n{=a {b}\n}", 2, "答案块里又有一个 {"),
        ("::q::Text {#}", 1, "数值题没有答案"),
        ("::q::Text {\n=\n}", 1, "没有得分的答案"),
        ("::q::Text {~}", 1, "至少需要两个选项"),
        ("::q::Text {\n=a\n~\n}", 1, "至少需要两个选项"),
        ("::q::Text {#abc}", 1, "Moodle 会把它读成“任何数字都算对”"),
        ("::q::Text {#abc}", 1, "{=abc}"),
        ("::q::Text {\n=a\n~c\n=%50%b}", 4, "= 表示满分答案"),
        ("::q::Text {~%50%a ~b}", 1, "现在是 50%"),
        ("::q::Text {~%50%a ~%60%b ~c}", 1, "现在是 110%"),
        ("::q::Text {#\n=3:2\n=abc:1\n}", 3, "“abc”不是数字"),
        ("::q::Text {#3:two}", 1, "“two”不是数字"),
        ("::q::Text {#5..1}", 1, "下限大于上限"),
        ("::q::Text {#3:-2}", 1, "不能是负数"),
        ("::q::Text {\n=a\n~%150%b}", 3, "超出了 -100% 到 100% 的范围"),
        ("::q::Match\n{\n=a -> 1\n= -> 2\n}", 2, "配对题至少需要两对"),
        ("::q::Match {\n=a -> 1\n=b 2\n}", 3, "缺少 ->"),
        ("::q::Match {\n=a -> 1\n=b ->\n}", 3, "右边为空"),
        ("::q::Text {\n~%abc%a\n~b}", 2, "权重写法不对"),
        ("::q::Text {~a ~b}", 1, "没有得分的答案"),
        ("{T}", 1, "既没有文字"),
        ("$CATEGORY: x\n::q::Text {T}", 2, "紧跟在第 4 行的 $CATEGORY: 之后"),
        ("::q::问题 {=对 ~%abc%错}", 1, "权重写法不对：“%abc%错”"),
    ],
)
def test_broken_input_is_reported_on_its_line(text, line, fragment):
    result = parse_gift("::ok::Fine {T}\n\n// broken:\n" + text + "\n\n::ok2::Fine {F}\n")
    assert [q["title"] for q in result.questions] == ["ok", "ok2"]
    assert [p.line for p in result.errors] == [line + 3]
    assert fragment in messages(result.errors)[0]


def test_options_spread_over_lines_are_reported_on_their_own_line():
    result = parse_gift("::q::Text {\n=a\n~b}\n\n\n::r::问题 {\n=对\n~错\n~%abc%x\n}")
    assert [p.line for p in result.errors] == [9]
