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
                  "plans_coverage": 0,
                  "gas_m3_per_home": 0, "initiatives_per_10k_homes": 2, "involvement_index": 0}

#: Map indicator -> column of the per-level table (where the two differ).
COLUMN = {"gas_use_per_home": "gas_m3_per_home"}
#: Columns shown as whole numbers.
WHOLE_NUMBERS = ("gas_m3_per_home",)
#: Indicators shown as shares (formatted as percentages).
SHARE_INDICATORS = ("gas_free_share", "progress_to_target", "district_heating_share", "tvw_adopted_share",
                    "plans_coverage")
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
    """(level to draw, area codes to keep or None for all, note label key or None).

    A municipal map of a selected province or RES region shows that region's own municipalities; otherwise
    the whole level, unless it has more than :data:`MAP_MAX_AREAS` areas (then the selected region's, or a
    selected municipality's province's, or the whole country one level coarser, with a note).
    """
    n = int((data.regions["level"] == filters.level).sum())
    if filters.level == "gemeente" and model.level_of(filters.region) in ("provincie", "res"):
        members = region_members(data.municipality, filters.region)
        if len(members) <= MAP_MAX_AREAS:
            return filters.level, members, None if n <= MAP_MAX_AREAS else "map_note_region"
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


def scope_region(data, filters: flt.Filters, keep: list[str] | None) -> str | None:
    """The region whose areas a map shows (a province or RES region), or None for the whole country."""
    if keep is None:
        return None
    if model.level_of(filters.region) == "gemeente":
        return str(data.municipality.set_index("code").loc[filters.region, "province_code"])
    return filters.region


def in_region(title: str, region: str, lang: str) -> str:
    """A map title about one region's areas names the region: "Gelderland: hoogst in Arnhem (…), …"."""
    first = t("map_title_finding", lang).split(" ")[0]
    if title.startswith(first + " "):
        title = title[0].lower() + title[1:]
    return t("map_title_region", lang, region=region, finding=title)


def with_region_columns(data, table: pd.DataFrame, level: str) -> pd.DataFrame:
    """The map's table with the names of each area's province and RES region (after code and name).

    A municipality has one of each; a RES region lists the provinces it lies in and a province its RES regions
    (comma-separated), since a few RES regions cross a provincial border.
    """
    muni = data.municipality[["code", "province_code", "res_code"]]
    names = dict(zip(data.regions["code"], data.regions["name"], strict=True))
    key = {"gemeente": "code", "provincie": "province_code", "res": "res_code"}[level]
    out = table.copy()

    def joined(column: str) -> pd.Series:
        pairs = muni[[key, column]].drop_duplicates().sort_values([key, column])
        return pairs.groupby(key)[column].agg(lambda codes: ", ".join(names[c] for c in codes))

    position = list(out.columns).index("name") + 1 if "name" in out.columns else 1
    if level != "provincie":
        out.insert(position, "province", out["code"].map(joined("province_code")))
        position += 1
    if level != "res":
        out.insert(position, "res_region", out["code"].map(joined("res_code")))
    return out


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
    scope = scope_region(data, filters, keep)
    table = with_region_columns(data, loaders.table(data, level, filters), level)
    geo = loaders.geometry(data, level)
    if keep is not None:
        wanted = set(keep)
        table = table[table["code"].isin(wanted)].reset_index(drop=True)
        geo = {**geo, "features": [ft for ft in geo["features"] if ft["id"] in wanted]}
    outline = {}
    if filters.region != model.NATIONAL_CODE:  # the selected region, outlined in black
        row = data.geometry[data.geometry["code"] == filters.region]
        if len(row):
            outline = {"outline": json.loads(row["geojson"].iloc[0]),
                       "outline_name": data.region_name(filters.region, lang)}
    indicator = shown_indicator(filters.indicator, level)
    column = COLUMN.get(indicator, indicator)
    illustrative = bool((table["data_kind"] == "illustrative").any()) and indicator not in FIXED_DATE_INDICATORS
    illustrative = illustrative or indicator in flt.DEMO_INDICATORS
    title = finding(table, indicator, filters.year, lang)
    if scope is not None:
        title = in_region(title, data.region_name(scope, lang), lang)
    if indicator in FIXED_DATE_INDICATORS or indicator == "tvw_adopted_share":
        sub = f"{t('indicator_' + indicator, lang)} · {t('levels_' + level, lang)} · {t('date_' + indicator, lang)}"
    else:
        sub = (f"{t('indicator_' + indicator, lang)} · {t('levels_' + level, lang)} · {filters.year} · "
               f"{t('definition_' + filters.definition, lang)}")
        if asked_year is not None and asked_year != filters.year:
            sub += " · " + t("map_note_year", lang, year=filters.year)
    if note:
        sub += " · " + t(note, lang, n=int((data.regions["level"] == filters.level).sum()),
                         levels=t("levels_" + filters.level, lang).lower(),
                         region=data.region_name(scope or filters.region, lang))
    meta = meta_for(title, "source_map_" + indicator, illustrative, sub)
    if indicator == "on_track":
        fig = figures.choropleth_map(table, geo, "on_track", [], meta, chart_labels(lang),
                                    categorical={"True": t("on_track_yes", lang), "False": t("on_track_no", lang)},
                                    **outline)
        alt = title
    elif indicator == "tvw_status":
        statuses = ("adopted_by_council", "adopted_by_executive", "draft_adopted", "ready_not_adopted",
                    "in_preparation")
        fig = figures.choropleth_map(table, geo, "tvw_status", [], meta, chart_labels(lang),
                                    categorical={s: t("tvw_" + s, lang) for s in statuses}, **outline)
        alt = "; ".join(f"{t('tvw_' + s, lang)}: {int((table['tvw_status'] == s).sum())}" for s in statuses)
    else:
        shown, bins, labels, hover = binned(table, column, indicator in SHARE_INDICATORS, lang)
        fig = figures.choropleth_map(shown, geo, column, bins.edges, meta, chart_labels(lang), labels,
                                    value_format=hover, **outline)
        alt = ranking_alt(table, column, lang, indicator in SHARE_INDICATORS)
    return fig, table, meta, alt


#: Columns of the comparison table below the map, in order (those a level has).
MEMBER_COLUMNS = ("name", "province", "res_region", "housing_stock", "gas_free_share", "progress_to_target",
                  "target_homes", "required_per_year", "district_heating_share", "gas_m3_per_home", "tvw_status",
                  "tvw_adopted_share", "heat_projects")
#: How the comparison table shows a column: a percentage or a whole number (the rest is text).
MEMBER_PCT = ("gas_free_share", "progress_to_target", "district_heating_share", "tvw_adopted_share")
MEMBER_WHOLE = ("housing_stock", "target_homes", "required_per_year", "gas_m3_per_home", "heat_projects")


def members_table(data, filters: flt.Filters, loaders) -> tuple[str, pd.DataFrame]:
    """(heading, table) comparing the members of the selected region, best gas-free share first.

    A province or RES region: its municipalities; a municipality: the municipalities of its province (the
    selected one among them); the Netherlands: the provinces. Numbers stay numbers (the table sorts on them);
    the TVW status is its label in the language. Columns: :data:`MEMBER_COLUMNS` that the level has.
    ``loaders``: a :class:`warmte.views.registry.Loaders` (its per-level table).
    """
    lang = filters.lang
    filters = map_filters(data, filters)
    region = filters.region
    if model.level_of(region) == "gemeente":
        region = str(data.municipality.set_index("code").loc[region, "province_code"])
    level = "provincie" if region == model.NATIONAL_CODE else "gemeente"
    table = with_region_columns(data, loaders.table(data, level, filters), level)
    if level == "gemeente":
        table = table[table["code"].isin(set(region_members(data.municipality, region)))]
        table = table.assign(tvw_status=table["tvw_status"].map(
            lambda s: t("tvw_" + s, lang) if isinstance(s, str) else ""))
    table = table.sort_values(["gas_free_share", "name"], ascending=[False, True], na_position="last")
    # leave out what every row shares: the tvw share of a municipality, the region's own level
    same = {"gemeente": "tvw_adopted_share", "provincie": "province", "res": "res_region"}
    drop = {same["gemeente"], same[model.level_of(region)]} if level == "gemeente" else {"tvw_status"}
    table = table[[c for c in MEMBER_COLUMNS if c in table.columns and c not in drop]]
    if level == "provincie":
        heading = t("map_members_provinces", lang, n=len(table))
    else:
        heading = t("map_members_municipalities", lang, region=data.region_name(region, lang), n=len(table))
    return heading, table.reset_index(drop=True)


def members_note(data, filters: flt.Filters) -> str:
    """The line under the comparison table's heading: which one is selected (a municipality), how to sort."""
    lang = filters.lang
    hint = t("map_members_hint", lang)
    if model.level_of(filters.region) == "gemeente":
        return t("map_members_selected", lang, name=data.region_name(filters.region, lang)) + " " + hint
    return hint


def members_formats(lang: str) -> dict:
    """Display formats of the comparison table's columns (by English column name): percentages, whole numbers."""
    return {**{c: (lambda v, lg=lang: fmt_pct(v, lg)) for c in MEMBER_PCT},
            **{c: (lambda v, lg=lang: fmt_int(v, lg)) for c in MEMBER_WHOLE}}
