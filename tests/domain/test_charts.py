"""Chart geometry: round scales, ticks, fitted labels, bars and lines, table-driven."""

import pytest

from lms.domain import charts


@pytest.mark.parametrize(
    ("value", "top"),
    [
        (0, 1),
        (-3, 1),
        (1, 1),
        (1.2, 2),
        (3, 5),
        (5, 5),
        (7, 10),
        (10, 10),
        (11, 20),
        (0.34, 0.5),
        (180, 200),
        (999, 1000),
    ],
)
def test_nice_max_ends_the_axis_on_a_round_figure(value, top):
    assert charts.nice_max(value) == pytest.approx(top)


@pytest.mark.parametrize(
    ("top", "whole", "expected"),
    [
        (1, False, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (1, True, [0, 1]),
        (2, True, [0, 1, 2]),
        (5, True, [0, 1, 2, 3, 4, 5]),
        (20, True, [0, 5, 10, 15, 20]),
        (50, False, [0, 10, 20, 30, 40, 50]),
        (100, True, [0, 20, 40, 60, 80, 100]),
    ],
)
def test_ticks_are_round_steps(top, whole, expected):
    assert charts.ticks(top, whole) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "width", "fitted"),
    [
        ("售后一组", 4 * charts.FONT, "售后一组"),  # four CJK characters, one em each, fit exactly
        ("售后服务一组", 4 * charts.FONT, "售后服…"),
        ("Team North", 200, "Team North"),
        ("Intermediate agent", 4.5 * charts.FONT, "Interme…"),  # Latin letters are about half an em
        ("", 10, ""),
    ],
)
def test_labels_are_cut_to_fit(text, width, fitted):
    assert charts.fit(text, width) == fitted
    assert charts.text_width(charts.fit(text, width)) <= width


@pytest.mark.parametrize(
    ("value", "rate", "shown"),
    [
        (3.0, False, "3"),
        (0.0, False, "0"),
        (2.5, False, "2.5"),
        (2.25, False, "2.2"),
        (0.375, True, "38%"),
        (1.0, True, "100%"),
    ],
)
def test_figures_are_drawn_whole_with_one_decimal_or_as_a_percentage(value, rate, shown):
    assert charts.figure(value, rate) == shown


def test_bars_share_one_scale_and_stack_in_series_order():
    chart = charts.bars([("甲", [3, 1]), ("乙", [0, 0]), ("丙", [6])], whole=True)
    plot = chart.plot_width
    first, empty, third = chart.rows
    assert [t[1] for t in chart.ticks] == [0, 2, 4, 6, 8, 10]  # 6 is the largest total: the axis ends at 10
    assert [(s.series, s.width) for s in first.segments] == [(0, round(plot * 0.3, 1)), (1, round(plot * 0.1, 1))]
    assert first.segments[1].x == pytest.approx(first.segments[0].x + first.segments[0].width, abs=0.1)
    assert empty.segments == () and empty.total == 0
    assert third.segments[0].width == round(plot * 0.6, 1) and third.y > empty.y > first.y
    assert chart.height == 6 + 3 * 26 + 22


def test_percent_bars_fill_each_row_to_its_own_total():
    chart = charts.bars([("甲", [1, 3]), ("乙", [5, 5]), ("空", [0, 0])], percent=True)
    widths = [[s.width for s in row.segments] for row in chart.rows]
    assert widths[0] == [round(chart.plot_width / 4, 1), round(chart.plot_width * 3 / 4, 1)]
    assert widths[1] == [round(chart.plot_width / 2, 1)] * 2
    assert widths[2] == [] and chart.rows[1].total == 10
    assert chart.ticks[-1] == (round(chart.plot_x + chart.plot_width, 1), 1)


def test_rate_bars_keep_the_fixed_scale():
    chart = charts.bars([("甲", [0.5]), ("乙", [1.0])], top=1)
    assert [row.segments[0].width for row in chart.rows] == [round(chart.plot_width / 2, 1), chart.plot_width]


def test_lines_place_each_value_on_a_shared_scale():
    chart = charts.lines(["1月", "2月", "3月"], [("初级", [0, 4, 8]), ("中级", [1, 1, 2])], whole=True)
    junior, middle = chart.lines
    assert [x for x, _y, _v in junior.points] == [
        chart.plot_left,
        (chart.plot_left + chart.plot_right) / 2,
        chart.plot_right,
    ]
    assert junior.points[0][1] == chart.plot_bottom and junior.points[2][1] == pytest.approx(
        chart.plot_bottom - (chart.plot_bottom - chart.plot_top) * 0.8, abs=0.1
    )  # 8 of an axis that ends at 10
    assert (junior.series, middle.series) == (0, 1) and [label for _x, label in chart.steps] == ["1月", "2月", "3月"]
    assert junior.polyline == "40.0,182.0 214.0,114.0 388.0,46.0 "  # as the template wrote each point before


def test_long_runs_label_every_other_step_and_empty_series_stay_flat():
    months = [f"{m:02d}" for m in range(1, 13)]
    chart = charts.lines(months, [("初级", [0] * 12)])
    assert [label for _x, label in chart.steps] == months[::2]
    assert {y for _x, y, _v in chart.lines[0].points} == {chart.plot_bottom}


def test_points_writes_a_polygon_as_the_templates_wrote_it_corner_by_corner():
    assert charts.points([(120.0, 20.0), (215.1, 89.1)]) == "120.0,20.0 215.1,89.1 "
    assert charts.points([]) == ""
