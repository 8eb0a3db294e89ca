"""Writing banks as GIFT and Moodle XML, and reading them back: every built-in bank round-trips.

What must come back equal (``comparable``): type, title (our id when there is none), text and its
format, category, the general feedback (our feedback and explanation, joined), options with their
effective weights and feedback, fill answers with weights and feedback, the true/false answer and
its two feedbacks, numerical entries as intervals with weights and feedback, matching pairs and
distractors, ordering items; through Moodle XML also points, difficulty, penalty and case sensitivity.

What cannot come back: scenario questions (Moodle's closest type is the essay, graded by hand; our
readers skip essays), ordering questions through GIFT (GIFT has none), and through GIFT the points,
difficulty, penalty and case sensitivity (GIFT has no place for them). Feedback and explanation come
back joined as feedback, a numerical range as its middle and a tolerance.
"""

from pathlib import Path

import pytest

from lms.domain import bank_file
from lms.domain.gift import parse_gift
from lms.domain.gift_export import escape, write_gift
from lms.domain.moodle_xml import parse_moodle_xml
from lms.domain.moodle_xml_export import write_moodle_xml
from lms.domain.question_export import category_name, fill_answers, general_feedback, numbers, options

BANKS = sorted((Path(__file__).resolve().parents[2] / "question_banks").glob("*.yaml"))
#: Types each format cannot bring back.
LOST = {"gift": {"ordering", "scenario"}, "moodle-xml": {"scenario"}}
FORMATS = {"gift": (write_gift, parse_gift), "moodle-xml": (write_moodle_xml, parse_moodle_xml)}


def _rounded(rows) -> list[tuple]:
    return [tuple(round(v, 4) if isinstance(v, float) else v for v in row) for row in rows]


def comparable(q: dict, fmt: str) -> dict:
    """What of a question must survive a trip through ``fmt``."""
    kind = q["type"]
    out = {
        "type": kind,
        "title": q.get("title") or q.get("id"),
        "text": q["text"],
        "text_format": q.get("text_format", "plain"),
        "category": q["category"],
        "feedback": general_feedback(q),
    }
    if fmt == "moodle-xml":
        out.update(points=float(q.get("points", 1)), difficulty=q["difficulty"], penalty=q.get("penalty"))
        out["case_sensitive"] = bool(q.get("case_sensitive"))
    if kind in ("single", "multiple"):
        out["options"] = _rounded((text, float(w), fb) for text, w, fb in options(q))
    elif kind == "fill":
        out["answers"] = _rounded((text, float(w), fb) for text, w, fb in fill_answers(q))
    elif kind == "truefalse":
        out.update({key: q.get(key) for key in ("answer", "feedback_right", "feedback_wrong")})
    elif kind == "numerical":
        out["answers"] = _rounded((a - t, a + t, float(w), fb) for a, t, w, fb in numbers(q))
        out["feedback_wrong"] = q.get("feedback_wrong")
    elif kind == "matching":
        out.update(pairs=q["pairs"], distractors=q.get("distractors", []))
    elif kind == "ordering":
        out["items"] = q["items"]
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", BANKS, ids=[path.stem for path in BANKS])
def test_every_built_in_bank_round_trips(path, fmt):
    bank = bank_file.parse(path.read_text(encoding="utf-8"), path.stem)
    write, read = FORMATS[fmt]
    export = write(bank.questions)
    back = read(export.text)
    assert back.errors == []
    kept = [q for q in bank.questions if q["type"] not in LOST[fmt]]
    assert [comparable(q, fmt) for q in back.questions] == [comparable(q, fmt) for q in kept]
    lost = [q["id"] for q in bank.questions if q["type"] in LOST[fmt]]
    assert sorted(qid for qid, _ in export.notes) == sorted(lost)
    scenarios = sum(1 for q in bank.questions if q["type"] == "scenario")
    assert len(back.skipped) == scenarios


def test_built_in_banks_hold_every_type_the_round_trip_covers():
    kinds = {
        q["type"] for path in BANKS for q in bank_file.parse(path.read_text(encoding="utf-8"), path.stem).questions
    }
    assert kinds == {"single", "multiple", "truefalse", "fill", "ordering", "matching", "numerical", "scenario"}


def base(**fields) -> dict:
    return {"id": "q1", "category": "分类", "difficulty": 2, "text": "题目", **fields}


TRICKY = [
    base(
        type="single",
        text="符号 ~ = # { } : \\ 与\n换行",
        options=[{"text": "a=b", "correct": True}, {"text": "%50 折扣"}],
    ),
    base(
        type="multiple",
        options=[
            {"text": "甲", "correct": True},
            {"text": "乙", "correct": True},
            {"text": "丙", "correct": True},
            {"text": "丁"},
        ],
    ),
    base(
        type="single",
        text_format="html",
        text="<p>[html]</p>",
        options=[{"text": "对", "weight": 100}, {"text": "错", "weight": -50, "feedback": "扣分"}],
    ),
    base(
        type="fill",
        text="客户说____，你应回答。",
        answers=["好的", {"text": "OK", "weight": 50, "feedback": "半分"}],
        case_sensitive=True,
    ),
    base(type="fill", text="结尾的空____", answers=["好"]),
    base(type="fill", text="[方括号开头]", answers=["好"]),
    base(type="truefalse", answer=True, feedback_right="对", points=2.5, penalty=0.1),
    base(type="truefalse", answer=False, feedback_wrong="错"),
    base(type="numerical", range=[1, 4], feedback_wrong="再算算"),
    base(
        type="numerical",
        answers=[{"answer": 0.001, "tolerance": 0.0001, "feedback": "好"}, {"answer": 2, "weight": 50}],
    ),
    base(
        type="matching",
        pairs=[{"left": "甲: 一", "right": "乙 # 二"}, {"left": "丙", "right": "丁"}],
        distractors=["戊"],
    ),
    base(type="ordering", items=["一", "二", "三"], category="其他"),
]


@pytest.mark.parametrize("fmt", FORMATS)
def test_tricky_questions_round_trip(fmt):
    write, read = FORMATS[fmt]
    questions = [{**q, "id": f"q{n}"} for n, q in enumerate(TRICKY)]
    back = read(write(questions).text)
    assert back.errors == []
    kept = [q for q in questions if q["type"] not in LOST[fmt]]
    assert [comparable(q, fmt) for q in back.questions] == [comparable(q, fmt) for q in kept]


def test_gift_single_choice_with_a_negative_option_reads_back_single():
    single = {**TRICKY[2], "id": "q2"}
    assert parse_gift(write_gift([single]).text).questions[0]["type"] == "single"


def test_gift_escapes_specials_and_writes_moodle_single_and_multiple_forms():
    assert escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"
    text = write_gift([{**q, "id": f"q{n}"} for n, q in enumerate(TRICKY[:3])]).text
    assert text.startswith("$CATEGORY: $course$/分类\n\n::q0::")
    assert "{=a\\=b ~%0%%50 折扣}" in text
    assert "{~%33.3333333%甲 ~%33.3333333%乙 ~%33.3333333%丙 ~%-33.3333333%丁}" in text
    assert "::q2::[html]<p>[html]</p>{=对 ~%-50%错#扣分}" in text
    numerical = write_gift([{**q, "id": "q9"} for q in TRICKY[8:10]]).text
    assert "{#=2.5:1.5 ~#再算算}" in numerical
    assert "{#=0.001:0.0001#好 =%50%2:0}" in numerical


def test_gift_leaves_ordering_out_and_writes_scenario_as_an_essay_with_notes():
    scenario = base(
        type="scenario",
        id="q2",
        rubric=[{"idea": "安抚", "points": 1, "keywords": ["理解"]}],
        model_answer="我理解您。",
    )
    export = write_gift([base(type="ordering", items=["一", "二"]), scenario])
    assert export.text == "$CATEGORY: $course$/分类\n\n::q2::题目{}\n"
    assert [qid for qid, _ in export.notes] == ["q1", "q2"]
    assert export.notes[0][1] == "GIFT 没有排序题，这道题没有导出。"


def test_moodle_xml_writes_scenario_as_essay_with_the_rubric_for_graders():
    scenario = base(
        type="scenario",
        rubric=[{"idea": "安抚<情绪>", "points": 2, "keywords": ["理解", "着急"]}],
        model_answer="我理解您着急。",
    )
    export = write_moodle_xml([scenario])
    assert '<question type="essay">' in export.text
    assert "安抚&amp;lt;情绪&amp;gt;（2分）：理解、着急" in export.text
    assert export.notes == [("q1", export.notes[0][1])]
    assert parse_moodle_xml(export.text).skipped[0].message.startswith("问答题（essay）")


def test_moodle_xml_writes_numbers_as_moodle_does_and_ordering_for_moodle_4_4():
    text = write_moodle_xml([base(type="ordering", items=["一", "二"]), base(type="numerical", range=[1, 4])]).text
    assert '<answer fraction="1" format="plain_text">\n      <text>一</text>' in text
    assert "<gradingtype>ABSOLUTE_POSITION</gradingtype>" in text
    assert (
        '<answer fraction="100" format="moodle_auto_format">\n      <text>2.5</text>\n      <tolerance>1.5</tolerance>'
        in text
    )
    assert "<tags><tag><text>difficulty:2</text></tag></tags>" in text


@pytest.mark.parametrize(
    ("path", "ours"),
    [
        ("$course$/top/客服/退换货", "客服/退换货"),
        ("$course$/Iota/Kappa", "Iota/Kappa"),
        ("$system$/top", None),
        ("默认 / 分类", "默认/分类"),
        ("", None),
    ],
)
def test_moodle_category_paths_lose_their_context(path, ours):
    assert category_name(path) == ours
