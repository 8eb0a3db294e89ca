"""The course-file parser: a good file, and every kind of bad one reported on its line."""

import pytest

from lms.domain import InputError, catalogue
from lms.domain.course_file import PartKind, parse

#: The level codes the level rules file defines (passed in: the parser knows none of its own).
LEVELS = ("junior", "intermediate", "senior", "expert")

GOOD = """---
id: demo-course
title: 示例课程
series: null
series_title: null
order: 1
level: junior
version: 1
minutes: [5, 10]
objectives:
  - 说出两件事
---
开场的一段话。

## 第一节
第一节的内容。

```
## 代码块里的井号不是小节
```

## 第二节
| 场景 | 回答 |
|---|---|
| 来电 | 您好 |
"""


def problems_of(text: str, stem: str = "demo-course") -> list[tuple[int, str]]:
    """(line, message with its parameters) of each problem."""
    with pytest.raises(InputError) as caught:
        parse(text, stem, LEVELS)
    return [(p.line, p.message % p.params if p.params else p.message) for p in caught.value.problems]


def test_a_good_file_is_split_into_intro_and_sections():
    course = parse(GOOD, "demo-course", LEVELS)
    assert (course.slug, course.title, course.level, course.version) == ("demo-course", "示例课程", "junior", 1)
    assert course.intro == "开场的一段话。"
    assert [(s.line, s.title, s.minutes) for s in course.sections] == [(15, "第一节", 5), (22, "第二节", 10)]
    assert "代码块里的井号" in course.sections[0].markdown
    assert len(course.digest) == 64 and parse(GOOD + "\n改动", "demo-course", LEVELS).digest != course.digest


@pytest.mark.parametrize(
    "edit, line, fragment",
    [
        (lambda t: t.replace("---\nid", "id", 1), 1, "必须以一行 --- 开始"),
        (lambda t: t.replace("- 说出两件事\n---", "- 说出两件事\n"), 1, "没有以一行 --- 结束"),
        (lambda t: t.replace("title: 示例课程", "title: [示例"), 4, "语法错误"),
        (lambda t: t.replace("id: demo-course", "id: Demo_Course"), 2, "小写字母"),
        (lambda t: t.replace("id: demo-course", "id: other"), 2, "应与文件名"),
        (lambda t: t.replace("title: 示例课程", "title: ''"), 3, "title 不能为空"),
        (lambda t: t.replace("level: junior", "level: boss"), 7, "level 应为"),
        (lambda t: t.replace("order: 1", "order: 0"), 6, "order 应为正整数"),
        (lambda t: t.replace("version: 1", "version: abc"), 8, "version 应为正整数"),
        (lambda t: t.replace("minutes: [5, 10]", "minutes: [5, 0]"), 9, "minutes 应为"),
        (lambda t: t.replace("minutes: [5, 10]", "minutes: [5, 10, 5]"), 9, "minutes 有 3 项，但正文有 2 个小节"),
        (lambda t: t.replace("objectives:\n  - 说出两件事", "objectives: []"), 10, "objectives"),
        (lambda t: t.replace("series: null", "series: selling"), 5, "必须写 series_title"),
        (lambda t: t.replace("version: 1", "version: 1\nauthor: 我"), 9, "未知的键 author"),
        (lambda t: t.replace("minutes: [5, 10]\n", ""), 2, "缺少 minutes"),
        (lambda t: t.replace("## 第二节", "## 第一节"), 22, "与第 15 行重复"),
        (lambda t: t.replace("## 第二节", "# 第二节"), 22, "一级标题"),
        (lambda t: t.replace("第一节的内容。\n\n```\n## 代码块里的井号不是小节\n```\n", ""), 15, "没有内容"),
    ],
)
def test_each_problem_is_reported_on_its_line(edit, line, fragment):
    found = problems_of(edit(GOOD))
    assert any(at == line and fragment in m for at, m in found), found


def test_a_file_without_sections_says_so():
    text = GOOD.split("## 第一节")[0]
    assert any("没有任何小节" in m for _, m in problems_of(text))


def test_front_matter_that_is_not_a_mapping_is_refused():
    assert problems_of("---\n- a\n- b\n---\n## x\ny\n") == [(2, "YAML 头信息应是“键: 值”的列表。")]


def test_every_problem_of_a_file_is_listed_at_once():
    text = GOOD.replace("level: junior", "level: boss").replace("## 第二节", "# 第二节")
    assert [line for line, _ in problems_of(text)] == [7, 22]


def _course(slug: str, series=None, title=None, order=1):
    text = GOOD.replace("id: demo-course", f"id: {slug}").replace("order: 1", f"order: {order}")
    if series:
        text = text.replace("series: null", f"series: {series}").replace("series_title: null", f"series_title: {title}")
    return parse(text, slug, LEVELS)


def test_catalogue_checks_ids_series_titles_and_orders():
    files = [
        ("a.md", _course("a", "s", "系列甲", 1)),
        ("b.md", _course("b", "s", "系列乙", 1)),
        ("c/a.md", _course("a")),
    ]
    found = [(path, p.message % p.params) for path, p in catalogue.check(files)]
    assert ("b.md", "系列 s 的 series_title 与 a.md 中的“系列甲”不一致。") in found
    assert ("b.md", "系列 s 中的 order 1 已被 a.md 使用。") in found
    assert ("c/a.md", "id “a”已在 a.md 中使用。") in found


def test_onboarding_path_names_real_modules_on_their_lines():
    assert catalogue.parse_onboarding("modules:\n  - a\n  - b\n", {"a", "b"}) == ["a", "b"]
    with pytest.raises(InputError) as caught:
        catalogue.parse_onboarding("# 注释\nmodules:\n  - a\n  - nope\n", {"a"})
    assert [(p.line, p.params["value"]) for p in caught.value.problems] == [(4, "nope")]
    with pytest.raises(InputError):
        catalogue.parse_onboarding("modules: a\n", {"a"})


BLOCKS = GOOD.replace(
    "第一节的内容。\n",
    """第一节的内容。

:::check 客户第一句话该怎么回？
先问候，再报工号。
:::

{{violations}}
""",
).replace(
    "| 来电 | 您好 |\n",
    """| 来电 | 您好 |

:::roleplay 催付电话
客服：您好！
### 观察员检查表
- [ ] 先问候
:::

:::jobaid 催付速查卡
- 1小时：短信
:::
""",
)


def test_blocks_and_directives_are_split_into_parts_on_their_lines():
    course = parse(BLOCKS, "demo-course", LEVELS)
    first, second = course.sections
    assert [(p.kind, p.line, p.title) for p in first.parts] == [
        (PartKind.TEXT, 16, ""),
        (PartKind.CHECK, 18, "客户第一句话该怎么回？"),
        (PartKind.DIRECTIVE, 22, "violations"),
        (PartKind.TEXT, 24, ""),  # the fenced code: its ## is neither a section nor a block
    ]
    assert first.parts[1].markdown == "先问候，再报工号。"
    assert [(p.kind, p.title) for p in second.parts] == [
        (PartKind.TEXT, ""),
        (PartKind.ROLEPLAY, "催付电话"),
        (PartKind.JOBAID, "催付速查卡"),
    ]
    assert second.parts[1].markdown == "客服：您好！\n### 观察员检查表\n- [ ] 先问候"
    assert course.jobaid == second.parts[2] and course.directives == {"violations"}
    assert course.minutes_line == 9


def _with(body: str) -> str:
    """GOOD with ``body`` as the first section's text (its first line is line 16)."""
    return GOOD.replace("第一节的内容。\n", body + "\n")


@pytest.mark.parametrize(
    "body, line, fragment",
    [
        (":::check 问题\n答案", 16, "块 :::check 没有在本节内以一行 ::: 结束"),
        (":::roleplay 演练\n:::check 问题\n答\n:::\n:::", 17, "块不能嵌套：第 16 行的 :::roleplay 还没有结束"),
        (":::jobaid 卡\n{{violations}}\n:::", 17, "指令不能写在块里"),
        (":::quiz 问题\n答\n:::", 16, "未知的块 :::quiz"),
        ("{{level_rules}}", 16, "未知的指令 {{level_rules}}"),
        ("{{}}", 16, "未知的指令 {{}}"),
        (":::check\n答\n:::", 16, ":::check 后面要写一行问题"),
        (":::roleplay  \n脚本\n:::", 16, ":::roleplay 后面要写角色扮演的标题"),
        (":::jobaid\n卡\n:::", 16, ":::jobaid 后面要写岗位速查卡的标题"),
        ("正文\n:::", 17, "前面没有打开的块"),
        (":::jobaid 卡一\n一\n:::\n:::jobaid 卡二\n二\n:::", 19, "只能有一个 :::jobaid"),
    ],
)
def test_each_block_problem_is_reported_on_its_line(body, line, fragment):
    found = problems_of(_with(body))
    assert any(at == line and fragment in m for at, m in found), found


@pytest.mark.parametrize(
    "body",
    [
        ":::quiz 问题\n答\n:::",  # an unknown block still closes at its :::
        ":::roleplay 演练\n:::check 问题\n答\n:::\n:::",  # a nested block's ::: closes it, not the outer one
    ],
)
def test_one_mistake_is_reported_once(body):
    assert len(problems_of(_with(body))) == 1


def test_block_markers_inside_code_are_text():
    course = parse(_with("```\n:::check 不是小测\n{{nope}}\n```"), "demo-course", LEVELS)
    assert [p.kind for p in course.sections[0].parts] == [PartKind.TEXT]
