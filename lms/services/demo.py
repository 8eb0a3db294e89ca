"""Demo data for a first look: a team, its supervisor, HR, an admin and agents of every tenure."""
from datetime import date, timedelta

import sqlalchemy as sa

from lms.extensions import db
from lms.models import Role, Team, User

#: Shown by ``make run``; demo data is for a demo machine only.
PASSWORD = "demo1234"
TEAM = "售后服务一组"

# (工号, 姓名, role, days since hire)
PEOPLE = [
    ("D1001", "周慧敏", Role.SUPERVISOR, 6 * 365),
    ("D2001", "陈思远", Role.HR, 5 * 365),
    ("D9001", "林志强", Role.ADMIN, 4 * 365),
    ("D3001", "王晓雯", Role.NEW_HIRE, 2),
    ("D3002", "李嘉怡", Role.AGENT, 122),
    ("D3003", "张子喆", Role.AGENT, 427),
    ("D3004", "刘思琪", Role.AGENT, 3 * 365 + 10),
]
LABELS = {Role.SUPERVISOR: "主管", Role.HR: "人事", Role.ADMIN: "管理员", Role.NEW_HIRE: "新员工", Role.AGENT: "客服"}
LOGINS = [(number, name, LABELS[role]) for number, name, role, _ in PEOPLE]


def seed(today: date | None = None) -> bool:
    """Create the demo people and team unless they exist; True if anything was created."""
    today = today or date.today()
    if db.session.scalar(sa.select(User).where(User.employee_no == PEOPLE[0][0])):
        return False
    team = Team(name=TEAM)
    db.session.add(team)
    for number, name, role, days in PEOPLE:
        user = User(employee_no=number, name=name, role=role, hire_date=today - timedelta(days=days))
        user.set_password(PASSWORD)
        if role in (Role.NEW_HIRE, Role.AGENT):
            user.team = team
        db.session.add(user)
        if role is Role.SUPERVISOR:
            team.supervisor = user
    db.session.commit()
    return True
