"""A real hour: blocks and directives in the lesson, a declared time that is true, a least time per section,
and the job aid page."""

import re

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Module, ModuleProgress, SectionOpen, SectionRead
from tests.content import write_blocks, write_exams
from tests.factories import read_sections


def import_root(runner, root):
    return runner.invoke(args=["import-content", "--root", str(root)])


def section_html(app, slug: str, position: int) -> str:
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
        return module.sections[position - 1].html


def test_a_level_rule_change_in_levels_yaml_changes_the_course_on_the_next_import(app, runner, content_root):
    write_blocks(content_root)
    assert import_root(runner, content_root).exit_code == 0
    before = section_html(app, "blocks", 3)
    assert "<strong>初级客服</strong>（证书有效期24个月）" in before and "完成课程《接听礼仪》" in before
    assert "未变 4 门" in import_root(runner, content_root).output
    rules = content_root / "question_banks" / "levels" / "levels.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace(
            "modules: [alpha]\n",
            "modules: [alpha]\n      - kind: exam\n        exam: quiz-alpha\n        mark: 70\n",
            1,
        ),
        encoding="utf-8",
    )
    write_exams(content_root)
    result = import_root(runner, content_root)
    assert "更新 1 门" in result.output, result.output  # only the module that renders the rules
    after = section_html(app, "blocks", 3)
    assert "晋级考试成绩达到70分" in after and "晋级考试" not in before
    with app.app_context():
        assert db.session.scalar(sa.select(Module.version).where(Module.slug == "blocks")) == 2


def test_blocks_and_directives_are_rendered_from_data(app, runner, content_root):
    write_blocks(content_root)
    assert import_root(runner, content_root).exit_code == 0
    first, second, third = (section_html(app, "blocks", n) for n in (1, 2, 3))
    assert first.count('<details class="check">') == 2 and "<td>无故缺勤（旷工）</td>" in first
    assert '<section class="roleplay">' in second and second.count('<span class="box"') == 4
    assert '<section class="jobaid">' in third and "团队协作" in third and "{{" not in third
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == "blocks"))
        assert module.job_aid_title == "催付速查卡" and "<td>发催付短信</td>" in module.job_aid_html
        assert [s.reading_seconds for s in module.sections] == [61, 40, 272]


def test_a_declared_time_that_is_not_true_stops_the_whole_import_at_its_minutes_line(app, runner, content_root):
    alpha = content_root / "courses" / "alpha.md"
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("minutes: [1, 1, 1]", "minutes: [20, 20, 20]"), "utf-8")
    result = import_root(runner, content_root)
    assert result.exit_code == 1
    assert "courses/alpha.md:9: minutes 合计60分钟，但按内容估算约3分钟" in result.output
    assert "本次未导入任何内容" in result.output
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Module.id))) == 0


def state(app) -> tuple:
    """Everything a read or a refusal could change."""
    with app.app_context():
        return (
            db.session.execute(sa.select(SectionRead.section_title, SectionRead.read_at)).all(),
            db.session.execute(
                sa.select(
                    ModuleProgress.last_position,
                    ModuleProgress.last_opened_at,
                    ModuleProgress.completed_at,
                    ModuleProgress.started_at,
                )
            ).all(),
            db.session.execute(sa.select(SectionOpen.section_title, SectionOpen.opened_at)).all(),
        )


def test_a_section_cannot_be_marked_read_before_half_its_reading_time_and_the_refusal_changes_nothing(
    app, client, auth, people, courses
):
    auth.login(people["agent"])
    never_opened = auth.post("/courses/alpha/2/read")
    assert never_opened.location == "/courses/alpha/2"
    assert state(app) == ([], [], [])
    page = client.get("/courses/alpha/1").get_data(as_text=True)
    assert "本节至少阅读32秒后才能标记已读" in page
    before = state(app)
    refused = auth.post("/courses/alpha/1/read")
    assert refused.location == "/courses/alpha/1"
    assert state(app) == before
    page = client.get("/courses/alpha/1").get_data(as_text=True)
    assert re.search(r"还不能标记已读：本节至少要阅读32秒，还差(3[012]|[12]\d)秒。", page)
    assert state(app)[2] == before[2]  # opening it again keeps the first opening
    assert read_sections(auth, "alpha", [1])[0].location == "/courses/alpha/2"
    assert "本节已读" in client.get("/courses/alpha/1").get_data(as_text=True)


def test_a_section_read_once_is_not_held_back_again(app, client, auth, people, courses):
    auth.login(people["agent"])
    read_sections(auth, "alpha", [1])
    assert auth.post("/courses/alpha/1/read").location == "/courses/alpha/2"


def test_the_module_page_shows_learning_and_quiz_time_and_links_the_job_aid(app, client, auth, people, exam_content):
    write_blocks(exam_content)
    assert import_root(app.test_cli_runner(), exam_content).exit_code == 0
    auth.login(people["agent"])
    alpha = client.get("/courses/alpha").get_data(as_text=True)
    assert "学习约 3 分钟 + 课后测验 10 分钟" in alpha and "job-aid" not in alpha
    assert client.get("/courses/alpha/job-aid").status_code == 404
    blocks = client.get("/courses/blocks").get_data(as_text=True)
    assert "学习约 20 分钟" in blocks and "课后测验" not in blocks
    assert 'href="/courses/blocks/job-aid"' in blocks
    aid = client.get("/courses/blocks/job-aid").get_data(as_text=True)
    assert "催付速查卡" in aid and "<td>打催付电话</td>" in aid and "催付电话：客户在比价" not in aid
    assert 'href="/courses/blocks/job-aid"' in client.get("/courses/blocks/3").get_data(as_text=True)
    assert 'href="/courses/blocks/job-aid"' not in client.get("/courses/blocks/2").get_data(as_text=True)
