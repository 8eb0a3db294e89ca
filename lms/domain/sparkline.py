"""Small trend lines drawn on the server: the corners of a polyline through a series, scaled into a box."""


def points(values: list[float], width: float = 120, height: float = 28, pad: float = 3) -> list[tuple[float, float]]:
    """Corners of a line through ``values`` (oldest first) in a ``width`` × ``height`` box; none for under two values.

    The lowest value sits at the bottom and the highest at the top; a flat series is a line across the middle.
    """
    if len(values) < 2:
        return []
    low, high = min(values), max(values)
    step = (width - 2 * pad) / (len(values) - 1)
    span = high - low
    corners = []
    for index, value in enumerate(values):
        y = height / 2 if span == 0 else pad + (high - value) / span * (height - 2 * pad)
        corners.append((round(pad + index * step, 1), round(y, 1)))
    return corners
