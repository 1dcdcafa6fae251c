"""Inline SVG charts for the dashboard: no scripts, no fonts or files from elsewhere.

Each function takes plain numbers and labels and returns an ``<svg>`` element sized by its
viewBox, so it scales with the page. Text is escaped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

Number = Decimal | int | float
Formatter = Callable[[Decimal], str]

WIDTH, HEIGHT = 520, 250
LEFT, RIGHT, TOP, BOTTOM = 60, 10, 14, 44
PALETTE = ("#2f6fdf", "#e07b39", "#2a9d8f", "#8e5ad6")


def _nice_max(value: float, integer: bool = False) -> float:
    """A round number at or above `value` for the top of an axis (of four steps)."""
    if integer:
        return float(max(4, 4 * -(-int(value) // 4)))
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(10.0 * magnitude)


def _axis(top: float, bottom: float, fmt: Formatter) -> str:
    """Horizontal grid lines with their values, from `bottom` to `top`."""
    parts = []
    plot_h = HEIGHT - TOP - BOTTOM
    for i in range(5):
        value = bottom + (top - bottom) * i / 4
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">'
            f"{escape(fmt(Decimal(str(round(value)))))}</text>"
        )
    return "".join(parts)


def _svg(title: str, body: str, legend: Sequence[tuple[str, str]] = ()) -> str:
    keys = "".join(
        f'<rect x="{LEFT + i * 120}" y="{HEIGHT - 15}" width="11" height="11" fill="{color}"/>'
        f'<text x="{LEFT + 16 + i * 120}" y="{HEIGHT - 5}" class="tick">{escape(name)}</text>'
        for i, (name, color) in enumerate(legend)
    )
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" class="chart"><title>{escape(title)}</title>'
        f"{body}{keys}</svg>"
    )


def bar_chart(
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[Number]]],
    fmt: Formatter,
) -> str:
    """Grouped bars: one group per label, one bar per series."""
    values = [float(v) for _, vs in series for v in vs] or [0.0]
    top = _nice_max(max(max(values), 0.0))
    bottom = -_nice_max(-min(values)) if min(values) < 0 else 0.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h * (top - value) / (top - bottom)

    group_w = plot_w / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [_axis(top, bottom, fmt)]
    for i, label in enumerate(labels):
        x0 = LEFT + i * group_w + group_w * 0.1
        for j, (name, vs) in enumerate(series):
            value = float(vs[i]) if i < len(vs) else 0.0
            y_top, y_base = y(max(value, 0.0)), y(min(value, 0.0))
            parts.append(
                f'<rect x="{x0 + j * bar_w:.1f}" y="{y_top:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{max(y_base - y_top, 0.5):.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{escape(name)} {escape(label)}: {escape(fmt(Decimal(str(value))))}"
                "</title></rect>"
            )
        parts.append(
            f'<text x="{x0 + group_w * 0.4:.1f}" y="{HEIGHT - BOTTOM + 14}" '
            f'text-anchor="middle" class="tick">{escape(label)}</text>'
        )
    legend = [(name, PALETTE[j % len(PALETTE)]) for j, (name, _) in enumerate(series)]
    return _svg(title, "".join(parts), legend)


def line_chart(
    title: str, labels: Sequence[str], values: Sequence[Number], fmt: Formatter, step: bool = False
) -> str:
    """One line (or steps, for counts, on a whole-number axis) over the labels."""
    floats = [float(v) for v in values] or [0.0]
    top = _nice_max(max(max(floats), 0.0), integer=step)
    bottom = -_nice_max(-min(floats)) if min(floats) < 0 else 0.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(floats) - 1, 1)
    points = [
        (LEFT + plot_w * i / n, TOP + plot_h * (top - v) / (top - bottom))
        for i, v in enumerate(floats)
    ]
    path = ""
    for i, (x, y) in enumerate(points):
        if i == 0:
            path += f"M{x:.1f},{y:.1f}"
        elif step:
            path += f"H{x:.1f}V{y:.1f}"
        else:
            path += f"L{x:.1f},{y:.1f}"
    base_y = TOP + plot_h * top / (top - bottom)
    area = f"{path}V{base_y:.1f}H{points[0][0]:.1f}Z" if points else ""
    parts = [
        _axis(top, bottom, fmt),
        f'<path d="{area}" fill="{PALETTE[0]}" fill-opacity="0.12"/>',
        f'<path d="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2.5"/>',
    ]
    every = max(1, -(-len(labels) // 7))
    for i, ((x, y), label, value) in enumerate(zip(points, labels, floats, strict=False)):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {escape(fmt(Decimal(str(value))))}</title></circle>"
        )
        if i % every == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
                f'class="tick">{escape(label)}</text>'
            )
    return _svg(title, "".join(parts))


def heat_color(score: int) -> str:
    """Green to red by likelihood × impact, in the bands risk registers use."""
    if score >= 15:
        return "#d7301f"
    if score >= 10:
        return "#f28e2b"
    if score >= 5:
        return "#f5d04c"
    return "#7cc48a"


def heat_map(title: str, grid: Sequence[Sequence[int]]) -> str:
    """A 5×5 grid of risk counts: impact 5 at the top, likelihood 1 to 5 left to right."""
    size, left, top = 44, 56, 14
    parts = []
    for row, counts in enumerate(grid):
        impact = 5 - row
        for col, count in enumerate(counts):
            likelihood = col + 1
            x, y = left + col * size, top + row * size
            parts.append(
                f'<rect x="{x}" y="{y}" width="{size - 2}" height="{size - 2}" rx="4" '
                f'fill="{heat_color(likelihood * impact)}" '
                f'fill-opacity="{1.0 if count else 0.35}">'
                f"<title>likelihood {likelihood}, impact {impact}: {count}</title></rect>"
            )
            if count:
                parts.append(
                    f'<text x="{x + size / 2 - 1}" y="{y + size / 2 + 5}" text-anchor="middle" '
                    f'class="count">{count}</text>'
                )
        parts.append(
            f'<text x="{left - 8}" y="{top + row * size + size / 2 + 4}" text-anchor="end" '
            f'class="tick">{impact}</text>'
        )
    for col in range(5):
        parts.append(
            f'<text x="{left + col * size + size / 2 - 1}" y="{top + 5 * size + 14}" '
            f'text-anchor="middle" class="tick">{col + 1}</text>'
        )
    parts.append(
        f'<text x="{left + 2.5 * size}" y="{top + 5 * size + 32}" text-anchor="middle" '
        'class="tick">likelihood →</text>'
        f'<text x="14" y="{top + 2.5 * size}" text-anchor="middle" class="tick" '
        f'transform="rotate(-90 14 {top + 2.5 * size})">impact →</text>'
    )
    width, height = left + 5 * size + 8, top + 5 * size + 40
    return (
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" class="heat"><title>{escape(title)}</title>'
        f"{''.join(parts)}</svg>"
    )
