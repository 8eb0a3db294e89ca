"""When a module counts as read and complete, and the status shown for an assignment."""

from dataclasses import dataclass
from datetime import date

from lms.domain.states import LearningStatus


def percent(done: int, total: int) -> int:
    """``done`` out of ``total`` in whole percent (rounded down, so 100 means all); 0 when there is nothing."""
    return 100 * done // total if total else 0


def is_complete(section_titles: list[str], read_titles: set[str], quiz_passed: bool | None) -> bool:
    """Every current section read, and the end quiz passed (``None``: the module has no quiz yet)."""
    return bool(section_titles) and set(section_titles) <= read_titles and quiz_passed is not False


@dataclass(frozen=True)
class ModuleState:
    """One learner and one module: what "read" and "complete" say, for pages to show as they are."""

    read: int
    sections: int
    #: None: the module has no quiz.
    quiz_passed: bool | None
    #: Recorded when the module was read and its quiz passed (kept when the module is edited later).
    complete: bool

    @property
    def all_read(self) -> bool:
        """Every current section read."""
        return self.sections > 0 and self.read >= self.sections

    @property
    def sections_left(self) -> int:
        """Sections still to read."""
        return max(0, self.sections - self.read)


def status(completed: bool, started: bool, due: date | None, today: date) -> LearningStatus:
    """Done, overdue (due date passed, not done), in progress, or not started."""
    if completed:
        return LearningStatus.DONE
    if due is not None and due < today:
        return LearningStatus.OVERDUE
    return LearningStatus.IN_PROGRESS if started else LearningStatus.NOT_STARTED
