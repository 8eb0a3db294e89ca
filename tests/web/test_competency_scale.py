"""Rating competencies on an anchored scale: no silent default, every indicator required, a labelled radar."""

import re

import sqlalchemy as sa
from flask_babel import force_locale, gettext

from lms.domain import competency
from lms.extensions import db
from lms.models import CompetencyRating, User

RADIO = re.compile(r'<input( checked)? id="c-(\w+)-\d" name="c-\w+" type="radio" value="(\d)">')


def agent_page(app, people) -> str:
    """The supervisor's page for the agent of the ``people`` fixture."""
    with app.app_context():
        return f"/team/people/{db.session.scalar(sa.select(User.id).where(User.employee_no == people['agent']))}"


def rating_page(app, people) -> str:
    """The supervisor's page for rating the agent of the ``people`` fixture."""
    return agent_page(app, people) + "/rating"


def ratings_saved(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count(CompetencyRating.id)))


def test_a_first_rating_starts_with_nothing_chosen_and_shows_what_each_value_means(app, client, auth, people):
    auth.login(people["supervisor"])
    page = client.get(rating_page(app, people)).get_data(as_text=True)
    radios = RADIO.findall(page)
    assert len(radios) == 5 * len(competency.WEIGHTS) and not any(checked for checked, _code, _value in radios)
    for code in competency.WEIGHTS:  # the 1, 3 and 5 of every indicator are described, 2 and 4 lie between
        for value in (1, 3, 5):
            assert competency.ANCHORS[code][value] in page
    assert page.count("介于 1分和 3分之间") == len(competency.WEIGHTS)


def test_every_indicator_must_be_rated_and_each_missing_one_is_named(app, client, auth, people):
    path = rating_page(app, people)
    auth.login(people["supervisor"])
    partial = {f"c-{code}": "4" for code in list(competency.WEIGHTS)[:9]}
    page = auth.post(path, {"c-submit": "保存评分", **partial}).get_data(as_text=True)
    assert "还有 2 项指标没有评分" in page
    assert "请为“反思实践能力”选择 1–5 分。" in page and "请为“信息技术应用能力”选择 1–5 分。" in page
    assert "请为“人际沟通能力”选择 1–5 分。" not in page
    assert ratings_saved(app) == 0
    chosen = {(code, value) for checked, code, value in RADIO.findall(page) if checked}
    assert chosen == {(code, "4") for code in list(competency.WEIGHTS)[:9]}  # what was chosen is kept
    auth.post("/language", {"locale": "en"})
    english = auth.post(path, {"c-submit": "1"}).get_data(as_text=True)
    with app.test_request_context(), force_locale("en"):  # the seed's indicator name, in English once translated
        missing = gettext("请为“%(name)s”选择 1–5 分。", name=gettext("人际沟通能力"))
    assert missing.startswith("Rate “") and missing in english and "Indicators not rated yet: 11." in english
    assert ratings_saved(app) == 0


def test_the_radar_names_its_axes_and_the_table_says_what_each_rating_means(app, client, auth, people):
    path = agent_page(app, people)
    auth.login(people["supervisor"])
    ratings = {code: 3 for code in competency.WEIGHTS} | {"communication": 5, "teamwork": 1}
    auth.post(path + "/rating", {"c-submit": "1", **{f"c-{code}": str(value) for code, value in ratings.items()}})
    assert ratings_saved(app) == 1
    page = client.get(path).get_data(as_text=True)
    start = page.index('<svg class="radar"')
    radar = page[start : page.index("</svg>", start)]
    axes = re.findall(r'<text x="[\d.-]+" y="[\d.-]+" text-anchor="\w+" class="axis">([^<]+)</text>', radar)
    assert axes == [f"{competency.SHORT_NAMES[code]} {value}" for code, value in ratings.items()]
    assert competency.ANCHORS["communication"][5] in page and competency.ANCHORS["teamwork"][1] in page
    auth.post("/language", {"locale": "en"})
    english = client.get(path).get_data(as_text=True)
    with app.test_request_context(), force_locale("en"):
        behaviours = [gettext(competency.scale(code)[value - 1][1]) for code, value in ratings.items()]
        groups = [gettext(group) for group, _items in competency.GROUPS]
    assert all(f'data-label="Behaviour">{text}</td>' in english for text in behaviours)
    assert all(f'scope="rowgroup">{group} <span' in english for group in groups)


def test_the_person_page_leads_to_the_rating_page_and_the_agents_own_page_does_not(app, client, auth, people):
    path, rating = agent_page(app, people), rating_page(app, people)
    auth.login(people["supervisor"])
    link = f'<a class="button" href="{rating}" data-test="rate-link">'
    assert f"{link}评定胜任力</a>" in client.get(path).get_data(as_text=True)
    answer = auth.post(rating, {"c-submit": "1", **{f"c-{code}": "3" for code in competency.WEIGHTS}})
    assert answer.status_code == 302 and answer.headers["Location"] == path
    assert f"{link}重新评定胜任力</a>" in client.get(path).get_data(as_text=True)
    auth.post("/logout")
    auth.login(people["agent"])
    own = client.get("/level").get_data(as_text=True)
    assert 'data-test="rate-link"' not in own and "加权得分 3.0" in own
    assert client.get(rating).status_code == 403
