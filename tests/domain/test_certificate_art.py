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
    arc = re.search(r'<text x="([^"]+)" y="([^"]+)" rotate="([^"]+)" font-size="[\d.]+">([^<]+)</text>', svg)
    assert arc is not None
    assert arc.group(4).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">") == name
    assert [len(arc.group(axis).split()) for axis in (1, 2, 3)] == [len(name)] * 3  # an origin and a turn each
    assert "<Service>" not in svg and "培训认证" in svg


@pytest.mark.parametrize(
    ("degrees", "width", "expected"),
    [
        (0, 20, (90.0, 107.6)),  # upright: half its width left, its middle 0.38 em above the baseline
        (90, 20, (92.4, 90.0)),  # turned a quarter clockwise: the baseline runs down, the middle lies to its right
        (180, 10, (105.0, 92.4)),
    ],
)
def test_a_turned_character_starts_where_its_middle_lands_on_the_point(degrees, width, expected):
    x, y = certificate_art.origin(100, 100, degrees, width, size=20)
    assert (round(x, 6), round(y, 6)) == expected


def test_a_centred_line_is_as_wide_as_its_characters_and_spacing():
    assert certificate_art.advance("证") == 1.0 and certificate_art.advance("A") == 0.5
    assert certificate_art.centred("培训认证", 100, 100, 10, spacing=2).startswith('<text x="77.00" y="103.80"')
    assert certificate_art.centred("A&", 100, 100, 10).endswith(">A&amp;</text>")


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
