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


# The recall rule: judged against the replies accepted for the message shown, at the drill's threshold, at human speed.
DELAY = "亲，非常抱歉让您久等了，您的包裹因为暴雨在中转站耽误了一天，目前已经恢复正常运输，预计明天下午送达，请您耐心等待一下哦。"
KD = "亲，我们默认使用中通快递，如需其他快递请留言说明。"
FH = "亲，您的订单会在付款后48小时内发出，发货后会短信通知您。"  # another category's reply, accepted for other messages
ACCEPTED = {"delay": DELAY, "kd": KD}


def test_the_long_reply_is_60_characters():
    assert len(DELAY) == 60


@pytest.mark.parametrize(
    "typed, seconds, threshold, right, refused",
    [
        (DELAY, 30, 1.0, True, None),  # exact, at 120 字/分钟
        (DELAY.replace("，", ", ").replace("。", "."), 30, 1.0, True, None),  # width and spaces folded: still exact
        (DELAY.replace("明天", "后天"), 30, 1.0, False, None),  # one character off (98%) is not 一字不差
        (DELAY.replace("明天", "后天"), 30, 0.95, True, None),  # ... but near enough at 0.95
        (DELAY[:54], 30, 1.0, False, None),  # 90% fidelity does not count under 一字不差 (the finding)
        (DELAY[:54], 30, 0.95, False, None),  # nor under near enough
        (FH, 30, 1.0, False, None),  # another category's reply, typed perfectly, answers nothing here
        (FH, 30, 0.95, False, None),
        ("亲，我们默认", 10, 0.95, False, None),  # too short: a few characters nearest to an accepted reply
        (DELAY, 4.8, 1.0, False, "too_fast"),  # 60 characters in 4.8 s = 750 字/分钟 (the finding)
        (DELAY, 12, 1.0, True, None),  # 60 in 12 s = 300 字/分钟: at the ceiling, not over it
        (DELAY, 11.9, 1.0, False, "too_fast"),  # just over it
        (KD, 5, 1.0, True, None),  # 25 characters in 5 s = 300 字/分钟
        (KD, 0, 1.0, False, "too_fast"),  # no time at all
    ],
)
def test_recall_rule(typed, seconds, threshold, right, refused):
    judged = quick_replies.judge(ACCEPTED, typed, seconds, threshold)
    assert (judged.right, judged.refused) == (right, refused)
    assert judged.slug in ACCEPTED  # the difference is shown against an accepted reply, never another


def test_recall_is_judged_against_the_closest_accepted_reply_and_nothing_accepted_is_never_right():
    assert quick_replies.judge(ACCEPTED, KD, 20, 1.0) == quick_replies.Judgement("kd", 1.0, True, None)
    assert quick_replies.judge({}, KD, 20, 1.0) == quick_replies.Judgement(None, 0.0, False, None)


def test_the_difference_is_the_typing_alignment_of_the_folded_texts():
    assert quick_replies.difference("亲，好的。", "亲, 好 吗.") == [
        ("ok", "亲,好"),
        ("extra", "吗"),
        ("missing", "的"),
        ("ok", "."),
    ]


def test_refused_answers_count_as_wrong_and_stay_out_of_fidelity_and_times():
    turns = [
        quick_replies.Turn(True, 1.0, 10.0),
        quick_replies.Turn(False, 1.0, 2.0, refused=True),
        quick_replies.Turn(False, 0.8, 20.0),
    ]
    result = quick_replies.figures(turns)
    assert (result.answered, result.refused, result.share_right) == (3, 1, 0.3333)
    assert (result.mean_fidelity, result.mean_seconds, result.p90_seconds) == (0.9, 15.0, 20.0)


# Complete texts: how far a result reached.
@pytest.mark.parametrize(
    "typed, reached",
    [
        (TARGET, 1.0),
        (TARGET[:12], 0.9231),  # stopped one character before the end: 12 of 13
        (TARGET[:11], 0.8462),  # two before: under 90%, 未完成
        (TARGET[:6] + TARGET[-1], 0.5385),  # the start, then the last character: only as far as was typed (7)
        (TARGET + "谢谢", 1.0),  # past the end
        ("您好，请问有什么可以帮您吗", 0.9231),  # the last character wrong: the matched part ends one before
        ("", 0.0),
    ],
)
def test_reached(typed, reached):
    assert typing.reached(TARGET, typed) == reached


@pytest.mark.parametrize("share, counts", [(1.0, True), (0.9, True), (0.8999, False), (0.0, False), (None, False)])
def test_only_complete_results_count(share, counts):
    assert typing.complete(share) is counts


# Timed tests: figures over the fixed time, checked against hand-computed ones.
RUN_ON = TARGET * 40  # 520 characters, longer than anyone types in the test below


def test_a_timed_test_is_scored_over_its_fixed_time():
    typed = RUN_ON[:240].replace("帮", "邦")  # 240 characters in 3 minutes, 18 of them wrong (帮 comes up 18 times)
    figures = typing.score(RUN_ON, typed, 3 * 60, "zh")
    assert (figures.typed, figures.correct) == (240, 222)
    assert (figures.gross, figures.net, figures.accuracy) == (80.0, 74.0, 0.925)  # 240/3, 222/3, 222/240


def test_a_timed_english_test_is_in_words_per_minute_over_its_fixed_time():
    text = "Thank you for calling. " * 100
    figures = typing.score(text, text[:900], 3 * 60, "en")
    assert (figures.gross, figures.net, figures.accuracy) == (60.0, 60.0, 1.0)  # 900 / 5 / 3


@pytest.mark.parametrize("seconds, reached", [(180, 1.0), (185, 1.0), (162, 0.9), (100, 0.5556)])
def test_a_timed_test_reaches_the_share_of_its_time_run(seconds, reached):
    assert typing.timed_reached(seconds, 180) == reached


@pytest.mark.parametrize(
    "characters, seconds, lang, fast",
    [
        (60, 4.8, "zh", True),
        (60, 12, "zh", False),
        (300, 60, "zh", False),
        (301, 60, "zh", True),
        (1000, 60, "en", False),
        (1001, 60, "en", True),
        (1, 0, "zh", True),
    ],
)
def test_too_fast(characters, seconds, lang, fast):
    assert typing.too_fast(characters, seconds, lang) is fast


def test_misses_per_character_up_to_where_typing_stopped():
    # 好 typed wrong (吗), ， skipped; the text after 有 was not reached and counts nothing
    tally = typing.misses(TARGET, "您吗请问有")
    assert tally == {"您": [1, 0], "好": [1, 1], "，": [1, 1], "请": [1, 0], "问": [1, 0], "有": [1, 0]}


def test_the_characters_missed_most_across_results():
    worst = typing.worst([{"，": [10, 3], "的": [5, 1]}, {"，": [4, 1], "帮": [2, 2]}, None])
    assert [(m.char, m.seen, m.missed) for m in worst] == [("，", 14, 4), ("帮", 2, 2), ("的", 5, 1)]
    assert worst[1].rate == 1.0 and typing.worst([]) == []


def test_drift_beyond_the_band_is_scored_as_errors_not_skipped_ahead():
    text = "".join(chr(0x4E00 + i) for i in range(400))  # 400 different characters
    assert typing.correct_characters(text, text[50:]) == 350  # skipping 50 is within the band
    assert typing.correct_characters(text, text[150:]) == 0  # skipping 150 is not: nothing lines up
