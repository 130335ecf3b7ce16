"""SVG bar charts for the statistics page, drawn at build time.

Takes (label, count) pairs and gives back an SVG string. Colours come from
Material's CSS variables and `currentColor`, so a chart follows the light and
dark palettes; each chart has a <title> and <desc> as its text alternative.
The statistics page also prints the numbers as a table.
"""

from __future__ import annotations

import html
from xml.sax.saxutils import quoteattr

BAR_WIDTH = 10  # px per vertical bar
BAR_GAP = 2  # px between bars
ROW_HEIGHT = 22  # px per horizontal bar
CHART_HEIGHT = 160  # px of the plotting area of a column chart
LABEL_WIDTH = 220  # px reserved for labels of a bar chart
MARGIN = 28  # px around the plotting area for axis labels


def column_chart(title: str, bars: list[tuple[str, int]],
                 axis_labels: dict[int, str] | None = None) -> str:
    """Return vertical bars, one per (label, count).

    `axis_labels` maps bar positions to the text under them (by default every
    bar's label); each bar's full label and count are in its tooltip.
    """
    if axis_labels is None:
        axis_labels = {index: label for index, (label, _) in enumerate(bars)}
    peak = max((count for _, count in bars), default=0) or 1
    width = MARGIN * 2 + len(bars) * (BAR_WIDTH + BAR_GAP)
    height = CHART_HEIGHT + MARGIN * 2
    shapes = []
    for index, (label, count) in enumerate(bars):
        x = MARGIN + index * (BAR_WIDTH + BAR_GAP)
        bar_height = round(count / peak * CHART_HEIGHT, 1)
        y = MARGIN + CHART_HEIGHT - bar_height
        shapes.append(
            f'<rect class="chart-bar" x="{x}" y="{y}" width="{BAR_WIDTH}" '
            f'height="{bar_height}"><title>{_text(label)}: {count}</title></rect>'
        )
        if count:
            shapes.append(f'<text x="{x + BAR_WIDTH / 2}" y="{y - 4}" '
                          f'text-anchor="middle" font-size="11">{count}</text>')
        if index in axis_labels:
            shapes.append(
                f'<text x="{x}" y="{MARGIN + CHART_HEIGHT + 18}" '
                f'font-size="14">{_text(axis_labels[index])}</text>'
            )
    axis = (f'<line x1="{MARGIN}" y1="{MARGIN + CHART_HEIGHT}" x2="{width - MARGIN}" '
            f'y2="{MARGIN + CHART_HEIGHT}" stroke="currentColor" stroke-width="1"/>')
    return _svg(title, bars, width, height, [axis, *shapes])


def bar_chart(title: str, bars: list[tuple[str, int]]) -> str:
    """Return horizontal bars, one row per (label, count), labels on the left."""
    peak = max((count for _, count in bars), default=0) or 1
    plot_width = 260
    width = LABEL_WIDTH + plot_width + MARGIN * 2
    height = len(bars) * ROW_HEIGHT + MARGIN
    shapes = []
    for index, (label, count) in enumerate(bars):
        y = MARGIN / 2 + index * ROW_HEIGHT
        length = round(count / peak * plot_width, 1)
        shapes.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 14}" text-anchor="end" '
                      f'font-size="12">{_text(label)}</text>')
        shapes.append(f'<rect class="chart-bar" x="{LABEL_WIDTH}" y="{y + 3}" '
                      f'width="{length}" height="{ROW_HEIGHT - 6}"/>')
        shapes.append(f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 14}" '
                      f'font-size="12">{count}</text>')
    return _svg(title, bars, width, height, shapes)


def _svg(title: str, bars, width: float, height: float, shapes: list[str]) -> str:
    summary = "; ".join(f"{label}: {count}" for label, count in bars)
    return (
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label={quoteattr(title)} '
        f'xmlns="http://www.w3.org/2000/svg" fill="currentColor">'
        f"<title>{_text(title)}</title><desc>{_text(summary)}</desc>"
        + "".join(shapes)
        + "</svg>"
    )


def _text(value: str) -> str:
    return html.escape(str(value), quote=False)
