"""Audit entries as sentences people can read: one template per action, filled from the stored actor, object and detail.

What cannot be read is returned as ``raw``, to be shown labelled as the stored record, beside a plainer sentence.
"""

from collections.abc import Callable

from lms.domain import N_, lines, violations
from lms.domain.audit_entries import Entry, Line, Lookup, Reader, figure, percent, read_detail

ROLES = {
    "new_hire": N_("新员工"),
    "agent": N_("客服"),
    "supervisor": N_("主管"),
    "hr": N_("人事"),
    "admin": N_("管理员"),
}
LANGUAGES = {"zh_CN": "中文", "en": "English"}
TYPING_LEVELS = {"easy": N_("容易"), "medium": N_("中等"), "hard": N_("较难")}
SIGN_IN_REASONS = {
    "wrong_password": N_("密码错误"),
    "unknown_number": N_("工号不存在"),
    "demo_password": N_("正式环境不接受演示密码"),
}
USER_FIELDS = {
    "name": N_("姓名"),
    "role": N_("角色"),
    "team": N_("团队"),
    "hire_date": N_("入职日期"),
    "locale": N_("界面语言"),
    "grader": N_("评分员"),
    "author": N_("题库编辑"),
}
TEAM_FIELDS = {"name": N_("名称"), "supervisor": N_("主管"), "line": N_("业务线")}


def _number(r: Reader, number: str) -> str:
    """An employee number typed at sign-in, with the name of the person it belongs to, if anyone."""
    person = r.lookup.numbers.get(number)
    return r.t(N_("%(number)s（%(name)s）")) % {"number": number, "name": person.name} if person else number


def _failed_sign_in(r: Reader) -> str:
    number = r.entry.object_id if r.entry.object_type == "employee_no" else r.d["employee_no"]
    shown = _number(r, number or "")
    reason = r.d.get("reason")
    if reason in SIGN_IN_REASONS:
        return r.say(N_("工号 %(number)s 登录失败（%(reason)s）"), number=shown, reason=r.t(SIGN_IN_REASONS[reason]))
    return r.say(N_("工号 %(number)s 登录失败"), number=shown)


def _sign_in_waiting(r: Reader) -> str:
    return r.say(
        N_("工号 %(number)s 登录失败次数较多，等待期内再次登录被拒绝（还需等待%(seconds)s秒）"),
        number=_number(r, r.entry.object_id or ""),
        seconds=r.d["wait_seconds"],
    )


def _address_limited(r: Reader) -> str:
    return r.say(
        N_("来自 %(address)s 的登录失败次数过多，登录被拒绝（工号 %(number)s）"),
        address=r.entry.object_id or r.t(N_("未知地址")),
        number=_number(r, r.d["employee_no"]),
    )


def _user_created(r: Reader) -> str:
    role = r.t(ROLES[r.d["role"]])
    if r.d.get("team"):
        return r.say(N_("%(actor)s 新建用户 %(person)s：%(role)s，%(team)s"), role=role, team=r.d["team"])
    return r.say(N_("%(actor)s 新建用户 %(person)s：%(role)s"), role=role)


def _user_value(r: Reader) -> Callable[[str, object], str]:
    def show(key: str, value) -> str:
        if key == "role":
            return r.t(ROLES[str(value)])
        if key == "hire_date" and value:
            return r.lookup.day(str(value))
        if key == "locale":
            return LANGUAGES.get(str(value), str(value))
        if key in ("grader", "author"):
            return r.t(N_("是") if value else N_("否"))
        return r.none_or(value)

    return show


def _user_updated(r: Reader) -> str:
    if not r.d["changes"]:
        return r.say(N_("%(actor)s 保存了 %(person)s 的资料，没有改动"))
    return r.say(N_("%(actor)s 修改了 %(person)s 的资料：%(changes)s"), changes=r.changes(USER_FIELDS, _user_value(r)))


def _team(r: Reader) -> str:
    """The team's name as recorded, else as it is now."""
    return r.d.get("name") or r.thing().label or r.t(N_("（已删除的团队）"))


def _line(r: Reader, code) -> str:
    """A business line's name, or "none" for a team without one."""
    return r.t(lines.LINES[code]) if code in lines.LINES else r.none_or(code)


def _team_saved(r: Reader) -> str:
    team = _team(r)
    if r.entry.action == "team.create":
        if r.d.get("supervisor") is None:
            text = r.say(N_("%(actor)s 新建团队「%(team)s」，暂无主管"), team=team)
        else:
            text = r.say(
                N_("%(actor)s 新建团队「%(team)s」，主管 %(supervisor)s"),
                team=team,
                supervisor=r.name(r.d["supervisor"]),
            )
        if r.d.get("line"):
            text += r.t(N_("，业务线 %(line)s")) % {"line": _line(r, r.d["line"])}
        return text
    if not r.d["changes"]:
        return r.say(N_("%(actor)s 保存了团队「%(team)s」，没有改动"), team=team)

    def show(key: str, value) -> str:
        if key == "supervisor" and value is not None:
            return r.name(value)
        return _line(r, value) if key == "line" else r.none_or(value)

    return r.say(N_("%(actor)s 修改了团队「%(team)s」：%(changes)s"), team=team, changes=r.changes(TEAM_FIELDS, show))


def _group_lead(r: Reader) -> str:
    """Who recorded or cleared that someone leads or mentors a group."""
    if r.entry.action == "group_lead.clear":
        return r.say(N_("%(actor)s 取消了 %(person)s 带领或辅导“%(group)s”的登记"), group=r.d["group"])
    return r.say(
        N_("%(actor)s 登记 %(person)s 带领或辅导“%(group)s”（%(since)s 起）"),
        group=r.d["group"],
        since=r.lookup.day(r.d["since"]),
    )


def _typing_or_replies(r: Reader) -> tuple[str, str]:
    """The drill assigned and its target, in words."""
    if r.d["kind"] == "typing":
        drill = r.t(N_("中文打字练习") if r.d.get("lang") == "zh" else N_("英文打字练习"))
        if r.d.get("level"):
            drill = r.t(N_("%(drill)s（%(which)s）")) % {"drill": drill, "which": r.t(TYPING_LEVELS[r.d["level"]])}
        unit = N_("净速 ≥ %(net)s 字/分钟，准确率 ≥ %(accuracy)s%%")
        if r.d.get("lang") == "en":
            unit = N_("净速 ≥ %(net)s 词/分钟，准确率 ≥ %(accuracy)s%%")
        return drill, r.t(unit) % {"net": figure(r.d["net"]), "accuracy": percent(r.d["accuracy"])}
    drill = r.t(N_("快捷话术练习"))
    if r.d.get("category"):
        drill = r.t(N_("%(drill)s（%(which)s）")) % {"drill": drill, "which": r.d["category"]}
    return drill, r.t(N_("正确率 ≥ %(share)s%%")) % {"share": percent(r.d["share"])}


def _drill_assigned(r: Reader) -> str:
    drill, target = _typing_or_replies(r)
    return r.say(
        N_("%(actor)s 给 %(people)s 布置%(drill)s，目标%(target)s，截止 %(due)s"),
        people=r.people(r.d["users"]),
        drill=drill,
        target=target,
        due=r.lookup.day(r.d["due"]),
    )


def _modules_assigned(r: Reader) -> str:
    titles = [r.quoted(r.lookup.modules.get(slug, slug)) for slug in r.d["modules"]]
    return r.say(
        N_("%(actor)s 给 %(people)s 布置学习 %(modules)s，截止 %(due)s"),
        people=r.people(r.d["users"]),
        modules=r.t(N_("、")).join(titles),
        due=r.lookup.day(r.d["due"]),
    )


def _refresher(r: Reader) -> str:
    return r.say(
        N_("%(actor)s 给 %(people)s 布置复习 %(module)s 的“%(section)s”一节，截止 %(due)s"),
        people=r.people(r.d["users"]),
        module=r.t(N_("、")).join(r.quoted(r.lookup.modules.get(slug, slug)) for slug in r.d["modules"]),
        section=r.d["section"],
        due=r.lookup.day(r.d["due"]),
    )


def _override(r: Reader) -> str:
    return r.say(
        N_("%(actor)s 为 %(person)s 的「%(exam)s」第 %(position)s 题人工评分：得分 %(percent)s%%"),
        exam=r.thing().label or "?",
        position=int(r.d["position"]),
        percent=percent(r.d["fraction"]),
    )


def _graded(r: Reader) -> str:
    return r.say(
        N_("%(actor)s 完成了 %(person)s 的「%(exam)s」评分：%(n)s 道情景题，总分 %(percent)s%%，%(result)s"),
        exam=r.thing().label or "?",
        n=len(r.d["marks"]),
        percent=figure(r.d["percent"]),
        result=r.t(N_("通过") if r.d["passed"] else N_("未通过")),
    )


def _violation(r: Reader) -> str:
    code = r.d["code"]
    name = r.t(violations.CATALOGUE[code][0]) if code in violations.CATALOGUE else str(code)
    return r.say(
        N_("%(actor)s 为 %(person)s 记录违规：%(violation)s（扣 %(points)s 分）"),
        violation=name,
        points=int(r.d["points"]),
    )


def _award(r: Reader) -> str:
    renew, by_self = r.entry.action == "certificate.renew", r.entry.actor_id == r.holder()
    if renew:
        template = N_("%(person)s 续期了%(level)s证书，新证书 %(number)s")
        if not by_self:
            template = N_("%(actor)s 为 %(person)s 续期了%(level)s证书，新证书 %(number)s")
    else:
        template = N_("%(person)s 获得%(level)s等级，证书 %(number)s")
        if not by_self:
            template = N_("%(actor)s 为 %(person)s 颁发%(level)s等级，证书 %(number)s")
    text = r.say(template, level=r.level(), number=r.d["certificate"])
    if r.d.get("override"):
        text += r.t(N_("（破格颁发，理由：%(reason)s）")) % {"reason": r.d["override"]}
    return text


def _revoked(r: Reader) -> str:
    return r.say(
        N_("%(actor)s 撤销了 %(person)s 的%(level)s证书 %(number)s，理由：%(reason)s"),
        level=r.level(),
        number=r.d["number"],
        reason=r.d["reason"],
    )


#: The lists that can be exported, by the code an export's audit entry stores.
EXPORT_LISTS = {
    "certifications": N_("认证记录"),
    "transcript": N_("个人档案"),
    "training": N_("培训报表"),
    "progress": N_("学习进度"),
    "exam_results": N_("考试成绩"),
    "audit_log": N_("操作日志"),
    "certificates_zip": N_("证书 PDF 打包"),
}


def _exported(r: Reader) -> str:
    """Who exported which list, in which format, how many rows."""
    listed = EXPORT_LISTS.get(str(r.d["list"]))
    return r.say(
        N_("%(actor)s 导出「%(list)s」（%(format)s）：%(rows)s 行"),
        list=r.t(listed) if listed else str(r.d["list"]),
        format=str(r.d["format"]).upper(),
        rows=int(r.d["rows"]),
    )


def _review_for_shift(r: Reader) -> str:
    """A supervisor's switch of a team's daily review (班前五分钟) into or out of "ready for shift"."""
    if r.d.get("required"):
        return r.say(N_("%(actor)s 设定团队「%(team)s」的班前五分钟计入可上岗"), team=_team(r))
    return r.say(N_("%(actor)s 设定团队「%(team)s」的班前五分钟不再计入可上岗"), team=_team(r))


def _fixed(template: str) -> Callable[[Reader], str]:
    """A sentence with only the actor, the person and the team in it."""
    return lambda r: r.say(template, team=_team(r) if r.entry.object_type == "team" else "")


def _counts(template: str) -> Callable[[Reader], str]:
    """A sentence of counts from the detail."""
    return lambda r: r.say(template, **{key: int(value) for key, value in r.d.items() if str(value).isdigit()})


#: action -> (its name, how its sentence is built). Every ``audit.record`` action has a row (a test checks).
ACTIONS: dict[str, tuple[str, Callable[[Reader], str]]] = {
    "auth.login": (N_("登录"), _fixed(N_("%(actor)s 登录"))),
    "auth.logout": (N_("退出登录"), _fixed(N_("%(actor)s 退出登录"))),
    "auth.login_failed": (N_("登录失败"), _failed_sign_in),
    "auth.login_waiting": (N_("登录等待中被拒绝"), _sign_in_waiting),
    "auth.login_address_limited": (N_("地址登录次数超限"), _address_limited),
    "auth.login_inactive": (N_("停用账号登录"), _fixed(N_("%(person)s 尝试登录已停用的账号，被拒绝"))),
    "auth.password_changed": (N_("修改密码"), _fixed(N_("%(actor)s 修改了自己的密码"))),
    "user.create": (N_("新建用户"), _user_created),
    "user.update": (N_("修改用户资料"), _user_updated),
    "user.activate": (N_("启用账号"), _fixed(N_("%(actor)s 启用了 %(person)s 的账号"))),
    "user.deactivate": (N_("停用账号"), _fixed(N_("%(actor)s 停用了 %(person)s 的账号"))),
    "user.password_reset": (N_("重置密码"), _fixed(N_("%(actor)s 重置了 %(person)s 的密码"))),
    "user.import": (
        N_("导入人员名单"),
        _counts(
            N_(
                "%(actor)s 导入人员名单：新增 %(created)s 人，更新 %(updated)s 人，"
                "未变 %(unchanged)s 人，新建团队 %(teams_created)s 个"
            )
        ),
    ),
    "team.create": (N_("新建团队"), _team_saved),
    "team.update": (N_("修改团队"), _team_saved),
    "team.activate": (N_("启用团队"), _fixed(N_("%(actor)s 启用了团队「%(team)s」"))),
    "team.deactivate": (N_("停用团队"), _fixed(N_("%(actor)s 停用了团队「%(team)s」"))),
    "team.review_for_shift": (N_("班前五分钟计入可上岗"), _review_for_shift),
    "content.import": (
        N_("导入课程内容"),
        _counts(
            N_(
                "%(actor)s 导入课程内容：模块新增 %(created)s 个、更新 %(updated)s 个、未变 %(unchanged)s 个、"
                "下线 %(retired)s 个；题目新增 %(questions_new)s 道、改版 %(questions_changed)s 道；"
                "考试变动 %(exams)s 场；练习材料变动 %(drills)s 项"
            )
        ),
    ),
    "questions.import": (
        N_("导入题目"),
        lambda r: r.say(
            N_("%(actor)s 向题库「%(bank)s」导入 %(format)s 文件 %(file)s：导入 %(imported)s 道，跳过 %(skipped)s 道"),
            bank=r.thing().label or "?",
            format=str(r.d["format"]).upper(),
            file=r.d["file"],
            imported=int(r.d["imported"]),
            skipped=int(r.d["skipped"]),
        ),
    ),
    "questions.export": (
        N_("导出题目"),
        lambda r: r.say(
            N_("%(actor)s 把题库「%(bank)s」导出为 %(format)s 文件：%(questions)s 道题，其中 %(notes)s 道无法原样导出"),
            bank=r.thing().label or "?",
            format=str(r.d["format"]).upper(),
            questions=int(r.d["questions"]),
            notes=int(r.d["notes"]),
        ),
    ),
    "question.retire": (
        N_("停用题目"),
        lambda r: r.say(N_("%(actor)s 停用了题库「%(bank)s」的题目 %(key)s"), bank=r.d["bank"], key=r.d["key"]),
    ),
    "question.restore": (
        N_("恢复题目"),
        lambda r: r.say(N_("%(actor)s 恢复了题库「%(bank)s」的题目 %(key)s"), bank=r.d["bank"], key=r.d["key"]),
    ),
    "exam.create": (
        N_("创建考试"),
        lambda r: r.say(N_("%(actor)s 在浏览器中创建了考试「%(exam)s」"), exam=r.d["title"]),
    ),
    "exam.update": (
        N_("修改考试"),
        lambda r: r.say(
            N_("%(actor)s 修改了考试「%(exam)s」，生成第 %(version)s 版"),
            exam=r.d["title"],
            version=int(r.d["version"]),
        ),
    ),
    "assignment.create": (N_("布置学习"), _modules_assigned),
    "assignment.refresher": (N_("布置复习"), _refresher),
    "drill.assign": (N_("布置练习"), _drill_assigned),
    "sitting.open": (
        N_("开放考试"),
        lambda r: r.say(
            N_("%(actor)s 为 %(people)s 开放考试「%(exam)s」，%(minutes)s 分钟内可开考"),
            people=r.people(r.d["users"]),
            exam=r.d["exam"],
            minutes=int(r.d["minutes"]),
        ),
    ),
    "attempt.override": (N_("人工评分"), _override),
    "attempt.grade": (N_("晋级考试评分"), _graded),
    "competency.rate": (
        N_("能力评定"),
        lambda r: r.say(
            N_("%(actor)s 为 %(person)s 评定能力：加权得分 %(score)s（满分 5）"), score=figure(r.d["score"])
        ),
    ),
    "violation.record": (N_("记录违规"), _violation),
    "group_lead.set": (N_("登记带领小组"), _group_lead),
    "group_lead.clear": (N_("取消带领小组登记"), _group_lead),
    "level.award": (N_("颁发等级"), _award),
    "certificate.renew": (N_("续期证书"), _award),
    "certificate.revoke": (N_("撤销证书"), _revoked),
    "api_token.create": (
        N_("创建接口令牌"),
        lambda r: r.say(N_("%(actor)s 创建了接口令牌「%(name)s」（%(scope)s）"), name=r.d["name"], scope=r.d["scope"]),
    ),
    "api_token.revoke": (
        N_("撤销接口令牌"),
        lambda r: r.say(N_("%(actor)s 撤销了接口令牌「%(name)s」"), name=r.d["name"]),
    ),
    "api.request": (
        N_("接口调用"),
        lambda r: r.say(
            N_("接口令牌「%(token)s」调用 %(method)s %(path)s（%(status)s）"),
            token=r.d.get("token", "?"),
            method=r.d.get("method", ""),
            path=r.d.get("path", ""),
            status=r.d.get("status", ""),
        ),
    ),
    "api.unknown_token": (
        N_("无效令牌调用接口"),
        lambda r: r.say(
            N_("无效的接口令牌调用 %(method)s %(path)s，被拒绝"), method=r.d.get("method", ""), path=r.d.get("path", "")
        ),
    ),
    "export.download": (N_("导出列表"), _exported),
    "award.retry": (
        N_("重试颁证"),
        lambda r: r.say(
            N_("%(actor)s 立即重试颁证：等级 %(awards)s 项、证书 PDF %(pdfs)s 份"),
            awards=r.d.get("awards", 0),
            pdfs=r.d.get("pdfs", 0),
        ),
    ),
}


def describe(entry: Entry, lookup: Lookup) -> Line:
    """The entry as a sentence; a detail that cannot be read is returned as ``raw`` beside a plainer sentence."""
    detail = read_detail(entry.action, entry.detail)
    reader = Reader(entry, detail or {}, lookup)
    raw = entry.detail if detail is None else None
    if entry.action not in ACTIONS:
        name = entry.action
        text = reader.say(N_("%(actor)s 执行了操作 %(action)s"), action=entry.action)
        return Line(name, text, entry.detail or None)
    name = lookup.gettext(ACTIONS[entry.action][0])
    try:
        text = ACTIONS[entry.action][1](reader)
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        text, raw = _plain(reader, name), entry.detail or None
    return Line(name, text, raw)


def _plain(r: Reader, name: str) -> str:
    """A sentence from the actor, the action and the object alone."""
    about = r.person() or r.thing().label
    if about:
        return r.say(N_("%(actor)s：%(action)s（%(about)s）"), action=name, about=about)
    return r.say(N_("%(actor)s：%(action)s"), action=name)
