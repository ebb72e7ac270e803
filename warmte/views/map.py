"""The map: which areas to draw, their bins, its finding and text alternative."""

from __future__ import annotations

import json

import pandas as pd

from warmte import figures, model
from warmte import filters as flt
from warmte.i18n import chart_labels, fmt_int, fmt_num, fmt_pct, t
from warmte.views.common import region_members

#: Map bins per indicator (lower edges inclusive; the last edge closes the top bin).
MAP_BINS: dict[str, list[float]] = {
    "gas_free_share": [0, 0.02, 0.05, 0.10, 0.20, 0.40, 1.0],
    "progress_to_target": [0, 0.2, 0.4, 0.6, 0.8, 1.0],
    "initiatives_per_10k_homes": [0, 0.01, 0.5, 1, 2, 5, 1000],
    "involvement_index": [0, 20, 40, 55, 70, 100],
}


#: Indicators shown as shares (formatted as percentages).
SHARE_INDICATORS = ("gas_free_share", "progress_to_target")


#: At most this many areas are drawn in one map (keeps the figure sent to the browser small,
#: about 1.5 MB at neighbourhood scale); beyond it the map shows the selected region's areas,
#: or the whole country one level coarser.
MAP_MAX_AREAS = 2500


def feature_collection(data, level: str) -> dict:
    """Simplified geometry of a level as a GeoJSON FeatureCollection (feature id = region code)."""
    if level not in ("gemeente", "provincie", "res"):
        raise ValueError(f"unknown level {level!r}; expected gemeente, provincie or res")
    geo = data.geometry[data.geometry["level"] == level].sort_values("code")
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"name": name}, "geometry": json.loads(g)}
        for code, name, g in zip(geo["code"], geo["name"], geo["geojson"], strict=True)]}


def map_scope(data, filters: flt.Filters) -> tuple[str, list[str] | None, str | None]:
    """(level to draw, area codes to keep or None for all, note label key or None)."""
    n = int((data.regions["level"] == filters.level).sum())
    if n <= MAP_MAX_AREAS:
        return filters.level, None, None
    if filters.level == "gemeente":
        region = filters.region
        if model.level_of(region) == "gemeente":
            region = data.municipality.set_index("code").loc[region, "province_code"]
        if region != model.NATIONAL_CODE:
            members = region_members(data.municipality, region)
            if len(members) <= MAP_MAX_AREAS:
                return filters.level, members, "map_note_region"
    for coarser in ("res", "provincie"):
        if int((data.regions["level"] == coarser).sum()) <= MAP_MAX_AREAS:
            return coarser, None, "map_note_coarser"
    return "provincie", None, "map_note_coarser"


def map_title(table: pd.DataFrame, column: str, lang: str, as_pct: bool) -> str:
    """The map's finding: where the indicator is highest and lowest."""
    clean = table.dropna(subset=[column]).sort_values(column)
    if clean.empty:
        return t("no_data", lang)
    fmt = (lambda v: fmt_pct(v, lang)) if as_pct else (lambda v: fmt_num(v, lang, 1))
    hi, lo = clean.iloc[-1], clean.iloc[0]
    return t("map_title_finding", lang, hi=hi["name"], hi_v=fmt(hi[column]), lo=lo["name"], lo_v=fmt(lo[column]))


def ranking_alt(table: pd.DataFrame, column: str, lang: str, as_pct: bool = True) -> str:
    """'Highest: A (x), B (y), C (z); lowest: ...' for a region table."""
    clean = table.dropna(subset=[column]).sort_values(column, ascending=False)
    if clean.empty:
        return t("no_data", lang)
    fmt = (lambda v: fmt_pct(v, lang)) if as_pct else (lambda v: fmt_int(v, lang) if v >= 10
                                                          else fmt_num(v, lang, 1))
    top = ", ".join(f"{r['name']} ({fmt(r[column])})" for _, r in clean.head(3).iterrows())
    bottom = ", ".join(f"{r['name']} ({fmt(r[column])})" for _, r in clean.tail(3).iloc[::-1].iterrows())
    return t("alt_ranking", lang, top=top, bottom=bottom, n=len(clean))


def _map(data, filters, loaders, meta_for):
    lang = filters.lang
    level, keep, note = map_scope(data, filters)
    table = loaders.table(data, level, filters)
    geo = loaders.geometry(data, level)
    if keep is not None:
        wanted = set(keep)
        table = table[table["code"].isin(wanted)].reset_index(drop=True)
        geo = {**geo, "features": [ft for ft in geo["features"] if ft["id"] in wanted]}
    illustrative = bool((table["data_kind"] == "illustrative").any()) or filters.indicator in (
        "initiatives_per_10k_homes", "involvement_index")
    if filters.indicator == "on_track":
        title = t("alt_on_track", lang, n=int(table["on_track"].sum()), total=len(table))
    else:
        title = map_title(table, filters.indicator, lang, filters.indicator in SHARE_INDICATORS)
    sub = (f"{t('indicator_' + filters.indicator, lang)} · {t('levels_' + level, lang)} · {filters.year} · "
           f"{t('definition_' + filters.definition, lang)}")
    if note:
        sub += " · " + t(note, lang, n=int((data.regions["level"] == filters.level).sum()),
                         levels=t("levels_" + filters.level, lang).lower(), region=data.region_name(
                             filters.region if keep is None or model.level_of(filters.region) != "gemeente"
                             else data.municipality.set_index("code").loc[filters.region, "province_code"]))
    meta = meta_for(title, "source_map_" + filters.indicator, illustrative, sub)
    if filters.indicator == "on_track":
        fig = figures.choropleth_map(table, geo, "on_track", [], meta, chart_labels(lang),
                                    categorical={"True": t("on_track_yes", lang), "False": t("on_track_no", lang)})
        alt = title
    else:
        fig = figures.choropleth_map(table, geo, filters.indicator, MAP_BINS[filters.indicator], meta,
                                    chart_labels(lang))
        alt = ranking_alt(table, filters.indicator, lang, filters.indicator in SHARE_INDICATORS)
    return fig, table, meta, alt
