"""Pure domain logic: no Flask, no SQLAlchemy, tested without an app."""

from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it here (views translate)."""
    return message


@dataclass(frozen=True)
class Problem:
    """A problem on a line (1-based) of an input file: a message to translate, its parameters, and a stable code."""

    line: int
    message: str
    params: dict = field(default_factory=dict)
    #: What kind of problem, for machines (the API's import errors), e.g. ``employee_no_duplicate``.
    code: str = ""


class InputError(ValueError):
    """An input file has problems; ``problems`` lists each with its line."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems
