"""Questions imported from Moodle as [html]: shown as sanitised formatted text on the paper and in review."""

from types import SimpleNamespace

import pytest
from flask import render_template_string

from lms.domain.scoring import matching_rights

PAGE = "{% from 'exams/_question.html' import question %}{{ question(item, rights, disabled=True) }}"
ATTACK = '<script>alert(1)</script><img src="x" onerror="alert(2)">'


def shown(app, content: dict) -> str:
    """The question macro's HTML for one item holding ``content``."""
    count = len(content.get("options") or content.get("pairs") or [])
    item = SimpleNamespace(
        position=1,
        version=SimpleNamespace(content=content, points=1),
        part_order=list(range(count + len(content.get("distractors", [])))),
        answer=None,
    )
    with app.test_request_context():
        return render_template_string(PAGE, item=item, rights=matching_rights)


@pytest.mark.parametrize("text_format", ["html", "moodle"])
def test_html_question_and_options_are_formatted_and_sanitised(app, text_format):
    page = shown(
        app,
        {
            "type": "single",
            "text_format": text_format,
            "text": "<p>The <b>east</b>.</p>" + ATTACK,
            "options": [{"text": "<i>东</i>" + ATTACK, "weight": 100}, {"text": "西", "weight": 0}],
        },
    )
    assert "<p>The <b>east</b>.</p>" in page and "<i>东</i>" in page
    assert "&lt;p&gt;" not in page
    assert "<script" not in page and "onerror" not in page and "alert" not in page


def test_plain_question_stays_escaped(app):
    page = shown(
        app,
        {"type": "truefalse", "text": "<p>The east.</p><script>alert(1)</script>", "answer": True},
    )
    assert "&lt;p&gt;The east.&lt;/p&gt;&lt;script&gt;" in page and "<script" not in page


def test_matching_lefts_are_formatted_and_rights_stay_text(app):
    page = shown(
        app,
        {
            "type": "matching",
            "text_format": "html",
            "text": "配对",
            "pairs": [{"left": "<b>重大</b>" + ATTACK, "right": "<当天>"}, {"left": "轻微", "right": "2天"}],
            "distractors": ["一周"],
        },
    )
    assert "<b>重大</b>" in page and "&lt;当天&gt;" in page
    assert "<script" not in page and "onerror" not in page
