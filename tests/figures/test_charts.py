"""Tests for warmte.figures: figure builders with small hand-made frames (no browser).

Every builder must put the title and source in the figure, show the
illustrative badge exactly when asked, set Dutch or English number separators,
carry the data it was given, and turn empty input into a "no data" figure.
The map is checked region by region: one hover/selection marker per code and
the bin colour worked out by hand (a value on a bin edge goes in the upper bin).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from warmte import figures as C
from warmte.figures import ChartMeta
from warmte.i18n import chart_labels

TITLE = "919.000 van 1.500.000 woningen aardgasvrij: 61%"
SOURCE = "Bron: CBS (85984NED, 2024), feitenlijst Warmtemonitor; bewerking Warmtemonitor"


def meta(**kw) -> ChartMeta:
    return ChartMeta(title=TITLE, source=SOURCE, subtitle="Nederland · 2024 · aardgasvrij", **kw)


def plain(text) -> str:
    """Text without plotly's HTML tags and line breaks."""
    return re.sub(r"<[^>]+>", " ", str(text or "")).replace("  ", " ")


def all_text(fig: go.Figure) -> str:
    parts = [fig.layout.title.text, fig.layout.title.subtitle.text]
    parts += [a.text for a in fig.layout.annotations]
    return " | ".join(plain(p) for p in parts if p)


def named(fig: go.Figure, name: str) -> list:
    return [a for a in fig.layout.annotations if a.name == name]


def arr(values) -> np.ndarray:
    return np.asarray(values, dtype="float64")


# --- Small inputs for every builder --------------------------------------------------

SQUARES = ["A", "B", "C", "D"]


def square(i: float, size: float = 1.0) -> list[list[float]]:
    """A clockwise square ring with its lower-left corner at (i, 50)."""
    x0, y0 = float(i), 50.0
    return [[x0, y0], [x0, y0 + size], [x0 + size, y0 + size], [x0 + size, y0], [x0, y0]]


def geojson() -> dict:
    features = [
        {"type": "Feature", "id": code, "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [square(2 * i)]}}
        for i, code in enumerate(SQUARES)
    ]
    return {"type": "FeatureCollection", "features": features}


def map_table() -> pd.DataFrame:
    # bins [0, 0.1, 0.2, 0.3]: A 0.05 -> bin 0; B 0.10 (on the edge) -> bin 1; C 0.29 -> bin 2; D missing.
    return pd.DataFrame({"code": SQUARES, "name": ["Aa", "Bee", "Cee", "Dee"], "share": [0.05, 0.10, 0.29, np.nan]})


def trajectory() -> pd.DataFrame:
    years = np.arange(2022, 2031)
    observed = np.full(len(years), np.nan)
    observed[[0, 2]] = [700_000, 919_000]
    required = np.where(years >= 2024, 919_000 + (years - 2024) * (581_000 / 6), np.nan)
    trend = np.where(years >= 2024, 919_000 + (years - 2024) * 109_500, np.nan)
    target = np.where(years == 2030, 1_500_000.0, np.nan)
    return pd.DataFrame(
        {"year": years, "observed_homes": observed, "required_path": required, "trend": trend, "target": target}
    )


COUNTS = pd.DataFrame(
    {
        "phase": ["orientatie", "haalbaarheid", "projectontwikkeling", "realisatie", "exploitatie",
                  "gestopt", "onbekend"],
        "initiatives": [21, 32, 4, 1, 6, 42, 3],
    }
)
CONVERSION = pd.DataFrame(
    {
        "from_phase": ["orientatie", "haalbaarheid", "projectontwikkeling", "realisatie"],
        "to_phase": ["haalbaarheid", "projectontwikkeling", "realisatie", "exploitatie"],
        "conversion": [0.64, 0.17, np.nan, 0.5],
    }
)
TIME = pd.DataFrame(
    {
        "phase": ["orientatie", "haalbaarheid", "projectontwikkeling"],
        "n": [10, 8, 0],
        "median_months": [13.5, 23.0, np.nan],
        "p90_months": [40.0, 61.0, np.nan],
    }
)
MIX = pd.DataFrame({"value": ["warmtenet", "hybride", "onbekend"], "initiatives": [8, 1, 1], "share": [0.8, 0.1, 0.1]})
CLASSES = pd.DataFrame(
    {"involvement_class": ["laag", "midden", "hoog"], "councils": [136, 178, 28],
     "share": [136 / 342, 178 / 342, 28 / 342]}
)
INDICATORS = pd.DataFrame(
    {"indicator": ["tvw_adopted", "wup_adopted"], "label": ["TVW vastgesteld", "WUP vastgesteld"], "share": [0.98, 0.2]}
)
SCATTER = pd.DataFrame(
    {
        "code": ["GM1", "GM2", "GM3", "GM4"],
        "name": ["Een", "Twee", "Drie", "Vier"],
        "involvement_index": [20.0, 55.0, 80.0, np.nan],
        "progress_to_target": [0.3, 0.5, 0.4, 0.2],
        "housing_stock": [1000, 4000, 9000, 100],
    }
)
COMPARE = pd.DataFrame({"code": ["GM1", "GM2", "GM3"], "name": ["Een", "Twee", "Drie"], "share": [0.1, 0.3, 0.2]})
ADOPTION = pd.DataFrame({"year": [2022, 2021], "adopted": [330, 300], "total": [344, 352]})

BUILDERS = {
    "trajectory": lambda m: C.trajectory_chart(trajectory(), m, {}),
    "pace": lambda m: C.pace_chart(96_833.3, 50_000.0, m, {}),
    "map": lambda m: C.choropleth_map(map_table(), geojson(), "share", [0, 0.1, 0.2, 0.3], m, {}),
    "map_categorical": lambda m: C.choropleth_map(
        map_table().assign(on=[True, False, True, None]), geojson(), "on", [], m, {},
        categorical={"True": "Op koers", "False": "Niet op koers"},
    ),
    "funnel": lambda m: C.funnel_chart(COUNTS, CONVERSION, m, {}),
    "time_in_phase": lambda m: C.time_in_phase_chart(TIME, 18, m, {}),
    "mix": lambda m: C.mix_chart(MIX, m, {}),
    "council_classes": lambda m: C.council_classes_chart(CLASSES, m, {}),
    "indicator_shares": lambda m: C.indicator_shares_chart(INDICATORS, m, {}),
    "scatter": lambda m: C.scatter_chart(SCATTER, "involvement_index", "progress_to_target", m, {}, highlight="GM2"),
    "comparison": lambda m: C.comparison_chart(COMPARE, "share", "GM3", m, {}),
    "adoption": lambda m: C.adoption_chart(ADOPTION, m, {}),
}

EMPTY = {
    "trajectory": lambda m, lab: C.trajectory_chart(trajectory().iloc[0:0], m, lab),
    "trajectory_unobserved": lambda m, lab: C.trajectory_chart(trajectory().assign(observed_homes=np.nan), m, lab),
    "pace": lambda m, lab: C.pace_chart(None, None, m, lab),
    "pace_nan": lambda m, lab: C.pace_chart(float("nan"), 3.0, m, lab),
    "map": lambda m, lab: C.choropleth_map(map_table().iloc[0:0], geojson(), "share", [0, 1], m, lab),
    "map_no_geometry": lambda m, lab: C.choropleth_map(map_table(), {"type": "FeatureCollection", "features": []},
                                                       "share", [0, 1], m, lab),
    "funnel": lambda m, lab: C.funnel_chart(pd.DataFrame(columns=["phase", "initiatives"]), pd.DataFrame(), m, lab),
    "funnel_zero": lambda m, lab: C.funnel_chart(COUNTS.assign(initiatives=0), CONVERSION, m, lab),
    "time_in_phase": lambda m, lab: C.time_in_phase_chart(TIME.iloc[0:0], 18, m, lab),
    "time_in_phase_no_spells": lambda m, lab: C.time_in_phase_chart(TIME.assign(n=0), 18, m, lab),
    "mix": lambda m, lab: C.mix_chart(MIX.iloc[0:0], m, lab),
    "council_classes": lambda m, lab: C.council_classes_chart(CLASSES.assign(councils=0, share=0.0), m, lab),
    "indicator_shares": lambda m, lab: C.indicator_shares_chart(INDICATORS.iloc[0:0], m, lab),
    "scatter": lambda m, lab: C.scatter_chart(SCATTER.iloc[0:0], "involvement_index", "progress_to_target", m, lab),
    "scatter_all_missing": lambda m, lab: C.scatter_chart(SCATTER.assign(involvement_index=np.nan),
                                                          "involvement_index", "progress_to_target", m, lab),
    "comparison": lambda m, lab: C.comparison_chart(COMPARE.iloc[0:0], "share", "GM1", m, lab),
    "adoption": lambda m, lab: C.adoption_chart(ADOPTION.iloc[0:0], m, lab),
}


# --- What every figure carries -------------------------------------------------------


@pytest.mark.parametrize("name", list(BUILDERS))
def test_title_subtitle_and_source_are_in_the_figure(name):
    fig = BUILDERS[name](meta())
    assert TITLE in plain(fig.layout.title.text)
    assert fig.layout.title.subtitle.text == "Nederland · 2024 · aardgasvrij"
    (source,) = named(fig, "source")
    assert SOURCE in plain(source.text)
    # The source sits at the bottom inside the figure: below the plot area, within the bottom margin.
    assert source.yref == "paper" and source.y == 0 and source.yanchor == "bottom"
    assert -fig.layout.margin.b < source.yshift < 0


@pytest.mark.parametrize("name", list(BUILDERS))
@pytest.mark.parametrize("illustrative", [False, True])
def test_illustrative_badge_iff_illustrative(name, illustrative):
    fig = BUILDERS[name](meta(illustrative=illustrative, illustrative_label="Illustratieve data"))
    badges = named(fig, "illustrative_badge")
    assert len(badges) == (1 if illustrative else 0)
    if illustrative:
        assert "Illustratieve data" in plain(badges[0].text)
        assert badges[0].bordercolor and badges[0].borderwidth > 0


@pytest.mark.parametrize("name", list(BUILDERS))
@pytest.mark.parametrize(("lang", "expected"), [("nl", ",."), ("en", ".,")])
def test_separators_follow_language(name, lang, expected):
    assert BUILDERS[name](meta(lang=lang)).layout.separators == expected


@pytest.mark.parametrize("name", list(EMPTY))
def test_empty_input_gives_a_no_data_figure(name):
    fig = EMPTY[name](meta(illustrative=True), {"no_data": "Geen gegevens"})
    (note,) = named(fig, "no_data")
    assert note.text == "Geen gegevens"
    assert TITLE in plain(fig.layout.title.text) and SOURCE in all_text(fig)
    assert len(named(fig, "illustrative_badge")) == 1
    assert len(fig.data) == 0


def test_no_data_text_without_labels_comes_from_the_locale():
    fig = C.mix_chart(MIX.iloc[0:0], meta(lang="en"), None)
    assert named(fig, "no_data")[0].text == "No data"
    assert named(C.mix_chart(MIX.iloc[0:0], meta(), None), "no_data")[0].text == "Geen gegevens"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_builders_without_labels_read_the_locale_table(lang):
    table = chart_labels(lang)
    fig = C.funnel_chart(COUNTS, CONVERSION, meta(lang=lang))
    assert list(fig.layout.yaxis.ticktext) == [table[p] for p in COUNTS["phase"]]
    assert fig.layout.xaxis.title.text == table["initiatives"]
    fig = C.trajectory_chart(trajectory(), meta(lang=lang))
    assert {t.meta: t.name for t in fig.data}["observed_homes"] == table["observed"]


def test_a_key_missing_from_labels_shows_as_itself():
    """No hidden defaults: what the caller's labels lack is visible as its key."""
    fig = C.pace_chart(96_833.3, None, meta(lang="en"), {"required": "Needed"})
    assert list(fig.data[0].y) == ["Needed", "actual"]
    assert fig.layout.xaxis.title.text == "homes_per_year"


@pytest.mark.parametrize(("lang", "badge"), [("nl", "Illustratieve data"), ("en", "Illustrative data")])
def test_illustrative_badge_text_defaults_to_the_locale(lang, badge):
    fig = C.mix_chart(MIX, ChartMeta(title="T", source="S", illustrative=True, lang=lang), {})
    assert plain(named(fig, "illustrative_badge")[0].text).strip() == badge


def test_permalink_is_printed_under_the_source():
    fig = C.mix_chart(MIX, meta(permalink="https://warmtemonitor.example/?lang=nl&region=GM0363"), {})
    text = named(fig, "source")[0].text  # lines broken to fit a phone: words at spaces, the link before ? and &
    assert text.replace("<br>", " ").index(SOURCE) < text.replace("<br>", "").index(
        "https://warmtemonitor.example/?lang=nl&region=GM0363")


def test_no_permalink_line_without_permalink():
    assert named(C.mix_chart(MIX, meta(), {}), "source")[0].text.replace("<br>", " ") == SOURCE


def test_finish_themes_any_figure():
    fig = C.finish(go.Figure(go.Bar(x=[1], y=["a"])), ChartMeta(title="T", source="S", lang="en"))
    assert fig.layout.paper_bgcolor == "white" and fig.layout.plot_bgcolor == "white"
    assert fig.layout.title.x == 0 and fig.layout.title.xanchor == "left"
    assert fig.layout.title.text == "<b>T</b>"
    assert not fig.layout.title.subtitle.text
    assert fig.layout.separators == ".,"


# --- Palettes ---------------------------------------------------------------------


def test_palettes_are_okabe_ito_and_ylgnbu():
    okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}
    assert set(C.CATEGORICAL) == okabe_ito
    assert C.SEQUENTIAL == ("#edf8b1", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#253494", "#081d58")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, ["#1d91c0"]),  # the middle one: index 8 // 2
        (2, ["#edf8b1", "#081d58"]),
        # indices round(i * 7 / 2) = 0, 4 (3.5 rounds to even), 7
        (3, ["#edf8b1", "#1d91c0", "#081d58"]),
        # indices round(i * 7 / 4) = 0, 2 (1.75), 4 (3.5), 5 (5.25), 7
        (5, ["#edf8b1", "#7fcdbb", "#1d91c0", "#225ea8", "#081d58"]),
    ],
)
def test_sequential_colours(n, expected):
    assert C.sequential_colours(n) == expected


def test_many_sequential_colours_are_interpolated():
    colours = C.sequential_colours(12)
    assert len(colours) == 12 and len(set(colours)) == 12


# --- Bins ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-0.5, 0),  # below the first edge: first bin
        (0.0, 0),
        (0.0999, 0),
        (0.1, 1),  # exactly on an inner edge: the upper bin
        (0.15, 1),
        (0.2, 2),  # on the next edge: upper bin again
        (0.3, 2),  # on the last edge: the last bin (there is no upper one)
        (7.0, 2),  # above the last edge: last bin
        (float("nan"), -1),  # missing
    ],
)
def test_bin_index_edge_goes_to_upper_bin(value, expected):
    assert C.bin_index([value], [0.0, 0.1, 0.2, 0.3]).tolist() == [expected]


@pytest.mark.parametrize("bins", [[], [0.5], [0.0, 0.0], [0.3, 0.2, 0.1]])
def test_bin_index_rejects_bad_edges(bins):
    with pytest.raises(ValueError, match="ascending edges"):
        C.bin_index([0.1], bins)


# --- 1. Trajectory --------------------------------------------------------------------


def test_trajectory_traces_carry_the_lines():
    traj = trajectory()
    fig = C.trajectory_chart(traj, meta(), {"observed": "Waargenomen", "target": "Doel 2030", "homes": "Woningen"})
    by = {t.meta: t for t in fig.data}
    assert set(by) == {"observed_homes", "required_path", "trend", "target"}
    assert by["observed_homes"].name == "Waargenomen"
    assert arr(by["observed_homes"].x).tolist() == [2022, 2024]
    assert arr(by["observed_homes"].y).tolist() == [700_000, 919_000]
    assert "markers" in by["observed_homes"].mode
    assert by["required_path"].line.dash == "dash" and by["trend"].line.dash == "dot"
    assert arr(by["required_path"].x).tolist() == list(range(2024, 2031))
    assert arr(by["required_path"].y)[-1] == pytest.approx(1_500_000)
    assert arr(by["target"].x).tolist() == [2030] and arr(by["target"].y).tolist() == [1_500_000]
    assert by["target"].marker.symbol == "diamond" and "Doel 2030" in by["target"].texttemplate
    assert fig.layout.yaxis.title.text == "Woningen"
    assert fig.layout.yaxis.tickformat == ",.0f"


# --- 2. Pace --------------------------------------------------------------------------


def test_pace_bars_and_labels():
    fig = C.pace_chart(96_833.3, 50_000.0, meta(), {"required": "Benodigd", "actual": "Werkelijk"})
    (bar,) = fig.data
    assert list(bar.y) == ["Benodigd", "Werkelijk"]
    assert list(bar.x) == [96_833.3, 50_000.0]
    assert bar.orientation == "h" and bar.texttemplate == "%{x:,.0f}"


def test_pace_without_actual_says_unknown():
    fig = C.pace_chart(96_833.3, None, meta(), {"unknown": "onbekend"})
    assert list(fig.data[0].x) == [96_833.3, None]
    assert named(fig, "unknown")[0].text == "onbekend"


# --- 3. Map ---------------------------------------------------------------------------


def segments(trace) -> list[np.ndarray]:
    """The rings of a polygon trace (split at the NaN gaps) as (n, 2) arrays."""
    xy = np.c_[arr(trace.x), arr(trace.y)]
    gaps = np.flatnonzero(np.isnan(xy[:, 0]))
    parts = [part[~np.isnan(part[:, 0])] for part in np.split(xy, gaps)]
    return [part for part in parts if len(part)]


def regions_in(trace) -> list[str]:
    """Codes of the squares in a polygon trace (square i starts at x = 2 i)."""
    return sorted(SQUARES[int(round(seg[:, 0].min() / 2))] for seg in segments(trace))


def hover_markers(fig, tag="regions"):
    return [t for t in fig.data if t.meta == tag]


def test_map_one_hover_marker_per_code_with_customdata():
    fig = BUILDERS["map"](meta())
    traces = hover_markers(fig)
    codes = [c for t in traces for c in t.customdata]
    assert sorted(codes) == SQUARES  # exactly one per region
    names = {c: n for t in traces for c, n in zip(t.customdata, t.text, strict=True)}
    assert names == {"A": "Aa", "B": "Bee", "C": "Cee", "D": "Dee"}
    for t in traces:  # each marker lies inside its own square
        for code, x, y in zip(t.customdata, t.x, t.y, strict=True):
            i = SQUARES.index(code)
            assert 2 * i < x < 2 * i + 1 and 50 < y < 51
        assert t.marker.opacity == 0  # invisible, there for hover and selection


def test_map_colours_per_bin_by_hand():
    fig = BUILDERS["map"](meta())
    bins = {t.meta: t for t in fig.data if str(t.meta).startswith("bin:")}
    # 3 bins -> sequential_colours(3); A in bin 0, B (on the 0.1 edge) and C in upper bins, D no data.
    assert bins["bin:0"].fillcolor == "#edf8b1" and regions_in(bins["bin:0"]) == ["A"]
    assert bins["bin:1"].fillcolor == "#1d91c0" and regions_in(bins["bin:1"]) == ["B"]
    assert bins["bin:2"].fillcolor == "#081d58" and regions_in(bins["bin:2"]) == ["C"]
    assert bins["bin:-1"].fillcolor == C.NO_DATA_COLOUR and regions_in(bins["bin:-1"]) == ["D"]
    # Discrete legend: one entry per bin in order, then no data; no colourbar anywhere.
    assert [bins[k].name for k in ("bin:0", "bin:1", "bin:2", "bin:-1")] == [
        "&lt; 10,0%", "10,0% – 20,0%", "≥ 20,0%", "no_data"]  # a key missing from labels shows as itself
    assert all(t.fill == "toself" and t.hoveron == "fills" for t in bins.values())
    assert not any(getattr(t.marker, "showscale", None) for t in fig.data if t.type == "scatter")


def test_map_hover_values_and_format():
    fig = BUILDERS["map"](meta())
    valued = [t for t in hover_markers(fig) if "marker.color" in t.hovertemplate]
    (t,) = valued
    assert dict(zip(t.customdata, arr(t.marker.color), strict=True)) == {"A": 0.05, "B": 0.10, "C": 0.29}
    assert "%{marker.color:.1%}" in t.hovertemplate and "%{text}" in t.hovertemplate
    (missing,) = [t for t in hover_markers(fig) if t not in valued]
    assert list(missing.customdata) == ["D"] and "no_data" in missing.hovertemplate


def test_map_bin_labels_value_format_and_label_keys():
    fig = C.choropleth_map(map_table(), geojson(), "share", [0, 0.1, 0.2, 0.3], meta(lang="en"),
                           {"share": "Gas-free share", "no_data": "n/a"}, bin_labels=["low", "mid", "high"],
                           value_format=".0%")
    names = [t.name for t in fig.data if str(t.meta).startswith("bin:")]
    assert names == ["low", "mid", "high", "n/a"]
    assert fig.layout.legend.title.text == "Gas-free share"
    assert any("Gas-free share: %{marker.color:.0%}" in (t.hovertemplate or "") for t in fig.data)


def test_map_wrong_number_of_bin_labels():
    with pytest.raises(ValueError, match="bin_labels"):
        C.choropleth_map(map_table(), geojson(), "share", [0, 0.1, 0.2], meta(), {}, bin_labels=["one"])


def test_map_categorical_colours_follow_the_mapping():
    fig = BUILDERS["map_categorical"](meta())
    bins = {t.meta: t for t in fig.data if str(t.meta).startswith("bin:")}
    assert bins["bin:0"].name == "Op koers" and bins["bin:0"].fillcolor == C.CATEGORICAL[0]
    assert bins["bin:1"].name == "Niet op koers" and bins["bin:1"].fillcolor == C.CATEGORICAL[1]
    assert regions_in(bins["bin:0"]) == ["A", "C"] and regions_in(bins["bin:1"]) == ["B"]
    assert regions_in(bins["bin:-1"]) == ["D"]
    valued = [t for t in hover_markers(fig) if "%{hovertext}" in t.hovertemplate]
    labels = {c: h for t in valued for c, h in zip(t.customdata, t.hovertext, strict=True)}
    assert labels == {"A": "Op koers", "B": "Niet op koers", "C": "Op koers"}


def test_map_has_no_geo_trace_and_equal_aspect_hidden_axes():
    fig = BUILDERS["map"](meta())
    assert {t.type for t in fig.data} == {"scatter"}  # no choropleth/geo: those fetch topojson from a CDN
    assert not fig.layout.xaxis.visible and not fig.layout.yaxis.visible
    assert fig.layout.yaxis.scaleanchor == "x"
    # lon/lat degrees: 1 degree of latitude is 1 / cos(50.5°) degrees of longitude on screen
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / np.cos(np.radians(50.5)))
    x0, x1 = fig.layout.xaxis.range
    assert x0 < 0 and x1 > 7  # fitted to the regions drawn (x 0..7) with a small margin


def test_map_hover_grid_points_lie_in_their_region():
    fig = C.choropleth_map(map_table(), geojson(), "share", [0, 0.1, 0.2, 0.3], meta(), {}, hover_points=200)
    grid = hover_markers(fig, "hover")
    n = 0
    for t in grid:
        for code, x, y in zip(t.customdata, t.x, t.y, strict=True):
            i = SQUARES.index(code)
            assert 2 * i < x < 2 * i + 1 and 50 < y < 51
            n += 1
    assert 100 < n < 400
    assert not hover_markers(C.choropleth_map(map_table(), geojson(), "share", [0, 1], meta(), {}, hover_points=0),
                             "hover")


def donut_geojson() -> dict:
    outer = square(0, 3)
    hole = [[1, 51], [2, 51], [2, 52], [1, 52], [1, 51]]  # anticlockwise: same orientation as nothing in particular
    inner = [[1, 51], [1, 52], [2, 52], [2, 51], [1, 51]]
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": "R", "geometry": {"type": "Polygon", "coordinates": [outer, hole]}},
        {"type": "Feature", "id": "I", "geometry": {"type": "MultiPolygon", "coordinates": [[inner]]}},
    ]}


def signed_area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y))


def test_map_holes_stay_open_and_label_points_avoid_them():
    table = pd.DataFrame({"code": ["R", "I"], "name": ["Ring", "Inner"], "v": [1.0, 5.0]})
    fig = C.choropleth_map(table, donut_geojson(), "v", [0, 2, 10], meta(), {})
    (ring_trace,) = [t for t in fig.data if t.meta == "bin:0"]
    outer, hole = segments(ring_trace)
    # exterior anticlockwise, hole clockwise: a nonzero fill leaves the hole unpainted
    assert signed_area(outer) > 0 > signed_area(hole)
    points = {c: (x, y) for t in hover_markers(fig) for c, x, y in zip(t.customdata, t.x, t.y, strict=True)}
    rx, ry = points["R"]
    assert 0 < rx < 3 and 50 < ry < 53 and not (1 <= rx <= 2 and 51 <= ry <= 52)
    ix, iy = points["I"]
    assert 1 < ix < 2 and 51 < iy < 52


def test_map_highlight_outlines_one_region():
    fig = C.choropleth_map(map_table(), geojson(), "share", [0, 0.1, 0.2, 0.3], meta(), {}, highlight="C")
    (outline,) = [t for t in fig.data if t.meta == "highlight"]
    assert regions_in(outline) == ["C"] and outline.name == "Cee"


def test_map_ignores_codes_without_geometry_and_duplicates():
    table = pd.concat([map_table(), pd.DataFrame({"code": ["Z", "A"], "name": ["Zed", "Aa"], "share": [0.1, 0.2]})])
    fig = C.choropleth_map(table, geojson(), "share", [0, 0.1, 0.2, 0.3], meta(), {})
    assert sorted(c for t in hover_markers(fig) for c in t.customdata) == SQUARES


# --- 4. Funnel ------------------------------------------------------------------------


def test_funnel_bars_equal_counts_in_phase_order():
    labels = {"orientatie": "Oriëntatie", "gestopt": "Gestopt", "conversion": "{value} door"}
    fig = C.funnel_chart(COUNTS, CONVERSION, meta(), labels)
    (bar,) = fig.data
    assert list(bar.x) == [21, 32, 4, 1, 6, 42, 3]
    assert list(bar.customdata) == list(COUNTS["phase"])
    assert list(fig.layout.yaxis.ticktext)[:2] == ["Oriëntatie", "haalbaarheid"]  # missing from labels: the code
    assert list(fig.layout.yaxis.ticktext)[-2:] == ["Gestopt", "onbekend"]
    # stopped and unknown grey and set apart below a gap
    colours = list(bar.marker.color)
    assert colours[:5] == [C.BLUE] * 5 and colours[5:] == [C.GREY] * 2
    y = list(bar.y)
    assert y[5] - y[4] > 1 and y[6] - y[5] == 1
    # conversions annotated between consecutive phases; NaN shown as a dash
    texts = [(a.y, a.text) for a in named(fig, "conversion")]
    assert texts == [(0.5, "↓ 64% door"), (1.5, "↓ 17% door"), (2.5, "↓ – door"), (3.5, "↓ 50% door")]


# --- 5. Time in phase -----------------------------------------------------------------


def test_time_in_phase_bars_markers_and_stall_line():
    fig = C.time_in_phase_chart(TIME, 18, meta(), {"stall": "Stokt: meer dan {months} maanden"})
    bar, p90, stall = fig.data
    assert arr(bar.x)[:2].tolist() == [13.5, 23.0] and np.isnan(arr(bar.x)[2])
    assert arr(p90.x)[:2].tolist() == [40.0, 61.0]
    assert list(bar.customdata) == [10, 8, 0]
    assert list(bar.y) == ["orientatie", "haalbaarheid", "projectontwikkeling"]  # missing from labels: the codes
    (line,) = [s for s in fig.layout.shapes if s.name == "stall"]
    assert line.x0 == line.x1 == 18
    assert stall.name == "Stokt: meer dan 18 maanden" and stall.line.dash == line.line.dash


# --- 6. Mix ---------------------------------------------------------------------------


def test_mix_bars_translate_codes():
    fig = C.mix_chart(MIX, meta(), {"warmtenet": "Warmtenet"})
    (bar,) = fig.data
    assert list(bar.y) == ["Warmtenet", "hybride", "onbekend"]  # missing from labels: the codes
    assert list(bar.x) == [8, 1, 1] and arr(bar.customdata).tolist() == [0.8, 0.1, 0.1]
    assert list(bar.marker.color) == [C.BLUE, C.BLUE, C.GREY]


# --- 7. Council classes ---------------------------------------------------------------


def test_council_classes_bars():
    fig = C.council_classes_chart(CLASSES, meta(), {"laag": "Laag", "midden": "Midden", "hoog": "Hoog"})
    (bar,) = fig.data
    assert list(bar.y) == ["Laag", "Midden", "Hoog"]
    assert arr(bar.x).tolist() == pytest.approx([136 / 342, 178 / 342, 28 / 342])
    assert list(bar.customdata) == [136, 178, 28]
    assert bar.texttemplate.startswith("%{x:.0%}")


# --- 8. Indicator shares --------------------------------------------------------------


def test_indicator_shares_bars_use_label_column_or_override():
    fig = C.indicator_shares_chart(INDICATORS, meta(), {"wup_adopted": "WUP"})
    (bar,) = fig.data
    assert list(bar.y) == ["TVW vastgesteld", "WUP"]
    assert list(bar.x) == [0.98, 0.2] and list(bar.customdata) == ["tvw_adopted", "wup_adopted"]


# --- 9. Scatter -----------------------------------------------------------------------


def test_scatter_points_highlight_and_formats():
    labels = {"involvement_index": "Betrokkenheid", "progress_to_target": "Voortgang"}
    fig = C.scatter_chart(SCATTER, "involvement_index", "progress_to_target", meta(), labels, highlight="GM2")
    rest, hl = fig.data
    assert list(rest.customdata) == ["GM1", "GM3"]  # GM4 has no x and is left out
    assert arr(rest.x).tolist() == [20.0, 80.0] and arr(rest.y).tolist() == [0.3, 0.4]
    assert list(hl.customdata) == ["GM2"] and list(hl.text) == ["Twee"] and "text" in hl.mode
    assert hl.marker.size > rest.marker.size and hl.marker.color != rest.marker.color
    assert fig.layout.xaxis.title.text == "Betrokkenheid" and fig.layout.yaxis.title.text == "Voortgang"
    assert fig.layout.yaxis.tickformat == ".1%" and fig.layout.xaxis.tickformat == ",.0f"


def test_scatter_size_column_scales_area():
    fig = C.scatter_chart(SCATTER, "involvement_index", "progress_to_target", meta(), {}, size="housing_stock")
    (t,) = fig.data
    assert arr(t.marker.size).tolist() == [1000, 4000, 9000] and t.marker.sizemode == "area"
    assert t.marker.sizeref == pytest.approx(2 * 9000 / 40**2)


def test_scatter_hover_names_the_size_column_by_its_label():
    fig = C.scatter_chart(SCATTER, "involvement_index", "progress_to_target", meta(), {"housing_stock": "Woningen"},
                          size="housing_stock")
    assert "<br>Woningen: %{marker.size:,.0f}" in fig.data[0].hovertemplate


# --- 10. Comparison -------------------------------------------------------------------


def test_comparison_sorted_with_highlight():
    fig = C.comparison_chart(COMPARE, "share", "GM3", meta(), {"share": "Aandeel"})
    (bar,) = fig.data
    assert list(bar.y) == ["Twee", "Drie", "Een"] and arr(bar.x).tolist() == [0.3, 0.2, 0.1]
    assert list(bar.customdata) == ["GM2", "GM3", "GM1"]
    colours = list(bar.marker.color)
    assert colours[1] == C.BLUE and colours[0] == colours[2] != C.BLUE
    assert fig.layout.xaxis.title.text == "Aandeel" and bar.texttemplate == "%{x:.1%}"


# --- 11. Adoption ---------------------------------------------------------------------


def test_adoption_bars_sorted_by_year_with_share():
    fig = C.adoption_chart(ADOPTION, meta(), {"adopted": "Vastgesteld", "all_councils": "Alle gemeenten"})
    total, adopted = fig.data
    assert list(adopted.x) == ["2021", "2022"] and arr(adopted.y).tolist() == [300, 330]
    assert arr(total.y).tolist() == [352, 344]
    assert arr(adopted.customdata).tolist() == pytest.approx([300 / 352, 330 / 344])
    assert adopted.name == "Vastgesteld" and total.name == "Alle gemeenten"
    assert "%{customdata:.0%}" in adopted.texttemplate


# --- Purity -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(Path(C.__file__).parent.glob("*.py")), ids=lambda p: p.name)
def test_charts_module_is_pure(path):
    source = path.read_text(encoding="utf-8")
    for forbidden in ("import streamlit", "import duckdb", "open(", "requests"):
        assert forbidden not in source
