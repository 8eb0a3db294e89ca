"""How long one employee number waits before its next sign-in attempt: exponential back-off after repeated failures.

A wait, never a lock: once it has passed, the right password signs in, so someone who types another person's
number can only slow that person down. Each failure past the free ones doubles the wait, up to a cap.
"""

from datetime import timedelta

#: Consecutive failures allowed before any wait.
FREE_FAILURES = 5
#: The longest wait, however many failures.
LONGEST_WAIT = timedelta(minutes=15)
#: 2 ** this many seconds is already past the cap (keeps the power small).
_PAST_THE_CAP = 10


def wait_after(failures: int) -> timedelta:
    """The wait after the last of ``failures`` consecutive failures: none for the first few, then 2^failures seconds."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** min(failures, _PAST_THE_CAP)), LONGEST_WAIT)


def minutes_to_say(seconds: int) -> int | None:
    """The wait in whole minutes (rounded up) when it is long enough to be told in minutes; None below two."""
    return -(-seconds // 60) if seconds >= 120 else None
