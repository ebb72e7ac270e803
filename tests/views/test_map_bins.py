"""Map legends fit the values shown (issue 13 item 4): every map indicator, level and language.

The legend of "initiatives per 10,000 homes" read "< 0", "0 – 0", "0 – 1" with fixed bins. Here each legend
label is read back as an interval and checked against the values the map's hover shows for its areas.
"""

from __future__ import annotations

import math
import re

import pytest

from warmte import filters as flt
from warmte.views import registry

NUMBER = re.compile(r"-?[\d.,]+%?")


def parse_number(text: str, lang: str) -> float:
    share = text.endswith("%")
    body = text.rstrip("%")
    body = body.replace(".", "").replace(",", ".") if lang == "nl" else body.replace(",", "")
    return float(body) / (100 if share else 1)


def interval(label: str, lang: str) -> tuple[float, float, bool]:
    """(low, high, exact) of a legend label: "< a", "a – b", "≥ a" or a single value "a"."""
    text = label.replace("&lt;", "<").strip()
    numbers = [parse_number(m, lang) for m in NUMBER.findall(text)]
    if text.startswith("<"):
        return -math.inf, numbers[0], False
    if text.startswith("≥"):
        return numbers[0], math.inf, False
    if "–" in text:
        return numbers[0], numbers[1], False
    assert len(numbers) == 1, label
    return numbers[0], numbers[0], True


def legend_and_values(chart):
    bins = [t for t in chart.fig.data if str(t.meta).startswith("bin:") and t.meta != "bin:-1"]
    labels = [t.name for t in sorted(bins, key=lambda t: int(t.meta.split(":")[1]))]
    values = {}
    for t in chart.fig.data:
        if t.meta == "regions" and "marker.color" in (t.hovertemplate or ""):
            values.update(zip(t.customdata, [float(v) for v in t.marker.color], strict=True))
    return labels, values


def check_legend(chart, lang):
    labels, values = legend_and_values(chart)
    assert labels, "a numeric map with values has a legend"
    assert len(set(labels)) == len(labels), f"labels read the same: {labels}"
    intervals = [interval(lab, lang) for lab in labels]
    numbers = [x for lo, hi, _ in intervals for x in (lo, hi) if math.isfinite(x)]
    assert all(x >= 0 for x in numbers), f"a negative edge for a non-negative indicator: {labels}"
    assert numbers == sorted(numbers), f"labels out of order: {labels}"
    for lo, hi, exact in intervals:
        assert exact or lo < hi, f"an empty bin {lo}..{hi}: {labels}"
    counts = [0] * len(labels)
    for code, v in values.items():
        inside = [i for i, (lo, hi, exact) in enumerate(intervals)
                  if (math.isclose(v, lo, abs_tol=1e-9) if exact else lo - 1e-9 <= v < hi - 1e-9)]
        assert len(inside) == 1, f"{code} = {v} lies in {len(inside)} legend bins: {labels}"
        counts[inside[0]] += 1
    assert all(counts), f"a legend bin without any area: {dict(zip(labels, counts, strict=True))}"
    return labels, counts


NUMERIC = [i for i in flt.MAP_INDICATORS if i != "on_track"]


@pytest.mark.parametrize("level", flt.MAP_LEVELS)
@pytest.mark.parametrize("indicator", NUMERIC)
def test_every_legend_fits_the_values_shown(demo_data, indicator, level):
    for lang in ("nl", "en"):
        chart = registry.build("map", demo_data, flt.Filters(indicator=indicator, level=level, lang=lang, demo=True))
        if indicator == "tvw_status" and level == "gemeente":
            continue  # categorical: the five reported statuses
        labels, values = legend_and_values(chart)
        if not values:  # e.g. district heating: CBS publishes it for 61 municipalities, no whole province
            assert labels == [] and [t.name for t in chart.fig.data if t.meta == "bin:-1"]
            continue
        check_legend(chart, lang)


@pytest.mark.parametrize("indicator", ["gas_free_share", "progress_to_target", "gas_use_per_home",
                                       "district_heating_share"])
def test_real_data_legends_fit(data, indicator):
    chart = registry.build("map", data, flt.Filters(indicator=indicator))
    labels, counts = check_legend(chart, "nl")
    assert len(labels) >= 4 and sum(counts) == len(legend_and_values(chart)[1])


def test_initiatives_per_10k_homes_has_a_bin_of_its_own_for_none(demo_data):
    """Most municipalities have no initiative: "0" is a bin, then bins of the others (was "< 0", "0 – 0", …)."""
    chart = registry.build("map", demo_data, flt.Filters(indicator="initiatives_per_10k_homes", demo=True))
    labels, counts = check_legend(chart, "nl")
    _, values = legend_and_values(chart)
    assert labels[0] == "0"
    assert counts[0] == sum(1 for v in values.values() if v == 0) > len(values) / 2
    assert len(labels) == 5


@pytest.mark.parametrize("region", ["PV25", "ES23", "PV24"])
def test_a_regions_own_map_has_bins_of_its_own_values(data, region):
    chart = registry.build("map", data, flt.Filters(indicator="gas_free_share", region=region))
    check_legend(chart, "nl")
