"""The navigation bar: which pages each role sees."""

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from lms.models import Role, User
from lms.services import scope

#: (endpoint, label, who sees it: a set of roles, or a test of the user).
_ITEMS: list[tuple[str, str, set[Role] | Callable[[User], bool]]] = [
    ("main.home", _l("首页"), set(Role) - {Role.SUPERVISOR}),  # a supervisor's home is the team overview
    ("supervisor.dashboard", _l("团队概览"), {Role.SUPERVISOR}),
    ("review.session", _l("班前五分钟"), {Role.NEW_HIRE, Role.AGENT}),
    ("courses.catalogue", _l("课程"), {Role.NEW_HIRE, Role.AGENT, Role.SUPERVISOR}),
    ("courses.my_assignments", _l("我的学习任务"), {Role.NEW_HIRE, Role.AGENT}),
    ("exams.catalogue", _l("考试"), {Role.NEW_HIRE, Role.AGENT}),
    ("drills.index", _l("练习"), {Role.NEW_HIRE, Role.AGENT}),
    ("levels.mine", _l("我的等级"), {Role.NEW_HIRE, Role.AGENT}),
    ("supervisor.progress", _l("学习进度"), {Role.SUPERVISOR}),
    ("supervisor.assign", _l("布置学习"), {Role.SUPERVISOR}),
    ("supervisor.ratings", _l("课程评价"), {Role.SUPERVISOR}),
    ("supervisor.exam_results", _l("考试成绩"), {Role.SUPERVISOR}),
    ("supervisor.sittings_page", _l("开放考试"), {Role.SUPERVISOR}),
    ("grading.queue", _l("待评分"), scope.grades),  # supervisors and designated graders, whatever their role
    ("supervisor.drills", _l("练习成绩"), {Role.SUPERVISOR}),
    ("knowledge.index", _l("知识地图"), {Role.SUPERVISOR, Role.HR}),
    ("main.my_team", _l("我的团队"), {Role.SUPERVISOR}),
    ("main.people", _l("人员名录"), {Role.HR}),
    ("admin.users_list", _l("用户管理"), {Role.ADMIN}),
    ("admin.teams", _l("团队管理"), {Role.ADMIN}),
    ("admin.import_users", _l("批量导入"), {Role.ADMIN}),
    ("question_admin.import_questions", _l("题库导入"), {Role.ADMIN}),
    ("banks.index", _l("题库与组卷"), scope.authors),  # admins and designated authors, whatever their role
    ("certificates.hr_list", _l("证书管理"), {Role.HR, Role.ADMIN}),
    ("hr.levels", _l("等级分布"), {Role.HR}),
    ("hr.training", _l("培训报表"), {Role.HR}),
    ("admin.audit_log", _l("审计日志"), {Role.ADMIN, Role.HR}),
    ("api_tokens.index", _l("接口令牌"), {Role.HR}),
]


def menu_for(user) -> list[tuple[str, str]]:
    """(endpoint, label) of the pages ``user`` may open, in menu order."""
    if not user or not user.is_authenticated:
        return []
    return [(endpoint, label) for endpoint, label, who in _ITEMS if (who(user) if callable(who) else user.role in who)]
