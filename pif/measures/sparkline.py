"""A sparkline: the recent values of an indicator as a tiny inline SVG line.

It is decoration beside values already written in the row, so it is
``aria-hidden``. Stroke and fill follow ``.pif-sparkline`` (``currentcolor``),
so it keeps to the text colour, forced-colours mode included.
"""

import math

__all__ = ["sparkline_svg"]

PAD = 2.0  # room for the stroke and the dot on the last point


def _number(value) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _fmt(number: float) -> str:
    # One decimal is finer than a pixel at sparkline size; "-0.0" would be an odd coordinate.
    text = f"{number:.1f}"
    return "0.0" if text == "-0.0" else text


def sparkline_svg(values, *, width: int = 96, height: int = 24) -> str:
    """Inline SVG of ``values`` (None or NaN leave a gap): one polyline per unbroken run.

    A run of a single value is drawn as a dot, and so is the last value. A constant
    series is a flat line across the middle; no values give an empty SVG of the same
    size, so table columns still line up.
    """
    width, height = int(width), int(height)
    points = [_number(v) for v in values or ()]
    observed = [v for v in points if v is not None]
    parts = [f'<svg class="pif-sparkline" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'aria-hidden="true" focusable="false">']
    if observed:
        low, high = min(observed), max(observed)
        # In halves, so the span of -1.7e308 to 1.7e308 (stored data) does not overflow.
        half_span = high / 2 - low / 2
        step = (width - 2 * PAD) / (len(points) - 1) if len(points) > 1 else 0.0

        def xy(index, value):
            x = PAD + index * step if len(points) > 1 else width / 2
            y = height / 2 if half_span == 0 else (
                PAD + (high / 2 - value / 2) / half_span * (height - 2 * PAD))
            return _fmt(x), _fmt(y)

        runs, current = [], []
        for index, value in enumerate(points):
            if value is None:
                if current:
                    runs.append(current)
                current = []
            else:
                current.append(xy(index, value))
        if current:
            runs.append(current)
        for run in runs:
            if len(run) == 1:
                continue
            coords = " ".join(f"{x},{y}" for x, y in run)
            parts.append(f'<polyline points="{coords}" stroke-width="1.5" '
                         'stroke-linejoin="round" stroke-linecap="round" '
                         'vector-effect="non-scaling-stroke"/>')
        dots = [run[0] for run in runs if len(run) == 1]
        last = runs[-1][-1]
        if last not in dots:
            dots.append(last)
        for x, y in dots:
            parts.append(f'<circle cx="{x}" cy="{y}" r="2" fill="currentColor" stroke="none"/>')
    parts.append("</svg>")
    return "".join(parts)
