"""The map's legend sits under the map in rows (issue 13 item 15: usable on a 390 px phone)."""

from __future__ import annotations

import pandas as pd
import pytest

from warmte.figures import choropleth as C
from warmte.figures.theme import ChartMeta

TVW = ["definitief vastgesteld door de gemeenteraad", "definitief vastgesteld door het gemeentebestuur",
       "in concept vastgesteld", "gereed, nog niet vastgesteld", "nog in voorbereiding"]


def rect(x0, y0, w, h):
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + w, y0], [x0 + w, y0 + h], [x0, y0 + h], [x0, y0]]]}


def build(width: float, height: float, labels=None):
    table = pd.DataFrame({"code": ["A", "B"], "name": ["Aa", "Bee"], "share": [0.05, 0.2]})
    geo = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "A", "geometry": rect(5.0, 52.0, width / 2, height)},
        {"type": "Feature", "id": "B", "geometry": rect(5.0 + width / 2, 52.0, width / 2, height)}]}
    meta = ChartMeta(title="T", source="Bron: X", subtitle="S", lang="nl")
    return C.choropleth_map(table, geo, "share", [0, 0.1, 1], meta, {"share": "aandeel", "no_data": "geen"},
                            bin_labels=labels)


@pytest.mark.parametrize(("entries", "title", "expected"), [
    (TVW, True, 12 + 6 * 21),  # each over 150 px: one a row, and the title row
    (["&lt; 4%", "4% – 5%", "5% – 6%", "6% – 9%", "≥ 9%"], True, 12 + 4 * 21),  # widest 102.5 px: two a row
    (["ja", "nee"], False, 12 + 1 * 21),  # 65 px: four a row
    ([], True, 12 + 21),
])
def test_legend_space_by_hand(entries, title, expected):
    assert C.legend_space(entries, title) == expected


def test_legend_is_horizontal_under_the_map_with_room_reserved():
    fig = build(1.0, 0.6)
    legend = fig.layout.legend
    assert (legend.orientation, legend.y, legend.yanchor, legend.x, legend.xanchor) == ("h", 0, "top", 0, "left")
    assert legend.title.side == "top"
    # the bottom margin holds the legend rows and the source line under them
    assert fig.layout.margin.b >= C.legend_space(["&lt; 10,0%", "≥ 10,0%"], True) + 14


def test_long_labels_reserve_more_room():
    short = build(1.0, 0.6, ["a", "b"]).layout.margin.b
    long_ = build(1.0, 0.6, TVW[:2]).layout.margin.b
    assert long_ - short == C.legend_space(TVW[:2], True) - C.legend_space(["a", "b"], True) > 0


def test_a_wide_region_is_drawn_lower_than_a_tall_one():
    tall = build(1.0, 1.5)  # taller than wide: the full height
    wide = build(3.0, 0.5)  # much wider than tall: the lowest plot height
    plot = lambda f: f.layout.height - f.layout.margin.t - f.layout.margin.b  # noqa: E731
    assert plot(tall) == 500
    assert plot(wide) == C.MIN_MAP_HEIGHT
