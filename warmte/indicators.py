"""Region indicators: the loaded tables combined with the pure computations.

The one place that turns a :class:`warmte.store.Data` snapshot into the
numbers every page, export and the ``warmte summary`` command show: a
region's series, target, progress, funnel and council involvement, and the
per-level table behind the map. Pure (no I/O), so it is cached by the UI.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import pandas as pd

from warmte import council, funnel, model, progress
from warmte.regions import UnknownRegionError, region_members  # noqa: F401 (re-exported)

__all__ = ["UnknownRegionError", "YearError", "region_series", "region_target", "summary", "level_table",
           "region_funnel", "region_council", "municipal_targets", "latest_year"]

SERIES_COLUMNS = ["year", "housing_stock", "gas_free_homes", "hybrid_homes"]


class YearError(ValueError):
    """A year without observations was asked for."""


def _check_region(data, code: str) -> None:
    if not data.has_region(code):
        raise UnknownRegionError(code)


def latest_year(data) -> int:
    return int(max(data.years))


def _members(data, code: str) -> list[str]:
    _check_region(data, code)
    return region_members(data.municipality, code)


def region_series(data, code: str) -> tuple[pd.DataFrame, dict[int, str]]:
    """Observed housing series of a region and the data kind per year.

    For ``NL`` the national series (CBS shares times the stock, rounded to
    whole homes); for other regions the exact sum of their municipalities.

    Returns
    -------
    (DataFrame year, housing_stock, gas_free_homes, hybrid_homes; dict year -> kind)
    """
    _check_region(data, code)
    if code == model.NATIONAL_CODE:
        n = data.national_series.sort_values("year")
        series = pd.DataFrame({
            "year": n["year"].astype(int),
            "housing_stock": n["housing_stock"].astype(float),
            "gas_free_homes": (n["gas_free_share"] * n["housing_stock"]).round(),
            "hybrid_homes": (n["hybrid_share"] * n["housing_stock"]).round(),
        })
        kinds = {int(r.year): model.weakest_kind([r.stock_kind, r.gas_free_kind]) for r in n.itertuples()}
        return series.reset_index(drop=True), kinds
    members = set(_members(data, code))
    h = data.housing[data.housing["municipality_code"].isin(members)]
    grouped = h.groupby("year")
    series = grouped[["housing_stock", "gas_free_homes", "hybrid_homes"]].sum(min_count=1).reset_index()
    series = series.astype({"housing_stock": float, "gas_free_homes": float, "hybrid_homes": float})
    kinds = {int(y): model.weakest_kind(list(g["stock_kind"]) + list(g["gas_free_kind"]))
             for y, g in grouped}
    return series[SERIES_COLUMNS], kinds


@lru_cache(maxsize=8)
def _pro_rata(stock_key: tuple) -> pd.Series:
    codes, stocks = zip(*stock_key, strict=True)
    return progress.allocate_targets(pd.Series(stocks, index=list(codes)))


def municipal_targets(data, method: str = model.DEFAULT_TARGET_METHOD) -> pd.Series:
    """Target homes per municipality (index code).

    pro_rata: 1.5 million split by the 2024 stock, whole homes adding up to
    exactly 1,500,000; own_stock: 20% of the municipality's own 2024 stock.
    """
    stock = (data.housing[data.housing["year"] == model.REFERENCE_STOCK_YEAR]
             .set_index("municipality_code")["housing_stock"].sort_index())
    if method == "pro_rata":
        return _pro_rata(tuple(zip(stock.index, stock.astype(int).tolist(), strict=True)))
    if method == "own_stock":
        return (stock * model.TARGET_SHARE).rename("target_homes")
    raise ValueError(f"unknown target method {method!r}; valid: {', '.join(model.TARGET_METHODS)}")


def region_target(data, code: str, method: str = model.DEFAULT_TARGET_METHOD) -> float:
    """The region's share of the target (homes): the sum of its municipalities' targets."""
    if code == model.NATIONAL_CODE and method == "pro_rata":
        return float(model.TARGET_HOMES)
    return float(municipal_targets(data, method).reindex(_members(data, code)).sum())


def _year(data, year: int | None) -> int:
    if year is None:
        return latest_year(data)
    if int(year) not in data.years:
        raise YearError(f"no observations for {year}; available years: {', '.join(map(str, data.years))}")
    return int(year)


def region_progress(data, code: str, year: int | None = None, definition: str = model.DEFAULT_DEFINITION,
                    method: str = model.DEFAULT_TARGET_METHOD) -> progress.Progress:
    year = _year(data, year)
    series, kinds = region_series(data, code)
    try:
        return progress.compute_progress(series, year, region_target(data, code, method), definition, kinds[year])
    except ValueError as exc:
        raise YearError(str(exc)) from exc


def _clean(value):
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def summary(data, code: str = model.NATIONAL_CODE, year: int | None = None,
            definition: str = model.DEFAULT_DEFINITION, method: str = model.DEFAULT_TARGET_METHOD) -> dict:
    """The headline numbers of one region and year (the ``warmte summary`` JSON)."""
    p = region_progress(data, code, year, definition, method)
    d = p.to_dict()
    out = {
        "region": code,
        "name": data.region_name(code),
        "level": model.level_of(code),
        "year": p.year,
        "definition": definition,
        "target_method": method,
        "housing_stock": d["housing_stock"],
        "gas_free_homes": d["gas_free_homes"],
        "gas_free_share": d["gas_free_share"],
        "target_homes": d["target_homes"],
        "homes_to_go": d["homes_to_go"],
        "required_per_year": d["required_per_year"],
        "actual_per_year": d["actual_per_year"],
        "projected_year_reached": d["projected_year_reached"],
        "on_track": d["on_track"],
        "data_kind": d["data_kind"],
    }
    for key in ("housing_stock", "gas_free_homes", "target_homes", "homes_to_go"):
        if out[key] is not None and float(out[key]).is_integer():
            out[key] = int(out[key])
    return {k: _clean(v) for k, v in out.items()}


# --- Funnel and council --------------------------------------------------------------


def region_initiatives(data, code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Initiatives of a region and their phase spells."""
    members = set(_members(data, code))
    inits = data.initiative[data.initiative["municipality_code"].isin(members)]
    phases = data.initiative_phase[data.initiative_phase["initiative_id"].isin(set(inits["initiative_id"]))]
    return inits, phases


def region_funnel(data, code: str, stall_months: float = model.STALL_MONTHS_DEFAULT) -> dict:
    """Funnel summary (see :func:`warmte.funnel.funnel_summary`) for a region, as of the register date."""
    inits, phases = region_initiatives(data, code)
    result = funnel.funnel_summary(phases, inits, data.as_of, stall_months=stall_months)
    result["data_kinds"] = sorted(set(inits["data_kind"]))
    return result


def council_year(data, year: int | None = None) -> int:
    years = sorted(int(y) for y in data.council_indicator["year"].unique())
    if year is None or int(year) not in years:
        return years[-1]
    return int(year)


def region_council(data, code: str, year: int | None = None) -> pd.DataFrame:
    """Council indicators of the region's municipalities in a year, with index and class."""
    members = set(_members(data, code))
    y = council_year(data, year)
    c = data.council_indicator[(data.council_indicator["year"] == y)
                               & data.council_indicator["municipality_code"].isin(members)].copy()
    c["involvement_index"] = council.involvement_index(c).to_numpy()
    c["involvement_class"] = council.involvement_class(c["involvement_index"]).to_numpy()
    names = data.municipality.set_index("code")["name"]
    c.insert(1, "name", c["municipality_code"].map(names))
    return c.reset_index(drop=True)


# --- Per-level table (map, comparisons) -------------------------------------------------------


def level_table(data, level: str, year: int | None = None, definition: str = model.DEFAULT_DEFINITION,
                method: str = model.DEFAULT_TARGET_METHOD) -> pd.DataFrame:
    """One row per region of a level with every map indicator.

    Columns: code, name, housing_stock, gas_free_homes, gas_free_share,
    target_homes, progress_to_target (0..1, capped at 1), required_per_year,
    actual_per_year, on_track, initiatives, initiatives_per_10k_homes,
    involvement_index (mean of the municipalities), data_kind.
    """
    year = _year(data, year)
    regions = data.regions[data.regions["level"] == level]
    if regions.empty:
        raise ValueError(f"unknown level {level!r}; valid: gemeente, provincie, res, nederland")
    key = {"gemeente": "code", "provincie": "province_code", "res": "res_code"}.get(level)
    muni = data.municipality[["code", "province_code", "res_code"]].copy()
    muni["nederland"] = model.NATIONAL_CODE
    muni = muni.set_index("code")
    region_of = muni.index.to_series() if key == "code" else muni[key or "nederland"]

    # Everything per region in one pass: series, kinds, targets, initiatives, council index.
    if level == "nederland":
        p = region_progress(data, model.NATIONAL_CODE, year, definition, method)
        prog = pd.DataFrame([p.to_dict()], index=[model.NATIONAL_CODE])
        kinds = pd.Series({model.NATIONAL_CODE: p.data_kind})
    else:
        h = data.housing.assign(region=data.housing["municipality_code"].map(region_of))
        obs = h.groupby(["region", "year"], as_index=False)[["housing_stock", "gas_free_homes",
                                                            "hybrid_homes"]].sum(min_count=1)
        targets = municipal_targets(data, method).groupby(region_of).sum().reindex(regions["code"])
        try:
            prog = progress.progress_frame(obs, targets, year, definition)
        except ValueError as exc:
            raise YearError(str(exc)) from exc
        rank = {k: i for i, k in enumerate(model.DATA_KINDS)}
        now = h[h["year"] == year]
        worst = np.maximum(now["stock_kind"].map(rank), now["gas_free_kind"].map(rank).fillna(len(rank) - 1))
        kinds = worst.groupby(now["region"]).max().map(dict(enumerate(model.DATA_KINDS)))
    active = data.initiative[~data.initiative["initiative_id"].isin(_stopped_ids(data))]
    n_init = active["municipality_code"].map(region_of).value_counts()
    cidx = data.council_indicator[data.council_indicator["year"] == council_year(data)].copy()
    cidx["involvement_index"] = council.involvement_index(cidx).to_numpy()
    involvement = cidx.groupby(cidx["municipality_code"].map(region_of))["involvement_index"].mean()

    codes = regions["code"].to_numpy()
    prog = prog.reindex(codes)
    count = n_init.reindex(codes).fillna(0).astype(int).to_numpy()
    stock = prog["housing_stock"].astype(float).to_numpy()
    target = prog["target_homes"].astype(float).to_numpy()
    homes = prog["gas_free_homes"].astype(float).to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        progress_share = np.where(target > 0, np.minimum(homes / target, 1.0), np.nan)
        per_10k = np.where(stock > 0, count / stock * 10_000, np.nan)
    return pd.DataFrame({
        "code": codes, "name": regions["name"].to_numpy(),
        "housing_stock": stock, "gas_free_homes": homes,
        "gas_free_share": prog["gas_free_share"].astype(float).to_numpy(), "target_homes": target,
        "progress_to_target": progress_share,
        "required_per_year": prog["required_per_year"].astype(float).to_numpy(),
        "actual_per_year": prog["actual_per_year"].astype(float).to_numpy(),
        "projected_year_reached": prog["projected_year_reached"].astype("Int64").to_numpy(),
        "on_track": prog["on_track"].astype(bool).to_numpy(),
        "initiatives": count,
        "initiatives_per_10k_homes": per_10k,
        "involvement_index": involvement.reindex(codes).astype(float).to_numpy(),
        "data_kind": kinds.reindex(codes).to_numpy(),
    })


def _stopped_ids(data) -> set:
    current = funnel.current_phase(data.initiative_phase, data.as_of)
    return set(current[current == model.STOPPED].index)


def within(data, table: pd.DataFrame, code: str) -> pd.DataFrame:
    """Rows of a municipality-level table (column ``code``) that lie in region ``code``."""
    return table[table["code"].isin(set(_members(data, code)))].reset_index(drop=True)


def pace_table(s: dict) -> pd.DataFrame:
    """Required and actual pace of a summary as a small table (homes per year)."""
    return pd.DataFrame({"measure": ["required_per_year", "actual_per_year"],
                         "homes_per_year": [s["required_per_year"], s["actual_per_year"]]})


#: Map bins per indicator (lower edges inclusive; the last edge closes the top bin).
MAP_BINS: dict[str, list[float]] = {
    "gas_free_share": [0, 0.02, 0.05, 0.10, 0.20, 0.40, 1.0],
    "progress_to_target": [0, 0.2, 0.4, 0.6, 0.8, 1.0],
    "initiatives_per_10k_homes": [0, 0.01, 0.5, 1, 2, 5, 1000],
    "involvement_index": [0, 20, 40, 55, 70, 100],
}
#: Indicators shown as shares (formatted as percentages).
SHARE_INDICATORS = ("gas_free_share", "progress_to_target")


def similar_municipalities(data, table: pd.DataFrame, code: str, n: int = 8) -> pd.DataFrame:
    """The ``n`` municipalities most like ``code`` in size (homes) and density, plus itself.

    Distance in log(housing stock) and log(density) space, equal weights.
    """
    m = data.municipality.set_index("code")
    if code not in m.index:
        raise UnknownRegionError(code)
    feats = np.log(m[["density_per_km2"]].clip(lower=1)).join(
        np.log(table.set_index("code")[["housing_stock"]].clip(lower=1)))
    d = ((feats - feats.loc[code]) ** 2).sum(axis=1) ** 0.5
    nearest = d.sort_values().index[: n + 1]
    out = table.set_index("code").loc[nearest].reset_index()
    out["density_per_km2"] = out["code"].map(m["density_per_km2"])
    return out


def funnel_table(fun: dict) -> pd.DataFrame:
    """Phase counts with the conversion to the next phase (the funnel chart's table)."""
    conv = fun["conversion"][["from_phase", "conversion"]].rename(columns={"from_phase": "phase",
                                                                         "conversion": "conversion_to_next"})
    return fun["phase_counts"].merge(conv, how="left", on="phase")


def initiative_list(data, code: str, stall_months: float = model.STALL_MONTHS_DEFAULT) -> pd.DataFrame:
    """The initiatives of a region: name, municipality, technology, current phase, since, months, stalled, kind."""
    inits, phases = region_initiatives(data, code)
    current = funnel.current_phase(phases, data.as_of).to_dict() if len(phases) else {}
    spells = phases[phases["start_date"] <= data.as_of].sort_values("start_date").groupby("initiative_id").last()
    started = dict(zip(spells.index, spells["start_date"], strict=True))
    names = data.municipality.set_index("code")["name"]
    stalled_ids = set(funnel.stalled(phases, data.as_of, stall_months)["initiative_id"]) if len(phases) else set()
    ids = list(inits["initiative_id"])
    since = pd.to_datetime(pd.Series([started.get(i) for i in ids], dtype="object"))
    out = pd.DataFrame({
        "name": inits["name"].to_numpy(),
        "municipality": inits["municipality_code"].map(names).to_numpy(),
        "technology": inits["technology"].to_numpy(),
        "phase": [current.get(i) or model.UNKNOWN for i in ids],
        "since": since.dt.date.to_numpy(),
        "months_in_phase": ((data.as_of - since).dt.days / model.DAYS_PER_MONTH).round(0).to_numpy(),
        "stalled": inits["initiative_id"].isin(stalled_ids).to_numpy(),
        "municipal_role": [r if isinstance(r, str) else model.UNKNOWN for r in inits["municipal_role"]],
        "volunteers": inits["volunteers"].to_numpy(),
        "professional_support": inits["professional_support"].to_numpy(),
        "data_kind": inits["data_kind"].to_numpy(),
    })
    return out.sort_values(["stalled", "months_in_phase"], ascending=[False, False]).reset_index(drop=True)


def class_shares(council_rows: pd.DataFrame) -> pd.DataFrame:
    """Councils per involvement class (laag / midden / hoog) with shares."""
    return council.class_shares(council_rows["involvement_index"])


def indicator_shares(council_rows: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Share of councils meeting each indicator (counts: at least one debate or motion in the year)."""
    rows = []
    for ind in model.COUNCIL_INDICATORS:
        values = council_rows[ind.column]
        share = float((values > 0).mean()) if len(values) else float("nan")
        rows.append({"indicator": ind.column, "label": ind.label_nl if lang == "nl" else ind.label_en,
                     "share": share, "councils": int((values > 0).sum()), "total": len(values)})
    return pd.DataFrame(rows)


def adoption_by_year(data, code: str) -> pd.DataFrame:
    """Councils with an adopted transitievisie warmte per snapshot year in the region."""
    members = set(_members(data, code))
    c = data.council_indicator[data.council_indicator["municipality_code"].isin(members)]
    out = c.groupby("year").agg(adopted=("tvw_adopted", "sum"), total=("tvw_adopted", "size")).reset_index()
    return out.astype({"adopted": int, "total": int})


def council_profile(council_rows: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """One municipality's indicators as rows: indicator, label, value, weight."""
    row = council_rows.iloc[0]
    return pd.DataFrame([{"indicator": ind.column, "label": ind.label_nl if lang == "nl" else ind.label_en,
                          "value": float(row[ind.column]), "weight": ind.weight}
                         for ind in model.COUNCIL_INDICATORS]
                        + [{"indicator": "involvement_index", "label": "index (0-100)",
                            "value": round(float(row["involvement_index"]), 1),
                            "weight": 100}])


def any_illustrative(rows: pd.DataFrame) -> bool:
    """True when any row of a table with a ``data_kind`` column is illustrative."""
    return bool((rows["data_kind"] == "illustrative").any())


def council_illustrative(data, code: str) -> bool:
    """True when any council row (any year) of the region is illustrative (not imported)."""
    members = set(_members(data, code))
    return any_illustrative(data.council_indicator[data.council_indicator["municipality_code"].isin(members)])
