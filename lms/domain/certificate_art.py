"""The drawn parts of a certificate, as SVG: the seal and emblem used when no image is configured, the frame corners.

Characters on the seal's arc are placed one by one (no textPath), so any SVG renderer draws them the same: each
line is one ``<text>`` whose characters get their own origin (``x``, ``y``) and turn (``rotate``, about that origin),
worked out here from the character's width. WeasyPrint lays out a text element once more than it has characters and
draws an anchored (``text-anchor="middle"``) one in a group of its own, so a text per character cost a PDF 10 ms.
"""

import math
import unicodedata
from html import escape

SEAL_RED = "#c8241f"
GREEN = "#0b5d45"
GOLD = "#b08d3c"
#: The certificate's one family: its two pre-subset cuts for PDFs (``lms.services.pdf``), then the full font.
SERIF = "'LMS Serif', 'LMS Serif Rare', 'Noto Serif CJK SC', serif"
#: How far above the baseline a CJK character's middle is, in ems (of the ideographic em box, 0.88 up and 0.12 down).
MIDDLE = 0.38


def arc_positions(count: int, radius: float, span: float, centre: float = 100.0) -> list[tuple[float, float, float]]:
    """(x, y, rotation in degrees) of ``count`` characters spread clockwise over ``span`` degrees of the top arc."""
    if count == 0:
        return []
    step = span / count
    placed = []
    for index in range(count):
        angle = -span / 2 + step * (index + 0.5)  # 0 is straight up, clockwise positive
        radians = math.radians(angle)
        placed.append((centre + radius * math.sin(radians), centre - radius * math.cos(radians), angle))
    return placed


def advance(char: str) -> float:
    """A character's width in ems: a CJK one is square, a Latin one about half as wide."""
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.5


def origin(x: float, y: float, degrees: float, width: float, size: float) -> tuple[float, float]:
    """Where a character ``width`` wide, turned ``degrees`` about its origin, starts so that its middle is at (x, y)."""
    turn = math.radians(degrees)
    across, up = width / 2, MIDDLE * size
    return x - across * math.cos(turn) - up * math.sin(turn), y - across * math.sin(turn) + up * math.cos(turn)


def centred(text: str, x: float, y: float, size: float, spacing: float = 0.0) -> str:
    """``text`` as one line whose middle is at (x, y)."""
    width = sum(advance(char) for char in text) * size + spacing * max(0, len(text) - 1)
    start, baseline = origin(x, y, 0.0, width, size)
    extra = f' letter-spacing="{spacing:g}"' if spacing else ""
    return f'<text x="{start:.2f}" y="{baseline:.2f}" font-size="{size:g}"{extra}>{escape(text)}</text>'


def star(cx: float, cy: float, outer: float) -> str:
    """A five-pointed star's polygon points, one point straight up."""
    inner = outer * 0.382
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        radians = math.radians(index * 36)
        points.append(f"{cx + radius * math.sin(radians):.2f},{cy - radius * math.cos(radians):.2f}")
    return " ".join(points)


def seal(org_name: str, centre_text: str) -> str:
    """A round red seal: the organisation's name along the top arc, a star, and ``centre_text`` beneath it."""
    name = org_name.strip()[:24] or "·"
    span = min(250.0, 24.0 * len(name) + 30.0)
    size = round(min(26.0, 0.85 * math.radians(span) * 66 / len(name)), 1)
    placed = [
        (*origin(x, y, angle, advance(char) * size, size), angle)
        for (x, y, angle), char in zip(arc_positions(len(name), 66, span), name, strict=True)
    ]
    xs, ys, turns = (" ".join(f"{place[axis]:.2f}" for place in placed) for axis in range(3))
    letters = f'<text x="{xs}" y="{ys}" rotate="{turns}" font-size="{size}">{escape(name)}</text>'
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">'
        f'<g fill="none" stroke="{SEAL_RED}"><circle cx="100" cy="100" r="93" stroke-width="6"/>'
        '<circle cx="100" cy="100" r="85.5" stroke-width="1.2"/></g>'
        f'<g fill="{SEAL_RED}" font-family="{SERIF}" font-weight="700">{letters}'
        f'<polygon points="{star(100, 98, 27)}"/>'
        f"{centred(centre_text[:8], 100, 144.5, 17, spacing=2)}"
        "</g></svg>"
    )


def emblem(org_name: str) -> str:
    """A round emblem: a green disc with the organisation's first character, in a ring of gold dots."""
    initial = (org_name.strip() or "证")[0]
    # The 36 dots are round caps of empty dashes on one circle, half a gap off the top: one element, no path to parse.
    gap = 2 * math.pi * 88 / 36
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">'
        f'<circle cx="100" cy="100" r="97" fill="none" stroke="{GOLD}" stroke-width="3"/>'
        f'<circle cx="100" cy="100" r="88" fill="none" stroke="{GOLD}" stroke-width="4.4" stroke-linecap="round" '
        f'stroke-dasharray="0 {gap:.3f}" stroke-dashoffset="{gap / 2:.3f}"/>'
        f'<circle cx="100" cy="100" r="78" fill="{GREEN}"/>'
        f'<circle cx="100" cy="100" r="71" fill="none" stroke="{GOLD}" stroke-width="1.5"/>'
        f'<g font-family="{SERIF}" font-weight="700" fill="#fff">{centred(initial, 100, 100, 84)}</g>'
        "</svg>"
    )


#: The fret (回纹) corner ornament, top-left, as polylines in a 60 x 60 box.
FRET = (
    ((2, 58), (2, 2), (58, 2)),
    ((9, 58), (9, 9), (58, 9)),
    ((16, 40), (16, 16), (40, 16), (40, 32), (24, 32), (24, 24), (32, 24)),
)


def corners(width: float, height: float, inset: float, size: float) -> str:
    """The fret ornament in all four corners of a ``width`` x ``height`` page (mm), mirrored, as one path.

    One path rather than four images: a PDF renderer pays for every image and every SVG element.
    """
    scale = size / 60
    placed = []
    for flip_x, flip_y in ((False, False), (True, False), (False, True), (True, True)):
        for line in FRET:
            points = [
                (
                    width - inset - x * scale if flip_x else inset + x * scale,
                    height - inset - y * scale if flip_y else inset + y * scale,
                )
                for x, y in line
            ]
            placed.append("M" + " L".join(f"{x:.2f} {y:.2f}" for x, y in points))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}">'
        f'<path d="{" ".join(placed)}" fill="none" stroke="{GOLD}" stroke-width="{1.6 * scale:.3f}" '
        'stroke-linecap="square"/></svg>'
    )


def rule(width: float = 120.0, flip: bool = False) -> str:
    """A gold rule ending in a diamond, to flank a title (``flip`` puts the diamond on the left)."""
    diamond_x = 6 if flip else width - 6
    line = f"M{14 if flip else 0} 6 H{width if flip else width - 14}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} 12">'
        f'<path d="{line}" stroke="{GOLD}" stroke-width="1.2"/>'
        f'<path d="M{diamond_x - 6} 6 L{diamond_x} 0 L{diamond_x + 6} 6 L{diamond_x} 12 Z" fill="{GOLD}"/>'
        "</svg>"
    )


def rosette(circles: int = 30, ring: float = 56.0, radius: float = 40.0) -> str:
    """A guilloche-like rosette of thin circles whose centres lie on a ring, printed faintly behind the text.

    Circle elements rather than a path of curves: WeasyPrint parses every path point in Python, and 96 rotated
    ellipses as Béziers cost a certificate about 15 ms; 30 circles cost about 5.
    """
    rings = "".join(
        f'<circle cx="{100 + ring * math.cos(turn):.2f}" cy="{100 + ring * math.sin(turn):.2f}" r="{radius:g}"/>'
        for turn in (2 * math.pi * index / circles for index in range(circles))
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">'
        f'<g fill="none" stroke="{GOLD}" stroke-width="0.3">{rings}<circle cx="100" cy="100" r="98" stroke-width="0.6"/></g>'
        "</svg>"
    )
