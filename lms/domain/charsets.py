"""The characters a PDF font is pre-subset to: GB 2312's 6,763 hanzi, Latin text and the punctuation both use.

Names and texts almost always stay within these; a rarer character (喆, 堃, 昇) is drawn from the full font instead.
"""

#: GB 2312 rows 16-55 hold level 1 (3,755 common hanzi), rows 56-87 level 2 (3,008 more, many of them in names).
HANZI_ROWS = range(16, 88)
#: Ranges (first, last) of everything else: ASCII and Latin-1, Latin Extended-A, general punctuation, letterlike
#: symbols and arrows, circled numbers, geometric shapes, dingbats (✓ ✗), CJK symbols and punctuation, full-width forms.
OTHER_RANGES = (
    (0x20, 0x7E),
    (0xA0, 0x17F),
    (0x2000, 0x206F),
    (0x2100, 0x21FF),
    (0x2460, 0x24FF),
    (0x25A0, 0x25FF),
    (0x2700, 0x27BF),
    (0x3000, 0x303F),
    (0xFF00, 0xFFEF),
)


def gb2312_hanzi() -> set[int]:
    """The code points of GB 2312's hanzi, levels 1 and 2."""
    found = set()
    for row in HANZI_ROWS:
        for cell in range(1, 95):
            try:
                found.add(ord(bytes((0xA0 + row, 0xA0 + cell)).decode("gb2312")))
            except UnicodeDecodeError:  # the few unassigned cells at the end of level 1
                continue
    return found


def common() -> list[int]:
    """The code points a pre-subset font keeps, sorted."""
    others = {point for first, last in OTHER_RANGES for point in range(first, last + 1)}
    return sorted(gb2312_hanzi() | others)
