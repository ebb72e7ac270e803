"""The chart registry: every chart of every page, rebuilt from (data, filters). Pure: no streamlit.

One way to build each chart: the pages, the exports (PNG/SVG/CSV/ZIP), the factsheet and ``warmte export``
all call :func:`build` with a chart NAME. A builder takes the data snapshot, the
:class:`~warmte.filters.Filters` and a :class:`Loaders` (the per-level table, funnel, council rows and map
geometry; the app passes its cached loaders, elsewhere they are computed) and returns a :class:`Chart`: the
figure, the table behind it (English column names), its :class:`~warmte.figures.ChartMeta`, the text
alternative and the page it lives on (for the permalink).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go

from warmte import filters as flt
from warmte import model
from warmte.figures import ChartMeta
from warmte.i18n import fmt_date, fmt_int, fmt_pct, labels, t
from warmte.views import comparison, council, initiatives, peers, progress
from warmte.views import map as map_view
from warmte.views.common import UnknownRegionError, YearError, latest_year, localise_columns

DEFAULT_PUBLIC_URL = "http://localhost:8501"


#: Page (URL path) of each page file, as in app.py; "" is the overview.
PAGE_PATHS = {"overview": "", "map": "kaart", "initiatives": "initiatieven", "council": "gemeenteraad",
              "municipality": "gemeenteprofiel", "data": "data"}


#: The address the current visitor used (set around an app export by :func:`visitor_base_url`).
_VISITOR_BASE_URL: ContextVar[str | None] = ContextVar("warmte_visitor_base_url", default=None)


def public_url() -> str:
    """Base URL of the dashboard in permalinks: ``$WARMTE_PUBLIC_URL`` when set (it wins), else the address the
    visitor used (inside :func:`visitor_base_url`), else http://localhost:8501."""
    return (os.environ.get("WARMTE_PUBLIC_URL", "").strip() or _VISITOR_BASE_URL.get()
            or DEFAULT_PUBLIC_URL).rstrip("/")


@contextlib.contextmanager
def visitor_base_url(url: str | None) -> Iterator[None]:
    """Within this block, permalinks use ``url`` (the address the visitor used) unless ``$WARMTE_PUBLIC_URL``
    is set. Exports made in the app run inside it; the CLI never does."""
    token = _VISITOR_BASE_URL.set(url or None)
    try:
        yield
    finally:
        _VISITOR_BASE_URL.reset(token)


#: A host as it may appear in a link: name or IPv4 (optionally with a port) or a bracketed IPv6 address.
_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")


def base_url_from(page_url: str | None = None, headers=None) -> str | None:
    """The address the visitor used, without page and query: from the browser's page URL (``st.context.url``)
    when given, else from the request headers (``X-Forwarded-Proto``/``X-Forwarded-Host``, else ``Host``).

    A known page path at the end is cut off (``https://x.nl/warmte/kaart`` -> ``https://x.nl/warmte``). Returns
    None when neither gives a plain http(s) address (nothing odd ever reaches a link).
    """
    if page_url:
        parts = urlsplit(page_url)
        if parts.scheme in ("http", "https") and _HOST.fullmatch(parts.netloc or "") and not parts.username:
            segments = [s for s in parts.path.split("/") if s]
            if segments and segments[-1] in PAGE_PATHS.values():
                segments = segments[:-1]
            if all(re.fullmatch(r"[A-Za-z0-9._~%-]+", s) for s in segments):
                return f"{parts.scheme}://{parts.netloc}" + "".join("/" + s for s in segments)
    headers = {str(k).lower(): str(v) for k, v in dict(headers or {}).items()}
    host = (headers.get("x-forwarded-host") or headers.get("host") or "").split(",")[0].strip()
    proto = (headers.get("x-forwarded-proto") or "http").split(",")[0].strip().lower()
    if host and _HOST.fullmatch(host) and proto in ("http", "https"):
        return f"{proto}://{host}"
    return None


class UnknownChartError(KeyError):
    """A chart NAME that is not in the registry."""

    def __str__(self) -> str:
        return f"unknown chart {self.args[0]!r}; charts: {', '.join(CHARTS)}"


@dataclass(frozen=True)
class Loaders:
    """Where builders get their expensive inputs, each called with the snapshot first.

    The defaults compute them. The app passes its cached loaders instead (``warmte/ui/loaders.py``, the one
    cache, keyed by the snapshot's version).
    """

    level_table: Callable[..., pd.DataFrame] = comparison.level_table  # (data, level, year, definition, target)
    funnel: Callable[..., initiatives.Funnel] = initiatives.region_funnel  # (data, region, stall_months)
    council: Callable[..., pd.DataFrame] = council.region_council  # (data, region)
    geometry: Callable[..., dict] = map_view.feature_collection  # (data, level)

    def table(self, data, level: str, filters: flt.Filters) -> pd.DataFrame:
        """The per-level table for the filters' year, definition and target method."""
        return self.level_table(data, level, filters.year, filters.definition, filters.target)


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


def resolve(data, filters: flt.Filters) -> flt.Filters:
    """The filters with the year filled in (latest observed) and validated against the data.

    Raises :class:`warmte.views.common.UnknownRegionError` / :class:`warmte.views.common.YearError`.
    """
    if not data.has_region(filters.region):
        raise UnknownRegionError(filters.region)
    if filters.year is None:
        filters = filters.with_(year=latest_year(data))
    elif int(filters.year) not in data.years:
        raise YearError(f"no observations for {filters.year}; available years: "
                                   f"{', '.join(map(str, data.years))}")
    return filters


def subtitle(data, filters: flt.Filters, with_definition: bool = True) -> str:
    """Region · year · definition: the active filters of a chart."""
    parts = [data.region_name(filters.region, filters.lang), str(filters.year)]
    if with_definition:
        parts.append(t("definition_" + filters.definition, filters.lang))
    return " · ".join(parts)


def make_meta(data, filters: flt.Filters, title: str, source_key: str, illustrative: bool,
              sub: str | None = None, permalink: str = "") -> ChartMeta:
    """The meta of a chart: title (the finding), filters, source line with the data date, illustrative mark.

    The source line names only what the numbers come from (issue 13 item 5). With generated numbers it is the
    key's ``<source_key>_illustrative`` text, which says which numbers are generated ("illustratief"); a key
    without one gets the generic generated-data note. Real numbers of a region below the country use the
    key's ``<source_key>_regional`` text where one exists (the municipal sources, not the national series).
    """
    built = str(data.build_info.get("built_at", ""))[:10]
    lang = filters.lang
    generated, regional = source_key + "_illustrative", source_key + "_regional"
    if illustrative and t(generated, lang) != generated:  # t() returns a missing key itself
        source = t(generated, lang)
    else:
        below_country = model.level_of(filters.region) != "nederland"
        source = t(regional if below_country and t(regional, lang) != regional else source_key, lang)
        if illustrative:
            source += "; " + t("source_illustrative", lang)
    source += " · " + t("source_suffix", lang, date=fmt_date(built, lang))
    return ChartMeta(title=title, source=source, subtitle=subtitle(data, filters) if sub is None else sub,
                     illustrative=illustrative, illustrative_label=t("illustrative_mark", filters.lang),
                     lang=filters.lang, permalink=permalink)


@dataclass(frozen=True)
class Spec:
    builder: Callable
    page: str  # key of PAGE_PATHS


#: Every chart of every page, by NAME (the `warmte export chart NAME` names).
CHARTS: dict[str, Spec] = {
    "trajectory": Spec(progress._trajectory, "overview"),
    "pace": Spec(progress._pace, "overview"),
    "map": Spec(map_view._map, "map"),
    "funnel": Spec(initiatives._funnel, "initiatives"),
    "time_in_phase": Spec(initiatives._time_in_phase, "initiatives"),
    "technology_mix": Spec(initiatives._mix("technology"), "initiatives"),
    "role_mix": Spec(initiatives._mix("role"), "initiatives"),
    "heat_pipeline": Spec(initiatives._heat_pipeline, "initiatives"),
    "tvw_status": Spec(council._tvw_status, "council"),
    "council_classes": Spec(council._council_classes, "council"),
    "council_indicators": Spec(council._council_indicators, "council"),
    "tvw_adoption": Spec(council._tvw_adoption, "council"),
    "involvement_vs_progress": Spec(council._involvement_vs_progress, "council"),
    "similar": Spec(comparison._similar, "municipality"),
    "peers": Spec(peers._peers_chart, "municipality"),
}


def permalink(data, filters: flt.Filters, page: str, base_url: str | None = None) -> str:
    """The link that reopens this view: ``<base>/<page path>?regio=...`` (defaults left out)."""
    return flt.permalink(base_url or public_url(), PAGE_PATHS.get(page, page), filters, data.years)


def build(name: str, data, filters: flt.Filters, *, loaders: Loaders | None = None, with_permalink: bool = False,
          base_url: str | None = None, page: str | None = None) -> Chart:
    """Build chart ``name`` for the filters ``f``.

    ``with_permalink``: print the view's permalink in the figure (exports do; the app does not, its
    address bar has it). ``page``: the page the permalink points to (default: the chart's own page).
    Raises :class:`UnknownChartError`, :class:`warmte.views.common.UnknownRegionError`, ``YearError``.
    """
    if name not in CHARTS:
        raise UnknownChartError(name)
    spec = CHARTS[name]
    filters = resolve(data, filters)
    page = page or spec.page
    link = permalink(data, filters, page, base_url) if with_permalink else ""
    used: dict[str, str] = {}

    def meta_for(title, source_key, illustrative, sub=None):
        used["source_key"] = source_key
        return make_meta(data, filters, title, source_key, illustrative, sub, permalink=link)

    fig, table, meta, alt = spec.builder(data, filters, loaders or Loaders(), meta_for)
    return Chart(name=name, fig=fig, table=table.reset_index(drop=True), meta=meta, alt=alt, page=page,
                 source_key=used.get("source_key", ""), filters=filters)


#: Source table rows behind each source line (README "sources with licences").
SOURCE_IDS = {
    "source_housing": ("cbs_85984ned", "cbs_kwb2025_energie2024", "facts_national", "illustrative_housing"),
    "source_initiatives": ("initiatives_named", "initiatives_supplement", "paw_partial", "illustrative_initiatives",
                           "facts_national"),
    "source_heat_projects": ("warmteatlas_projects",),
    "source_tvw_status": ("warmteatlas_tvw",),
    "source_peers": ("cbs_kwb2025_energie2024", "cbs_85984ned", "etlocal_housing_type", "cbs_maatwerk_heating",
                     "warmteatlas_projects", "initiatives_named", "initiatives_supplement"),
    "source_council": ("illustrative_council", "facts_national"),
    "source_council_progress": ("illustrative_council", "cbs_85984ned", "cbs_kwb2025_energie2024",
                                "illustrative_housing"),
    "source_map_gas_free_share": ("cbs_85984ned", "cbs_kwb2025_energie2024", "illustrative_housing"),
    "source_map_progress_to_target": ("cbs_85984ned", "cbs_kwb2025_energie2024", "illustrative_housing"),
    "source_map_on_track": ("cbs_85984ned", "cbs_kwb2025_energie2024", "illustrative_housing", "facts_national"),
    "source_map_initiatives_per_10k_homes": ("cbs_85984ned", "initiatives_named", "illustrative_initiatives"),
    "source_map_involvement_index": ("illustrative_council",),
    "source_map_district_heating_share": ("cbs_kwb2025_energie2024",),
    "source_map_plans_coverage": ("warmteatlas_projects", "cbs_85984ned", "cbs_kwb2025_energie2024",
                                  "illustrative_housing"),
    "source_map_gas_use_per_home": ("cbs_kwb2025_energie2024",),
    "source_map_tvw_status": ("warmteatlas_tvw",),
    "source_map_tvw_adopted_share": ("warmteatlas_tvw",),
}


GEOMETRY_SOURCES = {"gemeente": ("pdok_gemeente_2025",), "provincie": ("pdok_provincie_2025",),
                    "res": ("pdok_gemeente_2025", "res_mapping")}


def sources_of(data, chart: Chart) -> pd.DataFrame:
    """The rows of the source table behind a chart (publisher, title, kind, reference date, licence, url)."""
    ids = list(SOURCE_IDS.get(chart.source_key, ()))
    if chart.name == "map":
        ids += list(GEOMETRY_SOURCES.get(chart.filters.level, ()))
    src = data.source
    rows = src[src["source_id"].isin(ids)] if ids else src
    rows = rows.assign(title=source_titles(rows, chart.filters.lang))
    return rows[["source_id", "publisher", "title", "kind", "reference_date", "licence", "url"]].reset_index(drop=True)


def source_titles(src: pd.DataFrame, lang: str) -> pd.Series:
    """The titles of source rows in ``lang``: the locale's ``srctitle_<source_id>`` where it has one (the shipped
    sources), else the title as recorded (an imported register keeps its own title)."""
    table = labels(lang)
    return pd.Series([table.get("srctitle_" + str(i), title) if lang != "nl" else title
                      for i, title in zip(src["source_id"], src["title"], strict=True)], index=src.index, dtype=object)


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).replace("|", "/").replace("\n", " ")


def readme(data, chart: Chart) -> str:
    """README.md of a chart bundle: what the numbers mean, definitions, sources with licences, how to cite."""
    filters, meta, lang = chart.filters, chart.meta, chart.filters.lang
    link = meta.permalink or permalink(data, filters, chart.page)
    built = fmt_date(str(data.build_info.get("built_at", ""))[:10], lang)
    method = t("method_text", lang, target=fmt_int(model.TARGET_HOMES, lang),
               share=fmt_pct(model.TARGET_SHARE, lang, 0), target_year=model.TARGET_YEAR,
               stall=model.STALL_MONTHS_DEFAULT, horizon=model.PROJECTION_HORIZON_YEAR)
    filters_line = f"{meta.subtitle} · {t('filter_target', lang)}: {t('target_' + filters.target, lang)}"
    columns = ", ".join(localise_columns(chart.table.head(0), lang).columns)
    lines = [f"# {meta.title}", "", t("readme_intro", lang), "",
             f"**{t('readme_filters', lang)}:** {filters_line}", "",
             f"## {t('readme_meaning', lang)}", "", chart.alt, ""]
    if meta.illustrative:
        lines += [t("readme_illustrative", lang), ""]
    lines += [f"## {t('readme_files', lang)}", "", t("readme_files_text", lang, name=chart.name, columns=columns), "",
              f"## {t('readme_definitions', lang)}", "", method, "",
              f"## {t('readme_sources', lang)}", "", meta.source, "",
              t("readme_source_header", lang), "|---|---|---|---|---|---|"]
    for r in sources_of(data, chart).itertuples():
        licence = (t("readme_licence_unknown", lang) if not _cell(r.licence) or r.licence == NO_LICENCE
                   else _cell(r.licence))
        lines.append(f"| {_cell(r.publisher)} | {_cell(r.title)} | {t('kind_' + str(r.kind), lang)} | "
                     f"{_cell(fmt_date(r.reference_date, lang))} | {licence} | {_cell(r.url)} |")
    lines += ["", f"## {t('readme_cite', lang)}", "",
              t("readme_cite_text", lang, date=built, title=meta.title, permalink=link, source=meta.source), "",
              f"## {t('readme_permalink', lang)}", "", link, ""]
    return "\n".join(lines)


NO_LICENCE = "not stated by the publisher"


def sources_table(data, lang: str) -> pd.DataFrame:
    """Every source of the data in use, for people: kind, reference date and licence in the language.

    A publisher that states no licence is shown as exactly that (never as open data).
    """
    src = data.source
    kind = src["kind"].map(lambda k: t("kind_" + str(k), lang))
    licence = src["licence"].map(lambda v: t("licence_not_stated", lang) if not isinstance(v, str) or not v
                                 or v == NO_LICENCE else v)
    return pd.DataFrame({
        "publisher": src["publisher"], "title": source_titles(src, lang), "kind": kind,
        "reference_date": src["reference_date"], "licence": licence, "retrieved": src["retrieved"],
        "url": src["url"], "file": src["file"], "row_count": src["row_count"], "notes": src["notes"],
    })
