"""States are typed: attempt, learning and certificate status and exam kind are enums, never bare strings."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: The values of AttemptStatus, ExamKind, CertificateStatus and LearningStatus, quoted as bare strings.
BARE = re.compile(
    r"""(['"])(in_progress|awaiting_grading|finished|module_quiz|promotion|valid|expired|revoked|not_started|done|overdue)\1"""
)
#: Where the values may be spelled out: their one definition, the migrations, and content and tests.
ALLOWED = {"lms/domain/states.py"}


def sources() -> list[Path]:
    """Python modules of the package and every template."""
    return [p for p in (ROOT / "lms").rglob("*.py") if "migrations" not in p.parts] + list(
        (ROOT / "templates").rglob("*.html")
    )


def bare_states(text: str) -> list[int]:
    """Lines of ``text`` that compare or assign a state as a bare string."""
    return [n for n, line in enumerate(text.splitlines(), 1) if BARE.search(line) and "data-test" not in line]


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ('if attempt.status == "finished":', True),
        ("{% if state == 'revoked' %}", True),
        ("if attempt.status == AttemptStatus.FINISHED:", False),
        ('<div data-test="promotion">', False),
    ],
)
def test_the_check_itself(line, found):
    assert bool(bare_states(line)) is found


def test_no_state_is_written_as_a_bare_string():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sources()
        if str(path.relative_to(ROOT)) not in ALLOWED
        for line in bare_states(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
