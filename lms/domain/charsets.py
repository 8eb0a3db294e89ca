"""The characters PDF fonts are pre-subset to: GB 2312's 6,763 hanzi, Latin text and the punctuation both use; then,
in a second font, the 14,000 further hanzi of GBK, which holds most rarer characters of names (喆, 堃, 昇).

Two fonts rather than one: WeasyPrint keeps a font's glyph numbers and writes an empty glyph for every unused one
below the highest used, so a font's cost in every PDF grows with how far into it the used characters lie.
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


def gbk_hanzi() -> set[int]:
    """The code points of GBK's hanzi (all of its double-byte ideographs, GB 2312's among them)."""
    found = set()
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            try:
                char = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            if 0x4E00 <= ord(char) <= 0x9FFF or 0xF900 <= ord(char) <= 0xFAFF:
                found.add(ord(char))
    return found


def rare() -> list[int]:
    """The code points the second pre-subset font keeps, sorted: GBK's hanzi beyond the common ones."""
    return sorted(gbk_hanzi() - set(common()))
