"""Regions side by side: the per-level table behind the map and rankings, and similar municipalities."""

from __future__ import annotations

import numpy as np
import pandas as pd

from warmte import figures, model
from warmte.domain import council as domain_council
from warmte.domain import progress as domain_progress
from warmte.i18n import chart_labels, t
from warmte.views import initiatives, progress
from warmte.views import map as map_view
from warmte.views import peers as peers_view
from warmte.views.common import YearError, council_year, member_codes, resolve_year


def level_table(data, level: str, year: int | None = None, definition: str = model.DEFAULT_DEFINITION,
                method: str = model.DEFAULT_TARGET_METHOD) -> pd.DataFrame:
    """One row per region of a level with every map indicator.

    Columns: code, name, housing_stock, gas_free_homes, gas_free_share,
    target_homes, progress_to_target (0..1, capped at 1), required_per_year,
    actual_per_year, on_track (NA where the pace is unknown and the target not
    reached), initiatives, initiatives_per_10k_homes, involvement_index (mean of
    the municipalities; NaN without council indicators), data_kind; and the CBS
    energy figures of 2024 (district_heating_share, gas_m3_per_home: weighted by
    the housing stock, NaN unless every municipality of the region has a value),
    the transitievisie warmte (tvw_status for a municipality, tvw_adopted_share:
    the share of municipalities reporting a definitively adopted visie) and the
    heat networks in development (heat_projects, homes_planned, and plans_coverage: the homes planned as a share
    of the homes still to go).
    """
    year = resolve_year(data, year)
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
        p = progress.region_progress(data, model.NATIONAL_CODE, year, definition, method)
        prog = pd.DataFrame([p.to_dict()], index=[model.NATIONAL_CODE])
        kinds = pd.Series({model.NATIONAL_CODE: p.data_kind})
    else:
        h = data.housing.assign(region=data.housing["municipality_code"].map(region_of))
        obs = h.groupby(["region", "year"], as_index=False)[["housing_stock", "gas_free_homes",
                                                            "hybrid_homes"]].sum(min_count=1)
        targets = progress.municipal_targets(data, method).groupby(region_of).sum().reindex(regions["code"])
        try:
            prog = domain_progress.progress_frame(obs, targets, year, definition)
        except ValueError as exc:
            raise YearError(str(exc)) from exc
        rank = {k: i for i, k in enumerate(model.DATA_KINDS)}
        now = h[h["year"] <= year]  # the pace uses every observation up to the year
        worst = np.maximum(now["stock_kind"].map(rank), now["gas_free_kind"].map(rank).fillna(len(rank) - 1))
        kinds = worst.groupby(now["region"]).max().map(dict(enumerate(model.DATA_KINDS)))
    active = data.initiative[~data.initiative["initiative_id"].isin(initiatives.stopped_ids(data))]
    n_init = active["municipality_code"].map(region_of).value_counts()
    cidx = data.council_indicator[data.council_indicator["year"] == council_year(data)].copy()
    if len(cidx):
        cidx["involvement_index"] = domain_council.involvement_index(cidx).to_numpy()
        involvement = cidx.groupby(cidx["municipality_code"].map(region_of))["involvement_index"].mean()
    else:
        involvement = pd.Series(dtype=float)
    energy = _energy_by_region(data, region_of)
    tvw = data.tvw_status.set_index("municipality_code")
    adopted = tvw["status"].isin(ADOPTED).groupby(region_of).mean()
    projects = data.heat_project.assign(region=data.heat_project["municipality_code"].map(region_of))
    n_projects = projects.groupby("region").size()
    homes_planned = projects.groupby("region")["homes_planned"].sum(min_count=1)

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
        "on_track": _on_track(prog),
        "initiatives": count,
        "initiatives_per_10k_homes": per_10k,
        "involvement_index": involvement.reindex(codes).astype(float).to_numpy(),
        "district_heating_share": energy["district_heating_share"].reindex(codes).to_numpy(),
        "gas_m3_per_home": energy["gas_m3_per_home"].reindex(codes).to_numpy(),
        "tvw_status": (tvw["status"].reindex(codes).to_numpy() if level == "gemeente"
                       else np.full(len(codes), None, dtype=object)),
        "tvw_adopted_share": adopted.reindex(codes).astype(float).to_numpy(),
        "heat_projects": n_projects.reindex(codes).fillna(0).astype(int).to_numpy(),
        "homes_planned": homes_planned.reindex(codes).astype(float).to_numpy(),
        "plans_coverage": _plans_coverage(homes_planned.reindex(codes).astype(float).to_numpy(), target, homes),
        "data_kind": kinds.reindex(codes).to_numpy(),
    })


def _plans_coverage(planned: np.ndarray, target: np.ndarray, homes: np.ndarray) -> np.ndarray:
    """Homes planned in heat networks in development as a share of the homes still to go (the profile's plans
    against the task); NaN where nothing is left to do or the task is unknown. No projects: 0."""
    to_go = np.maximum(target - homes, 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(to_go > 0, np.nan_to_num(planned, nan=0.0) / to_go, np.nan)


#: TVW statuses that say the visie is definitively adopted (by the council or by the executive).
ADOPTED = ("adopted_by_council", "adopted_by_executive")


def _on_track(prog: pd.DataFrame) -> pd.arrays.BooleanArray:
    """On track where it can be said: reached, or a known pace at least the required one; else NA."""
    reached = prog["homes_to_go"].astype(float) <= 0
    known = prog["actual_per_year"].notna()
    values = prog["on_track"].astype("boolean")
    return values.where(reached | known, pd.NA).array


def _energy_by_region(data, region_of: pd.Series) -> pd.DataFrame:
    """CBS 2024 district-heating share and gas use per home per region, weighted by the 2025 stock.

    A region gets a value only when every one of its municipalities has one (CBS suppresses small values;
    averaging the published ones would overstate the region).
    """
    energy = data.municipal_energy.set_index("municipality_code")
    stock = data.municipality.set_index("code")["housing_stock_2025"].astype(float)
    frame = pd.DataFrame({"region": region_of, "stock": stock.reindex(region_of.index)})
    out = {}
    for column in ("district_heating_share", "gas_m3_per_home"):
        value = energy[column].reindex(region_of.index)
        weighted = (value * frame["stock"]).groupby(frame["region"]).sum(min_count=1)
        total = frame["stock"].groupby(frame["region"]).sum()
        complete = value.notna().groupby(frame["region"]).all()
        out[column] = (weighted / total).where(complete)
    return pd.DataFrame(out)


def within(data, table: pd.DataFrame, code: str) -> pd.DataFrame:
    """Rows of a municipality-level table (column ``code``) that lie in region ``code``."""
    return table[table["code"].isin(set(member_codes(data, code)))].reset_index(drop=True)


def similar_municipalities(data, table: pd.DataFrame, code: str, peers: tuple[str, ...] = ()) -> pd.DataFrame:
    """The municipality and its peers: the nearest on five characteristics, or those chosen by hand
    (:mod:`warmte.views.peers`, which the method page describes)."""
    chosen = peers_view.choose_peers(data, code, peers)
    m = data.municipality.set_index("code")
    out = table.set_index("code").loc[[code, *chosen.codes]].reset_index()
    out["density_per_km2"] = out["code"].map(m["density_per_km2"])
    return out


def similar_title(similar: pd.DataFrame, code: str, lang: str) -> str:
    ranked = similar.sort_values("gas_free_share", ascending=False).reset_index(drop=True)
    pos = int(ranked.index[ranked["code"] == code][0]) + 1
    name = ranked.loc[pos - 1, "name"]
    return t("similar_title", lang, name=name, pos=pos, n=len(ranked))


SIMILAR_COLUMNS = ["code", "name", "housing_stock", "density_per_km2", "gas_free_share", "progress_to_target"]


def _similar(data, filters, loaders, meta_for):
    """A municipality among the most similar ones (size, density); another region among its level's regions
    (the Netherlands: the provinces)."""
    level = model.level_of(filters.region)
    if level == "gemeente":
        table = loaders.table(data, "gemeente", filters)
        similar = similar_municipalities(data, table, filters.region, filters.peers)
        title = similar_title(similar, filters.region, filters.lang)
        sub = None
    else:
        peer_level = "provincie" if level == "nederland" else level
        similar = loaders.table(data, peer_level, filters).copy()
        similar["density_per_km2"] = float("nan")  # density is known per municipality only
        if level == "nederland":
            title = map_view.map_title(similar, "gas_free_share", filters.lang, True)
        else:
            ranked = similar.sort_values("gas_free_share", ascending=False).reset_index(drop=True)
            pos = int(ranked.index[ranked["code"] == filters.region][0]) + 1
            title = t("similar_title_level", filters.lang, name=data.region_name(filters.region, filters.lang), pos=pos,
                      n=len(ranked), levels=t("levels_" + peer_level, filters.lang).lower())
        sub = (f"{t('levels_' + peer_level, filters.lang)} · {filters.year} · "
               f"{t('definition_' + filters.definition, filters.lang)}")
    illustrative = bool((similar["data_kind"] == "illustrative").any())
    meta = meta_for(title, "source_housing", illustrative, sub)
    fig = figures.comparison_chart(similar[["code", "name", "gas_free_share"]], "gas_free_share", filters.region, meta,
                                  chart_labels(filters.lang))
    return fig, similar[SIMILAR_COLUMNS], meta, map_view.ranking_alt(similar, "gas_free_share", filters.lang)
