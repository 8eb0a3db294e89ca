"""可上岗 needs the onboarding modules and the typing check, as the new-hire course says; every page agrees."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Module, ModuleProgress, TypingText, User
from lms.timeutil import utcnow
from tests.factories import make_typing_result
from tests.web.test_levels import JUNIOR_MODULES


def _complete_path(app, employee_no: str) -> None:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == employee_no))
        for slug in JUNIOR_MODULES:
            module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
            db.session.add(ModuleProgress(user_id=user.id, module_id=module.id, completed_at=utcnow()))
        db.session.commit()


def _typed(app, employee_no: str, net: float, accuracy: float) -> None:
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.employee_no == employee_no))
        make_typing_result(user, db.session.scalar(sa.select(TypingText).where(TypingText.lang == "zh")), net, accuracy)
        db.session.commit()


def test_the_modules_alone_do_not_make_a_new_hire_ready_for_shift(app, client, auth, people, real_content):
    _complete_path(app, people["new_hire"])
    auth.login(people["new_hire"])
    home = client.get("/").get_data(as_text=True)
    assert "尚未可上岗" in home and "已完成 4 / 4 门" in home and "✗ 打字测试" in home
    auth.post("/logout")
    auth.login(people["supervisor"])
    progress = client.get("/supervisor/progress").get_data(as_text=True)
    assert "王新人" in progress and "入职课程 4 / 4 门；打字测试：未通过" in progress


def test_a_slow_or_inaccurate_typing_result_does_not_pass_the_check(app, client, auth, people, real_content):
    _complete_path(app, people["new_hire"])
    _typed(app, people["new_hire"], net=39, accuracy=0.99)
    _typed(app, people["new_hire"], net=60, accuracy=0.85)
    auth.login(people["new_hire"])
    assert "尚未可上岗" in client.get("/").get_data(as_text=True)


def test_modules_and_typing_together_make_a_new_hire_ready(app, client, auth, people, real_content):
    _complete_path(app, people["new_hire"])
    _typed(app, people["new_hire"], net=45, accuracy=0.95)
    auth.login(people["new_hire"])
    home = client.get("/").get_data(as_text=True)
    assert "尚未可上岗" not in home and "可上岗" in home and "✓ 打字测试" in home
    auth.post("/logout")
    auth.login(people["supervisor"])
    assert "王新人" not in client.get("/supervisor/progress").get_data(as_text=True).split("尚未可上岗的成员")[1]


def test_the_new_hire_course_quotes_the_typing_check_the_gate_uses(app):
    from pathlib import Path

    from lms.domain import levels

    root = Path(__file__).resolve().parents[2]
    rule = next(
        r
        for r in levels.parse((root / "question_banks/levels/levels.yaml").read_text("utf-8"))[0].rules
        if r["kind"] == "typing"
    )
    course = (root / "courses/onboarding/onboarding.md").read_text("utf-8")
    assert f"每分钟{rule['net']}字、正确率不低于{rule['accuracy']:.0%}" in course


def test_the_typing_check_names_its_unit_in_the_interface_language(app, client, auth, people, real_content):
    auth.login(people["new_hire"])
    assert "时达到 40 字/分钟" in client.get("/").get_data(as_text=True)
    auth.post("/language", {"locale": "en", "next": "/"})
    home = client.get("/").get_data(as_text=True)
    assert "40 chars/min needed at 90% accuracy" in home and "字/分钟" not in home
