"""The learner's home: continue where they left off, today's items, level and gaps, certificates with expiry."""

from tests.conftest import Auth
from tests.factories import read_sections
from tests.web.test_levels import make_ready_for_junior


def test_continue_takes_the_learner_back_to_the_last_section_opened(app, client, auth, people, courses):
    auth.login(people["agent"])
    assert 'data-test="resume"' not in client.get("/").get_data(as_text=True)  # nothing started: no card
    client.get("/courses/alpha/2")
    client.get("/courses/s-1/1")
    home = client.get("/").get_data(as_text=True)
    assert "《开场》第 1 节：开场白" in home and "/courses/s-1/1" in home
    client.get("/courses/alpha/3")
    home = client.get("/").get_data(as_text=True)
    assert "《接听礼仪》第 3 节：道别" in home


def test_a_completed_module_is_not_offered_to_continue(app, client, auth, people, courses):
    auth.login(people["agent"])
    read_sections(auth, "s-1", [1])  # s-1 has one section and no quiz here: complete at once
    assert 'data-test="resume"' not in client.get("/").get_data(as_text=True)


def test_home_shows_the_level_the_next_gaps_and_certificates(app, client, auth, people, real_content, runner):
    auth.login(people["agent"])
    home = client.get("/").get_data(as_text=True)
    assert "当前等级：尚未定级" in home and "下一等级初级客服：还差 3 项" in home and "《新员工上岗须知》" in home
    make_ready_for_junior(app, people["agent"])
    assert "下一等级初级客服：只差晋级考试。" in client.get("/").get_data(as_text=True)
    runner.invoke(
        args=["issue-certificate", "--employee", people["agent"], "--level", "junior", "--override", "--reason", "补录"]
    )
    home = client.get("/").get_data(as_text=True)
    assert "当前等级：初级客服" in home and "下一等级中级客服" in home and "有效期至" in home
    auth.post("/language", {"locale": "en", "next": "/"})
    english = client.get("/").get_data(as_text=True)
    assert "Current level: Junior agent" in english and "Next level, Intermediate agent:" in english
    assert "初级客服" not in english and "（" not in english


def test_continue_keeps_within_the_sections_of_a_module_that_became_shorter(app, client, auth, people, courses):
    import sqlalchemy as sa

    from lms.extensions import db
    from lms.models import ModuleProgress

    auth.login(people["agent"])
    client.get("/courses/alpha/2")
    for stored, shown, position in ((9, "《接听礼仪》第 3 节：道别", 3), (0, "《接听礼仪》第 1 节：问候", 1)):
        with app.app_context():
            db.session.execute(sa.update(ModuleProgress).values(last_position=stored))
            db.session.commit()
        home = client.get("/").get_data(as_text=True)
        assert shown in home and f"/courses/alpha/{position}" in home


def test_home_names_the_viewers_team_or_that_they_have_none(app, client, auth, people):
    auth.login(people["agent"])
    assert "售后一组" in client.get("/").get_data(as_text=True)
    other = app.test_client()
    Auth(other).login(people["hr"])
    page = other.get("/").get_data(as_text=True)
    assert "未分配团队" in page and "售后一组" not in page
