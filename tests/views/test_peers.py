"""Gemeenten zoals wij (issue 15, item 2): peers on real characteristics, ranges per indicator, a hand choice."""

from __future__ import annotations

import numpy as np
import pytest

from warmte.figures.strips import strip_chart
from warmte.figures.theme import ChartMeta
from warmte.i18n import chart_labels
from warmte.views import peers as pv
from warmte.views.comparison import level_table


@pytest.fixture(scope="module")
def table(data):
    return level_table(data, "gemeente")


def test_features_come_from_cbs_etlocal_and_the_heating_mix(data):
    f = pv.peer_features(data)
    assert len(f) == 342 and list(f.columns) == list(pv.FEATURES)
    m = data.municipality.set_index("code")
    assert f.loc["GM0363", "housing_stock"] == m.loc["GM0363", "housing_stock_2025"]
    kinds = data.housing_type.set_index("municipality_code")
    assert f.loc["GM0363", "apartment_share"] == kinds.loc["GM0363", "apartment_share"]
    mix = data.heating_mix
    assert f.loc["GM0363", "district_heating_share"] == pytest.approx(
        mix[(mix["municipality_code"] == "GM0363") & (mix["year"] == 2024)]["district_heating_share"].iloc[0])
    assert f[["housing_stock", "density_per_km2", "apartment_share", "pre1945_share"]].notna().all().all()


def test_peers_are_the_nearest_in_standardised_units(data):
    p = pv.choose_peers(data, "GM0363")
    assert len(p.codes) == pv.DEFAULT_PEERS and "GM0363" not in p.codes and not p.chosen_by_hand
    # Recompute the distances independently: z-scores of log size, log density and the three shares.
    f = pv.peer_features(data)
    z = f.copy()
    z["housing_stock"], z["density_per_km2"] = np.log(z["housing_stock"]), np.log(z["density_per_km2"])
    z = z.fillna(z.median())
    z = (z - z.mean()) / z.std(ddof=0)
    d = ((z - z.loc["GM0363"]) ** 2).sum(axis=1) ** 0.5
    expected = list(d.drop("GM0363").sort_values(kind="stable").index[:10])
    assert list(p.codes) == expected
    assert {"GM0518", "GM0599"} <= set(p.codes)  # The Hague and Rotterdam are among Amsterdam's peers
    assert list(p.distances.values()) == sorted(p.distances.values())


def test_hand_chosen_peers_are_used_as_given_and_bad_codes_dropped(data):
    chosen = pv.parse_peer_param("gm0344, GM0599,PV27,GM0363,xx,GM0344,GM9999")
    assert chosen == ["GM0344", "GM0599", "GM0363", "GM0344", "GM9999"]
    p = pv.choose_peers(data, "GM0363", chosen)
    assert p.codes == ("GM0344", "GM0599") and p.chosen_by_hand
    assert pv.choose_peers(data, "GM0363", ["GM9999"]).chosen_by_hand is False  # nothing valid: automatic


def test_ranges_and_sentences_agree_with_the_level_table(data, table):
    p = pv.choose_peers(data, "GM0363", ["GM0344", "GM0599", "GM0518"])
    ranges = pv.peer_ranges(table, p).set_index("indicator")
    t = table.set_index("code")
    share = t.loc[["GM0363", "GM0344", "GM0599", "GM0518"], "gas_free_share"].round(3)  # ranked as shown (0.1%)
    row = ranges.loc["gas_free_share"]
    assert row["value"] == share["GM0363"] and row["n"] == 4
    assert row["rank"] == int((share > share["GM0363"]).sum()) + 1
    assert row["peer_min"] == share.drop("GM0363").min() and row["peer_max"] == share.drop("GM0363").max()
    text = pv.range_sentence(ranges.reset_index().iloc[0], "Amsterdam", "nl")
    assert text.startswith(f"Aandeel aardgasvrij: 18,0%, nummer {int(row['rank'])} van 4 (vergelijkbare gemeenten: ")
    pipeline = ranges.loc["pipeline_per_1000", "value"]
    assert pipeline == round(t.loc["GM0363", "homes_planned"] / t.loc["GM0363", "housing_stock"] * 1000)


def test_ties_and_unknown_values_are_said_as_such(data, table):
    p = pv.choose_peers(data, "GM1680")  # Aa en Hunze: no heat networks, no district heating figure published
    ranges = pv.peer_ranges(table, p)
    pipeline = ranges[ranges["indicator"] == "pipeline_per_1000"].iloc[0]
    assert pipeline["value"] == 0 and pipeline["rank"] == 1
    sentence = pv.range_sentence(pipeline, "Aa en Hunze", "nl")
    if pipeline["ties"] == pipeline["n"] - 1:  # none of the peers has a network either: no "number 1 of 11"
        assert sentence == ("Woningen in warmtenetten in ontwikkeling per 1.000 woningen: 0, net als bij alle "
                            "vergelijkbare gemeenten")
    else:
        assert "gedeeld nummer 1" in sentence
    heat = ranges[ranges["indicator"] == "district_heating_share"].iloc[0]
    assert pv.range_sentence(heat, "Aa en Hunze", "en") == "District heating share: not known for Aa en Hunze"


def test_strip_chart_draws_one_strip_per_indicator_with_the_region_highlighted(data, table):
    p = pv.choose_peers(data, "GM0363")
    points = pv.peer_points(table, p)
    meta = ChartMeta(title=pv.peers_title(p, "Amsterdam", "en"), source="CBS; ETLocal", lang="en")
    fig = strip_chart(points, pv.INDICATORS, {"gas_free_share": ".1%"}, meta, chart_labels("en"))
    selves = [tr for tr in fig.data if tr.marker.symbol == "diamond"]
    assert len(selves) == len(pv.INDICATORS) and all(tr.text[0].startswith("Amsterdam: ") for tr in selves)
    rows = [r.replace("<br>", " ") for r in fig.layout.yaxis.categoryarray]
    assert {"Gas-free", "District heating", "Initiatives (per 10,000)"} <= set(rows) and len(rows) == 5
    own_values = [tx for tr in fig.data if tr.mode == "text" for tx in tr.text if tx.startswith("<b>")]
    assert "<b>18.0%</b>" in own_values  # Amsterdam's gas-free share, written at its diamond
    assert meta.title == "Amsterdam among 10 similar municipalities"
