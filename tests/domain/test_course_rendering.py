"""Course parts as HTML: a check's answer folded, a role-play box with a printable checklist, a job aid card,
directives from data; every author's word sanitised or escaped."""

import pytest

from lms.domain import competency, course_directives, levels, rendering, violations
from lms.domain.course_file import Part, PartKind
from lms.domain.rendering import nest_headings, render_body, render_part, render_parts

DIRECTIVES = {"violations": "| 违规 | 扣分 |\n|---|---|\n| 迟到 | 2 |"}


def test_a_check_folds_its_answer_under_the_question():
    html = render_part(Part(PartKind.CHECK, 1, "客户说**太贵**怎么办？", "先认同，再说明价值。"), DIRECTIVES)
    assert html.startswith('<details class="check"><summary>') and "<details open" not in html
    summary, answer = html.split("</summary>")
    assert "小测" in summary and "客户说<strong>太贵</strong>怎么办？" in summary and "先认同" not in summary
    assert "参考答案" in answer and "<p>先认同，再说明价值。</p>" in answer


def test_a_roleplay_is_a_box_with_a_checklist_to_tick():
    body = "客服：您好！\n\n### 观察员检查表\n- [ ] 先问候\n- [ ] 报**工号**\n\n- 普通的一点"
    html = render_part(Part(PartKind.ROLEPLAY, 1, "催付电话", body), DIRECTIVES)
    assert html.startswith('<section class="roleplay">') and "<h3>催付电话</h3>" in html
    assert '<ul class="checklist"><li><span class="box" aria-hidden="true"></span>先问候</li>' in html
    assert "报<strong>工号</strong>" in html and "[ ]" not in html
    assert "<li>普通的一点</li>" in html  # a plain list stays a plain list


def test_a_job_aid_is_a_card_and_a_directive_is_its_data():
    html = render_part(Part(PartKind.JOBAID, 1, "速查", "| 时长 | 动作 |\n|---|---|\n| 1小时 | 短信 |"), {})
    assert html.startswith('<section class="jobaid">') and "<td>1小时</td>" in html
    assert "<td>迟到</td><td>2</td>" in render_part(Part(PartKind.DIRECTIVE, 1, "violations"), DIRECTIVES).replace(
        "\n", ""
    )


@pytest.mark.parametrize("kind", [PartKind.CHECK, PartKind.ROLEPLAY, PartKind.JOBAID])
def test_no_script_gets_through_a_title_or_a_body(kind):
    html = render_part(
        Part(kind, 1, "<script>alert(1)</script>", "<img src=x onerror=alert(1)>\n- [ ] <b onclick=x>点</b>"), {}
    )
    assert "<script" not in html and "onerror" not in html and "onclick" not in html


def test_checklist_lines_inside_code_stay_code():
    assert "checklist" not in render_body("```\n- [ ] 代码\n```")


LEVELS = levels.parse(
    """levels:
  - code: junior
    name: 初级客服
    name_en: Junior
    certificate_months: 24
    rules:
      - kind: modules
        modules: [a, b]
      - kind: typing
        lang: zh
        net: 40
        accuracy: 0.9
        window_days: 30
      - kind: retention
        share: 0.8
  - code: senior
    name: 高级客服
    name_en: Senior
    certificate_months: 36
    rules:
      - kind: level
        level: junior
      - kind: tenure
        months: 12
        since: junior
      - kind: series
        series: selling
      - kind: quick_replies
        share: 0.8
        mean_seconds: 20
        window_days: 30
      - kind: competency
        min: 4.0
        indicator: teamwork
        indicator_min: 4
      - kind: competency
        min: 3.5
      - kind: violations
        max_points: 10
        window_days: 90
      - kind: violations
        max_points: 0
        window_days: 180
      - kind: tenure
        months: 24
        since: hire
      - kind: leads_group
      - kind: exam
        exam: promotion-senior
        mark: 80
"""
)


def test_level_rules_say_every_level_and_rule_with_names():
    text = course_directives.level_rules(LEVELS, {"a": "入门", "b": "礼仪"}, {"selling": "营销五部曲"})
    expected = [
        "**初级客服**（证书有效期24个月）：",
        "- 完成课程《入门》、《礼仪》",
        "- 打字净速度达到40字/分钟，且正确率≥90%（看近30天的最好成绩）",
        "- 课程《入门》、《礼仪》的复习卡片平均预测记忆率达到80%（按FSRS算法预测，见“班前五分钟”）",
        "**高级客服**（证书有效期36个月）：",
        "- 需先取得初级客服",
        "- 取得初级客服后满12个月",
        "- 完成系列课程《营销五部曲》的全部课程",
        "- 快捷话术练习选对率达到80%，且平均响应≤20秒（看近30天的练习）",
        "- 主管评定的胜任力加权得分达到4.0，且“团队协作能力”一项不低于4分",
        "- 主管评定的胜任力加权得分达到3.5（满分5分）",
        "- 近90天违规扣分合计不超过10分",
        "- 近180天没有任何违规扣分",
        "- 入职满24个月",
        "- 能独立带领客服团队（由主管或人事登记）",
        "- 晋级考试成绩达到80分",
    ]
    lines = [line for line in text.splitlines() if line]
    assert lines == expected


def test_every_rule_kind_has_a_requirement():
    examples = {rule["kind"]: rule for level in LEVELS for rule in level.rules}
    assert set(examples) == set(levels.KINDS), "a new rule kind needs a requirement() sentence and a row here"


def test_the_competency_model_has_every_group_indicator_weight_and_anchor():
    text = course_directives.competency_model()
    for group, indicators in competency.GROUPS:
        assert f"**{group}**" in text
        for code, name, weight in indicators:
            assert f"**{name}**（权重{weight:.2f}%）" in text
            assert all(f"{value}分：{competency.ANCHORS[code][value]}" in text for value in (1, 3, 5))
    assert text.count("（权重") == 11


def test_the_violation_list_has_every_violation_with_its_points():
    rows = course_directives.violation_list().splitlines()[2:]
    assert rows == [
        f"| {name} | {violations.SEVERITIES[severity]} | {points} |"
        for name, points, severity in violations.CATALOGUE.values()
    ]


ATTACKS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">点我</a>',
    '<p onclick="alert(1)">段落</p>',
    "<svg onload=alert(1)></svg>",
    '<iframe src="https://example.com"></iframe>',
    "<style>body{display:none}</style>",
]


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("text_format", ["html", "moodle", "markdown"])
def test_question_html_never_keeps_script_or_event_handlers(attack, text_format):
    html = rendering.question_html("<p>题目</p>" + attack, text_format).lower()
    for bad in ("<script", "onerror", "onclick", "onload", "javascript:", "<iframe", "<style", "<svg"):
        assert bad not in html


@pytest.mark.parametrize(
    "text, text_format, expected",
    [
        ("<p>The <b>east</b>.</p>", "html", "<p>The <b>east</b>.</p>"),
        ("<p>东边</p>", "moodle", "<p>东边</p>"),
        ("**首问负责制**", "markdown", "<strong>首问负责制</strong>"),
        ("<p>The east.</p>", "plain", "&lt;p&gt;The east.&lt;/p&gt;"),
        ("a < b & c", None, "a &lt; b &amp; c"),
        ('<a href="https://x.cn">链接</a>', "html", '<a href="https://x.cn" rel="noopener noreferrer">链接</a>'),
    ],
)
def test_question_html_by_format(text, text_format, expected):
    assert rendering.question_html(text, text_format) == expected


@pytest.mark.parametrize(
    "text, text_format, expected",
    [
        ("<p>礼仪 &amp; <b>规范</b></p><script>x()</script>", "html", "礼仪 & 规范"),
        ("<b>保持原样</b>", "plain", "<b>保持原样</b>"),
    ],
)
def test_question_plain_drops_tags_of_html_only(text, text_format, expected):
    assert rendering.question_plain(text, text_format) == expected


@pytest.mark.parametrize(
    "source",
    [
        "https://evil.example/pixel.png",
        "HTTP://evil.example/pixel.png",
        "//evil.example/pixel.png",
        "/\t/evil.example/pixel.png",
        "/\\evil.example/pixel.png",
        " //evil.example/pixel.png",
        "data:image/png;base64,AAAA",
        "javascript:alert(1)",
    ],
)
def test_images_of_other_sites_are_dropped(source):
    html = rendering.sanitise(f'<p><img src="{source}" alt="图"></p>')
    assert "src" not in html and "evil" not in html


@pytest.mark.parametrize("source", ["/static/img/flow.png", "img/flow.png", "../img/flow.png?v=2"])
def test_images_of_this_site_stay(source):
    assert f'src="{source}"' in rendering.render(f"![流程图]({source})")


@pytest.mark.parametrize(
    ("html", "nested"),
    [
        ("<h3>链</h3><p>x</p><h3>补救</h3>", "<h2>链</h2><p>x</p><h2>补救</h2>"),
        ("<h3>a</h3><h5>b</h5><h4>c</h4>", "<h2>a</h2><h3>b</h3><h3>c</h3>"),  # no level skipped
        ("<h4>a</h4><h2>b</h2><h3>c</h3>", "<h2>a</h2><h2>b</h2><h3>c</h3>"),
        ('<h3 id="x">a</h3><h1>b</h1>', '<h2 id="x">a</h2><h2>b</h2>'),
        ("<h2>a</h2><h3>b</h3><h4>c</h4><h5>d</h5><h6>e</h6><h6>f</h6>", None),  # already nested: unchanged
        ("<p>no heading, <hr> nor <header></p>", None),
    ],
)
def test_content_headings_start_at_h2_and_never_skip_a_level(html, nested):
    assert nest_headings(html) == (nested or html)


def test_a_sections_headings_follow_its_h1():
    parts = [
        Part(PartKind.TEXT, 1, "", "### 服务是一条链\n\n正文\n\n#### 一环"),
        Part(PartKind.ROLEPLAY, 2, "催付电话", "客服：您好！"),
    ]
    html = render_parts(parts, {})
    assert "<h2>服务是一条链</h2>" in html and "<h3>一环</h3>" in html and "<h2>催付电话</h2>" in html
