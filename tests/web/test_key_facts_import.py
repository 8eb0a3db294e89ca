"""Key facts come in with `lms import-content`: in place by number, with their section, all or nothing."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Module, ModuleFact
from tests.content import ALPHA_FACTS, course_text


def facts(app, slug: str = "alpha") -> list[tuple[int, str, str, str | None]]:
    """(number, prompt, answer, section title) of the module's facts."""
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
        rows = db.session.scalars(sa.select(ModuleFact).where(ModuleFact.module_id == module.id).order_by("number"))
        return [(f.number, f.prompt, f.answer, f.section.title if f.section else None) for f in rows]


def test_key_facts_are_imported_with_their_sections(app, courses):
    assert facts(app) == [(n, p, a, s) for n, (p, a, s) in enumerate(ALPHA_FACTS, start=1)]
    assert facts(app, "s-1") == []


def test_an_edit_updates_facts_in_place_and_drops_the_removed_ones(app, runner, courses):
    with app.app_context():
        first_id = db.session.scalar(sa.select(ModuleFact.id).where(ModuleFact.number == 1))
    changed = (("电话响几声之内必须接起？", "两声", "倾听"),)
    path = courses / "courses" / "alpha.md"
    path.write_text(course_text("alpha", "接听礼仪", ["问候", "倾听", "道别"], facts=changed), encoding="utf-8")
    result = runner.invoke(args=["import-content", "--root", str(courses)])
    assert "更新 1 门" in result.output, result.output
    assert facts(app) == [(1, "电话响几声之内必须接起？", "两声", "倾听")]
    with app.app_context():
        assert db.session.scalar(sa.select(ModuleFact.id).where(ModuleFact.number == 1)) == first_id


def test_a_fact_naming_no_section_stops_the_whole_import_with_its_line(app, runner, courses):
    bad = (("新的问题？", "新的答案", "不存在的小节"),)
    path = courses / "courses" / "alpha.md"
    path.write_text(course_text("alpha", "接听礼仪（改）", ["问候", "倾听", "道别"], facts=bad), encoding="utf-8")
    result = runner.invoke(args=["import-content", "--root", str(courses)])
    assert "courses/alpha.md:15: key_facts 的 section “不存在的小节”不是本课的小节标题" in result.output, result.output
    assert facts(app) == [(n, p, a, s) for n, (p, a, s) in enumerate(ALPHA_FACTS, start=1)]
    with app.app_context():
        assert db.session.scalar(sa.select(Module.title).where(Module.slug == "alpha")) == "接听礼仪"


def test_facts_come_as_cards_to_those_who_completed_the_module_before(app, runner, courses):
    """Learners who completed a module before it had key facts (or before a new fact) get them on the next import."""
    from datetime import timedelta

    from lms.models import ModuleProgress, ReviewCard
    from lms.timeutil import utcnow
    from tests.factories import make_user

    with app.app_context():
        done, started = make_user("K1"), make_user("K2")
        db.session.flush()
        alpha = db.session.scalar(sa.select(Module.id).where(Module.slug == "alpha"))
        db.session.add_all(
            [
                ModuleProgress(user_id=done.id, module_id=alpha, completed_at=utcnow() - timedelta(days=30)),
                ModuleProgress(user_id=started.id, module_id=alpha),
            ]
        )
        db.session.commit()
        done_id = done.id
    more = (*ALPHA_FACTS, ("客户情绪激动时先做什么？", "先安抚情绪", "倾听"))
    path = courses / "courses" / "alpha.md"
    path.write_text(course_text("alpha", "接听礼仪", ["问候", "倾听", "道别"], facts=more), encoding="utf-8")
    for _run in range(2):  # the second import adds nothing
        assert runner.invoke(args=["import-content", "--root", str(courses)]).exit_code == 0
        with app.app_context():
            cards = db.session.execute(sa.select(ReviewCard.user_id, ReviewCard.ref, ReviewCard.due)).all()
            assert sorted(user for user, _, _ in cards) == [done_id] * 3
            assert all(due > utcnow() for _, _, due in cards)  # tomorrow, not at once
