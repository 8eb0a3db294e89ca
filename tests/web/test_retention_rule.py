"""The retention rule's facts: predicted recall by module, gathered set-based, against hand-computed figures."""

import sqlalchemy as sa

from lms import timeutil
from lms.domain import levels
from lms.extensions import db
from lms.models import Module, ModuleFact, User
from lms.services import awards
from lms.services import levels as level_service
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


def test_the_level_page_says_where_the_senior_retention_rule_stands(app, auth, people, real_content):
    with app.app_context():
        agent = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        for code in ("junior", "intermediate"):
            awards.by_hand(agent, code, level_service.evaluate(agent), reason="测试：档案补录")
        facts = db.session.scalars(
            sa.select(ModuleFact).join(Module).where(Module.slug == "complaint-handling").order_by(ModuleFact.number)
        ).all()
        make_fact_card(agent, facts[0], 0)  # recalled for sure: 1
        make_fact_card(agent, facts[1], None)  # never answered: 0
        db.session.commit()
    auth.login(people["agent"])
    html = auth.client.get("/level").get_data(as_text=True)
    assert "记忆保持：2 张复习卡片平均预测记忆率 50%，需达到 80%" in html
