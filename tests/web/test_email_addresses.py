"""Where reminders are e-mailed: the admin's user form and the HR import's optional 邮箱 column."""

import sqlalchemy as sa

from lms.extensions import db
from lms.models import User
from tests.web.test_admin import upload, user_named


def edit(auth, app, employee_no: str, email: str):
    """Post the admin's user form for ``employee_no`` with ``email``, keeping everything else."""
    user = user_named(app, employee_no)
    return auth.post(
        f"/admin/users/{user.id}",
        {
            "employee_no": user.employee_no,
            "name": user.name,
            "role": user.role.value,
            "hire_date": user.hire_date.isoformat(),
            "team_id": str(user.team_id or 0),
            "locale": user.locale,
            "email": email,
        },
        follow_redirects=True,
    )


def test_admin_sets_and_clears_a_user_s_email(app, auth, people):
    auth.login(people["admin"])
    assert "邮箱" in auth.client.get(f"/admin/users/{user_named(app, people['agent']).id}").get_data(as_text=True)
    edit(auth, app, people["agent"], "  li@example.com ")
    assert user_named(app, people["agent"]).email == "li@example.com"
    edit(auth, app, people["agent"], "")
    assert user_named(app, people["agent"]).email is None


def test_a_bad_email_is_refused_in_chinese_and_nothing_changes(app, auth, people):
    auth.login(people["admin"])
    edit(auth, app, people["agent"], "li@example.com")
    page = edit(auth, app, people["agent"], "li at example").get_data(as_text=True)
    assert "邮箱格式不对，应类似 name@example.com。" in page
    assert user_named(app, people["agent"]).email == "li@example.com"


def test_the_import_sets_emails_from_its_column_and_keeps_them_without_it(app, auth, people):
    auth.login(people["admin"])
    with_column = "工号,姓名,入职日期,团队,角色,邮箱\r\nC001,欧阳娜娜,2024-03-01,售后一组,客服,na@example.com\r\n"
    upload(auth, with_column.encode("utf-8"))
    assert user_named(app, "C001").email == "na@example.com"
    upload(auth, "工号,姓名,入职日期,团队,角色\r\nC001,欧阳娜娜,2024-03-01,售后一组,客服\r\n".encode())
    assert user_named(app, "C001").email == "na@example.com"
    page = upload(auth, with_column.replace("na@example.com", "na@").encode("utf-8")).get_data(as_text=True)
    assert "邮箱“na@”格式不对" in page
    upload(auth, with_column.replace("na@example.com", "").encode("utf-8"))
    with app.app_context():
        assert db.session.scalar(sa.select(User.email).where(User.employee_no == "C001")) is None
