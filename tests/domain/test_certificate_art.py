"""The drawn seal and emblem: every character of the organisation's name on the arc, escaped, legible at any length."""

import re

import pytest

from lms.domain import certificate_art


def test_characters_spread_symmetrically_over_the_top_arc():
    placed = certificate_art.arc_positions(4, radius=50, span=120)
    assert [round(angle) for _x, _y, angle in placed] == [-45, -15, 15, 45]
    (x1, y1, _), (x4, y4, _) = placed[0], placed[-1]
    assert round(x1 + x4) == 200 and round(y1, 6) == round(y4, 6) and y1 < 100
    assert certificate_art.arc_positions(0, 50, 120) == []


@pytest.mark.parametrize("name", ["客服中心", "上海悦家物业服务有限公司客户服务中心", "A&B <Service>"])
def test_the_seal_carries_every_character_of_the_name_escaped(name):
    svg = certificate_art.seal(name, "培训认证")
    letters = re.findall(r'dominant-baseline="central">([^<]+)</text>', svg)
    assert "".join(letters).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") == name
    assert "<Service>" not in svg and "培训认证" in svg


def test_long_names_get_smaller_characters_that_do_not_overlap():
    short = certificate_art.seal("客服中心", "培训认证")
    long = certificate_art.seal("上海悦家物业服务有限公司客户服务中心", "培训认证")
    size = lambda svg: float(re.search(r'font-size="([\d.]+)"', svg).group(1))  # noqa: E731
    assert size(short) == 26 and size(long) < 18
    step = 250 / 18 * 3.14159 / 180 * 66  # arc length per character on the 250° arc
    assert size(long) <= step


def test_the_emblem_uses_the_first_character_and_survives_an_empty_name():
    assert ">客</text>" in certificate_art.emblem("客服培训与认证中心")
    assert ">证</text>" in certificate_art.emblem("  ")
