"""Level codes and names come from levels.yaml only, and pages name levels in the interface language."""

from lms.services.content import import_content
from tests.content import LEVEL_RULES
from tests.web.test_levels import make_ready_for_junior


def test_a_level_added_to_the_rules_file_is_accepted_by_course_files(app, content_root):
    (content_root / "courses" / "alpha.md").write_text(
        (content_root / "courses" / "alpha.md").read_text("utf-8").replace("level: junior", "level: trainer"), "utf-8"
    )
    with app.app_context():
        refused = [p for p in import_content(content_root).problems if p.path == "courses/alpha.md"]
        assert [p.message for p in refused] == ["level 应为等级规则文件中的等级之一：%(codes)s。"]
        assert refused[0].params["codes"] == "junior、intermediate、senior、expert"
    extra = "  - code: trainer\n    name: 培训师\n    name_en: Trainer\n    certificate_months: 12\n    rules:\n"
    extra += "      - kind: modules\n        modules: [alpha]\n"
    (content_root / "question_banks" / "levels" / "levels.yaml").write_text(LEVEL_RULES + extra, "utf-8")
    with app.app_context():
        assert import_content(content_root).problems == []


def test_english_pages_name_levels_in_english(app, client, auth, people, real_content):
    auth.login(people["agent"])
    assert "初级客服" in client.get("/courses").get_data(as_text=True)
    auth.post("/language", {"locale": "en", "next": "/"})
    assert "Promotion exam (Junior agent)" in client.get("/exams").get_data(as_text=True)
    assert "Junior agent ·" in client.get("/courses/mot-basics").get_data(as_text=True)
    make_ready_for_junior(app, people["agent"])
    level = client.get("/level").get_data(as_text=True)
    assert "Next level: Junior agent" in level and "初级客服" not in level
    assert "Take the Junior agent promotion exam" in level


def test_the_level_rule_names_the_level_held_in_the_interface_language(app, client, auth, people, real_content, runner):
    runner.invoke(
        args=["issue-certificate", "--employee", people["agent"], "--level", "junior", "--override", "--reason", "补录"]
    )
    auth.login(people["agent"])
    assert "✓ 已取得初级客服" in client.get("/level").get_data(as_text=True)
    auth.post("/language", {"locale": "en", "next": "/"})
    level = client.get("/level").get_data(as_text=True)
    assert "Current level: Junior agent" in level and "Junior agent" in level.split("Next level")[1]
    assert "初级客服" not in level and "中级客服" not in level
    assert " (valid until " in level and "（" not in level
