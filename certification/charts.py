"""Bar charts drawn on the server as inline SVG: numbers in, bar geometry out.

These functions only compute where each bar, number and label goes; the templates
(`templates/certification/oversight/_column_chart.html`, `_bar_chart.html`) draw the SVG. No
JavaScript, no CDN. Every bar carries its number as visible text, so a chart never speaks through
color alone, and the page gives the same numbers again in a table.
"""

import math


def nice_maximum(value) -> int:
    """The top of a value axis: the smallest 1, 2 or 5 × 10ⁿ not under `value` (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _r(value: float) -> float:
    return round(value, 1)


def column_chart(
    items,
    *,
    width: int = 760,
    height: int = 280,
    left: int = 36,
    right: int = 8,
    top: int = 40,
    bottom: int = 40,
    groups=(),
) -> dict:
    """Vertical bars, one per item.

    `items` is a sequence of dicts with `label` (under the bar), `value` (a count) and
    optionally `series` (a CSS modifier, e.g. "issued") and `title` (the full name of the bar,
    for its tooltip). `groups` is a sequence of `(label, first_index, last_index)`: a bracket
    with a label above those bars, so a reader tells the series apart without color.

    Returns `width`, `height`, `baseline` (y of the axis), `plot` (x, y, width, height),
    `ticks` (y and label of each gridline), `bars` (x, y, width, height, label, value, series,
    title, and where to put the value and the label) and `groups` (x1, x2, x_mid, y, label).
    """
    items = list(items)
    plot_width = width - left - right
    plot_height = height - top - bottom
    baseline = top + plot_height
    maximum = nice_maximum(max((item["value"] for item in items), default=0))
    slot = plot_width / len(items) if items else plot_width
    bar_width = slot * 0.7
    bars = []
    for index, item in enumerate(items):
        value = item["value"]
        bar_height = plot_height * value / maximum
        x = left + slot * index + (slot - bar_width) / 2
        y = baseline - bar_height
        bars.append(
            {
                "x": _r(x),
                "y": _r(y),
                "width": _r(bar_width),
                "height": _r(bar_height),
                "center": _r(x + bar_width / 2),
                "value": value,
                "value_y": _r(y - 4),
                "label": item["label"],
                "label_y": _r(baseline + 16),
                "series": item.get("series", ""),
                "title": item.get("title", item["label"]),
            }
        )
    ticks = [
        {"y": _r(baseline - plot_height * fraction), "label": _tick_label(maximum * fraction)}
        for fraction in (0, 0.5, 1)
        if float(maximum * fraction).is_integer()  # a count axis has no half people
    ]
    drawn_groups = []
    for label, first, last in groups:
        x1 = left + slot * first + 2
        x2 = left + slot * (last + 1) - 2
        drawn_groups.append(
            {"x1": _r(x1), "x2": _r(x2), "x_mid": _r((x1 + x2) / 2), "y": top - 24, "label": label}
        )
    return {
        "width": width,
        "height": height,
        "baseline": baseline,
        "plot": {"x": left, "y": top, "width": plot_width, "height": plot_height},
        "maximum": maximum,
        "ticks": ticks,
        "bars": bars,
        "groups": drawn_groups,
    }


def bar_chart(
    items,
    *,
    width: int = 640,
    label_width: int = 230,
    bar_height: int = 24,
    gap: int = 12,
    top: int = 8,
    value_room: int = 40,
) -> dict:
    """Horizontal bars, one per item (`label`, `value`), label on the left, number at the end.

    Returns `width`, `height`, `bars` (x, y, width, height, label, value, label_x, value_x,
    text_y) and `maximum`.
    """
    items = list(items)
    plot_width = width - label_width - value_room
    maximum = nice_maximum(max((item["value"] for item in items), default=0))
    bars = []
    for index, item in enumerate(items):
        y = top + index * (bar_height + gap)
        length = plot_width * item["value"] / maximum
        bars.append(
            {
                "x": label_width,
                "y": y,
                "width": _r(length),
                "height": bar_height,
                "label": item["label"],
                "value": item["value"],
                "label_x": label_width - 8,
                "value_x": _r(label_width + length + 6),
                "text_y": _r(y + bar_height / 2 + 5),
            }
        )
    height = top * 2 + len(items) * (bar_height + gap) - (gap if items else 0)
    return {"width": width, "height": height, "maximum": maximum, "bars": bars}


def _tick_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
