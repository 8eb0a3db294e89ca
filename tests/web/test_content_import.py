"""lms import-content: all or nothing, idempotent, versions on edit, progress kept, real content valid."""

from pathlib import Path

import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditLog, Module, ModuleFact, ModuleProgress, SectionRead, Series
from tests.content import course_text

ROOT = Path(__file__).resolve().parents[2]


def modules(app) -> dict[str, tuple[int, bool, int | None]]:
    """slug -> (version, active, onboarding position)."""
    with app.app_context():
        return {m.slug: (m.version, m.active, m.onboarding_position) for m in db.session.scalars(sa.select(Module))}


def test_the_real_course_files_import_cleanly(app, runner):
    result = runner.invoke(args=["import-content", "--root", str(ROOT)])
    assert result.exit_code == 0, result.output
    files = sorted((ROOT / "courses").rglob("*.md"))
    assert f"新建 {len(files)} 门" in result.output
    imported = modules(app)
    assert {slug for slug, (_, active, _) in imported.items() if active} == {path.stem for path in files}
    with app.app_context():
        selling = db.session.scalar(sa.select(Series).where(Series.slug == "selling"))
        assert [m.title for m in selling.modules] == ["抓开场", "客户类型分析", "挖需求", "谈方案", "促交易"]
        for module in db.session.scalars(sa.select(Module)):
            # the lesson's own time (reading, checks, role-play); the module's quiz adds its own minutes
            minutes = module.total_minutes
            assert (15 <= minutes <= 30) if module.slug == "onboarding" else (40 <= minutes <= 65), module.slug
            assert len(module.sections) >= 4 or module.slug == "onboarding"
            # the facts agents review every few days (班前五分钟): a handful per module, each from one of its sections
            facts = db.session.scalar(sa.select(sa.func.count()).where(ModuleFact.module_id == module.id))
            assert 5 <= facts <= 8, module.slug


def test_import_twice_changes_nothing(app, runner, content_root):
    runner.invoke(args=["import-content", "--root", str(content_root)])
    before = modules(app)
    result = runner.invoke(args=["import-content", "--root", str(content_root)])
    assert "新建 0 门，更新 0 门，未变 3 门" in result.output
    assert modules(app) == before == {"alpha": (1, True, 1), "s-1": (1, True, None), "s-2": (1, True, None)}


def test_an_edit_makes_a_new_version_and_keeps_progress(app, runner, courses):
    from lms.services import learning
    from tests.factories import make_user, read_module

    with app.app_context():
        user = make_user("R1")
        db.session.commit()
        read_module(user, learning.active_module("alpha"))
    path = courses / "courses" / "alpha.md"
    path.write_text(course_text("alpha", "接听礼仪（修订）", ["问候", "倾听", "记录", "道别"]), encoding="utf-8")
    result = runner.invoke(args=["import-content", "--root", str(courses)])
    assert "更新 1 门" in result.output
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == "alpha"))
        assert (module.version, module.title, [s.title for s in module.sections]) == (
            2,
            "接听礼仪（修订）",
            ["问候", "倾听", "记录", "道别"],
        )
        row = db.session.scalar(sa.select(ModuleProgress))
        assert row.completed_at is not None and row.completed_version == 1
        reads = set(db.session.scalars(sa.select(SectionRead.section_title)))
        assert reads == {"问候", "倾听", "道别"}


def test_a_broken_file_is_reported_by_line_and_nothing_is_written(app, runner, content_root):
    broken = content_root / "courses" / "series" / "s-2.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("level: junior", "level: 大师"), encoding="utf-8")
    (content_root / "courses" / "bad.md").write_text("没有头信息\n", encoding="utf-8")
    result = runner.invoke(args=["import-content", "--root", str(content_root)])
    assert result.exit_code == 1
    assert "courses/series/s-2.md:7: level 应为" in result.output
    assert "courses/bad.md:1: 文件必须以一行 --- 开始" in result.output
    assert "本次未导入任何内容" in result.output
    assert modules(app) == {}
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(AuditLog.id))) == 0


def test_an_unknown_module_in_the_onboarding_path_is_an_error(app, runner, content_root):
    (content_root / "courses" / "onboarding-path.yaml").write_text("modules:\n  - alpha\n  - ghost\n", encoding="utf-8")
    result = runner.invoke(args=["import-content", "--root", str(content_root)])
    assert result.exit_code == 1 and "courses/onboarding-path.yaml:3: 没有 id 为“ghost”的课程。" in result.output


def test_a_removed_file_retires_its_module_and_a_returning_one_comes_back(app, runner, courses):
    path = courses / "courses" / "series" / "s-2.md"
    text = path.read_text(encoding="utf-8")
    path.unlink()
    assert "下线 1 门" in runner.invoke(args=["import-content", "--root", str(courses)]).output
    assert modules(app)["s-2"][1] is False
    path.write_text(text, encoding="utf-8")
    assert "更新 1 门" in runner.invoke(args=["import-content", "--root", str(courses)]).output
    assert modules(app)["s-2"] == (1, True, None)


def test_script_in_a_course_file_is_not_served(app, client, auth, people, content_root):
    path = content_root / "courses" / "alpha.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("问候的正文", "<script>alert('x')</script>问候的正文"),
        encoding="utf-8",
    )
    from lms.services.content import import_content

    with app.app_context():
        import_content(content_root)
    auth.login(people["agent"])
    page = client.get("/courses/alpha/1").get_data(as_text=True)
    assert "alert('x')" not in page and "问候的正文" in page


def test_a_broken_bank_stops_the_whole_import_with_its_line(app, runner, content_root):
    from tests.content import write_exams

    write_exams(content_root)
    bank = content_root / "question_banks" / "alpha.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8").replace(
            "    difficulty: 3\n    text: 响过几声要道歉？", "    difficulty: 9\n    text: 响过几声要道歉？"
        ),
        encoding="utf-8",
    )
    exam = content_root / "question_banks" / "exams" / "final.yaml"
    exam.write_text(exam.read_text(encoding="utf-8").replace("bank: alpha", "bank: ghost"), encoding="utf-8")
    result = runner.invoke(args=["import-content", "--root", str(content_root)])
    assert result.exit_code == 1
    line = bank.read_text(encoding="utf-8").splitlines().index("    difficulty: 9") + 1
    assert f"question_banks/alpha.yaml:{line}: difficulty 应为 1、2 或 3。" in result.output
    assert "question_banks/exams/final.yaml:1: 没有名为“ghost”的题库。" in result.output
    assert "没有名为“alpha”的题库" not in result.output  # its file is broken, which is already said
    assert modules(app) == {}


def test_a_blueprint_asking_more_than_its_bank_has_is_refused(app, runner, content_root):
    from tests.content import write_exams

    write_exams(content_root)
    exam = content_root / "question_banks" / "exams" / "final.yaml"
    exam.write_text(exam.read_text(encoding="utf-8").replace("count: 8", "count: 9"), encoding="utf-8")
    result = runner.invoke(args=["import-content", "--root", str(content_root)])
    assert result.exit_code == 1 and "只有 8 道，少于 count 9" in result.output


def test_a_broken_drill_file_stops_the_import_with_its_line(app, runner, content_root):
    from tests.content import write_drills, write_library

    write_drills(content_root)
    write_library(content_root)
    library = content_root / "question_banks" / "quick_replies" / "library.yaml"
    library.write_text(
        library.read_text(encoding="utf-8").replace('shortcut: "/kd"', 'shortcut: "/fh"'), encoding="utf-8"
    )
    result = runner.invoke(args=["import-content", "--root", str(content_root)])
    assert result.exit_code == 1
    assert "question_banks/quick_replies/library.yaml:9: 快捷码 /fh 与第 3 行重复。" in result.output
    assert modules(app) == {}


def test_a_reply_or_typing_text_of_an_unknown_business_line_stops_the_import(app, runner, content_root):
    from tests.content import write_drills, write_library

    write_drills(content_root)
    write_library(content_root)
    library = content_root / "question_banks" / "quick_replies" / "library.yaml"
    library.write_text(library.read_text(encoding="utf-8").replace("line: shop", "line: hotel", 1), encoding="utf-8")
    typing = content_root / "question_banks" / "typing" / "test.yaml"
    typing.write_text(typing.read_text(encoding="utf-8").replace("    line: common\n", "", 1), encoding="utf-8")
    result = runner.invoke(args=["import-content", "--root", str(content_root)])
    assert result.exit_code == 1
    assert "question_banks/quick_replies/library.yaml:7: line 应为：shop、property、common。" in result.output
    assert "question_banks/typing/test.yaml:2: line 应为：shop、property、common。" in result.output
    assert modules(app) == {}


def test_the_level_rules_are_checked_with_the_content(app, runner, tmp_path):
    import shutil

    root = tmp_path / "content"
    shutil.copytree(ROOT / "courses", root / "courses")
    shutil.copytree(ROOT / "question_banks", root / "question_banks")
    rules = root / "question_banks" / "levels" / "levels.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("exam: promotion-senior", "exam: promotion-ghost"), encoding="utf-8")
    result = runner.invoke(args=["import-content", "--root", str(root)])
    assert (
        result.exit_code == 1
        and "question_banks/levels/levels.yaml:1: 规则中的 promotion-ghost 不存在。" in result.output
    )
    rules.write_text(text.replace("kind: tenure", "kind: seniority", 1), encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if row.startswith("      - kind: tenure"))
    result = runner.invoke(args=["import-content", "--root", str(root)])
    assert f"question_banks/levels/levels.yaml:{line}: 规则类型无效" in result.output
