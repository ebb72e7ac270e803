"""The chart registry: every chart of every page, rebuilt from (data, filters). Pure: no streamlit.

One way to build each chart: the pages, the exports (PNG/SVG/CSV/ZIP), the
factsheet and ``warmte export`` all call :func:`build` with a chart NAME.
A builder takes the data snapshot, the :class:`~warmte.filters.Filters` and a
:class:`Loaders` (the per-level table and the map geometry; the app passes its
cached loaders, elsewhere they are computed and memoised per process) and
returns a :class:`Chart`: the figure, the table behind it (English column
names), its :class:`~warmte.charts.ChartMeta`, the text alternative and the page
it lives on (for the permalink).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from warmte import charts, indicators, messages, model, progress, store
from warmte import filters as flt
from warmte.charts import ChartMeta
from warmte.i18n import chart_labels, t

DEFAULT_PUBLIC_URL = "http://localhost:8501"

#: Page (URL path) of each page file, as in app.py; "" is the overview.
PAGE_PATHS = {"overview": "", "map": "kaart", "initiatives": "initiatieven", "council": "gemeenteraad",
              "municipality": "gemeenteprofiel", "data": "data"}


def public_url() -> str:
    """Base URL of the dashboard in permalinks: ``$WARMTE_PUBLIC_URL``, default http://localhost:8501."""
    return os.environ.get("WARMTE_PUBLIC_URL", "").strip() or DEFAULT_PUBLIC_URL


class UnknownChartError(KeyError):
    """A chart NAME that is not in the registry."""

    def __str__(self) -> str:
        return f"unknown chart {self.args[0]!r}; charts: {', '.join(CHARTS)}"


# --- Loaders (the app passes cached ones) ------------------------------------------------------


def feature_collection(db, level: str) -> dict:
    """Simplified geometry of a level as a GeoJSON FeatureCollection (feature id = region code)."""
    geo = store.geometry(db, level)
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": code, "properties": {"name": name}, "geometry": json.loads(g)}
        for code, name, g in zip(geo["code"], geo["name"], geo["geojson"], strict=True)]}


_memo: dict[tuple, object] = {}
_memo_lock = threading.Lock()
_MEMO_MAX = 32


def _memoised(key: tuple, compute: Callable[[], object]):
    with _memo_lock:
        if key in _memo:
            return _memo[key]
    value = compute()
    with _memo_lock:
        if len(_memo) >= _MEMO_MAX:
            _memo.pop(next(iter(_memo)))
        _memo[key] = value
    return value


def _data_key(data) -> tuple:
    try:
        return store.version_key(data.path) if data.path else (id(data),)
    except OSError:
        return (id(data),)


@dataclass(frozen=True)
class Loaders:
    """Where builders get the expensive inputs; defaults compute them, memoised per process."""

    level_table: Callable[..., pd.DataFrame] | None = None  # (level, year, definition, target) -> table
    geojson: Callable[[str], dict] | None = None  # (level) -> FeatureCollection

    def table(self, data, level: str, f: flt.Filters) -> pd.DataFrame:
        if self.level_table is not None:
            return self.level_table(level, f.year, f.definition, f.target)
        key = ("level_table", _data_key(data), level, f.year, f.definition, f.target)
        return _memoised(key, lambda: indicators.level_table(data, level, f.year, f.definition, f.target))

    def funnel(self, data, region: str, stall_months: int) -> dict:
        """The region's funnel summary (indicators.region_funnel), memoised per database version."""
        key = ("funnel", _data_key(data), region, stall_months)
        return _memoised(key, lambda: indicators.region_funnel(data, region, stall_months))

    def council(self, data, region: str) -> pd.DataFrame:
        """The region's council rows with index and class (indicators.region_council), memoised."""
        return _memoised(("council", _data_key(data), region), lambda: indicators.region_council(data, region))

    def geometry(self, data, level: str) -> dict:
        if self.geojson is not None:
            return self.geojson(level)
        return _memoised(("geojson", _data_key(data), level), lambda: feature_collection(data.path, level))


# --- Result ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A built chart: figure, the table behind it, its meta, text alternative and page."""

    name: str
    fig: go.Figure
    table: pd.DataFrame
    meta: ChartMeta
    alt: str
    page: str
    source_key: str
    filters: flt.Filters = field(default_factory=flt.Filters)

    def __iter__(self):  # fig, table, meta = build(...)
        return iter((self.fig, self.table, self.meta))


def resolve(data, f: flt.Filters) -> flt.Filters:
    """The filters with the year filled in (latest observed) and validated against the data.

    Raises :class:`warmte.indicators.UnknownRegionError` / :class:`warmte.indicators.YearError`.
    """
    if not data.has_region(f.region):
        raise indicators.UnknownRegionError(f.region)
    if f.year is None:
        f = f.with_(year=indicators.latest_year(data))
    elif int(f.year) not in data.years:
        raise indicators.YearError(f"no observations for {f.year}; available years: "
                                   f"{', '.join(map(str, data.years))}")
    return f


def subtitle(data, f: flt.Filters, with_definition: bool = True) -> str:
    """Region · year · definition: the active filters of a chart."""
    parts = [data.region_name(f.region), str(f.year)]
    if with_definition:
        parts.append(t("definition_" + f.definition, f.lang))
    return " · ".join(parts)


def make_meta(data, f: flt.Filters, title: str, source_key: str, illustrative: bool,
              sub: str | None = None, permalink: str = "") -> ChartMeta:
    """The meta of a chart: title (the finding), filters, source line with the data date, illustrative mark."""
    built = str(data.build_info.get("built_at", ""))[:10]
    source = t(source_key, f.lang) + " · " + t("source_suffix", f.lang, date=built)
    return ChartMeta(title=title, source=source, subtitle=subtitle(data, f) if sub is None else sub,
                     illustrative=illustrative, illustrative_label=t("illustrative_mark", f.lang), lang=f.lang,
                     permalink=permalink)


# --- Builders ---------------------------------------------------------------------------------------
# Each returns (fig, table, meta, alt); `meta_for(title, source_key, illustrative, sub=None)` makes the meta.


def _trajectory(data, f, ld, meta_for):
    s = indicators.summary(data, f.region, f.year, f.definition, f.target)
    illustrative = s["data_kind"] == "illustrative"
    series, _ = indicators.region_series(data, f.region)
    traj = progress.trajectory(series, s["target_homes"], s["year"], f.definition)
    meta = meta_for(messages.projection(s, f.lang), "source_housing", illustrative)
    fig = charts.trajectory_chart(traj, meta, chart_labels(f.lang))
    return fig, traj, meta, messages.trajectory_alt(series, s, f.lang)


def _pace(data, f, ld, meta_for):
    s = indicators.summary(data, f.region, f.year, f.definition, f.target)
    illustrative = s["data_kind"] == "illustrative"
    meta = meta_for(messages.pace_title(s, f.lang), "source_housing", illustrative)
    fig = charts.pace_chart(s["required_per_year"], s["actual_per_year"], meta, chart_labels(f.lang))
    return fig, indicators.pace_table(s), meta, messages.pace(s, f.lang)


#: At most this many areas are drawn in one map (keeps the figure sent to the browser small,
#: about 1.5 MB at neighbourhood scale); beyond it the map shows the selected region's areas,
#: or the whole country one level coarser.
MAP_MAX_AREAS = 2500


def map_scope(data, f: flt.Filters) -> tuple[str, list[str] | None, str | None]:
    """(level to draw, area codes to keep or None for all, note label key or None)."""
    n = int((data.regions["level"] == f.level).sum())
    if n <= MAP_MAX_AREAS:
        return f.level, None, None
    if f.level == "gemeente":
        region = f.region
        if model.level_of(region) == "gemeente":
            region = data.municipality.set_index("code").loc[region, "province_code"]
        if region != model.NATIONAL_CODE:
            members = indicators.region_members(data.municipality, region)
            if len(members) <= MAP_MAX_AREAS:
                return f.level, members, "map_note_region"
    for coarser in ("res", "provincie"):
        if int((data.regions["level"] == coarser).sum()) <= MAP_MAX_AREAS:
            return coarser, None, "map_note_coarser"
    return "provincie", None, "map_note_coarser"


def _map(data, f, ld, meta_for):
    lang = f.lang
    level, keep, note = map_scope(data, f)
    table = ld.table(data, level, f)
    geo = ld.geometry(data, level)
    if keep is not None:
        wanted = set(keep)
        table = table[table["code"].isin(wanted)].reset_index(drop=True)
        geo = {**geo, "features": [ft for ft in geo["features"] if ft["id"] in wanted]}
    illustrative = bool((table["data_kind"] == "illustrative").any()) or f.indicator in (
        "initiatives_per_10k_homes", "involvement_index")
    if f.indicator == "on_track":
        title = t("alt_on_track", lang, n=int(table["on_track"].sum()), total=len(table))
    else:
        title = messages.map_title(table, f.indicator, lang, f.indicator in indicators.SHARE_INDICATORS)
    sub = (f"{t('indicator_' + f.indicator, lang)} · {t('levels_' + level, lang)} · {f.year} · "
           f"{t('definition_' + f.definition, lang)}")
    if note:
        sub += " · " + t(note, lang, n=int((data.regions["level"] == f.level).sum()),
                         levels=t("levels_" + f.level, lang).lower(), region=data.region_name(
                             f.region if keep is None or model.level_of(f.region) != "gemeente"
                             else data.municipality.set_index("code").loc[f.region, "province_code"]))
    meta = meta_for(title, "source_map_" + f.indicator, illustrative, sub)
    if f.indicator == "on_track":
        fig = charts.choropleth_map(table, geo, "on_track", [], meta, chart_labels(lang),
                                    categorical={"True": t("on_track_yes", lang), "False": t("on_track_no", lang)})
        alt = title
    else:
        fig = charts.choropleth_map(table, geo, f.indicator, indicators.MAP_BINS[f.indicator], meta,
                                    chart_labels(lang))
        alt = messages.ranking_alt(table, f.indicator, lang, f.indicator in indicators.SHARE_INDICATORS)
    return fig, table, meta, alt


def _funnel_sub(data, f, fun) -> str:
    return t("as_of", f.lang, date=fun["as_of"].strftime("%d-%m-%Y")) + " · " + data.region_name(f.region)


def _region_funnel(data, f, ld):
    fun = ld.funnel(data, f.region, f.stall_months)
    return fun, "illustrative" in fun["data_kinds"]


def _funnel(data, f, ld, meta_for):
    fun, illustrative = _region_funnel(data, f, ld)
    meta = meta_for(messages.funnel_title(fun, f.lang), "source_initiatives", illustrative, _funnel_sub(data, f, fun))
    fig = charts.funnel_chart(fun["phase_counts"], fun["conversion"], meta, chart_labels(f.lang))
    return fig, indicators.funnel_table(fun), meta, messages.funnel_alt(fun, f.lang)


def _time_in_phase(data, f, ld, meta_for):
    fun, illustrative = _region_funnel(data, f, ld)
    meta = meta_for(messages.time_title(fun, f.lang), "source_initiatives", illustrative, _funnel_sub(data, f, fun))
    fig = charts.time_in_phase_chart(fun["time_in_phase"], f.stall_months, meta, chart_labels(f.lang))
    return fig, fun["time_in_phase"], meta, messages.time_alt(fun, f.lang)


def _mix(which: str):
    def build(data, f, ld, meta_for):
        fun, illustrative = _region_funnel(data, f, ld)
        mix = fun[f"{which}_mix"]
        meta = meta_for(messages.mix_title(fun, which, f.lang), "source_initiatives", illustrative,
                        _funnel_sub(data, f, fun))
        return charts.mix_chart(mix, meta, chart_labels(f.lang)), mix, meta, messages.mix_alt(mix, f.lang)
    return build


def _council_sub(data, f, council) -> str:
    year = int(council["year"].iloc[0]) if len(council) else indicators.council_year(data)
    return f"{data.region_name(f.region)} · {t('council_snapshot', f.lang, year=year)}"


def _council_classes(data, f, ld, meta_for):
    council = ld.council(data, f.region)
    shares = indicators.class_shares(council)
    meta = meta_for(messages.council_classes_title(shares, f.lang), "source_council",
                    indicators.any_illustrative(council),
                    _council_sub(data, f, council))
    fig = charts.council_classes_chart(shares, meta, chart_labels(f.lang))
    return fig, shares, meta, messages.council_classes_alt(shares, f.lang)


def _council_indicators(data, f, ld, meta_for):
    council = ld.council(data, f.region)
    ind = indicators.indicator_shares(council, f.lang)
    meta = meta_for(messages.indicator_title(ind, f.lang), "source_council", indicators.any_illustrative(council),
                    _council_sub(data, f, council))
    fig = charts.indicator_shares_chart(ind, meta, chart_labels(f.lang))
    return fig, ind, meta, messages.indicator_alt(ind, f.lang)


def _tvw_adoption(data, f, ld, meta_for):
    adoption = indicators.adoption_by_year(data, f.region)
    meta = meta_for(messages.adoption_title(adoption, f.lang), "source_council",
                    indicators.council_illustrative(data, f.region), data.region_name(f.region))
    fig = charts.adoption_chart(adoption, meta, chart_labels(f.lang))
    return fig, adoption, meta, messages.adoption_alt(adoption, f.lang)


def _involvement_vs_progress(data, f, ld, meta_for):
    table = ld.table(data, "gemeente", f)
    scatter = indicators.within(data, table, f.region)
    illustrative = indicators.any_illustrative(scatter) or indicators.council_illustrative(data, f.region)
    meta = meta_for(messages.scatter_title(scatter, f.lang), "source_council_progress", illustrative)
    fig = charts.scatter_chart(scatter, "involvement_index", "progress_to_target", meta, chart_labels(f.lang),
                               highlight=f.region if model.level_of(f.region) == "gemeente" else None,
                               size="housing_stock")
    out = scatter[["code", "name", "involvement_index", "progress_to_target", "housing_stock"]]
    return fig, out, meta, messages.scatter_alt(scatter, f.lang)


SIMILAR_COLUMNS = ["code", "name", "housing_stock", "density_per_km2", "gas_free_share", "progress_to_target"]


def _similar(data, f, ld, meta_for):
    """A municipality among the most similar ones (size, density); another region among its level's regions
    (the Netherlands: the provinces)."""
    level = model.level_of(f.region)
    if level == "gemeente":
        table = ld.table(data, "gemeente", f)
        similar = indicators.similar_municipalities(data, table, f.region)
        title = messages.similar_title(similar, f.region, f.lang)
        sub = None
    else:
        peer_level = "provincie" if level == "nederland" else level
        similar = ld.table(data, peer_level, f).copy()
        similar["density_per_km2"] = float("nan")  # density is known per municipality only
        if level == "nederland":
            title = messages.map_title(similar, "gas_free_share", f.lang, True)
        else:
            ranked = similar.sort_values("gas_free_share", ascending=False).reset_index(drop=True)
            pos = int(ranked.index[ranked["code"] == f.region][0]) + 1
            title = t("similar_title_level", f.lang, name=data.region_name(f.region), pos=pos, n=len(ranked),
                      levels=t("levels_" + peer_level, f.lang).lower())
        sub = f"{t('levels_' + peer_level, f.lang)} · {f.year} · {t('definition_' + f.definition, f.lang)}"
    illustrative = bool((similar["data_kind"] == "illustrative").any())
    meta = meta_for(title, "source_housing", illustrative, sub)
    fig = charts.comparison_chart(similar[["code", "name", "gas_free_share"]], "gas_free_share", f.region, meta,
                                  chart_labels(f.lang))
    return fig, similar[SIMILAR_COLUMNS], meta, messages.ranking_alt(similar, "gas_free_share", f.lang)


@dataclass(frozen=True)
class Spec:
    builder: Callable
    page: str  # key of PAGE_PATHS


#: Every chart of every page, by NAME (the `warmte export chart NAME` names).
CHARTS: dict[str, Spec] = {
    "trajectory": Spec(_trajectory, "overview"),
    "pace": Spec(_pace, "overview"),
    "map": Spec(_map, "map"),
    "funnel": Spec(_funnel, "initiatives"),
    "time_in_phase": Spec(_time_in_phase, "initiatives"),
    "technology_mix": Spec(_mix("technology"), "initiatives"),
    "role_mix": Spec(_mix("role"), "initiatives"),
    "council_classes": Spec(_council_classes, "council"),
    "council_indicators": Spec(_council_indicators, "council"),
    "tvw_adoption": Spec(_tvw_adoption, "council"),
    "involvement_vs_progress": Spec(_involvement_vs_progress, "council"),
    "similar": Spec(_similar, "municipality"),
}


def permalink(data, f: flt.Filters, page: str, base_url: str | None = None) -> str:
    """The link that reopens this view: ``<base>/<page path>?regio=...`` (defaults left out)."""
    return flt.permalink(base_url or public_url(), PAGE_PATHS.get(page, page), f, data.years)


def build(name: str, data, f: flt.Filters, *, loaders: Loaders | None = None, with_permalink: bool = False,
          base_url: str | None = None, page: str | None = None) -> Chart:
    """Build chart ``name`` for the filters ``f``.

    ``with_permalink``: print the view's permalink in the figure (exports do; the app does not, its
    address bar has it). ``page``: the page the permalink points to (default: the chart's own page).
    Raises :class:`UnknownChartError`, :class:`warmte.indicators.UnknownRegionError`, ``YearError``.
    """
    if name not in CHARTS:
        raise UnknownChartError(name)
    spec = CHARTS[name]
    f = resolve(data, f)
    page = page or spec.page
    link = permalink(data, f, page, base_url) if with_permalink else ""
    used: dict[str, str] = {}

    def meta_for(title, source_key, illustrative, sub=None):
        used["source_key"] = source_key
        return make_meta(data, f, title, source_key, illustrative, sub, permalink=link)

    fig, table, meta, alt = spec.builder(data, f, loaders or Loaders(), meta_for)
    return Chart(name=name, fig=fig, table=table.reset_index(drop=True), meta=meta, alt=alt, page=page,
                 source_key=used.get("source_key", ""), filters=f)


#: Source table rows behind each source line (README "sources with licences").
SOURCE_IDS = {
    "source_housing": ("cbs_85984ned", "facts_national", "illustrative_housing"),
    "source_initiatives": ("initiatives_named", "paw_partial", "illustrative_initiatives", "facts_national"),
    "source_council": ("illustrative_council", "facts_national"),
    "source_council_progress": ("illustrative_council", "cbs_85984ned", "illustrative_housing"),
    "source_map_gas_free_share": ("cbs_85984ned", "illustrative_housing"),
    "source_map_progress_to_target": ("cbs_85984ned", "illustrative_housing"),
    "source_map_on_track": ("cbs_85984ned", "illustrative_housing", "facts_national"),
    "source_map_initiatives_per_10k_homes": ("cbs_85984ned", "initiatives_named", "illustrative_initiatives"),
    "source_map_involvement_index": ("illustrative_council",),
}
GEOMETRY_SOURCES = {"gemeente": ("pdok_gemeente_2025",), "provincie": ("pdok_provincie_2025",),
                    "res": ("pdok_gemeente_2025", "res_mapping")}


def sources_of(data, chart: Chart) -> pd.DataFrame:
    """The rows of the source table behind a chart (publisher, title, kind, licence, url)."""
    ids = list(SOURCE_IDS.get(chart.source_key, ()))
    if chart.name == "map":
        ids += list(GEOMETRY_SOURCES.get(chart.filters.level, ()))
    src = data.source
    rows = src[src["source_id"].isin(ids)] if ids else src
    return rows[["source_id", "publisher", "title", "kind", "licence", "url"]].reset_index(drop=True)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).replace("|", "/").replace("\n", " ")


def readme(data, chart: Chart) -> str:
    """README.md of a chart bundle: what the numbers mean, definitions, sources with licences, how to cite."""
    f, meta, lang = chart.filters, chart.meta, chart.filters.lang
    link = meta.permalink or permalink(data, f, chart.page)
    built = str(data.build_info.get("built_at", ""))[:10]
    from warmte.i18n import fmt_int, fmt_pct

    method = t("method_text", lang, target=fmt_int(model.TARGET_HOMES, lang),
               share=fmt_pct(model.TARGET_SHARE, lang, 0), target_year=model.TARGET_YEAR,
               stall=model.STALL_MONTHS_DEFAULT, horizon=model.PROJECTION_HORIZON_YEAR)
    filters_line = f"{meta.subtitle} · {t('filter_target', lang)}: {t('target_' + f.target, lang)}"
    columns = ", ".join(messages.localise_columns(chart.table.head(0), lang).columns)
    lines = [f"# {meta.title}", "", t("readme_intro", lang), "",
             f"**{t('readme_filters', lang)}:** {filters_line}", "",
             f"## {t('readme_meaning', lang)}", "", chart.alt, ""]
    if meta.illustrative:
        lines += [t("readme_illustrative", lang), ""]
    lines += [f"## {t('readme_files', lang)}", "", t("readme_files_text", lang, name=chart.name, columns=columns), "",
              f"## {t('readme_definitions', lang)}", "", method, "",
              f"## {t('readme_sources', lang)}", "", meta.source, "",
              t("readme_source_header", lang), "|---|---|---|---|---|"]
    for r in sources_of(data, chart).itertuples():
        licence = _cell(r.licence) or t("readme_licence_unknown", lang)
        lines.append(f"| {_cell(r.publisher)} | {_cell(r.title)} | {_cell(r.kind)} | {licence} | {_cell(r.url)} |")
    lines += ["", f"## {t('readme_cite', lang)}", "",
              t("readme_cite_text", lang, date=built, title=meta.title, permalink=link, source=meta.source), "",
              f"## {t('readme_permalink', lang)}", "", link, ""]
    return "\n".join(lines)
