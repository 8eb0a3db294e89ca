"""A drill target against the best result: met, short by how much (never rounded past the target), or not tried."""

import pytest

from lms.domain import drill_targets


def shown(outcome: drill_targets.Outcome) -> str:
    """The message as a Chinese page shows it."""
    return outcome.message % outcome.params


@pytest.mark.parametrize(
    ("best", "state", "text"),
    [
        ((71.0, 0.97), "met", "71 字/分钟、准确率 97%：达到目标 60 字/分钟、95%"),
        ((60.0, 0.95), "met", "60 字/分钟、准确率 95%：达到目标 60 字/分钟、95%"),
        ((52.0, 0.97), "short", "52 字/分钟、准确率 97%：未达到目标 60 字/分钟（还差 8 字/分钟）"),
        ((59.96, 0.99), "short", "59.9 字/分钟、准确率 99%：未达到目标 60 字/分钟（还差 0.1 字/分钟）"),
        ((75.0, 0.9496), "short", "75 字/分钟、准确率 94.9%：准确率未达到目标 95%（还差 0.1 个百分点）"),
        (
            (50.5, 0.9),
            "short",
            "50.5 字/分钟、准确率 90%：未达到目标 60 字/分钟、95%（速度还差 9.5 字/分钟，准确率还差 5 个百分点）",
        ),
        (None, "none", "还没有练习：目标 60 字/分钟、准确率 95%"),
    ],
)
def test_typing(best, state, text):
    outcome = drill_targets.typing(best, 60, 0.95, "字/分钟")
    assert (outcome.state, shown(outcome)) == (state, text)
    assert outcome.met == (state == "met")


@pytest.mark.parametrize(
    ("best", "state", "text"),
    [
        (0.95, "met", "选对 95%：达到目标 90%"),
        (0.9, "met", "选对 90%：达到目标 90%"),
        (0.8, "short", "选对 80%：未达到目标 90%（还差 10 个百分点）"),
        (None, "none", "还没有练习：目标选对 90%"),
    ],
)
def test_quick_replies(best, state, text):
    outcome = drill_targets.replies(best, 0.9)
    assert (outcome.state, shown(outcome)) == (state, text)


@pytest.mark.parametrize(("value", "text"), [(71.0, "71"), (59.94, "59.9"), (0.0, "0"), (100.0, "100")])
def test_figures_drop_a_trailing_zero(value, text):
    assert drill_targets.figure(value) == text
