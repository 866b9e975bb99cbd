"""SVG drawings of the chart layout and the Making Data Count icons, for browsers and reports.

Every text is escaped: feed text never becomes markup.
"""

from __future__ import annotations

from html import escape

from kiosk import spc
from kiosk.chart import style
from kiosk.chart.geometry import ChartLayout, Label, Line, layout_chart
from kiosk.chart.metrics import ApproximateMeasure


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _line(line: Line) -> str:
    return f'x1="{_n(line.x1)}" y1="{_n(line.y1)}" x2="{_n(line.x2)}" y2="{_n(line.y2)}"'


def _text(label: Label, colour: str) -> str:
    anchor = ' text-anchor="end"' if label.anchor == "end" else ""
    return (
        f'<text x="{_n(label.x)}" y="{_n(label.baseline)}" fill="{colour}"{anchor}>'
        f"{escape(label.text)}</text>"
    )


def layout_svg(layout: ChartLayout, *, title: str = "", font_family: str = "Lato") -> str:
    """An `<svg>` element drawing `layout`; `title` is its accessible name."""
    thin = layout.thin
    family = escape(f"{font_family}, 'Helvetica Neue', Arial, sans-serif", quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spc-chart" role="img" '
        f'viewBox="0 0 {_n(layout.width)} {_n(layout.height)}" '
        f'width="{_n(layout.width)}" height="{_n(layout.height)}" '
        f'font-family="{family}" font-size="{_n(layout.pixel_size)}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    if layout.empty:
        parts.append("</svg>")
        return "".join(parts)
    sw = _n(thin)
    parts.append(f'<g stroke="{style.GRID}" stroke-width="{sw}">')
    parts += [f"<line {_line(g)}/>" for g in layout.grid]
    parts.append("</g>")
    parts += [_text(label, style.MUTED) for label in layout.y_labels + layout.x_labels]
    dots = f"{_n(thin)} {_n(thin * 3)}"
    parts.append(f'<g stroke="{style.MUTED}" stroke-width="{sw}" stroke-dasharray="{dots}">')
    parts += [f"<line {_line(b)}/>" for b in layout.breaks]
    parts.append("</g>")
    if layout.target is not None:
        dash = f"{_n(thin * 8)} {_n(thin * 5)}"
        parts.append(
            f'<line class="target" {_line(layout.target)} stroke="{style.TARGET}" '
            f'stroke-width="{_n(thin * 2.2)}" stroke-dasharray="{dash}"/>'
        )
    dash = f"{_n(thin * 7)} {_n(thin * 5)}"
    parts.append(
        f'<g class="limits" stroke="{style.LIMIT}" stroke-width="{_n(thin * 1.8)}" '
        f'stroke-dasharray="{dash}">'
    )
    parts += [f"<line {_line(limit)}/>" for limit in layout.limits]
    parts.append(f'</g><g class="means" stroke="{style.INK}" stroke-width="{_n(thin * 2.4)}">')
    parts += [f"<line {_line(mean)}/>" for mean in layout.means]
    parts.append("</g>")
    if layout.target_box is not None and layout.target_label is not None:
        box = layout.target_box
        parts.append(
            f'<rect x="{_n(box.left)}" y="{_n(box.top)}" width="{_n(box.width)}" '
            f'height="{_n(box.height)}" fill="{style.PAPER}"/>'
        )
        parts.append(_text(layout.target_label, style.TARGET))
    for run in layout.polylines:
        coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in run)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{style.LINE}" '
            f'stroke-width="{_n(thin * 2.2)}" stroke-linecap="round" stroke-linejoin="round"/>'
        )
    parts.append(f'<g stroke="{style.PAPER}" stroke-width="{sw}">')
    r = _n(layout.dot_radius)
    parts += [
        f'<circle class="{dot.point_type}" cx="{_n(dot.x)}" cy="{_n(dot.y)}" r="{r}" '
        f'fill="{dot.colour}"/>'
        for dot in layout.dots
    ]
    parts.append("</g>")
    parts += [_text(note, style.MUTED) for note in layout.notes]
    parts.append("</svg>")
    return "".join(parts)


def chart_svg(
    analysis: spc.Analysis,
    width: float,
    height: float,
    *,
    pixel_size: float = 16.0,
    unit: str = "",
    title: str = "",
    font_family: str = "Lato",
) -> str:
    """An SVG XmR chart of `analysis`, `width` by `height` user units, labels at `pixel_size`."""
    measure = ApproximateMeasure(pixel_size)
    layout = layout_chart(analysis, width, height, measure, pixel_size, unit)
    return layout_svg(layout, title=title, font_family=font_family)


def icon_svg(kind: str, value: str, size: float = 48.0, *, title: str = "") -> str:
    """A Making Data Count variation or assurance icon: a coloured ring with a letter."""
    if not value:
        return ""
    colour, letter = style.icon_style(kind, value)
    ring = size * 0.08
    c = size / 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="spc-icon" role="img" '
        f'viewBox="0 0 {_n(size)} {_n(size)}" width="{_n(size)}" height="{_n(size)}">'
    ]
    if title:
        parts.append(f"<title>{escape(title)}</title>")
    parts.append(
        f'<circle cx="{_n(c)}" cy="{_n(c)}" r="{_n(c - ring / 2)}" fill="{style.PAPER}" '
        f'stroke="{colour}" stroke-width="{_n(ring)}"/>'
    )
    if letter:
        parts.append(
            f'<text x="{_n(c)}" y="{_n(c)}" fill="{colour}" font-weight="bold" '
            f'font-size="{_n(size * 0.42)}" text-anchor="middle" dominant-baseline="central" '
            f'font-family="Lato, Arial, sans-serif">{letter}</text>'
        )
    else:
        # Common cause: a flat grey line of dots, as in the MDC icon.
        r = _n(size * 0.055)
        parts += [
            f'<circle cx="{_n(c + k * size * 0.14)}" cy="{_n(c)}" r="{r}" fill="{colour}"/>'
            for k in (-2, -1, 0, 1, 2)
        ]
    parts.append("</svg>")
    return "".join(parts)
