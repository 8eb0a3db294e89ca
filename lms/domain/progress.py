"""When a module counts as read and complete, and the status shown for an assignment."""

from datetime import date

NOT_STARTED, IN_PROGRESS, DONE, OVERDUE = "not_started", "in_progress", "done", "overdue"


def percent(done: int, total: int) -> int:
    """``done`` out of ``total`` in whole percent (rounded down, so 100 means all); 0 when there is nothing."""
    return 100 * done // total if total else 0


def is_complete(section_titles: list[str], read_titles: set[str], quiz_passed: bool | None) -> bool:
    """Every current section read, and the end quiz passed (``None``: the module has no quiz yet)."""
    return bool(section_titles) and set(section_titles) <= read_titles and quiz_passed is not False


def status(completed: bool, started: bool, due: date | None, today: date) -> str:
    """Done, overdue (due date passed, not done), in progress, or not started."""
    if completed:
        return DONE
    if due is not None and due < today:
        return OVERDUE
    return IN_PROGRESS if started else NOT_STARTED
