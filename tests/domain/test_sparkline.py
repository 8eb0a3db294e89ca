"""Sparkline corners: scaled into the box, oldest on the left, highest at the top."""

import pytest

from lms.domain import sparkline


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], []),
        ([50.0], []),
        ([40.0, 60.0], [(3.0, 25.0), (117.0, 3.0)]),
        ([60.0, 40.0, 50.0], [(3.0, 3.0), (60.0, 25.0), (117.0, 14.0)]),
        ([70.0, 70.0, 70.0], [(3.0, 14.0), (60.0, 14.0), (117.0, 14.0)]),
    ],
)
def test_points(values, expected):
    assert sparkline.points(values, width=120, height=28, pad=3) == expected
