"""Inline SVG charts for the dashboard: no scripts, no fonts or files from elsewhere.

Each function takes plain numbers and labels and returns an ``<svg>`` element sized by its
viewBox, so it scales with the page. Text is escaped, and measured (`text_width`) so that no
label reaches past the drawing: the value axis is as wide as its widest value, a label too long
for its place is shortened with "…" (the whole text stays in the tooltip), and the first and last
labels of an axis are kept inside the edges.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from html import escape

Number = Decimal | int | float
Formatter = Callable[[Decimal], str]

WIDTH, HEIGHT = 520, 250
RIGHT, TOP, BOTTOM = 10, 14, 44
MIN_LEFT = 40
TICK_FONT = 12
"""The size of the axis and legend labels (the ``tick`` class of the stylesheets), in px."""
PALETTE = ("#2f6fdf", "#e07b39", "#2a9d8f", "#8e5ad6")
WIDE = frozenset("MWmw@%—")
NARROW = frozenset("il.,:;'!|()[] \u00a0\u202fIjtfr")


def text_width(text: str, size: float = TICK_FONT) -> float:
    """A generous estimate of the width of `text` in a sans-serif font of `size` px: wide and
    narrow letters apart, every other at 0.62 em (more than the usual 0.5 to 0.55 em)."""
    em = sum(0.9 if c in WIDE else 0.32 if c in NARROW else 0.62 for c in text)
    return em * size


def fit(text: str, width: float, size: float = TICK_FONT) -> str:
    """`text`, shortened with "…" until it is at most `width` px wide."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…" if text else ""


def _label(x: float, y: float, text: str, room: float, anchor: str = "middle") -> str:
    """An axis label centred on `x` in `room` px, shortened to fit and kept inside the chart;
    a shortened one carries its whole text as a tooltip."""
    shown = fit(text, room)
    half = text_width(shown) / 2
    x = min(max(x, half + 1), WIDTH - half - 1)
    tip = f"<title>{escape(text)}</title>" if shown != text else ""
    return (
        f'<text x="{x:.1f}" y="{y}" text-anchor="{anchor}" class="tick">{tip}{escape(shown)}</text>'
    )


def _left(labels: Sequence[str]) -> float:
    """Room for the value axis: its widest label and a gap."""
    return max([MIN_LEFT, *(text_width(t) + 12 for t in labels)])


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


def _ticks(top: float, bottom: float, fmt: Formatter) -> list[str]:
    """The value axis' five labels, from `bottom` to `top`."""
    return [fmt(Decimal(str(round(bottom + (top - bottom) * i / 4)))) for i in range(5)]


def _axis(left: float, ticks: Sequence[str]) -> str:
    """Horizontal grid lines with their values, the first at the bottom."""
    parts = []
    plot_h = HEIGHT - TOP - BOTTOM
    for i, tick in enumerate(ticks):
        y = TOP + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6:.1f}" y="{y + 4:.1f}" text-anchor="end" class="tick">'
            f"{escape(tick)}</text>"
        )
    return "".join(parts)


def _legend(left: float, legend: Sequence[tuple[str, str]]) -> str:
    """A colour key per series along the bottom, each as wide as its name, none past the edge."""
    parts, x = [], left
    room = WIDTH - RIGHT - left
    for name, color in legend:
        shown = fit(name, max(room - (x - left) - 16, 0))
        if not shown:
            break
        parts.append(
            f'<rect x="{x:.1f}" y="{HEIGHT - 15}" width="11" height="11" fill="{color}"/>'
            f'<text x="{x + 16:.1f}" y="{HEIGHT - 5}" class="tick">{escape(shown)}</text>'
        )
        x += 16 + text_width(shown) + 18
    return "".join(parts)


def _svg(title: str, body: str) -> str:
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" class="chart"><title>{escape(title)}</title>'
        f"{body}</svg>"
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
    ticks = _ticks(top, bottom, fmt)
    left = _left(ticks)
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM

    def y(value: float) -> float:
        return TOP + plot_h * (top - value) / (top - bottom)

    group_w = plot_w / max(len(labels), 1)
    bar_w = group_w * 0.8 / max(len(series), 1)
    parts = [_axis(left, ticks)]
    for i, label in enumerate(labels):
        x0 = left + i * group_w + group_w * 0.1
        for j, (name, vs) in enumerate(series):
            value = float(vs[i]) if i < len(vs) else 0.0
            y_top, y_base = y(max(value, 0.0)), y(min(value, 0.0))
            parts.append(
                f'<rect x="{x0 + j * bar_w:.1f}" y="{y_top:.1f}" width="{bar_w - 1:.1f}" '
                f'height="{max(y_base - y_top, 0.5):.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{escape(name)} {escape(label)}: {escape(fmt(Decimal(str(value))))}"
                "</title></rect>"
            )
        parts.append(_label(x0 + group_w * 0.4, HEIGHT - BOTTOM + 14, label, group_w - 2))
    legend = [(name, PALETTE[j % len(PALETTE)]) for j, (name, _) in enumerate(series)]
    return _svg(title, "".join(parts) + _legend(left, legend))


def line_chart(
    title: str, labels: Sequence[str], values: Sequence[Number], fmt: Formatter, step: bool = False
) -> str:
    """One line (or steps, for counts, on a whole-number axis) over the labels."""
    floats = [float(v) for v in values] or [0.0]
    top = _nice_max(max(max(floats), 0.0), integer=step)
    bottom = -_nice_max(-min(floats)) if min(floats) < 0 else 0.0
    ticks = _ticks(top, bottom, fmt)
    left = _left(ticks)
    plot_w, plot_h = WIDTH - left - RIGHT, HEIGHT - TOP - BOTTOM
    n = max(len(floats) - 1, 1)
    points = [
        (left + plot_w * i / n, TOP + plot_h * (top - v) / (top - bottom))
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
        _axis(left, ticks),
        f'<path d="{area}" fill="{PALETTE[0]}" fill-opacity="0.12"/>',
        f'<path d="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2.5"/>',
    ]
    every = max(1, -(-len(labels) // 7))
    room = plot_w / n * every - 4
    for i, ((x, y), label, value) in enumerate(zip(points, labels, floats, strict=False)):
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {escape(fmt(Decimal(str(value))))}</title></circle>"
        )
        if i % every == 0:
            parts.append(_label(x, HEIGHT - BOTTOM + 14, label, room))
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
