"""Drill files: every typing text and reply names its business line; messages take their replies' line; the content."""

from pathlib import Path

import pytest

from lms.domain import InputError, drill_files, lines

ROOT = Path(__file__).resolve().parents[2] / "question_banks"
LIBRARY = """replies:
  - id: fh-time
    shortcut: "/fh"
    category: 发货时效
    line: shop
    title: 发货时间
    text: 亲，订单按付款顺序发货。
  - id: bx-reg
    shortcut: "/bx"
    category: 报修
    line: property
    title: 报修登记
    text: 您好，请告诉我您的房号。
  - id: af-sorry
    shortcut: "/af"
    category: 投诉安抚
    line: common
    title: 致歉
    text: 非常抱歉给您添麻烦了。
messages:
  - id: m1
    text: 什么时候发货
    replies: [fh-time]
  - id: m2
    text: 水管坏了
    replies: [bx-reg]
  - id: m3
    text: 太失望了
    replies: [af-sorry]
  - id: m4
    text: 还不发货 太差了
    replies: [fh-time, af-sorry]
"""
TYPING = """texts:
  - id: zh-a
    lang: zh
    level: easy
    line: property
    title: 报修
    text: {text}
""".format(text="您好，这里是物业服务中心。" * 15)


def problems(parse, text: str) -> list[tuple[int, str]]:
    """The problems of a file, each as (line, message filled in)."""
    with pytest.raises(InputError) as caught:
        parse(text)
    return [(p.line, p.message % p.params if p.params else p.message) for p in caught.value.problems]


def test_replies_texts_and_messages_carry_their_line():
    replies, messages = drill_files.parse_library(LIBRARY)
    assert [(r.slug, r.line) for r in replies] == [("fh-time", "shop"), ("bx-reg", "property"), ("af-sorry", "common")]
    assert [(m.slug, m.line) for m in messages] == [
        ("m1", "shop"),
        ("m2", "property"),
        ("m3", "common"),
        ("m4", "shop"),
    ]
    assert [t.line for t in drill_files.parse_typing(TYPING)] == ["property"]


@pytest.mark.parametrize(
    "parse, text, line, fragment",
    [
        (
            drill_files.parse_library,
            LIBRARY.replace("line: property", "line: hotel"),
            11,
            "line 应为：shop、property、common",
        ),
        (drill_files.parse_library, LIBRARY.replace("    line: shop\n", ""), 2, "line 应为"),
        (
            drill_files.parse_library,
            LIBRARY.replace("replies: [bx-reg]", "replies: [bx-reg, fh-time]"),
            26,
            "不同的业务线",
        ),
        (drill_files.parse_library, LIBRARY.replace("category: 报修", "category: 物流"), 10, "催付"),
        (drill_files.parse_typing, TYPING.replace("line: property", "line: Shop"), 5, "line 应为"),
        (drill_files.parse_typing, TYPING.replace("    line: property\n", ""), 2, "line 应为"),
    ],
)
def test_a_missing_or_unknown_line_is_refused_on_its_line(parse, text, line, fragment):
    found = problems(parse, text)
    assert any(at == line and fragment in message for at, message in found), found


def test_a_line_follows_its_team_and_a_learner_without_one_drills_every_line():
    assert lines.drawn("shop") == {"shop", "common"}
    assert lines.drawn("property") == {"property", "common"}
    assert lines.drawn(None) == {"shop", "property", "common"}
    assert lines.message_line(["common", "shop", "shop"]) == "shop"
    assert lines.message_line(["common"]) == "common"
    assert lines.message_line(["shop", "property"]) is None


LIBRARY_FILE = drill_files.parse_library((ROOT / "quick_replies" / "library.yaml").read_text(encoding="utf-8"))
TEXTS = [
    text
    for name in ("zh", "en")
    for text in drill_files.parse_typing((ROOT / "typing" / f"{name}.yaml").read_text(encoding="utf-8"))
]


def test_the_library_has_a_payment_reminder_category_with_the_seeds_hours():
    replies = {reply.slug: reply for reply in LIBRARY_FILE[0]}
    reminders = [reply for reply in replies.values() if reply.category == "催付"]
    assert len(reminders) >= 4 and {reply.line for reply in reminders} == {"shop"}
    texts = " ".join(reply.text for reply in reminders)
    assert "下单1小时后还没付款" in replies["cf-sms"].text and "下单3小时后仍未付款" in replies["cf-phone"].text
    assert "尾款" in texts  # the presale balance is a payment reminder, not a property fee
    assert all(reply.category != "缴费" or reply.line == "property" for reply in replies.values())
    answered = {slug for message in LIBRARY_FILE[1] for slug in message.replies}
    assert {reply.slug for reply in reminders} <= answered


def test_every_reply_and_text_names_a_line_and_each_line_has_texts_of_its_own():
    assert all(reply.line in lines.CONTENT_LINES for reply in LIBRARY_FILE[0])
    for line in lines.LINES:
        drawn = lines.drawn(line)
        assert {t.level for t in TEXTS if t.lang == "zh" and t.line in drawn} == {"easy", "medium", "hard"}
        assert len([m for m in LIBRARY_FILE[1] if m.line in drawn]) >= 10


FORBIDDEN = [
    ("不用承担任何损失", "a promise of no loss at all, before anything is checked"),
    ("由主管直接和您联系", "handing the customer to a supervisor (首问负责制)"),
    ("您是我们的VIP", "assuming the customer's membership"),
    ("根据您的会员等级", "assuming the customer's membership"),
    ("并未丢失", "knowing a delayed parcel is not lost"),
    ("并没有丢失", "knowing a delayed parcel is not lost"),
    ("到付", "a second way to pay return postage (the courses: we pay, the customer advances it)"),
    ("双11", "the glossary: 双十一"),
    ("接待员", "the glossary: 客服"),
    ('"', "ASCII quotes in Chinese text"),
]


@pytest.mark.parametrize("phrase, why", FORBIDDEN)
def test_no_reply_or_chinese_text_promises_what_the_courses_forbid(phrase, why):
    chinese = [t for t in TEXTS if t.lang == "zh"]
    offending = [r.slug for r in LIBRARY_FILE[0] if phrase in r.text + r.title]
    offending += [t.slug for t in chinese if phrase in t.text + t.title]
    assert offending == [], why


def test_return_postage_is_one_rule_in_every_reply():
    texts = {reply.slug: reply.text for reply in LIBRARY_FILE[0]}
    for slug in ("th-fee", "tf-wrong"):
        assert "寄回的运费由我们承担" in texts[slug] and "上传运费凭证" in texts[slug]
