"""The notification list: the unread count in the top bar, opening one, marking all read, and the refusals."""

import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from lms import timeutil
from lms.extensions import db
from lms.models import Notification, User
from lms.services import reminders
from tests.sql import statements
from tests.web.test_reminders import assign, awaiting, person


def make_reminders(app, people) -> dict[str, int]:
    """The agent: one assignment due tomorrow, one overdue; the supervisor: an attempt to grade. Ids by what."""
    with app.app_context():
        agent = person(people["agent"])
        assign(agent, "alpha", 1)
        assign(agent, "s-1", -2)
        attempt = awaiting(agent)
        db.session.commit()
        reminders.make(timeutil.today())
        ids = {key.split(":")[0]: id_ for id_, key in db.session.execute(sa.select(Notification.id, Notification.key))}
        ids["attempt"] = attempt.id
        return ids


def unread(app) -> dict[str, bool]:
    """Notification kind -> whether it is still unread."""
    with app.app_context():
        return {
            kind: read_at is None
            for kind, read_at in db.session.execute(sa.select(Notification.kind, Notification.read_at))
        }


def badge(page: str) -> str | None:
    """The unread count shown on the 提醒 link in the top bar, if any."""
    link = re.search(r'<a [^>]*class="bell".*?</a>', page, re.S)
    assert link, "no 提醒 link in the top bar"
    count = re.search(r'<span class="unread"[^>]*>(\d+)</span>', link.group(0))
    return count.group(1) if count else None


def test_the_top_bar_counts_unread_and_opening_one_marks_it_read_and_leads_to_its_page(
    app, client, auth, people, promotion_content
):
    ids = make_reminders(app, people)
    auth.login(people["agent"])
    assert badge(client.get("/").get_data(as_text=True)) == "2"
    page = client.get("/notifications").get_data(as_text=True)
    assert "学习任务“接听礼仪”明天" in page and "学习任务“开场”已于" in page and page.count("未读") >= 2
    opened = client.get(f"/notifications/{ids['assignment-due']}")
    assert opened.status_code == 302 and opened.location == "/courses/alpha"
    assert unread(app) == {"assignment-due": False, "assignment-overdue": True, "grading": True}
    assert badge(client.get("/").get_data(as_text=True)) == "1"


def test_the_supervisor_s_grading_reminder_leads_to_the_queue(app, client, auth, people, promotion_content):
    ids = make_reminders(app, people)
    auth.login(people["supervisor"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "李客服 交了晋级考试“初级客服晋级考试”，情景题等待您评分。" in page
    assert client.get(f"/notifications/{ids['grading']}").location == "/grading/"
    assert f'href="/grading/{ids["attempt"]}"' in client.get("/grading/").get_data(as_text=True)


def test_another_person_s_notification_is_404_and_stays_unread(app, client, auth, people, promotion_content):
    ids = make_reminders(app, people)
    auth.login(people["supervisor"])
    assert client.get(f"/notifications/{ids['assignment-due']}").status_code == 404
    assert client.get("/notifications/999999").status_code == 404
    assert "接听礼仪" not in client.get("/notifications").get_data(as_text=True)
    assert unread(app)["assignment-due"] is True


def test_marking_all_read_needs_the_csrf_token(app, client, auth, people, promotion_content):
    make_reminders(app, people)
    auth.login(people["agent"])
    assert client.post("/notifications/read").status_code == 400
    assert unread(app) == {"assignment-due": True, "assignment-overdue": True, "grading": True}
    done = auth.post("/notifications/read", follow_redirects=True).get_data(as_text=True)
    assert "已将 2 条提醒标为已读。" in done and badge(done) is None and "全部标为已读" not in done
    assert unread(app) == {"assignment-due": False, "assignment-overdue": False, "grading": True}


def test_signed_out_visitors_are_sent_to_sign_in(app, client, people, promotion_content):
    ids = make_reminders(app, people)
    response = client.get(f"/notifications/{ids['assignment-due']}")
    assert response.status_code == 302 and response.location.startswith("/login?next=/notifications/")
    assert unread(app)["assignment-due"] is True


def test_the_list_is_newest_first_and_paged(app, client, auth, people):
    with app.app_context():
        agent = person(people["agent"])
        start = timeutil.utcnow() - timedelta(hours=40)
        for number in range(30):
            db.session.add(
                Notification(
                    user_id=agent.id,
                    kind="promotion-open",
                    key=f"promotion-open:l{number}",
                    payload={"level": "junior", "exam": "promotion-junior", "exam_title": f"考试{number:02d}"},
                    created_at=start + timedelta(hours=number),
                )
            )
        db.session.commit()
    auth.login(people["agent"])
    first = client.get("/notifications").get_data(as_text=True)
    assert first.index("考试29") < first.index("考试28") and "考试04" not in first and "第 1 / 2 页" in first
    assert "考试04" in client.get("/notifications?page=2").get_data(as_text=True)
    assert badge(first) == "30"


def test_an_empty_list_says_what_will_appear_there(client, auth, people):
    auth.login(people["hr"])
    page = client.get("/notifications").get_data(as_text=True)
    assert "暂无提醒" in page and "全部标为已读" not in page and badge(page) is None


def test_the_list_in_english(app, client, auth, people, promotion_content):
    make_reminders(app, people)
    with app.app_context():
        person(people["agent"]).locale = "en"
        db.session.commit()
    auth.login(people["agent"])
    page = html.unescape(client.get("/notifications").get_data(as_text=True))
    assert 'The assignment "接听礼仪" is due tomorrow' in page and "Mark all as read" in page and "Reminders" in page
    assert not re.search(r"明天|已于|未读|全部标为已读|（|）|：", page)


@pytest.mark.parametrize("role", ["agent", "supervisor", "hr", "admin", "new_hire"])
def test_every_role_has_the_reminders_link(client, auth, people, role):
    auth.login(people[role])
    assert client.get("/notifications").status_code == 200


def test_the_top_bar_count_is_one_query_whatever_the_number_of_notifications(app, client, auth, people):
    auth.login(people["agent"])
    with app.app_context():
        agent_id = db.session.scalar(sa.select(User.id).where(User.employee_no == people["agent"]))
    seen: list[str] = []

    def statements_for_a_page(added: int) -> int:
        with app.app_context():
            for number in range(added):
                key = f"promotion-open:x{number}-{added}"
                db.session.add(Notification(user_id=agent_id, kind="promotion-open", key=key, payload={}))
            db.session.commit()
        with statements(app) as found:
            assert client.get("/password").status_code == 200
        seen[:] = found
        return len(found)

    assert statements_for_a_page(1) == statements_for_a_page(40)
    assert sum("notifications" in statement for statement in seen) == 1
