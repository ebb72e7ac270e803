"""The progress and comparison views on the database built from the real sources.

`data` is the measured snapshot (the default: one municipal year, 2024, CBS); `demo_data` adds the generated
layer (earlier municipal years, hybrid homes per municipality). Expected numbers are computed here from the raw
files or from the housing rows by plain sums, never taken from the functions under test.
"""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
import pytest

from warmte import config, model
from warmte.views import common
from warmte.views import comparison as comparison_view
from warmte.views import progress as progress_view

SOURCES = config.sources_dir()
CBS_CSV = SOURCES / "cbs" / "kwb2024_gemeenten_inwoners_woningvoorraad.csv"
KWB_CSV = SOURCES / "cbs" / "cbs_kwb2025_energie2024_per_gemeente_via_klaasystems.csv"
NATIONAL_STOCK_2024 = 8_204_049

pytestmark = pytest.mark.skipif(not CBS_CSV.is_file(), reason=f"real sources not in {SOURCES}")


def cbs_stock() -> dict[str, int]:
    with open(CBS_CSV, encoding="utf-8", newline="") as fh:
        return {r["statcode"]: int(r["Woningvoorraad_35"]) for r in csv.DictReader(fh)
                if r["statcode"].startswith("GM")}


def cbs_gas_free_pct() -> dict[str, int]:
    """CBS share of homes without natural gas, 2024, in whole percents."""
    with open(KWB_CSV, encoding="utf-8", newline="") as fh:
        return {r["gemeentecode"]: int(r["pct_woningen_aardgasvrij_kwb2024_85984NED"]) for r in csv.DictReader(fh)}


def _with_regions(data) -> pd.DataFrame:
    return data.housing.merge(data.municipality[["code", "province_code", "res_code"]],
                              left_on="municipality_code", right_on="code")


@pytest.fixture(scope="module")
def housing(data) -> pd.DataFrame:
    """Housing rows (measured: 2024 only) with the municipality's province and RES region."""
    return _with_regions(data)


@pytest.fixture(scope="module")
def demo_housing(demo_data) -> pd.DataFrame:
    """Housing rows with the generated years, with the municipality's province and RES region."""
    return _with_regions(demo_data)


@pytest.fixture(params=["data", "demo_data"])
def snapshot(request):
    """The measured snapshot and the one with the demonstration layer."""
    return request.getfixturevalue(request.param)


def ols_slope(x, y) -> float:
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    return float(((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum())


# --- targets --------------------------------------------------------------------------


def test_default_targets_add_up_to_exactly_1_5_million(data):
    t = progress_view.municipal_targets(data)
    assert len(t) == 342
    assert int(t.sum()) == 1_500_000
    assert (t == t.round()).all()
    stock = cbs_stock()
    assert sum(stock.values()) == NATIONAL_STOCK_2024
    for code, target in t.items():
        quota = 1_500_000 * stock[code] / NATIONAL_STOCK_2024
        assert abs(target - quota) < 1, code


def test_amsterdam_target_by_hand(data):
    # 1,500,000 * 480,852 / 8,204,049 = 87,917.2... -> 87,917 or 87,918
    quota = 1_500_000 * 480_852 / NATIONAL_STOCK_2024
    assert 87_917 < quota < 87_918
    assert progress_view.municipal_targets(data)["GM0363"] in (87_917, 87_918)
    assert progress_view.region_summary(data, "GM0363", 2024).target_homes in (87_917, 87_918)


def test_own_stock_target_is_20_percent_of_own_stock(data):
    stock = cbs_stock()
    t = progress_view.municipal_targets(data, "own_stock")
    for code, target in t.items():
        assert target == pytest.approx(0.2 * stock[code]), code
    s = progress_view.region_summary(data, "GM0363", 2024, method="own_stock")
    assert s.target_homes == pytest.approx(0.2 * 480_852)
    assert s.target_method == "own_stock"
    assert progress_view.region_target(data, "NL", "own_stock") == pytest.approx(0.2 * NATIONAL_STOCK_2024)
    pv = data.municipality.loc[data.municipality["province_code"] == "PV27", "code"]
    assert progress_view.region_target(data, "PV27", "own_stock") == pytest.approx(
        0.2 * sum(stock[c] for c in pv))


def test_unknown_target_method(data):
    with pytest.raises(ValueError, match="unknown target method"):
        progress_view.municipal_targets(data, "half")


# --- summary ---------------------------------------------------------------------------


def test_national_summary_2024_by_hand(data):
    s = progress_view.region_summary(data, "NL", 2024)
    gas_free = round(0.112 * NATIONAL_STOCK_2024)  # 918,853
    assert s.housing_stock == NATIONAL_STOCK_2024
    assert s.gas_free_homes == gas_free == 918_853
    assert s.gas_free_share == pytest.approx(0.112, abs=0.001)
    assert s.target_homes == 1_500_000
    assert s.homes_to_go == 1_500_000 - 918_853
    assert s.required_per_year == pytest.approx((1_500_000 - 918_853) / 6)
    n = data.national_series.sort_values("year")
    homes = (n["gas_free_share"] * n["housing_stock"]).round()
    pace = ols_slope(n["year"], homes)
    assert s.actual_per_year == pytest.approx(pace)
    assert s.on_track is (pace >= (1_500_000 - 918_853) / 6)
    assert s.data_kind == "compiled"  # official stock, compiled share
    assert (s.region, s.name, s.level, s.year) == ("NL", "Nederland", "nederland", 2024)


def test_summary_defaults_to_latest_year(data):
    assert progress_view.region_summary(data).year == 2024 == common.latest_year(data)


def test_summary_every_municipality(data, housing):
    h2024 = housing[housing["year"] == 2024].set_index("municipality_code")
    targets = progress_view.municipal_targets(data)
    stock_csv, pct = cbs_stock(), cbs_gas_free_pct()
    for code in data.municipality["code"]:
        s = progress_view.region_summary(data, code, 2024)
        stock, gas_free = h2024.loc[code, "housing_stock"], h2024.loc[code, "gas_free_homes"]
        assert s.housing_stock == stock == stock_csv[code]
        assert s.gas_free_homes == gas_free
        assert s.gas_free_share == pytest.approx(gas_free / stock)
        # the CBS whole percent of the CBS stock, to the whole home
        assert abs(s.gas_free_homes - pct[code] / 100 * stock_csv[code]) <= 0.5, code
        assert s.target_homes == targets[code]
        assert s.homes_to_go == max(s.target_homes - s.gas_free_homes, 0)
        assert s.required_per_year == pytest.approx(s.homes_to_go / (2030 - 2024))
        assert s.data_kind == "official"  # CBS stock and CBS share
        # one measured year: no pace, no projection from a trend
        assert s.actual_per_year is None
        if s.homes_to_go == 0:
            assert s.on_track is True
        else:
            assert s.projected_year_reached is None
            assert s.on_track is not True  # never claimed without a pace


def test_measured_municipal_years(data, demo_data):
    """Measured: one municipal year (2024, CBS); the national series keeps its four CBS years."""
    assert data.municipal_years() == [2024]
    assert data.region_years("GM0034") == data.region_years("PV24") == data.region_years("ES06") == [2024]
    assert data.region_years("NL") == data.years == [2017, 2019, 2022, 2024]
    assert data.municipal_years("gas_free_or_hybrid") == []  # no hybrid homes per municipality are measured
    assert data.region_years("NL", "gas_free_or_hybrid") == [2022, 2024]
    assert demo_data.municipal_years() == [2017, 2019, 2022, 2024]
    assert demo_data.municipal_years("gas_free_or_hybrid") == [2022, 2024]


@pytest.mark.parametrize("code", ["GM0014", "PV20", "ES06"])
def test_measured_earlier_years_are_not_observed(data, code):
    with pytest.raises(common.YearError, match="2024"):
        progress_view.region_summary(data, code, 2022)


@pytest.mark.parametrize("year", [2017, 2019, 2022])
def test_summary_earlier_years(demo_data, year):
    for code in ("NL", "PV20", "ES06", "GM0014", "GM1900"):
        s = progress_view.region_summary(demo_data, code, year)
        assert s.year == year
        assert s.homes_to_go == max(s.target_homes - s.gas_free_homes, 0)
        assert s.required_per_year == pytest.approx(s.homes_to_go / (2030 - year))


def test_summary_gas_free_or_hybrid_adds_hybrid(demo_data, demo_housing):
    s = progress_view.region_summary(demo_data, "GM0363", 2024, definition="gas_free_or_hybrid")
    row = demo_housing[(demo_housing["municipality_code"] == "GM0363") & (demo_housing["year"] == 2024)].iloc[0]
    assert s.gas_free_homes == row["gas_free_homes"] + row["hybrid_homes"]
    nl = progress_view.region_summary(demo_data, "NL", 2024, definition="gas_free_or_hybrid")
    assert nl.gas_free_homes == round(0.112 * NATIONAL_STOCK_2024) + round(0.037 * NATIONAL_STOCK_2024)


def test_gas_free_or_hybrid_measured(data):
    """Measured: hybrid homes are known nationally (CBS share), not per municipality."""
    nl = progress_view.region_summary(data, "NL", 2024, definition="gas_free_or_hybrid")
    assert nl.gas_free_homes == round(0.112 * NATIONAL_STOCK_2024) + round(0.037 * NATIONAL_STOCK_2024)
    assert data.housing["hybrid_homes"].isna().all()
    with pytest.raises(common.YearError, match="hybrid"):
        progress_view.region_summary(data, "GM0363", 2024, definition="gas_free_or_hybrid")


@pytest.mark.parametrize("year", [2017, 2019])
def test_gas_free_or_hybrid_unavailable_before_2022(data, year):
    with pytest.raises(common.YearError, match=str(year)):
        progress_view.region_summary(data, "NL", year, definition="gas_free_or_hybrid")


def test_year_without_observations(data):
    with pytest.raises(common.YearError, match="no observations for 2023; available years: 2017, 2019, 2022, 2024"):
        progress_view.region_summary(data, "NL", 2023)


@pytest.mark.parametrize("code", ["GM9999", "PV99", "ES99", "XX"])
def test_unknown_region(data, code):
    with pytest.raises(common.UnknownRegionError, match="warmte regions --search"):
        progress_view.region_summary(data, code, 2024)


# --- totals: regions are sums of their municipalities -------------------------------


@pytest.mark.parametrize("level, key, count", [("provincie", "province_code", 12), ("res", "res_code", 30)])
def test_region_totals_are_municipal_sums(snapshot, level, key, count):
    data = snapshot
    housing = _with_regions(data)
    # measured: the CBS year 2024 only; the demonstration layer adds the generated earlier years
    years = [2017, 2019, 2022, 2024] if data.demo else [2024]
    expected_kinds = {y: "illustrative" for y in years} | {2024: "official"}
    sums = housing.groupby([key, "year"])[["housing_stock", "gas_free_homes", "hybrid_homes"]].sum(min_count=1)
    targets = progress_view.municipal_targets(data)
    region_targets = targets.groupby(data.municipality.set_index("code")[key]).sum()
    regions = data.regions[data.regions["level"] == level]["code"]
    assert len(regions) == count
    for code in regions:
        series, kinds = progress_view.region_series(data, code)
        assert list(series["year"]) == years
        for r in series.itertuples():
            expected = sums.loc[(code, r.year)]
            assert r.housing_stock == expected["housing_stock"], (code, r.year)
            assert r.gas_free_homes == expected["gas_free_homes"], (code, r.year)
            if r.year >= 2022 and data.demo:
                assert r.hybrid_homes == expected["hybrid_homes"], (code, r.year)
            else:  # no hybrid figures before 2022, and none measured per municipality
                assert pd.isna(r.hybrid_homes) and pd.isna(expected["hybrid_homes"])
        assert progress_view.region_target(data, code) == region_targets[code]
        assert kinds == expected_kinds
    # and across all regions of a level, the national stock exactly
    for year in years:
        table = comparison_view.level_table(data, level, year).set_index("code")
        assert len(table) == count
        assert table["housing_stock"].sum() == data.national_series.set_index("year").loc[year, "housing_stock"]
        for code in regions:
            assert table.loc[code, "housing_stock"] == sums.loc[(code, year), "housing_stock"]
            assert table.loc[code, "gas_free_homes"] == sums.loc[(code, year), "gas_free_homes"]
            assert table.loc[code, "target_homes"] == region_targets[code]
        assert table["target_homes"].sum() == 1_500_000


def test_province_stock_2024_from_the_csv(data):
    stock = cbs_stock()
    members = data.municipality.groupby("province_code")["code"].apply(list)
    table = comparison_view.level_table(data, "provincie", 2024).set_index("code")
    for pv, codes in members.items():
        assert table.loc[pv, "housing_stock"] == sum(stock[c] for c in codes)


def test_national_series_and_municipal_sums(snapshot):
    """The national series is the CBS one in both snapshots; the municipal rows add up to it (every generated
    year in the demonstration, the CBS year 2024 in both)."""
    data = snapshot
    series, kinds = progress_view.region_series(data, "NL")
    n = data.national_series.set_index("year")
    sums = _with_regions(data).groupby("year")[["housing_stock", "gas_free_homes", "hybrid_homes"]].sum(min_count=1)
    assert list(series["year"]) == [2017, 2019, 2022, 2024]
    assert list(sums.index) == ([2017, 2019, 2022, 2024] if data.demo else [2024])
    for r in series.itertuples():
        stock = n.loc[r.year, "housing_stock"]
        assert r.gas_free_homes == round(n.loc[r.year, "gas_free_share"] * stock)
        if r.year >= 2022:
            assert r.hybrid_homes == round(n.loc[r.year, "hybrid_share"] * stock)
        else:
            assert np.isnan(r.hybrid_homes)
        if r.year not in sums.index:
            continue
        assert r.housing_stock == stock == sums.loc[r.year, "housing_stock"]
        assert abs(sums.loc[r.year, "gas_free_homes"] - r.gas_free_homes) <= 0.005 * r.gas_free_homes
        if r.year >= 2022 and data.demo:
            assert abs(sums.loc[r.year, "hybrid_homes"] - r.hybrid_homes) <= 0.005 * r.hybrid_homes
    # stocks: 2024 official (CBS), the others interpolated between two CBS stocks (compiled); shares compiled
    assert kinds == {2017: "compiled", 2019: "compiled", 2022: "compiled", 2024: "compiled"}
    assert progress_view.region_target(data, "NL") == 1_500_000
    nl = comparison_view.level_table(data, "nederland", 2024)
    assert len(nl) == 1
    assert nl.housing_stock.item() == NATIONAL_STOCK_2024 == sums.loc[2024, "housing_stock"]


@pytest.mark.parametrize("demo, year", [(True, 2022), (True, 2024), (False, 2024)])
def test_gemeente_level_table_matches_housing(data, demo_data, demo, year):
    data = demo_data if demo else data
    housing = _with_regions(data)
    table = comparison_view.level_table(data, "gemeente", year).set_index("code")
    h = housing[housing["year"] == year].set_index("municipality_code")
    assert len(table) == 342
    assert (table["housing_stock"] == h["housing_stock"].reindex(table.index)).all()
    assert (table["gas_free_homes"] == h["gas_free_homes"].reindex(table.index)).all()
    share = table["gas_free_homes"] / table["housing_stock"]
    assert np.allclose(table["gas_free_share"], share)
    assert (table["progress_to_target"] <= 1).all()
    capped = np.minimum(table["gas_free_homes"] / table["target_homes"], 1.0)
    assert np.allclose(table["progress_to_target"], capped)


# --- level_table equals summary ----------------------------------------------------------

SAMPLE = {"gemeente": ["GM0363", "GM0014", "GM1900", "GM0893", "GM0373", "GM0096"],
          "provincie": ["PV20", "PV27", "PV30"],
          "res": ["ES01", "ES06", "ES15", "ES29"],
          "nederland": ["NL"]}
COMPARED = ["housing_stock", "gas_free_homes", "gas_free_share", "target_homes", "required_per_year",
            "actual_per_year", "projected_year_reached", "on_track", "data_kind"]


_TABLES: dict = {}


def level_table(data, level: str, year: int, definition: str = "gas_free") -> pd.DataFrame:
    """level_table, computed once per module for each argument set (the gemeente table takes ~0.5 s)."""
    key = (data.demo, level, year, definition)
    if key not in _TABLES:
        _TABLES[key] = comparison_view.level_table(data, level, year, definition)
    return _TABLES[key].copy()


def _compare_with_summary(data, level: str, definition: str, year: int) -> None:
    table = level_table(data, level, year, definition).set_index("code")
    for code in SAMPLE[level]:
        s = progress_view.region_summary(data, code, year, definition)
        row = table.loc[code]
        assert row["name"] == s.name
        for col in COMPARED:
            got, want = row[col], getattr(s, col)
            if col == "on_track" and pd.isna(got):
                # the table says "unknown" where there is no pace and the target is not reached
                assert s.actual_per_year is None and s.homes_to_go > 0, code
                assert want is not True, code
            elif want is None:
                assert got is None or pd.isna(got), (code, col)
            elif isinstance(want, float):
                assert got == pytest.approx(want), (code, year, col)
            else:
                assert got == want, (code, year, col)


@pytest.mark.parametrize("definition, year", [("gas_free", 2022), ("gas_free", 2024), ("gas_free_or_hybrid", 2024)])
@pytest.mark.parametrize("level", list(SAMPLE))
def test_level_table_equals_summary(demo_data, level, definition, year):
    _compare_with_summary(demo_data, level, definition, year)


@pytest.mark.parametrize("level", list(SAMPLE))
def test_level_table_equals_summary_measured(data, level):
    _compare_with_summary(data, level, "gas_free", 2024)
    table = level_table(data, level, 2024)
    if level != "nederland":  # one municipal year: no pace, so on track only where the target is reached
        assert table["actual_per_year"].isna().all()
        reached = table["gas_free_homes"] >= table["target_homes"]
        assert (table.loc[reached, "on_track"] == True).all()  # noqa: E712
        assert table.loc[~reached, "on_track"].isna().all()
        assert set(table["data_kind"]) == {"official"}


@pytest.mark.parametrize("level", ["gemeente", "provincie", "res"])
def test_level_table_measured_has_no_earlier_municipal_year(data, level):
    with pytest.raises(common.YearError, match="2022"):
        comparison_view.level_table(data, level, 2022)


def test_level_table_own_stock(data):
    table = comparison_view.level_table(data, "provincie", 2024, method="own_stock").set_index("code")
    for code in ("PV20", "PV27"):
        assert table.loc[code, "target_homes"] == pytest.approx(
            progress_view.region_summary(data, code, 2024, method="own_stock").target_homes)
    assert table["target_homes"].sum() == pytest.approx(0.2 * NATIONAL_STOCK_2024)


def test_level_table_unknown_level(data):
    with pytest.raises(ValueError, match="unknown level"):
        comparison_view.level_table(data, "wijk", 2024)


def test_level_table_initiative_counts(data):
    table = comparison_view.level_table(data, "nederland", 2024)
    from warmte.domain import funnel

    current = funnel.current_phase(data.initiative_phase, data.as_of)
    stopped = set(current[current == model.STOPPED].index)
    assert table["initiatives"].item() == len(set(data.initiative["initiative_id"]) - stopped)
    gm = level_table(data, "gemeente", 2024)
    assert gm["initiatives"].sum() == table["initiatives"].item()


def test_on_track_is_unknown_without_a_pace(data):
    """One CBS year per municipality: Amsterdam (18% of its homes, short of its share) is neither on track nor
    behind; Almere (62%) has reached its share, so it is on track."""
    amsterdam = progress_view.region_summary(data, "GM0363", 2024)
    assert amsterdam.actual_per_year is None and amsterdam.homes_to_go > 0
    assert amsterdam.on_track is None and amsterdam.to_dict()["on_track"] is None
    almere = progress_view.region_summary(data, "GM0034", 2024)
    assert almere.homes_to_go == 0 and almere.on_track is True
