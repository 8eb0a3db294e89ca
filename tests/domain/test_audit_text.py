"""Audit entries read as sentences, from the stored actor, object and detail; old free-text rows never break the page."""

import ast
import json
from pathlib import Path

import pytest

import lms
from lms.domain import audit_entries, audit_text
from lms.domain.audit_entries import Entry, Lookup, Person, Thing

ZHOU, LI, ZHANG, LIU, CHEN, LIN, WANG = 1, 2, 3, 4, 5, 6, 7
PEOPLE = {
    ZHOU: Person("周慧敏", "D1001"),
    LI: Person("李嘉怡", "D3002"),
    ZHANG: Person("张子喆", "D3003"),
    LIU: Person("刘思琪", "D3004"),
    CHEN: Person("陈思远", "D2001"),
    LIN: Person("林志强", "D9001"),
    WANG: Person("王晓雯", "D3001"),
}
LOOKUP = Lookup(
    gettext=lambda text: text,
    level_name={"junior": "初级客服", "intermediate": "中级客服"}.get,
    day=lambda iso: iso.replace("-", "/"),
    people=PEOPLE,
    numbers={p.employee_no: p for p in PEOPLE.values()},
    objects={
        ("team", "1"): Thing("售后服务一组"),
        ("level_award", "8"): Thing("", LI, "intermediate"),
        ("certificate", "9"): Thing("K7Q2M9X4P8R3T", LI, "intermediate"),
        ("attempt", "5"): Thing("中级客服晋级考试", ZHANG),
        ("question_bank", "2"): Thing("投诉处理补充题"),
    },
    modules={"mot-basics": "MOT服务技巧", "etiquette": "客服礼仪"},
)


def entry(action, actor=None, obj=(None, None), detail=None) -> Entry:
    stored = json.dumps(detail, ensure_ascii=False) if isinstance(detail, dict) else (detail or "")
    return Entry(action, actor, obj[0], obj[1], stored)


USER_LI, TEAM = ("user", str(LI)), ("team", "1")

CASES = [
    (entry("auth.login", LI, USER_LI), "李嘉怡 登录"),
    (entry("auth.logout", LI, USER_LI), "李嘉怡 退出登录"),
    (
        entry("auth.login_failed", None, ("employee_no", "D3002"), {"reason": "wrong_password"}),
        "工号 D3002（李嘉怡） 登录失败（密码错误）",
    ),
    (
        entry("auth.login_failed", None, ("employee_no", "NOBODY"), {"reason": "unknown_number"}),
        "工号 NOBODY 登录失败（工号不存在）",
    ),
    (entry("auth.login_failed", None, detail="D3003"), "工号 D3003（张子喆） 登录失败"),
    (entry("auth.login_inactive", None, USER_LI), "李嘉怡 尝试登录已停用的账号，被拒绝"),
    (
        entry("auth.login_waiting", None, ("employee_no", "D9001"), {"wait_seconds": 64}),
        "工号 D9001（林志强） 登录失败次数较多，等待期内再次登录被拒绝（还需等待64秒）",
    ),
    (
        entry("auth.login_address_limited", None, ("address", "203.0.113.7"), {"employee_no": "NOBODY"}),
        "来自 203.0.113.7 的登录失败次数过多，登录被拒绝（工号 NOBODY）",
    ),
    (entry("auth.password_changed", WANG, ("user", str(WANG))), "王晓雯 修改了自己的密码"),
    (
        entry("user.create", LIN, ("user", str(WANG)), {"role": "new_hire", "team": "售后服务一组"}),
        "林志强 新建用户 王晓雯：新员工，售后服务一组",
    ),
    (entry("user.create", LIN, ("user", str(CHEN)), "role=hr"), "林志强 新建用户 陈思远：人事"),
    (
        entry(
            "user.update",
            LIN,
            USER_LI,
            {
                "changes": {
                    "role": ["agent", "supervisor"],
                    "team": ["售后服务一组", None],
                    "hire_date": ["2025-08-01", "2025-07-01"],
                }
            },
        ),
        "林志强 修改了 李嘉怡 的资料：角色 客服 → 主管；团队 售后服务一组 → 无；入职日期 2025/08/01 → 2025/07/01",
    ),
    (entry("user.update", LIN, USER_LI, {"changes": {}}), "林志强 保存了 李嘉怡 的资料，没有改动"),
    (entry("user.deactivate", LIN, USER_LI), "林志强 停用了 李嘉怡 的账号"),
    (entry("user.activate", LIN, USER_LI), "林志强 启用了 李嘉怡 的账号"),
    (entry("user.password_reset", LIN, USER_LI), "林志强 重置了 李嘉怡 的密码"),
    (
        entry("user.import", LIN, detail={"created": 3, "updated": 2, "unchanged": 40, "teams_created": 1}),
        "林志强 导入人员名单：新增 3 人，更新 2 人，未变 40 人，新建团队 1 个",
    ),
    (
        entry("user.import", LIN, detail="created=3 updated=0 unchanged=1 teams_created=0"),
        "林志强 导入人员名单：新增 3 人，更新 0 人，未变 1 人，新建团队 0 个",
    ),
    (
        entry("team.create", LIN, TEAM, {"name": "售后服务一组", "supervisor": ZHOU}),
        "林志强 新建团队「售后服务一组」，主管 周慧敏",
    ),
    (entry("team.create", LIN, TEAM, {"name": "夜班组", "supervisor": None}), "林志强 新建团队「夜班组」，暂无主管"),
    (
        entry(
            "team.update",
            LIN,
            TEAM,
            {"name": "售后一组", "changes": {"name": ["售后服务一组", "售后一组"], "supervisor": [ZHOU, None]}},
        ),
        "林志强 修改了团队「售后一组」：名称 售后服务一组 → 售后一组；主管 周慧敏 → 无",
    ),
    (
        entry("team.create", LIN, TEAM, {"name": "物业前台", "supervisor": ZHOU, "line": "property"}),
        "林志强 新建团队「物业前台」，主管 周慧敏，业务线 物业服务中心",
    ),
    (
        entry("team.update", LIN, TEAM, {"name": "售后一组", "changes": {"line": [None, "shop"]}}),
        "林志强 修改了团队「售后一组」：业务线 无 → 电商客服",
    ),
    (
        entry("group_lead.set", ZHOU, USER_LI, {"group": "新人带教小组", "since": "2026-09-01"}),
        "周慧敏 登记 李嘉怡 带领或辅导“新人带教小组”（2026/09/01 起）",
    ),
    (
        entry("group_lead.clear", CHEN, USER_LI, {"group": "新人带教小组"}),
        "陈思远 取消了 李嘉怡 带领或辅导“新人带教小组”的登记",
    ),
    (entry("team.deactivate", LIN, TEAM, "旧项目组"), "林志强 停用了团队「旧项目组」"),
    (entry("team.activate", LIN, TEAM), "林志强 启用了团队「售后服务一组」"),
    (
        entry(
            "content.import",
            None,
            detail={
                "created": 2,
                "updated": 1,
                "unchanged": 20,
                "retired": 0,
                "questions_new": 12,
                "questions_changed": 3,
                "exams": 1,
                "drills": 0,
            },
        ),
        "系统 导入课程内容：模块新增 2 个、更新 1 个、未变 20 个、下线 0 个；题目新增 12 道、改版 3 道；考试变动 1 场；练习材料变动 0 项",
    ),
    (
        entry(
            "questions.import",
            LIN,
            ("question_bank", "2"),
            {"format": "gift", "file": "extra.gift", "imported": 12, "skipped": 1},
        ),
        "林志强 向题库「投诉处理补充题」导入 GIFT 文件 extra.gift：导入 12 道，跳过 1 道",
    ),
    (
        entry("questions.export", LIN, ("question_bank", "2"), {"format": "moodle-xml", "questions": 23, "notes": 1}),
        "林志强 把题库「投诉处理补充题」导出为 MOODLE-XML 文件：23 道题，其中 1 道无法原样导出",
    ),
    (
        entry(
            "assignment.create",
            ZHOU,
            detail={"modules": ["mot-basics", "etiquette"], "users": [LI, ZHANG], "due": "2026-12-01"},
        ),
        "周慧敏 给 李嘉怡、张子喆 布置学习 「MOT服务技巧」、「客服礼仪」，截止 2026/12/01",
    ),
    (
        entry(
            "assignment.create",
            ZHOU,
            detail={"modules": ["gone"], "users": [LI, ZHANG, LIU, WANG, 99], "due": "2026-12-01"},
        ),
        "周慧敏 给 李嘉怡、张子喆、刘思琪 等 5 人 布置学习 「gone」，截止 2026/12/01",
    ),
    (
        entry("sitting.open", ZHOU, detail={"exam": "初级客服晋级考试", "users": [LI, ZHANG], "minutes": 60}),
        "周慧敏 为 李嘉怡、张子喆 开放考试「初级客服晋级考试」，60 分钟内可开考",
    ),
    (
        entry(
            "assignment.refresher",
            ZHOU,
            detail={
                "modules": ["mot-basics"],
                "section": "什么是关键时刻",
                "fact": 3,
                "users": [LI],
                "due": "2026-12-01",
            },
        ),
        "周慧敏 给 李嘉怡 布置复习 「MOT服务技巧」 的“什么是关键时刻”一节，截止 2026/12/01",
    ),
    (
        entry(
            "drill.assign",
            ZHOU,
            detail={
                "kind": "typing",
                "lang": "zh",
                "level": "hard",
                "net": 60.0,
                "accuracy": 0.95,
                "users": [LI],
                "due": "2026-12-01",
            },
        ),
        "周慧敏 给 李嘉怡 布置中文打字练习（较难），目标净速 ≥ 60 字/分钟，准确率 ≥ 95%，截止 2026/12/01",
    ),
    (
        entry(
            "drill.assign",
            ZHOU,
            detail={"kind": "quick_reply", "category": "物流", "share": 0.9, "users": [LI, ZHANG], "due": "2026-12-01"},
        ),
        "周慧敏 给 李嘉怡、张子喆 布置快捷话术练习（物流），目标正确率 ≥ 90%，截止 2026/12/01",
    ),
    (
        entry("attempt.override", ZHOU, ("attempt", "5"), {"position": 7, "fraction": 0.6}),
        "周慧敏 为 张子喆 的「中级客服晋级考试」第 7 题人工评分：得分 60%",
    ),
    (
        entry("attempt.override", ZHOU, ("attempt", "5"), "position=7 fraction=1.0"),
        "周慧敏 为 张子喆 的「中级客服晋级考试」第 7 题人工评分：得分 100%",
    ),
    (
        entry(
            "attempt.grade", ZHOU, ("attempt", "5"), {"percent": 82.5, "passed": True, "marks": {"7": 0.6, "9": 1.0}}
        ),
        "周慧敏 完成了 张子喆 的「中级客服晋级考试」评分：2 道情景题，总分 82.5%，通过",
    ),
    (
        entry("attempt.grade", ZHOU, ("attempt", "5"), {"percent": 60, "passed": False, "marks": {"7": 0.0}}),
        "周慧敏 完成了 张子喆 的「中级客服晋级考试」评分：1 道情景题，总分 60%，未通过",
    ),
    (
        entry("user.update", LIN, USER_LI, {"changes": {"grader": [False, True]}}),
        "林志强 修改了 李嘉怡 的资料：评分员 否 → 是",
    ),
    (entry("competency.rate", ZHOU, USER_LI, {"score": 4.12}), "周慧敏 为 李嘉怡 评定能力：加权得分 4.12（满分 5）"),
    (
        entry("violation.record", ZHOU, USER_LI, {"code": "quarrel", "points": 20, "day": "2026-11-30"}),
        "周慧敏 为 李嘉怡 记录违规：与客户争吵（经核实的有效投诉）（扣 20 分）",
    ),
    (
        entry(
            "level.award",
            LI,
            ("level_award", "8"),
            {"level": "intermediate", "certificate": "K7Q2M9X4P8R3T", "override": None},
        ),
        "李嘉怡 获得中级客服等级，证书 K7Q2M9X4P8R3T",
    ),
    (
        entry(
            "level.award",
            CHEN,
            ("level_award", "8"),
            {"level": "intermediate", "certificate": "K7Q2M9X4P8R3T", "override": "外部认证"},
        ),
        "陈思远 为 李嘉怡 颁发中级客服等级，证书 K7Q2M9X4P8R3T（破格颁发，理由：外部认证）",
    ),
    (
        entry("certificate.renew", LI, ("level_award", "8"), {"level": "intermediate", "certificate": "N3W"}),
        "李嘉怡 续期了中级客服证书，新证书 N3W",
    ),
    (
        entry("certificate.revoke", CHEN, ("certificate", "9"), {"number": "K7Q2M9X4P8R3T", "reason": "考试作弊"}),
        "陈思远 撤销了 李嘉怡 的中级客服证书 K7Q2M9X4P8R3T，理由：考试作弊",
    ),
]


@pytest.mark.parametrize(("stored", "sentence"), CASES, ids=[case[0].action for case in CASES])
def test_each_action_reads_as_a_sentence(stored, sentence):
    line = audit_text.describe(stored, LOOKUP)
    assert (line.text, line.raw) == (sentence, None)
    assert line.action == audit_text.ACTIONS[stored.action][0]


OLD_ROWS = [
    (
        entry(
            "drill.assign",
            ZHOU,
            detail="DrillTarget(kind='typing', lang='zh', level=None, net=60) users=3 due=2026-12-01",
        ),
        "周慧敏：布置练习",
    ),
    (entry("violation.record", ZHOU, USER_LI, "quarrel 20"), "周慧敏：记录违规（李嘉怡）"),
    (entry("certificate.revoke", CHEN, ("certificate", "9"), "K7Q2M9X4P8R3T: 考试作弊"), "陈思远：撤销证书（李嘉怡）"),
    (entry("user.update", LIN, USER_LI, "role=agent team=3"), "林志强：修改用户资料（李嘉怡）"),
    (entry("content.import", None, detail="created=0 updated=0 {'questions_new': 0}"), "系统：导入课程内容"),
    (entry("level.award", LI, ("level_award", "404"), "junior certificate=ABC"), "李嘉怡：颁发等级"),
    (entry("competency.rate", ZHOU, USER_LI, '{"score": "not a number"}'), "周慧敏：能力评定（李嘉怡）"),
]


@pytest.mark.parametrize(("stored", "sentence"), OLD_ROWS, ids=[case[0].detail[:20] for case in OLD_ROWS])
def test_an_old_free_text_row_keeps_a_plain_sentence_and_shows_its_raw_text(stored, sentence):
    line = audit_text.describe(stored, LOOKUP)
    assert (line.text, line.raw) == (sentence, stored.detail)


def test_an_unknown_action_and_missing_people_still_read():
    line = audit_text.describe(entry("export.run", 404, detail="x"), LOOKUP)
    assert (line.action, line.text, line.raw) == ("export.run", "（已删除的用户） 执行了操作 export.run", "x")
    assert audit_text.describe(entry("auth.login", None, ("user", "404")), LOOKUP).text == "系统 登录"


def test_sentences_are_translated_with_the_gettext_given():
    english = {
        "%(actor)s 为 %(person)s 记录违规：%(violation)s（扣 %(points)s 分）": "%(actor)s recorded a violation for %(person)s: %(violation)s (%(points)s points)",
        "与客户争吵（经核实的有效投诉）": "Arguing with a customer",
        "记录违规": "Violation recorded",
    }
    lookup = Lookup(lambda text: english.get(text, text), str, str, people=PEOPLE)
    line = audit_text.describe(entry("violation.record", ZHOU, USER_LI, {"code": "quarrel", "points": 20}), lookup)
    assert (line.action, line.text) == (
        "Violation recorded",
        "周慧敏 recorded a violation for 李嘉怡: Arguing with a customer (20 points)",
    )


def test_wants_names_everyone_and_everything_a_page_needs():
    found = audit_entries.wants(
        [
            entry("auth.login_failed", None, ("employee_no", "D3002"), {"reason": "wrong_password"}),
            entry("auth.login_failed", None, detail="D3003"),
            entry("auth.login_address_limited", None, ("address", "203.0.113.7"), {"employee_no": "D9001"}),
            entry("team.update", LIN, TEAM, {"name": "x", "changes": {"supervisor": [ZHOU, LIU]}}),
            entry(
                "assignment.create", ZHOU, detail={"modules": ["mot-basics"], "users": [LI, ZHANG], "due": "2026-12-01"}
            ),
            entry("certificate.revoke", CHEN, ("certificate", "9"), "free text"),
            entry("user.create", LIN, ("user", str(WANG)), "role=agent"),
        ]
    )
    assert found.people == {LIN, ZHOU, LIU, LI, ZHANG, CHEN, WANG}
    assert found.numbers == {"D3002", "D3003", "D9001"}
    assert found.objects == {("team", "1"), ("certificate", "9")}
    assert found.modules == {"mot-basics"}


def recorded_actions() -> set[str]:
    """Every action code passed to ``audit.record(...)`` anywhere in the package."""
    found = set()
    for path in Path(lms.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = getattr(node, "func", None)
            if isinstance(func, ast.Attribute) and func.attr == "record" and getattr(func.value, "id", "") == "audit":
                first = node.args[0]
                assert isinstance(first, ast.Constant | ast.IfExp), f"{path}: name the action literally"
                found |= {n.value for n in ast.walk(first) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    return found


def test_every_recorded_action_has_a_sentence():
    recorded = recorded_actions()
    assert len(recorded) >= 25
    assert recorded <= set(audit_text.ACTIONS), recorded - set(audit_text.ACTIONS)
