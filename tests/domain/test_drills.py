"""Typing figures and quick-reply figures, table-driven."""

import pytest

from lms.domain import quick_replies, typing

TARGET = "您好，请问有什么可以帮您？"  # 13 characters


@pytest.mark.parametrize(
    "typed, seconds, lang, gross, net, accuracy",
    [
        (TARGET, 13, "zh", 60.0, 60.0, 1.0),  # 13 字 in 13 s: 60 字/分钟
        ("", 10, "zh", 0.0, 0.0, 0.0),  # nothing typed
        ("嗯嗯嗯嗯嗯嗯", 6, "zh", 60.0, 0.0, 0.0),  # all wrong
        (TARGET + "谢谢您的来电", 19, "zh", 60.0, 41.1, 0.6842),  # extra text beyond the target
        ("您好,请问有什么可以帮您?", 13, "zh", 60.0, 50.8, 0.8462),  # half-width punctuation for full-width
        ("您好，请问有什么可以帮您", 12, "zh", 60.0, 60.0, 1.0),  # stopped before the end
        ("您好，，请问有什么可以帮您？", 14, "zh", 60.0, 55.7, 0.9286),  # a doubled character costs one
        ("您好请问有什么可以帮您？", 12, "zh", 60.0, 60.0, 1.0),  # a skipped character costs nothing typed
    ],
)
def test_chinese_figures(typed, seconds, lang, gross, net, accuracy):
    figures = typing.score(TARGET, typed, seconds, lang)
    assert (figures.gross, figures.net, figures.accuracy, figures.unit) == (gross, net, accuracy, "字/分钟")


def test_english_counts_five_characters_a_word_spaces_included():
    target = "Thank you for calling."  # 22 characters
    figures = typing.score(target, target, 60, "en")
    assert (figures.gross, figures.net, figures.accuracy, figures.unit) == (4.4, 4.4, 1.0, "WPM")


def test_a_mixed_chinese_english_target_counts_every_character_once_in_zh():
    target = "订单号A2024已发货，SKU是DY-8826"
    typed = "订单号A2024已发货，SKU是DY-8862"
    figures = typing.score(target, typed, 60, "zh")
    assert (figures.typed, figures.correct) == (len(target), len(target) - 1)


def test_nfc_makes_composed_and_decomposed_text_equal():
    assert typing.correct_characters("café", "cafe\u0301") == 4


@pytest.mark.parametrize("seconds, lang", [(0, "zh"), (-1, "zh"), (10, "fr")])
def test_bad_time_or_language_is_refused(seconds, lang):
    with pytest.raises(ValueError):
        typing.score(TARGET, TARGET, seconds, lang)


def test_alignment_marks_extra_and_missing_characters():
    assert typing.alignment("您好，请问", "您好,请问吗") == [
        ("ok", "您好"),
        ("extra", ","),
        ("missing", "，"),
        ("ok", "请问"),
        ("extra", "吗"),
    ]
    assert typing.alignment("abc", "") == [("missing", "abc")]


@pytest.mark.parametrize(
    "canned, typed, expected",
    [
        ("亲，您的订单已发货。", "亲，您的订单已发货。", 1.0),
        ("亲，您的订单已发货。", "亲,您的订单已发货.", 1.0),  # width of punctuation folded
        ("亲，您的订单已发货。", "亲， 您的 订单已发货。", 1.0),  # spaces ignored
        ("亲，您的订单已发货。", "亲，您的订单发货。", 0.9),
        ("亲，您的订单已发货。", "", 0.0),
        ("", "", 1.0),
    ],
)
def test_fidelity(canned, typed, expected):
    assert quick_replies.fidelity(canned, typed) == expected


def test_session_figures():
    turns = [quick_replies.Turn(True, 1.0, 4.0), quick_replies.Turn(False, 0.5, 8.0)] + [
        quick_replies.Turn(True, None, float(s)) for s in range(1, 9)
    ]
    result = quick_replies.figures(turns)
    assert (result.answered, result.share_right, result.mean_fidelity) == (10, 0.9, 0.75)
    assert (result.mean_seconds, result.p90_seconds) == (4.8, 8.0)
    assert quick_replies.figures([]).answered == 0


@pytest.mark.parametrize(
    "values, share, expected", [([5.0], 0.9, 5.0), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9), ([3, 1, 2], 0.5, 2)]
)
def test_nearest_rank_percentile(values, share, expected):
    assert quick_replies.percentile(values, share) == expected
