"""The map: which areas to draw, their bins, its finding and text alternative."""

from __future__ import annotations

import json

import pandas as pd

from warmte import figures, model
from warmte import filters as flt
from warmte.figures import mapbins
from warmte.i18n import chart_labels, fmt_int, fmt_num, fmt_pct, t
from warmte.views.common import region_members

#: Decimals of a value in the map's hover (and the precision its bin is chosen at): shares in percentage points.
HOVER_DECIMALS = {"gas_free_share": 1, "progress_to_target": 1, "district_heating_share": 1, "tvw_adopted_share": 0,
                  "gas_m3_per_home": 0, "initiatives_per_10k_homes": 2, "involvement_index": 0}

#: Map indicator -> column of the per-level table (where the two differ).
COLUMN = {"gas_use_per_home": "gas_m3_per_home"}
#: Columns shown as whole numbers.
WHOLE_NUMBERS = ("gas_m3_per_home",)
#: Indicators shown as shares (formatted as percentages).
SHARE_INDICATORS = ("gas_free_share", "progress_to_target", "district_heating_share", "tvw_adopted_share")
#: Indicators that do not depend on the year and definition filters (one reference date each).
FIXED_DATE_INDICATORS = ("district_heating_share", "gas_use_per_home", "tvw_status")


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


def binned(table: pd.DataFrame, column: str, share: bool, lang: str):
    """(table to draw, bins, legend labels, hover format) for a numeric map of the areas in ``table``.

    The values are rounded to the precision the hover shows before they are binned, so an area shown as
    "4,0%" is never in the bin "< 4%" (a CBS whole percent times the stock, divided again, is 0.03999…).
    Bins come from the values shown (:func:`warmte.figures.mapbins.nice_bins`), not from fixed edges.
    """
    scale = 100 if share else 1
    decimals = HOVER_DECIMALS.get(column, 1 if share else 0)
    values = pd.to_numeric(table[column], errors="coerce")
    rounded = (values * scale).round(decimals) / scale
    if not rounded.notna().any():
        return table, mapbins.Bins([]), [], (f".{decimals}%" if share else f",.{decimals}f")
    bins = mapbins.nice_bins(rounded)
    spec = mapbins.bin_format(bins, share)
    labels = mapbins.bin_labels(bins, spec, lang)
    label_decimals = int(spec.strip(",.%f") or 0)
    decimals = max(decimals, label_decimals)
    hover = f".{decimals}%" if share else f",.{decimals}f"
    return table.assign(**{column: (values * scale).round(decimals) / scale}), bins, labels, hover


def map_title(table: pd.DataFrame, column: str, lang: str, as_pct: bool) -> str:
    """The map's finding: where the indicator is highest and lowest."""
    clean = table.dropna(subset=[column]).sort_values(column)
    if clean.empty:
        return t("no_data", lang)
    fmt = ((lambda v: fmt_pct(v, lang)) if as_pct else (lambda v: fmt_int(v, lang)) if column in WHOLE_NUMBERS
           else (lambda v: fmt_num(v, lang, 1)))
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


def shown_indicator(indicator: str, level: str) -> str:
    """The indicator a level can show: a region shows the share of its municipalities with an adopted TVW."""
    return "tvw_adopted_share" if indicator == "tvw_status" and level != "gemeente" else indicator


def finding(table: pd.DataFrame, indicator: str, year: int, lang: str) -> str:
    """The map's title: what the indicator shows over the drawn areas (``indicator`` as shown)."""
    if indicator == "on_track":
        if table["actual_per_year"].notna().any():
            return t("alt_on_track", lang, n=int(table["on_track"].fillna(False).sum()),
                     total=int(table["on_track"].notna().sum()))
        reached = int((table["gas_free_homes"] >= table["target_homes"]).sum())
        return t("map_on_track_unknown", lang, n=reached, total=len(table), year=year)
    if indicator == "tvw_status":
        adopted = int(table["tvw_status"].isin(ADOPTED).sum())
        return t("map_tvw_title", lang, n=adopted, total=len(table))
    return map_title(table, COLUMN.get(indicator, indicator), lang, indicator in SHARE_INDICATORS)


#: TVW statuses that say the visie is definitively adopted.
ADOPTED = ("adopted_by_council", "adopted_by_executive")


def map_filters(data, filters: flt.Filters) -> flt.Filters:
    """The filters the map can draw: a year (and definition) that every municipality has figures for.

    The national series goes back to 2017, but CBS publishes the gas-free share per municipality from 2024
    only; the map of an earlier year would have nothing to show, so it shows the latest municipal year.
    """
    years = data.municipal_years(filters.definition) or data.municipal_years()
    definition = filters.definition if data.municipal_years(filters.definition) else model.DEFAULT_DEFINITION
    year = filters.year if filters.year in years else max(years)
    return filters.with_(year=year, definition=definition)


def _map(data, filters, loaders, meta_for):
    lang = filters.lang
    asked_year = filters.year
    filters = map_filters(data, filters)
    level, keep, note = map_scope(data, filters)
    table = loaders.table(data, level, filters)
    geo = loaders.geometry(data, level)
    if keep is not None:
        wanted = set(keep)
        table = table[table["code"].isin(wanted)].reset_index(drop=True)
        geo = {**geo, "features": [ft for ft in geo["features"] if ft["id"] in wanted]}
    indicator = shown_indicator(filters.indicator, level)
    column = COLUMN.get(indicator, indicator)
    illustrative = bool((table["data_kind"] == "illustrative").any()) and indicator not in FIXED_DATE_INDICATORS
    illustrative = illustrative or indicator in flt.DEMO_INDICATORS
    title = finding(table, indicator, filters.year, lang)
    if indicator in FIXED_DATE_INDICATORS or indicator == "tvw_adopted_share":
        sub = f"{t('indicator_' + indicator, lang)} · {t('levels_' + level, lang)} · {t('date_' + indicator, lang)}"
    else:
        sub = (f"{t('indicator_' + indicator, lang)} · {t('levels_' + level, lang)} · {filters.year} · "
               f"{t('definition_' + filters.definition, lang)}")
        if asked_year is not None and asked_year != filters.year:
            sub += " · " + t("map_note_year", lang, year=filters.year)
    if note:
        sub += " · " + t(note, lang, n=int((data.regions["level"] == filters.level).sum()),
                         levels=t("levels_" + filters.level, lang).lower(), region=data.region_name(
                             filters.region if keep is None or model.level_of(filters.region) != "gemeente"
                             else data.municipality.set_index("code").loc[filters.region, "province_code"]))
    meta = meta_for(title, "source_map_" + indicator, illustrative, sub)
    if indicator == "on_track":
        fig = figures.choropleth_map(table, geo, "on_track", [], meta, chart_labels(lang),
                                    categorical={"True": t("on_track_yes", lang), "False": t("on_track_no", lang)})
        alt = title
    elif indicator == "tvw_status":
        statuses = ("adopted_by_council", "adopted_by_executive", "draft_adopted", "ready_not_adopted",
                    "in_preparation")
        fig = figures.choropleth_map(table, geo, "tvw_status", [], meta, chart_labels(lang),
                                    categorical={s: t("tvw_" + s, lang) for s in statuses})
        alt = "; ".join(f"{t('tvw_' + s, lang)}: {int((table['tvw_status'] == s).sum())}" for s in statuses)
    else:
        shown, bins, labels, hover = binned(table, column, indicator in SHARE_INDICATORS, lang)
        fig = figures.choropleth_map(shown, geo, column, bins.edges, meta, chart_labels(lang), labels,
                                    value_format=hover)
        alt = ranking_alt(table, column, lang, indicator in SHARE_INDICATORS)
    return fig, table, meta, alt
