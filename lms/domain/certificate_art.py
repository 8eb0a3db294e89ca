"""The drawn parts of a certificate, as SVG: the seal and emblem used when no image is configured, the frame corners.

Characters on the seal's arc are placed one by one (no textPath), so any SVG renderer draws them the same.
"""

import math
from html import escape

SEAL_RED = "#c8241f"
GREEN = "#0b5d45"
GOLD = "#b08d3c"
SERIF = "Noto Serif CJK SC"


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
    letters = "".join(
        f'<text x="{x:.2f}" y="{y:.2f}" transform="rotate({angle:.2f} {x:.2f} {y:.2f})" font-size="{size}" '
        f'text-anchor="middle" dominant-baseline="central">{escape(char)}</text>'
        for (x, y, angle), char in zip(arc_positions(len(name), 66, span), name, strict=True)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">'
        f'<g fill="none" stroke="{SEAL_RED}"><circle cx="100" cy="100" r="93" stroke-width="6"/>'
        '<circle cx="100" cy="100" r="85.5" stroke-width="1.2"/></g>'
        f'<g fill="{SEAL_RED}" font-family="{SERIF}" font-weight="700">{letters}'
        f'<polygon points="{star(100, 98, 27)}"/>'
        f'<text x="100" y="151" font-size="17" text-anchor="middle" letter-spacing="2">{escape(centre_text[:8])}</text>'
        "</g></svg>"
    )


def emblem(org_name: str) -> str:
    """A round emblem: a green disc with the organisation's first character, in a ring of gold dots."""
    initial = escape((org_name.strip() or "证")[0])
    dots = "".join(
        f'<circle cx="{x:.2f}" cy="{y:.2f}" r="2.2"/>' for x, y, _angle in arc_positions(36, 88, 360, centre=100)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">'
        f'<circle cx="100" cy="100" r="97" fill="none" stroke="{GOLD}" stroke-width="3"/>'
        f'<g fill="{GOLD}">{dots}</g>'
        f'<circle cx="100" cy="100" r="78" fill="{GREEN}"/>'
        f'<circle cx="100" cy="100" r="71" fill="none" stroke="{GOLD}" stroke-width="1.5"/>'
        f'<text x="100" y="100" font-family="{SERIF}" font-weight="700" font-size="84" fill="#fff" '
        f'text-anchor="middle" dominant-baseline="central">{initial}</text>'
        "</svg>"
    )


def corner() -> str:
    """A fret (回纹) corner ornament for the top-left corner of the frame; the others are its mirror images."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 60 60">'
        f'<g fill="none" stroke="{GOLD}" stroke-width="1.6" stroke-linecap="square">'
        '<path d="M2 58 V2 H58"/><path d="M9 58 V9 H58"/>'
        '<path d="M16 40 V16 H40 V32 H24 V24 H32"/>'
        "</g></svg>"
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


def rosette(petals: int = 48) -> str:
    """A guilloche-like rosette of thin rotated ellipses, printed faintly behind the text as security printing does."""
    rings = "".join(
        f'<ellipse cx="100" cy="100" rx="96" ry="{ry}" transform="rotate({index * 180 / petals:.2f} 100 100)"/>'
        for index in range(petals)
        for ry in (34, 58)
    )
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200">'
        f'<g fill="none" stroke="{GOLD}" stroke-width="0.25">{rings}</g>'
        f'<circle cx="100" cy="100" r="98" fill="none" stroke="{GOLD}" stroke-width="0.6"/>'
        "</svg>"
    )
