"""The training report's figures, as supervisors quote them: completion, quiz pass rate, attempts, pre-shift completion."""

from dataclasses import dataclass
from datetime import date, timedelta


def share(part: int, whole: int) -> float | None:
    """``part`` of ``whole`` as a fraction, or None when there is no whole to speak of."""
    return part / whole if whole else None


@dataclass(frozen=True)
class ModuleFigures:
    """One module across the people counted: who had it, who completed it, and how its quiz went."""

    #: People assigned the module or who started it.
    learners: int = 0
    completed: int = 0
    #: People with a finished quiz attempt, those of them who passed, and all their finished attempts.
    quiz_takers: int = 0
    quiz_passers: int = 0
    quiz_attempts: int = 0

    @property
    def completion_rate(self) -> float | None:
        """Completed among those who had the module."""
        return share(self.completed, self.learners)

    @property
    def pass_rate(self) -> float | None:
        """People who passed the quiz among those who took it (at any attempt)."""
        return share(self.quiz_passers, self.quiz_takers)

    @property
    def mean_attempts(self) -> float | None:
        """Finished quiz attempts per person who took the quiz."""
        return self.quiz_attempts / self.quiz_takers if self.quiz_takers else None


def week_start(today: date) -> date:
    """Monday of ``today``'s week (the organisation's week runs Monday to Sunday)."""
    return today - timedelta(days=today.weekday())


@dataclass(frozen=True)
class PreShift:
    """A team's pre-shift learning (班前学习) this week: assignments due from Monday to today, and those done."""

    due: int = 0
    done: int = 0

    @property
    def rate(self) -> float | None:
        """Done among those due."""
        return share(self.done, self.due)

    @property
    def open(self) -> int:
        """Due and not done yet: what the team still owes."""
        return self.due - self.done
