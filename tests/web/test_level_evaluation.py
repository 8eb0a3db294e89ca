"""One person's evaluation gathers only the facts their next level's rules read (and its awards from the certificates
the page read): it must say what the full one says."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from lms.domain import competency, levels
from lms.extensions import db
from lms.models import Role, User
from lms.services import awards, certificates, demo
from lms.services import levels as level_service
from lms.services.level_facts import EVERY_FACT, NEEDS
from tests.sql import statements


def test_one_persons_evaluation_equals_the_evaluation_from_every_fact(app, real_content):
    with app.app_context():
        demo.seed()
        people = list(db.session.scalars(sa.select(User).where(User.role.in_([Role.NEW_HIRE, Role.AGENT]))))
        hr = db.session.scalar(sa.select(User).where(User.role == Role.HR))
        agents = [p for p in people if p.role is Role.AGENT][:3]
        held = (["junior", "intermediate"], ["junior", "intermediate", "senior"], ["junior", "intermediate"])
        for person, codes in zip(agents, held, strict=True):
            for code in codes:  # levels further up, whose rules read the other facts
                certificate = awards.by_hand(person, code, level_service.evaluate(person), reason="测试：档案补录")
        certificates.revoke(certificate, "测试：撤销", hr)  # the last one's intermediate: its passes count no more
        db.session.commit()
        full = level_service.evaluate_many(people)
        alone = {person.id: level_service.evaluate(person) for person in people}
        # a person's pages give the awards from the certificates they read (certificates.owned)
        given = {p.id: level_service.evaluate(p, latest=certificates.owned(p).latest) for p in people}
    assert alone == full
    assert given == full
    assert {evaluation.next for evaluation in full.values()} == {"junior", "intermediate", "senior", "expert"}


def test_a_new_agent_is_evaluated_without_reading_the_facts_no_junior_rule_reads(app, people, real_content):
    with app.app_context():
        agent = db.session.scalar(sa.select(User).where(User.employee_no == people["agent"]))
        with statements(app) as run:
            evaluation = level_service.evaluate(agent)
    assert evaluation.next == "junior"
    read = " ".join(run)
    assert "typing_results" in read and "attempts" in read and "module_progress" in read
    assert not any(table in read for table in ("review_cards", "competency_ratings", "violations", "group_leads"))


#: The Facts fields each gathered fact fills.
FIELDS = {
    "modules": ("modules",),
    "series": ("series",),
    "exams": ("exams", "awaiting"),
    "typing": ("typing",),
    "replies": ("replies",),
    "competency": ("competency",),
    "violations": ("violations",),
    "leads": ("leads",),
    "recall": ("recall",),
}


def test_the_facts_a_level_needs_are_all_its_rules_read():
    """For each level of the repository's rules, blanking every fact its rules do not need changes no status."""
    rules = levels.parse((Path(__file__).resolve().parents[2] / level_service.RULES_FILE).read_text(encoding="utf-8"))
    today = date(2026, 6, 1)
    slugs = sorted(levels.references(rules)["modules"])
    every = levels.Facts(
        today=today,
        hire_date=date(2023, 1, 1),
        modules=frozenset(slugs[::2]),
        series=frozenset({"selling"}),
        exams={exam: 78.0 for exam in levels.references(rules)["exams"]},
        awaiting=frozenset({"promotion-senior"}),
        typing=((today, "zh", 85.0, 0.97),),
        replies=((today, 0.95, 12.0),),
        competency=dict.fromkeys(competency.WEIGHTS, 4),
        violations=((today, 2),),
        leads=("一组", date(2025, 1, 1)),
        recall={slug: (0.9, 1) for slug in slugs},
    )
    assert set(FIELDS) == EVERY_FACT
    for held, target in enumerate(rules):
        awards = {level.code: date(2024, 1, 1) for level in rules[:held]}
        full = replace(every, awards=awards)
        needed = {fact for rule in target.rules for fact in NEEDS[rule["kind"]]}
        blank = levels.Facts(today=today, hire_date=full.hire_date)
        fewer = replace(full, **{f: getattr(blank, f) for fact in EVERY_FACT - needed for f in FIELDS[fact]})
        assert levels.evaluate(fewer, rules) == levels.evaluate(full, rules), target.code
