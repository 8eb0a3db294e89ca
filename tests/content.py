"""A small, controlled set of course files for tests."""

from pathlib import Path

TEMPLATE = """---
id: {slug}
title: {title}
series: {series}
series_title: {series_title}
order: {order}
level: junior
version: 1
minutes: [{minutes}]
objectives:
  - 学会一件事
{facts}---
{intro}

{sections}
"""


#: About a minute of reading (285 characters at 300 a minute), so each test section is a true 1 minute.
FILLER = "本段为测试用的正文，长度约为一分钟的阅读量。" * 15


#: The test module alpha's key facts: (prompt, answer, section).
ALPHA_FACTS = (("电话响几声之内要接起？", "两声之内", "问候"), ("通话结束时谁先挂电话？", "客户先挂", "道别"))


def course_text(
    slug: str,
    title: str,
    sections: list[str],
    series: str | None = None,
    order: int = 1,
    intro: str = "课程简介。",
    facts: tuple[tuple[str, str, str], ...] = (),
) -> str:
    """The text of a course file with one 1-minute section per title and the given key facts."""
    body = "\n\n".join(f"## {name}\n{name}的正文，讲一个要点。\n\n{FILLER}" for name in sections)
    return TEMPLATE.format(
        slug=slug,
        title=title,
        series=series or "null",
        series_title="营销系列" if series else "null",
        order=order,
        minutes=", ".join("1" for _ in sections),
        intro=intro,
        sections=body,
        facts="".join(
            ["key_facts:\n"]
            + [
                f"  - prompt: {prompt}\n    answer: {answer}\n    section: {section}\n"
                for prompt, answer, section in facts
            ]
        )
        if facts
        else "",
    )


def write_courses(root: Path) -> Path:
    """Three modules (one standalone in the onboarding path, a two-module series) under ``root``."""
    courses = root / "courses"
    (courses / "series").mkdir(parents=True, exist_ok=True)
    (courses / "alpha.md").write_text(
        course_text("alpha", "接听礼仪", ["问候", "倾听", "道别"], facts=ALPHA_FACTS), encoding="utf-8"
    )
    (courses / "series" / "s-1.md").write_text(course_text("s-1", "开场", ["开场白"], "sales", 1), encoding="utf-8")
    (courses / "series" / "s-2.md").write_text(
        course_text("s-2", "成交", ["信号", "促成"], "sales", 2), encoding="utf-8"
    )
    (courses / "onboarding-path.yaml").write_text("modules:\n  - alpha\n", encoding="utf-8")
    rules = root / "question_banks" / "levels"
    rules.mkdir(parents=True, exist_ok=True)
    (rules / "levels.yaml").write_text(LEVEL_RULES, encoding="utf-8")
    return root


#: A module that uses every block and directive (minutes true to its estimate with the test level rules).
BLOCKS_COURSE = """---
id: blocks
title: 催付与规则
series: null
series_title: null
order: 1
level: junior
version: 1
minutes: [5, 11, 4]
objectives:
  - 在合适的时机提醒客户付款
---
本课讲催付的时机、电话的说法，并附一张可打印的速查卡。

## 催付的时机
客户下单后没有付款，原因多种多样：忘了、在比价、对运费有疑问。催付不是催债，而是帮客户把想买的东西买到手。

:::check 客户下单1小时还没付款，先做什么？
发一条催付短信，语气友好，写明订单和优惠截止时间。
:::

:::check 客户下单3小时仍未付款呢？
打一个催付电话，先问有没有遇到问题，再提醒付款。
:::

违规会影响等级，下面是全部违规及扣分：

{{violations}}

## 催付电话演练
三人一组轮流扮演客服、客户和观察员。

:::roleplay 催付电话：客户在比价
**情境**：客户下单3小时未付款，接到电话时说还在比较别家的价格。

客服：您好，我是售后服务中心的客服小王。看到您下午的订单还没有付款，是遇到什么问题了吗？

客户：我在看别家有没有更便宜的。

客服：理解您想买得划算。这款今天下单有赠品，明天起就没有了。需要我把赠品写进订单备注吗？

### 观察员检查表
- [ ] 开口先问候并报出身份
- [ ] 先问原因，不指责客户
- [ ] 说明优惠截止时间，没有虚假承诺
- [ ] 结束前确认客户的决定
:::

## 速查卡与规则
:::jobaid 催付速查卡
| 未付款时长 | 做什么 | 注意 |
|---|---|---|
| 1小时 | 发催付短信 | 友好，写明订单 |
| 3小时 | 打催付电话 | 先问原因 |
| 次日 | 不再催 | 尊重客户选择 |
:::

各级客服的要求：

{{level-rules}}

主管按下面的胜任力模型评分：

{{competency-model}}
"""


def write_blocks(root: Path) -> Path:
    """The module that uses every block and directive."""
    (root / "courses" / "blocks.md").write_text(BLOCKS_COURSE, encoding="utf-8")
    return root


#: The four levels (the only source of level codes), with rules that name only the test content.
LEVEL_RULES = """levels:
""" + "".join(
    f"""  - code: {code}
    name: {name}
    name_en: {name_en}
    certificate_months: 24
    rules:
      - kind: modules
        modules: [alpha]
"""
    for code, name, name_en in (
        ("junior", "初级客服", "Junior agent"),
        ("intermediate", "中级客服", "Intermediate agent"),
        ("senior", "高级客服", "Senior agent"),
        ("expert", "资深客服", "Expert agent"),
    )
)


BANK = """bank: alpha
title: 接听礼仪题库
questions:
  - id: q01
    type: single
    category: alpha
    difficulty: 1
    text: 电话最好在响几声内接起？
    options:
      - text: 两声
        correct: true
      - text: 五声
      - text: 十声
  - id: q02
    type: multiple
    category: alpha
    difficulty: 1
    text: 哪些是规范的问候？
    options:
      - text: 您好
        correct: true
      - text: 报公司名
        correct: true
      - text: 喂，干嘛
  - id: q03
    type: truefalse
    category: alpha
    difficulty: 1
    text: 应让来电方先挂电话。
    answer: true
  - id: q04
    type: fill
    category: alpha
    difficulty: 2
    text: 谁先接到投诉谁负责到底，叫 ____。
    answers: [首问负责制]
  - id: q05
    type: ordering
    category: alpha
    difficulty: 2
    text: 排出顺序。
    items: [安抚, 澄清, 方案, 跟进]
  - id: q06
    type: matching
    category: manners
    difficulty: 2
    text: 配对投诉级别与时限。
    pairs:
      - left: 重大
        right: 当天
      - left: 重要
        right: 1 小时
    distractors: [一周]
  - id: q07
    type: numerical
    category: manners
    difficulty: 3
    text: 响过几声要道歉？
    answer: 4
  - id: q08
    type: scenario
    category: manners
    difficulty: 3
    text: 客户抱怨久等，你怎么回答？
    rubric:
      - idea: 道歉
        points: 1
        keywords: [抱歉, 对不起]
    model_answer: 非常抱歉让您久等了，我现在就帮您查询处理进度，查到结果后回电告诉您。
"""

EXAM = """id: {slug}
title: {title}
kind: {kind}
module: {module}
level: {level}
time_limit_minutes: 10
pass_mark: 75
attempts: {attempts}
wait_minutes: 0
counts: highest
shuffle_questions: true
shuffle_options: true
review: {review}
sections:
  - bank: alpha
    count: 8
"""


def write_exams(root: Path) -> Path:
    """A bank with one question of each type, alpha's quiz, and s-1's one-attempt quiz ("final")."""
    banks = root / "question_banks"
    (banks / "exams").mkdir(parents=True, exist_ok=True)
    (banks / "alpha.yaml").write_text(BANK, encoding="utf-8")
    (banks / "exams" / "quiz-alpha.yaml").write_text(
        EXAM.format(
            slug="quiz-alpha",
            title="接听礼仪测验",
            kind="module_quiz",
            module="alpha",
            level="null",
            attempts=3,
            review="full",
        ),
        encoding="utf-8",
    )
    (banks / "exams" / "final.yaml").write_text(
        EXAM.format(
            slug="final", title="开场测验", kind="module_quiz", module="s-1", level="null", attempts=1, review="wrong"
        ),
        encoding="utf-8",
    )
    return root


def write_promotion(root: Path) -> Path:
    """``write_exams`` plus the junior promotion exam (the alpha bank, its scenario question included) as a rule."""
    write_exams(root)
    (root / "question_banks" / "exams" / "promotion-junior.yaml").write_text(
        EXAM.format(
            slug="promotion-junior",
            title="初级客服晋级考试",
            kind="promotion",
            module="null",
            level="junior",
            attempts=2,
            review="full",
        ),
        encoding="utf-8",
    )
    rules = LEVEL_RULES.replace(
        "        modules: [alpha]\n",
        "        modules: [alpha]\n      - kind: exam\n        exam: promotion-junior\n        mark: 75\n",
        1,
    )
    (root / "question_banks" / "levels" / "levels.yaml").write_text(rules, encoding="utf-8")
    return root


TYPING = """texts:
  - id: zh-test-01
    lang: zh
    level: easy
    title: 标准问候
    text: >-
      {zh}
    line: common
  - id: en-test-01
    lang: en
    level: easy
    title: Greeting
    text: >-
      {en}
    line: common
"""
ZH_TEXT = "您好，这里是售后服务中心，我是客服小王，请问有什么可以帮您？" * 5
EN_TEXT = "Good morning, thank you for calling the service centre. How can I help you today? " * 3


def write_drills(root: Path) -> Path:
    """One Chinese and one English typing text under ``root``."""
    folder = root / "question_banks" / "typing"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "test.yaml").write_text(TYPING.format(zh=ZH_TEXT, en=EN_TEXT.strip()), encoding="utf-8")
    return root


LIBRARY = """replies:
  - id: fh-time
    shortcut: "/fh"
    category: 发货时效
    title: 发货时间
    text: 亲，您的订单会在付款后48小时内发出，发货后会短信通知您。
    line: shop
  - id: kd-which
    shortcut: "/kd"
    category: 快递
    title: 快递公司
    text: 亲，我们默认使用中通快递，如需其他快递请留言说明。
    line: shop
messages:
  - id: m1
    text: 什么时候发货啊
    replies: [fh-time]
  - id: m2
    text: 用的什么快递
    replies: [kd-which]
  - id: m3
    text: 今天能发吗
    replies: [fh-time]
"""


def write_library(root: Path) -> Path:
    """A two-reply library with three customer messages under ``root``."""
    folder = root / "question_banks" / "quick_replies"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "library.yaml").write_text(LIBRARY, encoding="utf-8")
    return root
