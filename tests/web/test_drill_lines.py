"""Business lines: a team's line decides the quick replies and typing texts its learners drill; the admin sets it."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import AuditLog, CustomerMessage, ReplySession, ReplyTurn, Team, User
from tests import snapshot

LIBRARY = """replies:
  - id: fh-time
    shortcut: "/fh"
    category: 发货时效
    line: shop
    title: 发货时间
    text: 亲，订单会按付款先后顺序发货，发出后短信通知您。
  - id: cf-sms
    shortcut: "/fkdx"
    category: 催付
    line: shop
    title: 催付短信
    text: 亲，这是下单1小时后还没付款的订单的提醒短信。
  - id: bx-reg
    shortcut: "/bx"
    category: 报修
    line: property
    title: 报修登记
    text: 您好，请告诉我您的楼号、房号和联系电话。
  - id: jf-how
    shortcut: "/jf"
    category: 缴费
    line: property
    title: 缴费方式
    text: 您好，物业费可以在小区公众号在线缴纳。
  - id: af-sorry
    shortcut: "/af"
    category: 投诉安抚
    line: common
    title: 致歉
    text: 非常抱歉给您带来了不好的体验。
messages:
  - id: s1
    text: 什么时候发货
    replies: [fh-time]
  - id: s2
    text: 收到短信说我没付款
    replies: [cf-sms]
  - id: p1
    text: 水管漏了
    replies: [bx-reg]
  - id: p2
    text: 物业费怎么交
    replies: [jf-how]
  - id: c1
    text: 你们这服务太差了
    replies: [af-sorry]
"""
TEXT = "您好，请问有什么可以帮您？我会认真记录您说的每一件事。" * 6
TYPING = "texts:\n" + "".join(
    f"""  - id: zh-{line}
    lang: zh
    level: easy
    line: {line}
    title: {title}
    text: {TEXT}
"""
    for line, title in (("shop", "网店问候"), ("property", "物业问候"), ("common", "通用结束语"))
)
PROPERTY_REPLIES = {"bx-reg", "jf-how"}


def lined_content(app, content_root) -> None:
    """The test courses with a library and typing texts of both lines and common ones, imported."""
    (content_root / "question_banks" / "quick_replies").mkdir(parents=True)
    (content_root / "question_banks" / "quick_replies" / "library.yaml").write_text(LIBRARY, encoding="utf-8")
    (content_root / "question_banks" / "typing").mkdir(parents=True)
    (content_root / "question_banks" / "typing" / "lines.yaml").write_text(TYPING, encoding="utf-8")
    snapshot.imported(app, content_root)


def set_line(app, auth, people, line: str):
    """The admin sets the ``people`` team's business line through the team form."""
    with app.app_context():
        team = db.session.scalar(sa.select(Team).where(Team.name == "售后一组"))
        team_id, supervisor = team.id, team.supervisor_id
    auth.login(people["admin"])
    response = auth.post(f"/admin/teams/{team_id}", {"name": "售后一组", "supervisor_id": supervisor, "line": line})
    auth.post("/logout")
    return response


def drilled(app, session_id: int) -> tuple[set[str], set[str]]:
    """The lines of the messages of a session and the replies that answer them."""
    with app.app_context():
        messages = db.session.scalars(
            sa.select(CustomerMessage).join(ReplyTurn).where(ReplyTurn.session_id == session_id)
        ).all()
        return {m.line for m in messages}, {slug for m in messages for slug in m.replies}


def start(auth, category: str = ""):
    return auth.post("/drills/replies", {"mode": "recognition", "category": category})


def test_a_shop_team_agent_is_never_drilled_on_a_property_reply(app, client, auth, people, content_root):
    lined_content(app, content_root)
    assert set_line(app, auth, people, "shop").status_code == 302
    auth.login(people["agent"])
    for _ in range(5):
        session_id = int(start(auth).location.rsplit("/", 1)[1])
        lines, replies = drilled(app, session_id)
        assert lines == {"shop", "common"} and not replies & PROPERTY_REPLIES
    page = client.get("/drills/replies").get_data(as_text=True)
    assert "按您团队的业务线出题：电商客服的内容和通用内容" in page
    assert "催付" in page and "物业费可以在小区公众号" not in page and '<option value="报修">' not in page
    refused = start(auth, "报修")
    assert refused.status_code == 200 and "请选择练习方式和话术类别。" in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ReplySession.id))) == 5
    drills = client.get("/drills").get_data(as_text=True)
    assert "网店问候" in drills and "通用结束语" in drills and "物业问候" not in drills
    assert client.get("/drills/typing/zh-property").status_code == 404
    assert auth.post("/drills/typing/zh-property/start").status_code == 404
    assert client.get("/drills/typing/zh-common").status_code == 200


def test_a_property_team_drills_property_and_common_and_its_supervisor_assigns_only_those(
    app, client, auth, people, content_root
):
    lined_content(app, content_root)
    set_line(app, auth, people, "property")
    auth.login(people["agent"])
    lines, replies = drilled(app, int(start(auth).location.rsplit("/", 1)[1]))
    assert lines == {"property", "common"} and replies == {"bx-reg", "jf-how", "af-sorry"}
    assert client.get("/drills/typing/zh-shop").status_code == 404
    auth.post("/logout")
    auth.login(people["supervisor"])
    choices = client.get("/supervisor/drills").get_data(as_text=True)
    assert "快捷话术：报修" in choices and "快捷话术：催付" not in choices


def test_without_a_team_or_a_line_every_line_is_drilled(app, client, auth, people, content_root):
    lined_content(app, content_root)
    with app.app_context():
        db.session.scalar(sa.select(User).where(User.employee_no == people["new_hire"])).team_id = None
        db.session.commit()
    for who, note in ((people["agent"], "您的团队还没有设定业务线"), (people["new_hire"], "您还没有分到团队")):
        auth.login(who)
        page = client.get("/drills/replies").get_data(as_text=True)
        assert note in page and "物业费可以在小区公众号" in page and "亲，订单会按付款先后顺序发货" in page
        drills = client.get("/drills").get_data(as_text=True)
        assert all(title in drills for title in ("网店问候", "物业问候", "通用结束语"))
        auth.post("/logout")


def test_the_admin_sets_a_teams_line_audited_and_an_unknown_line_is_refused(app, client, auth, people):
    def line_now():
        with app.app_context():
            return db.session.scalar(sa.select(Team.line).where(Team.name == "售后一组"))

    refused = set_line(app, auth, people, "hotel")
    assert refused.status_code == 200 and "不是有效的选择" in refused.get_data(as_text=True) and line_now() is None
    assert set_line(app, auth, people, "property").status_code == 302 and line_now() == "property"
    with app.app_context():
        detail = db.session.scalar(sa.select(AuditLog.detail).where(AuditLog.action == "team.update"))
        assert '"line": [null, "property"]' in detail
    auth.login(people["admin"])
    assert "物业服务中心" in client.get("/admin/teams").get_data(as_text=True)
    assert "业务线 无 → 物业服务中心" in client.get("/admin/audit").get_data(as_text=True)
    auth.post("/logout")
    assert set_line(app, auth, people, "").status_code == 302 and line_now() is None
