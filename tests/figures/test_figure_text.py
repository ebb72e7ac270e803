"""What a reader sees in a chart: whole-number ticks on counts, readable colours, headers that fit a phone.

The tick labels are read from the figure as Chromium draws it (SVG through the export browser), at a phone's
width (390 px) and a desktop's (1000 px): plotly's automatic ticks put half-steps on a short count axis, which a
whole-number format prints as 0, 1, 1, 2, 2 (issue 13 item 3).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from warmte import figures as C
from warmte.figures import ChartMeta, theme

META = ChartMeta(title="Titel", source="Bron: test", subtitle="Nederland · 2024")

# --- Item 3: whole-number ticks on count axes ------------------------------------------------------------


@pytest.mark.parametrize("span,step", [(0, 1), (0.4, 1), (3, 1), (6, 1), (6.5, 2), (12, 2), (13, 5), (25, 5),
                                       (31, 10), (120, 20), (1_700_000, 500_000)])
def test_count_step_is_a_whole_1_2_5_step_with_at_most_six_intervals(span, step):
    assert theme.count_step(span) == step
    assert span / step <= 6


def _ticks(svg: str, axis: str) -> list[str]:
    return re.findall(rf'<g class="{axis}tick"><text[^>]*>([^<]*)</text>', svg)


def _funnel(counts):
    phases = ["orientatie", "haalbaarheid", "projectontwikkeling", "realisatie"][: len(counts)]
    return C.funnel_chart(pd.DataFrame({"phase": phases, "initiatives": counts}),
                          pd.DataFrame(columns=["from_phase", "to_phase", "conversion"]), META)


def _mix(counts):
    total = sum(counts)
    return C.mix_chart(pd.DataFrame({"value": ["warmtenet", "besparing", "zon"][: len(counts)],
                                     "initiatives": counts, "share": [c / total for c in counts]}), META)


def _adoption(counts):
    return C.adoption_chart(pd.DataFrame({"year": [2022, 2024], "adopted": counts[:2], "total": [3, 3]}), META)


def _pace(counts):
    return C.pace_chart(counts[0], counts[1], META)


def _time(counts):
    return C.time_in_phase_chart(pd.DataFrame({"phase": ["orientatie", "haalbaarheid"], "n": [1, 1],
                                               "median_months": counts[:2], "p90_months": counts[:2]}),
                                 float("nan"), META)


def _comparison(counts):
    return C.comparison_chart(pd.DataFrame({"code": ["A", "B", "C"], "name": ["Aa", "Bee", "Cee"],
                                            "homes": counts[:3]}), "homes", "A", META)


def _trajectory(counts):
    years = np.arange(2024, 2031)
    observed = np.full(len(years), np.nan)
    observed[0] = counts[0]
    return C.trajectory_chart(pd.DataFrame({
        "year": years, "observed_homes": observed, "required_path": np.linspace(counts[0], counts[1], len(years)),
        "trend": np.nan, "target": np.where(years == 2030, counts[1], np.nan)}), META)


# (builder, small counts, the count axis)
COUNT_CHARTS = [
    ("funnel", _funnel, [3, 2, 1], "x"),
    ("funnel_one", _funnel, [1], "x"),
    ("mix", _mix, [2, 1, 1], "x"),
    ("adoption", _adoption, [1, 2], "y"),
    ("pace", _pace, [3, 1], "x"),
    ("time_in_phase", _time, [2, 3], "x"),
    ("comparison", _comparison, [3, 2, 1], "x"),
    ("trajectory", _trajectory, [1, 4], "y"),
]


@pytest.mark.parametrize("width", [390, 1000])
@pytest.mark.parametrize("name,builder,counts,axis", COUNT_CHARTS, ids=[c[0] for c in COUNT_CHARTS])
def test_count_axes_label_whole_numbers_once(name, builder, counts, axis, width):
    from warmte.export import images

    if images.unavailable_reason():
        pytest.fail(images.unavailable_reason())
    fig = builder(counts)
    svg = images.image_bytes(fig, "svg", width=width).decode()
    labels = [s.replace(".", "").replace(",", "") for s in _ticks(svg, axis)]
    assert len(labels) >= 2, labels
    assert len(set(labels)) == len(labels), f"{name}: repeated tick labels {labels}"
    assert all(re.fullmatch(r"-?\d+", s) for s in labels), labels
    values = [int(s) for s in labels]
    assert values == sorted(values) or values == sorted(values, reverse=True)
    assert max(values) >= 1 and 0 in values  # the axis starts at 0 and reaches the counts


# --- Item 16c: text contrast (WCAG 2.x relative luminance) ----------------------------------------------


def _luminance(colour: str) -> float:
    """WCAG relative luminance of '#rrggbb'."""
    h = {"white": "ffffff", "black": "000000"}.get(colour.strip().lower(), colour.strip().lstrip("#"))
    assert len(h) == 6, colour
    channels = [int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_formula_matches_known_pairs():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#D55E00", "#fff4e5") == pytest.approx(3.56, abs=0.01)  # the badge as it was


def _text_colours(fig) -> list[tuple[str, str, str]]:
    """(where, text colour, background) of every text a figure draws itself."""
    lay = fig.layout
    paper = lay.paper_bgcolor or "#ffffff"
    out = [("font", lay.font.color, paper), ("title", lay.title.font.color, paper)]
    if lay.title.subtitle.text:
        out.append(("subtitle", lay.title.subtitle.font.color, paper))
    for a in lay.annotations:
        out.append((f"annotation {a.name}", (a.font.color if a.font and a.font.color else lay.font.color),
                    a.bgcolor or paper))
    for axis in (lay.xaxis, lay.yaxis):
        if axis.title and axis.title.font and axis.title.font.color:
            out.append(("axis title", axis.title.font.color, lay.plot_bgcolor or paper))
        if axis.tickfont and axis.tickfont.color:
            out.append(("ticks", axis.tickfont.color, paper))
    for tr in fig.data:
        colour = getattr(getattr(tr, "textfont", None), "color", None)
        if isinstance(colour, str):
            out.append((f"trace text {tr.name}", colour, lay.plot_bgcolor or paper))
    return out


ILLUSTRATIVE = ChartMeta(title="Titel", source="Bron: test", subtitle="Nederland · 2024", illustrative=True,
                         illustrative_label="Illustratieve data", permalink="https://example.org/?regio=GM0363")


@pytest.mark.parametrize("name,builder,counts,axis", COUNT_CHARTS, ids=[c[0] for c in COUNT_CHARTS])
def test_every_text_colour_in_a_figure_reaches_4_5_to_1(name, builder, counts, axis, monkeypatch):
    monkeypatch.setattr(f"{__name__}.META", ILLUSTRATIVE)
    fig = builder(counts)
    badge = [a for a in fig.layout.annotations if a.name == "illustrative_badge"]
    assert len(badge) == 1
    low = [(where, fg, bg, round(contrast(fg, bg), 2)) for where, fg, bg in _text_colours(fig)
           if contrast(fg, bg) < 4.5]
    assert low == []


def test_badge_colours_reach_4_5_to_1_at_12_px():
    fig = C.funnel_chart(pd.DataFrame({"phase": ["orientatie"], "initiatives": [2]}),
                         pd.DataFrame(columns=["from_phase", "to_phase", "conversion"]), ILLUSTRATIVE)
    (badge,) = [a for a in fig.layout.annotations if a.name == "illustrative_badge"]
    assert badge.font.size <= 14  # small text: the 4.5:1 norm applies
    assert contrast(badge.font.color, badge.bgcolor) >= 4.5
    assert contrast(badge.font.color, fig.layout.paper_bgcolor) >= 4.5
    assert (badge.font.color.upper(), badge.bgcolor.upper()) == (theme.BADGE_TEXT, theme.BADGE_BACKGROUND)
