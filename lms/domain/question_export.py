"""What the GIFT and Moodle XML writers share: the result, numbers as Moodle writes them, answers in one shape."""

from dataclasses import dataclass, field

from lms.domain import N_
from lms.domain.scoring import numerical_entries, option_weights

#: Why a question of ours leaves a file changed or not at all: (question id, message).
SCENARIO_AS_ESSAY = N_(
    "情景题导出为 Moodle 的问答题（essay，人工评分）；评分要点和参考答案不能自动评分，再导入时会跳过。"
)


@dataclass
class Export:
    """A written file and, per question that could not be written as it is, why."""

    text: str
    notes: list[tuple[str, str]] = field(default_factory=list)


def number(value: float) -> str:
    """A number as Moodle writes it: whole numbers without a point, others with up to 7 decimals."""
    value = float(value)
    if value.is_integer():
        return str(int(value))
    return f"{value:.7f}".rstrip("0").rstrip(".")


def general_feedback(question: dict) -> str | None:
    """Moodle's one general feedback: our feedback and explanation (both shown in review), a blank line between."""
    return "\n\n".join(question[key] for key in ("feedback", "explanation") if question.get(key)) or None


def options(question: dict) -> list[tuple[str, float, str | None]]:
    """A single or multiple choice question's options as (text, weight in percent, feedback)."""
    return [
        (option["text"], weight, option.get("feedback"))
        for option, weight in zip(question["options"], option_weights(question), strict=True)
    ]


def fill_answers(question: dict) -> list[tuple[str, float, str | None]]:
    """A fill question's accepted answers as (text, weight in percent, feedback)."""
    return [
        (answer, 100.0, None)
        if isinstance(answer, str)
        else (answer["text"], answer.get("weight", 100), answer.get("feedback"))
        for answer in question["answers"]
    ]


def numbers(question: dict) -> list[tuple[float, float, float, str | None]]:
    """A numerical question's entries as (answer, tolerance, weight in percent, feedback); a range becomes its middle."""
    found = []
    for entry in numerical_entries(question):
        if "range" in entry:
            low, high = entry["range"]
            answer, tolerance = (low + high) / 2, (high - low) / 2
        else:
            answer, tolerance = entry["answer"], entry.get("tolerance", 0)
        found.append((float(answer), float(tolerance), entry.get("weight", 100), entry.get("feedback")))
    return found


#: Where a Moodle category path says which context it lives in; ``top`` is the root category under it.
MOODLE_CONTEXTS = ("$course$", "$system$", "$module$", "$coursecategory$", "$cat$")


def category_name(path: str | None) -> str | None:
    """Our category for a Moodle category path: ``$course$/top/客服/退换货`` → ``客服/退换货`` (None for none).

    The context tells Moodle where to file a bank; to us it is noise a learner or author should not read.
    """
    parts = [part.strip() for part in (path or "").split("/")]
    if parts and parts[0] in MOODLE_CONTEXTS:
        parts = parts[1:]
        if parts and parts[0] == "top":
            parts = parts[1:]
    return "/".join(part for part in parts if part) or None


def categories(questions) -> list[tuple[str | None, dict]]:
    """Each question with the Moodle category path to announce before it (None when the same as the one before).

    Paths are written in the course context, ``$course$/…``, where Moodle's own export puts a course's banks.
    """
    announced, out = None, []
    for question in questions:
        category = question["category"]
        out.append((f"$course$/{category}" if category != announced and category else None, question))
        announced = category
    return out
