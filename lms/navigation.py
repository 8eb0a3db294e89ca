"""The navigation bar: which pages each role sees."""

from collections.abc import Callable

from markupsafe import Markup

from lms.domain import N_
from lms.i18n import translations
from lms.models import Role, User
from lms.services import scope

#: (endpoint, label, who sees it: a set of roles, or a test of the user).
_ITEMS: list[tuple[str, str, set[Role] | Callable[[User], bool]]] = [
    ("main.home", N_("首页"), set(Role) - {Role.SUPERVISOR}),  # a supervisor's home is the team overview
    ("supervisor.dashboard", N_("团队概览"), {Role.SUPERVISOR}),
    ("review.session", N_("班前五分钟"), {Role.NEW_HIRE, Role.AGENT}),
    ("courses.catalogue", N_("课程"), {Role.NEW_HIRE, Role.AGENT, Role.SUPERVISOR}),
    ("courses.my_assignments", N_("我的学习任务"), {Role.NEW_HIRE, Role.AGENT}),
    ("exams.catalogue", N_("考试"), {Role.NEW_HIRE, Role.AGENT}),
    ("drills.index", N_("练习"), {Role.NEW_HIRE, Role.AGENT}),
    ("levels.mine", N_("我的等级"), {Role.NEW_HIRE, Role.AGENT}),
    ("supervisor.progress", N_("学习进度"), {Role.SUPERVISOR}),
    ("supervisor.assign", N_("布置学习"), {Role.SUPERVISOR}),
    ("supervisor.ratings", N_("课程评价"), {Role.SUPERVISOR}),
    ("supervisor.exam_results", N_("考试成绩"), {Role.SUPERVISOR}),
    ("supervisor.sittings_page", N_("开放考试"), {Role.SUPERVISOR}),
    ("grading.queue", N_("待评分"), scope.grades),  # supervisors and designated graders, whatever their role
    ("supervisor.drills", N_("练习成绩"), {Role.SUPERVISOR}),
    ("knowledge.index", N_("知识地图"), {Role.SUPERVISOR, Role.HR}),
    ("main.my_team", N_("我的团队"), {Role.SUPERVISOR}),
    ("main.people", N_("人员名录"), {Role.HR}),
    ("admin.users_list", N_("用户管理"), {Role.ADMIN}),
    ("admin.teams", N_("团队管理"), {Role.ADMIN}),
    ("admin.import_users", N_("批量导入"), {Role.ADMIN}),
    ("question_admin.import_questions", N_("题库导入"), {Role.ADMIN}),
    ("banks.index", N_("题库与组卷"), scope.authors),  # admins and designated authors, whatever their role
    ("certificates.hr_list", N_("证书管理"), {Role.HR, Role.ADMIN}),
    ("hr.levels", N_("等级分布"), {Role.HR}),
    ("hr.training", N_("培训报表"), {Role.HR}),
    ("admin.audit_log", N_("审计日志"), {Role.ADMIN, Role.HR}),
    ("api_tokens.index", N_("接口令牌"), {Role.HR}),
]


def menu_for(user) -> list[tuple[str, str]]:
    """(endpoint, label) of the pages ``user`` may open, in menu order."""
    if not user or not user.is_authenticated:
        return []
    found = translations()  # the labels translated here, once, not each through a lazy string as the page shows it
    shown = [(endpoint, label) for endpoint, label, who in _ITEMS if (who(user) if callable(who) else user.role in who)]
    return [(endpoint, Markup(found.ugettext(label))) for endpoint, label in shown]
