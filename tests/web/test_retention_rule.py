"""The retention rule's facts: predicted recall by module, gathered set-based, against hand-computed figures."""

import sqlalchemy as sa

from lms import timeutil
from lms.domain import levels
from lms.extensions import db
from lms.models import ModuleFact, User
from lms.services.level_facts import gather
from tests.factories import make_fact_card


def test_recall_by_module_sums_retrievability_over_every_card(app, people, courses):
    with app.app_context():
        agent, new_hire = (
            db.session.scalar(sa.select(User).where(User.employee_no == people[role])) for role in ("agent", "new_hire")
        )
        first, second = db.session.scalars(sa.select(ModuleFact).order_by(ModuleFact.number))
        # answered today: 1; 20 days ago at stability 10: 0.84588 (tests/domain/test_knowledge_map.py); never: 0
        make_fact_card(agent, first, 0)
        make_fact_card(agent, second, 20)
        make_fact_card(new_hire, first, None)
        db.session.commit()
        facts = gather([agent, new_hire], timeutil.today())
    total, cards = facts[agent.id].recall["alpha"]
    assert cards == 2 and round(total, 4) == round(1 + 0.84588, 4)
    assert facts[new_hire.id].recall == {"alpha": (0.0, 1)}
    rule = {"kind": "retention", "share": 0.9, "modules": ["alpha"]}
    assert levels.check(rule, facts[agent.id]).holds  # mean 0.923
    assert not levels.check({**rule, "share": 0.95}, facts[agent.id]).holds
    assert not levels.check(rule, facts[new_hire.id]).holds
