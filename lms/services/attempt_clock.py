"""An attempt's clock starts when its paper is first shown, not when it was drawn.

The learner who starts an exam (from a sitting at the start of a shift, say) may wait in a queue of requests before
the paper reaches the screen; that wait is not exam time. The first showing sets the start and the deadline again.
"""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm.attributes import set_committed_value

from lms.domain import attempts
from lms.domain.states import AttemptStatus
from lms.extensions import db
from lms.models import Attempt
from lms.services.exams import changed_a_row
from lms.services.transaction import commit_keeping_loaded


def first_shown(attempt: Attempt, now: datetime) -> None:
    """Start the clock of an attempt in progress at its paper's first showing (a later showing changes nothing).

    One UPDATE that also checks the paper was not shown meanwhile: of two first showings at once, one sets the clock.
    """
    if attempt.shown_at is not None or attempt.status != AttemptStatus.IN_PROGRESS:
        return
    clock = {
        "shown_at": now,
        "started_at": now,
        "deadline": attempts.deadline(now, attempt.settings["time_limit_minutes"]),
    }
    set_here = changed_a_row(
        sa.update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.shown_at.is_(None), Attempt.status == AttemptStatus.IN_PROGRESS)
        .values(**clock)
    )
    commit_keeping_loaded()  # the page shows the attempt, its exam and the user read before
    if set_here:
        for name, value in clock.items():
            set_committed_value(attempt, name, value)
    else:  # another showing set the clock first: its values
        db.session.refresh(attempt)
