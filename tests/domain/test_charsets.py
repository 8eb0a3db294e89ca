"""The pre-subset fonts' characters: GB 2312's hanzi and the Latin text and punctuation certificates print."""

import pytest

from lms.domain import charsets


def test_gb2312_has_its_6763_hanzi():
    assert len(charsets.gb2312_hanzi()) == 6763


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("资格证书兹证明特发此证", True),  # the certificate's own words (level 1)
        ("王伟欧阳琪婷璐昊", True),  # common names, level 2 included
        ("K7Q2M9X4P8R3T Nov 30, 2026 · é", True),
        ("，。：（）【】“”《》、—…№①●✓✗", True),  # ✓ ✗ mark met and unmet conditions on transcripts
        ("喆", False),  # rare name characters: drawn from the full font
        ("堃", False),
        ("昇", False),
        ("😀", False),
    ],
)
def test_which_characters_are_kept(text, kept):
    common = set(charsets.common())
    assert all(ord(char) in common for char in text) is kept


def test_the_code_points_are_sorted_and_unique():
    points = charsets.common()
    assert points == sorted(set(points))
