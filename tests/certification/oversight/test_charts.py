"""The chart geometry: pure functions, no database."""

import pytest

from certification import charts


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0, 1), (1, 1), (2, 2), (3, 5), (7, 10), (10, 10), (11, 20), (48, 50), (51, 100), (230, 500)],
)
def test_nice_maximum(value, expected):
    assert charts.nice_maximum(value) == expected


def months(values, series="issued"):
    return [{"label": f"M{i}", "value": v, "series": series} for i, v in enumerate(values)]


def test_column_chart_scales_bars_to_the_axis():
    chart = charts.column_chart(months([0, 5, 10]), width=330, height=240)
    plot = chart["plot"]
    assert chart["maximum"] == 10
    zero, half, full = chart["bars"]
    assert zero["height"] == 0 and zero["y"] == chart["baseline"]
    assert full["height"] == plot["height"]
    assert full["y"] == plot["y"]
    assert half["height"] == pytest.approx(plot["height"] / 2, abs=0.1)
    # Bars sit side by side inside the plot, in order, and never overlap.
    for left, right in zip(chart["bars"], chart["bars"][1:], strict=False):
        assert left["x"] + left["width"] < right["x"]
    assert chart["bars"][0]["x"] >= plot["x"]
    assert chart["bars"][-1]["x"] + chart["bars"][-1]["width"] <= plot["x"] + plot["width"]


def test_every_bar_shows_its_number_above_it_and_its_label_below():
    chart = charts.column_chart(months([3, 0, 8]))
    for bar, value in zip(chart["bars"], [3, 0, 8], strict=True):
        assert bar["value"] == value
        assert bar["value_y"] < bar["y"]  # the number is above the bar, even a zero bar
        assert bar["label_y"] > chart["baseline"]
        assert bar["x"] < bar["center"] < bar["x"] + bar["width"]
        assert bar["series"] == "issued"


def test_ticks_are_whole_numbers():
    assert [t["label"] for t in charts.column_chart(months([1]))["ticks"]] == ["0", "1"]
    assert [t["label"] for t in charts.column_chart(months([9]))["ticks"]] == ["0", "5", "10"]


def test_column_chart_groups_bracket_their_bars():
    items = months([1, 2], "issued") + months([3, 4], "expiring")
    chart = charts.column_chart(items, groups=[("Issued", 0, 1), ("Expiring", 2, 3)])
    issued, expiring = chart["groups"]
    bars = chart["bars"]
    assert issued["label"] == "Issued"
    assert issued["x1"] <= bars[0]["x"] and bars[1]["x"] + bars[1]["width"] <= issued["x2"]
    assert issued["x2"] < expiring["x1"] <= bars[2]["x"]
    assert issued["y"] < chart["plot"]["y"]  # above the plot
    assert [bar["series"] for bar in bars] == ["issued", "issued", "expiring", "expiring"]


def test_empty_and_all_zero_charts_draw_without_dividing_by_zero():
    empty = charts.column_chart([])
    assert empty["bars"] == [] and empty["maximum"] == 1
    zeros = charts.bar_chart([{"label": "Privacy", "value": 0}])
    assert zeros["bars"][0]["width"] == 0
    assert charts.bar_chart([])["bars"] == []


def test_bar_chart_lays_out_one_row_per_item_with_the_number_at_the_end():
    chart = charts.bar_chart(
        [{"label": "Boundaries", "value": 4}, {"label": "Privacy", "value": 1}],
        width=500,
        label_width=200,
        value_room=40,
    )
    first, second = chart["bars"]
    assert chart["maximum"] == 5
    assert first["width"] == pytest.approx((500 - 200 - 40) * 4 / 5)
    assert first["x"] == second["x"] == 200
    assert first["label_x"] < first["x"]  # label left of the bar
    assert first["value_x"] > first["x"] + first["width"]  # number right of the bar
    assert second["y"] > first["y"] + first["height"]
    assert chart["height"] >= second["y"] + second["height"]
    assert first["value_x"] < chart["width"]
