"""A drill assignment's target against a person's best result since it was set: met, short by how much, or not tried.

The figures shown never round past the target: a person's figure is rounded down and a gap rounded up
(to one decimal), so 59.96 字/分钟 against 60 reads "59.9 … 还差 0.1", never "60 … 还差 0".
"""

import math
from dataclasses import dataclass

from lms.domain import N_

MET, SHORT, NONE = "met", "short", "none"


def _down(value: float) -> float:
    """Rounded down to one decimal (a small tolerance absorbs float noise such as 0.97 * 100)."""
    return math.floor(round(value * 10, 6)) / 10


def _up(value: float) -> float:
    """Rounded up to one decimal."""
    return math.ceil(round(value * 10, 6)) / 10


def figure(value: float) -> str:
    """A figure as shown: at most one decimal, no trailing zero (71, 59.9)."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def percent(share: float) -> str:
    """A share (0-1) as a percentage, rounded down (0.97 -> 97%)."""
    return f"{figure(_down(share * 100))}%"


@dataclass(frozen=True)
class Outcome:
    """Where one person stands on one drill target: a state and a message to translate with its parameters."""

    state: str
    message: str
    params: dict

    @property
    def met(self) -> bool:
        """The target is met."""
        return self.state == MET


def typing(best: tuple[float, float] | None, net: float, accuracy: float, unit: str) -> Outcome:
    """A typing target (net speed in ``unit`` at an accuracy) against the best (net, accuracy) since it was set.

    ``best`` is the result that comes closest: one at the target accuracy if any, with the highest net speed.
    """
    target = {"target_net": figure(net), "target_acc": percent(accuracy), "unit": unit}
    if best is None:
        return Outcome(NONE, N_("还没有练习：目标 %(target_net)s %(unit)s、准确率 %(target_acc)s"), target)
    got_net, got_acc = best
    params = {**target, "net": figure(_down(got_net)), "acc": percent(got_acc)}
    fast, accurate = got_net >= net, got_acc >= accuracy
    if fast and accurate:
        return Outcome(
            MET, N_("%(net)s %(unit)s、准确率 %(acc)s：达到目标 %(target_net)s %(unit)s、%(target_acc)s"), params
        )
    params["gap"] = figure(_up(net - got_net)) if not fast else ""
    params["acc_gap"] = figure(_up((accuracy - got_acc) * 100)) if not accurate else ""
    if accurate:
        message = N_("%(net)s %(unit)s、准确率 %(acc)s：未达到目标 %(target_net)s %(unit)s（还差 %(gap)s %(unit)s）")
    elif fast:
        message = N_("%(net)s %(unit)s、准确率 %(acc)s：准确率未达到目标 %(target_acc)s（还差 %(acc_gap)s 个百分点）")
    else:
        message = N_(
            "%(net)s %(unit)s、准确率 %(acc)s：未达到目标 %(target_net)s %(unit)s、%(target_acc)s"
            "（速度还差 %(gap)s %(unit)s，准确率还差 %(acc_gap)s 个百分点）"
        )
    return Outcome(SHORT, message, params)


def replies(best: float | None, share: float) -> Outcome:
    """A quick-reply target (share of replies chosen right) against the best share since it was set."""
    if best is None:
        return Outcome(NONE, N_("还没有练习：目标选对 %(target_share)s"), {"target_share": percent(share)})
    params = {"share": percent(best), "target_share": percent(share)}
    if best >= share:
        return Outcome(MET, N_("选对 %(share)s：达到目标 %(target_share)s"), params)
    params["gap"] = figure(_up((share - best) * 100))
    return Outcome(SHORT, N_("选对 %(share)s：未达到目标 %(target_share)s（还差 %(gap)s 个百分点）"), params)
