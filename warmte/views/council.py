"""Council involvement: the transitievisie warmte status (WarmteAtlas, real data) and the council indicators.

Two parts:

- the **transitievisie warmte (TVW) status** of every municipality, as reported to the Nationale WarmteAtlas
  (RVO, mid-2026): measured data, shown by default. The texts are the source's; ``gemeentebestuur`` is never
  turned into "the council" (SOURCES.md 5.8, "Caution on the TVW status");
- the **council indicators** (debates, motions, budget, ...): no open data exists; they come from an import
  (``warmte import council``) or from the generated demonstration layer. Every function here accepts an empty
  ``council_indicator`` table and returns empty frames.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pandas as pd

from warmte import figures, model
from warmte.domain import council as domain_council
from warmte.i18n import chart_labels, fmt_int, fmt_pct, t
from warmte.views import comparison
from warmte.views.common import any_illustrative, council_year, member_codes

# --- Transitievisie warmte status (WarmteAtlas) --------------------------------------------------------------

#: The source's status categories, in the order shown (as in the map legend).
TVW_STATUSES = ("adopted_by_council", "adopted_by_executive", "draft_adopted", "ready_not_adopted",
                "in_preparation")
#: Statuses that say the visie is definitively adopted (by the council or by the gemeentebestuur).
ADOPTED = comparison.ADOPTED
#: A bar chart of counts needs a largest bar of at least this many to get whole-number ticks from the bar
#: builder's automatic axis (plotly labels 0.2 or 0.5 steps below it). Smaller regions are shown within their
#: province, which also follows the house rule "never 100% of 1 council".
MIN_CHART_COUNT = 4
_URL = re.compile(r"https?://[^\s<>\"']+")
_INCOMPLETE = ("incomplete", "truncated")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&])")


@dataclass(frozen=True)
class TvwSummary:
    """The transitievisie warmte status of a region as the WarmteAtlas gives it (reference mid-2026).

    ``counts``: municipalities per status, every status of :data:`TVW_STATUSES` (zeros included);
    ``adopted``: definitively adopted (by the gemeenteraad or by the gemeentebestuur). For a municipality also
    its ``status_text`` (verbatim, Dutch), ``status`` (category) and ``document`` (the link or text as given;
    None where the source has none); ``document_url`` is that link when it is one complete URL, else None.
    """

    code: str
    name: str
    municipalities: int
    counts: dict[str, int] = field(default_factory=dict)
    adopted: int = 0
    status_text: str | None = None
    status: str | None = None
    document: str | None = None
    document_url: str | None = None
    source_id: str = "warmteatlas_tvw"


def document_url(document, notes=None) -> str | None:
    """The document as a link when the source gives exactly one complete http(s) URL, else None.

    Not a link: None, plain text, several links, and links the snapshot notes as cut off (SOURCES.md 5.8).
    """
    if not isinstance(document, str) or not _URL.fullmatch(document.strip()):
        return None
    if isinstance(notes, str) and any(word in notes for word in _INCOMPLETE):
        return None
    return document.strip()


def tvw_rows(data, code: str) -> pd.DataFrame:
    """The region's municipalities with their TVW record: code, name, status, status_text, document,
    document_url, notes; sorted by name."""
    members = member_codes(data, code)
    names = data.municipality.set_index("code")["name"]
    tvw = data.tvw_status.set_index("municipality_code").reindex(members)
    out = pd.DataFrame({
        "code": members,
        "name": names.reindex(members).to_numpy(),
        "status": tvw["status"].to_numpy(),
        "status_text": tvw["status_text"].to_numpy(),
        "document": tvw["document"].to_numpy(),
        "notes": tvw["notes"].to_numpy(),
    })
    out["document"] = out["document"].where(out["document"].notna(), None)
    out["document_url"] = [document_url(d, n) for d, n in zip(out["document"], out["notes"], strict=True)]
    return out.sort_values("name", kind="stable").reset_index(drop=True)


def _plain(value):
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def tvw_summary(data, code: str) -> TvwSummary:
    """Status counts of region ``code``; for a municipality also its status text, category and document."""
    rows = tvw_rows(data, code)
    known = rows["status"].value_counts()
    counts = {s: int(known.get(s, 0)) for s in TVW_STATUSES}
    one = rows.iloc[0] if model.level_of(code) == "gemeente" and len(rows) == 1 else None
    return TvwSummary(
        code=code, name=data.region_name(code), municipalities=len(rows), counts=counts,
        adopted=sum(counts[s] for s in ADOPTED),
        status_text=None if one is None else _plain(one["status_text"]),
        status=None if one is None else _plain(one["status"]),
        document=None if one is None else _plain(one["document"]),
        document_url=None if one is None else _plain(one["document_url"]),
    )


def province_of(data, code: str) -> str | None:
    """The province of a municipality, or the province holding most municipalities of a RES region."""
    level = model.level_of(code)
    if level not in ("gemeente", "res"):
        return None
    provinces = data.municipality.set_index("code").loc[member_codes(data, code), "province_code"]
    return str(provinces.value_counts().index[0])


def chart_region(data, code: str) -> str:
    """The region whose municipalities the ``tvw_status`` chart counts: the region itself, or, for a
    municipality and for a region whose largest status count is below :data:`MIN_CHART_COUNT`, its province."""
    if model.level_of(code) == "gemeente":
        return province_of(data, code)
    if max(tvw_summary(data, code).counts.values()) < MIN_CHART_COUNT and province_of(data, code):
        return province_of(data, code)
    return code


def region_label(data, code: str, lang: str) -> str:
    """The region as a sentence names it: 'Nederland' / 'the Netherlands', 'de provincie Gelderland' / 'the
    province of Gelderland', 'RES-regio X' / 'the RES region X', a municipality's name."""
    level = model.level_of(code)
    if level == "nederland":
        return t("tvw_netherlands", lang)
    key = {"provincie": "tvw_province", "res": "tvw_res"}.get(level)
    return t(key, lang, name=data.region_name(code)) if key else data.region_name(code)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def n_municipalities(n: int, lang: str) -> str:
    """'1 gemeente', '2 gemeenten' / '1 municipality', '2 municipalities'."""
    return t("tvw_n_one" if n == 1 else "tvw_n_other", lang, n=fmt_int(n, lang))


def _adopted_sentence(summary: TvwSummary, label: str, lang: str) -> str:
    key = "tvw_adopted_in_one" if summary.adopted == 1 else "tvw_adopted_in"
    return t(key, lang, region=label, n=fmt_int(summary.adopted, lang), total=fmt_int(summary.municipalities, lang))


def _compare(data, code: str, lang: str) -> list[str]:
    """The comparison clauses: 'in Gelderland 50 van de 51' (a municipality's province), 'in Nederland 334 van de
    342' (every region but the Netherlands)."""
    codes = [c for c in (province_of(data, code) if model.level_of(code) == "gemeente" else None,
                         model.NATIONAL_CODE if code != model.NATIONAL_CODE else None) if c]
    out = []
    for other in codes:
        s = tvw_summary(data, other)
        out.append(t("tvw_compare", lang, region=region_label(data, other, lang), n=fmt_int(s.adopted, lang),
                     total=fmt_int(s.municipalities, lang)))
    return out


def quote(summary: TvwSummary, lang: str) -> str:
    """A municipality's status as the source gives it, quoted (Dutch); other languages add a translation."""
    gloss = t("tvw_text_" + summary.status, lang) if summary.status else summary.status_text
    key = "tvw_quote" if gloss == summary.status_text else "tvw_quote_translated"
    return t(key, lang, name=summary.name, text=summary.status_text, gloss=gloss)


def tvw_headline(data, code: str, lang: str) -> str:
    """The page's headline: what the source says for the region.

    A municipality (or a region of one municipality): its status text, quoted. Otherwise: how many of its
    municipalities report a definitively adopted visie, compared with the Netherlands.
    """
    one = _single(data, code)
    if one is not None:
        return quote(tvw_summary(data, one), lang)
    summary = tvw_summary(data, code)
    sentence = _adopted_sentence(summary, region_label(data, code, lang), lang)
    return "; ".join([sentence, *_compare(data, code, lang)]) + "."


def tvw_details(data, code: str, lang: str) -> list[str]:
    """The lines under the headline (Markdown; source text escaped).

    A municipality: the comparison with its province and the Netherlands, and its document. A region: the
    municipalities per status.
    """
    one = _single(data, code)
    if one is not None:
        province = tvw_summary(data, province_of(data, one))
        first = _adopted_sentence(province, region_label(data, province.code, lang), lang)
        return ["; ".join([first, *_compare(data, one, lang)[1:]]) + ".", document_line(tvw_summary(data, one), lang)]
    summary = tvw_summary(data, code)
    items = [f"{t('tvw_' + s, lang)}: {n_municipalities(n, lang)}" for s, n in summary.counts.items() if n]
    return [t("tvw_per_status", lang, items="; ".join(items))]


def escape_markdown(text: str) -> str:
    """Text from a source shown inert in Markdown (no links, emphasis, colours, maths or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def document_line(summary: TvwSummary, lang: str) -> str:
    """'Document (as the source gives it): [host](url)', the source's text when it is no single complete link,
    or 'The source gives no document.'"""
    if summary.document_url:
        url = summary.document_url.replace("(", "%28").replace(")", "%29")
        host = urlsplit(summary.document_url).netloc or summary.document_url
        return t("tvw_document_link", lang, link=f"[{escape_markdown(host)}]({url})")
    if summary.document:
        return t("tvw_document_text", lang, text=escape_markdown(summary.document))
    return t("tvw_document_none", lang)


def table_region(data, code: str) -> str:
    """The region whose municipalities the page's table lists: a municipality's province (the municipality
    itself is the headline), else the region itself."""
    return province_of(data, code) if model.level_of(code) == "gemeente" else code


def tvw_table_heading(data, code: str, lang: str) -> str:
    return t("tvw_table", lang, region=region_label(data, table_region(data, code), lang))


def tvw_table(data, code: str, lang: str) -> pd.DataFrame:
    """The municipalities of :func:`table_region` for the page's table: municipality, tvw_status (label),
    status_text (as given), document (a complete link, else empty), document_text (the source's text where it
    is no link)."""
    rows = tvw_rows(data, table_region(data, code))
    text = [doc if isinstance(doc, str) and not isinstance(url, str) else None
            for doc, url in zip(rows["document"], rows["document_url"], strict=True)]
    return pd.DataFrame({
        "municipality": rows["name"],
        "tvw_status": [t("tvw_" + s, lang) if isinstance(s, str) else None for s in rows["status"]],
        "status_text": rows["status_text"],
        "document": rows["document_url"],
        "document_text": text,
    })


def tvw_counts(data, code: str, lang: str) -> pd.DataFrame:
    """Municipalities per status in the region: status (code), tvw_status (label), municipalities, share."""
    summary = tvw_summary(data, code)
    total = summary.municipalities
    return pd.DataFrame({
        "status": list(summary.counts),
        "tvw_status": [t("tvw_" + s, lang) for s in summary.counts],
        "municipalities": list(summary.counts.values()),
        "share": [n / total if total else float("nan") for n in summary.counts.values()],
    })


def _single(data, code: str) -> str | None:
    """The municipality a region consists of (the code itself for a municipality), else None."""
    if model.level_of(code) == "gemeente":
        return code
    members = member_codes(data, code)
    return members[0] if len(members) == 1 else None


def tvw_chart_title(data, code: str, lang: str) -> str:
    """The chart's finding: how many municipalities report a definitively adopted visie; for a municipality
    its own status (the chart then shows its province)."""
    one = _single(data, code)
    if one is not None:
        own = tvw_summary(data, one)
        return t("tvw_chart_title_own", lang, name=own.name, status=t("tvw_" + own.status, lang))
    summary = tvw_summary(data, code)
    title = t("tvw_chart_title_one" if summary.adopted == 1 else "tvw_chart_title", lang,
              n=fmt_int(summary.adopted, lang), total=fmt_int(summary.municipalities, lang))
    if chart_region(data, code) != code:
        return t("tvw_chart_title_own", lang, name=_cap(region_label(data, code, lang)), status=title)
    return title


def tvw_alt(counts: pd.DataFrame, label: str, lang: str) -> str:
    items = "; ".join(f"{r.tvw_status}: {n_municipalities(int(r.municipalities), lang)}" for r in counts.itertuples())
    return f"{label}: {items}."


def _tvw_status(data, filters, loaders, meta_for):
    lang = filters.lang
    shown = chart_region(data, filters.region)
    counts = tvw_counts(data, shown, lang)
    label = region_label(data, shown, lang)
    sub = label if shown == filters.region else t("tvw_chart_context", lang, region=label,
                                                  name=region_label(data, filters.region, lang))
    meta = meta_for(tvw_chart_title(data, filters.region, lang), "source_tvw_status", False,
                    f"{_cap(sub)} · {t('date_tvw_status', lang)}")
    labels = {**chart_labels(lang), **{s: t("tvw_" + s, lang) for s in TVW_STATUSES},
              "initiatives": t("chart_municipalities", lang)}
    mix = counts.rename(columns={"status": "value", "municipalities": "initiatives"})
    fig = figures.mix_chart(mix[["value", "initiatives", "share"]], meta, labels)
    return fig, counts.drop(columns=["status"]), meta, tvw_alt(counts, _cap(label), lang)


# --- Council indicators (imported or illustrative) -----------------------------------------------------------

_INDICATOR_COLUMNS = ["indicator", "label", "share", "councils", "total"]


def region_council(data, code: str, year: int | None = None) -> pd.DataFrame:
    """Council indicators of the region's municipalities in a year, with index and class."""
    members = set(member_codes(data, code))
    y = council_year(data, year)
    c = data.council_indicator[(data.council_indicator["year"] == y)
                               & data.council_indicator["municipality_code"].isin(members)].copy()
    if c.empty:
        c["involvement_index"] = pd.Series(dtype=float)
        c["involvement_class"] = pd.Series(dtype=object)
    else:
        c["involvement_index"] = domain_council.involvement_index(c).to_numpy()
        c["involvement_class"] = domain_council.involvement_class(c["involvement_index"]).to_numpy()
    names = data.municipality.set_index("code")["name"]
    c.insert(1, "name", c["municipality_code"].map(names))
    return c.reset_index(drop=True)


def class_shares(council_rows: pd.DataFrame) -> pd.DataFrame:
    """Councils per involvement class (laag / midden / hoog) with shares; empty without council rows."""
    if council_rows.empty:
        return pd.DataFrame({"involvement_class": pd.Series(dtype=object), "councils": pd.Series(dtype=int),
                             "share": pd.Series(dtype=float)})
    return domain_council.class_shares(council_rows["involvement_index"])


def indicator_shares(council_rows: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """Share of councils meeting each indicator (counts: at least one debate or motion in the year); empty
    without council rows."""
    if council_rows.empty:
        return pd.DataFrame(columns=_INDICATOR_COLUMNS)
    rows = []
    for ind in model.COUNCIL_INDICATORS:
        values = council_rows[ind.column]
        share = float((values > 0).mean()) if len(values) else float("nan")
        rows.append({"indicator": ind.column, "label": ind.label_nl if lang == "nl" else ind.label_en,
                     "share": share, "councils": int((values > 0).sum()), "total": len(values)})
    return pd.DataFrame(rows)


def adoption_by_year(data, code: str) -> pd.DataFrame:
    """Councils with an adopted transitievisie warmte per snapshot year in the region."""
    members = set(member_codes(data, code))
    c = data.council_indicator[data.council_indicator["municipality_code"].isin(members)]
    out = c.groupby("year").agg(adopted=("tvw_adopted", "sum"), total=("tvw_adopted", "size")).reset_index()
    return out.astype({"adopted": int, "total": int})


def council_profile(council_rows: pd.DataFrame, lang: str = "nl") -> pd.DataFrame:
    """One municipality's indicators as rows: indicator, label, value, weight; empty without council rows."""
    if council_rows.empty:
        return pd.DataFrame(columns=["indicator", "label", "value", "weight"])
    row = council_rows.iloc[0]
    return pd.DataFrame([{"indicator": ind.column, "label": ind.label_nl if lang == "nl" else ind.label_en,
                          "value": float(row[ind.column]), "weight": ind.weight}
                         for ind in model.COUNCIL_INDICATORS]
                        + [{"indicator": "involvement_index", "label": "index (0-100)",
                            "value": round(float(row["involvement_index"]), 1),
                            "weight": 100}])


def council_illustrative(data, code: str) -> bool:
    """True when any council row (any year) of the region is illustrative (not imported)."""
    members = set(member_codes(data, code))
    return any_illustrative(data.council_indicator[data.council_indicator["municipality_code"].isin(members)])


def council_headline(council: pd.DataFrame, lang: str) -> str:
    if council.empty:
        return t("no_data", lang)
    if len(council) == 1:
        r = council.iloc[0]
        return t("council_headline_one", lang, name=r["name"], index=fmt_int(r["involvement_index"], lang),
                 cls=t("class_" + r["involvement_class"], lang))
    return t("council_headline", lang, n=len(council), tvw=int(council["tvw_adopted"].sum()),
             informed=int(council["informed_of_share"].sum()),
             mean=fmt_int(council["involvement_index"].mean(), lang))


def comparison_region(data, code: str) -> str:
    """The region the council charts show: for one municipality (or a region of one) its province, so no
    chart or sentence speaks of "100% of 1 council"; else the region itself."""
    one = _single(data, code)
    return province_of(data, one) if one is not None else code


def _low_share(rows: pd.DataFrame) -> float | None:
    known = rows["involvement_class"].dropna() if len(rows) else pd.Series(dtype=object)
    return float((known == "laag").mean()) if len(known) else None


def council_compare(data, code: str, lang: str, loaders_council=None) -> str:
    """For one municipality: its council beside its province and the Netherlands (mean involvement and the
    share of hardly involved councils). Empty for regions of more than one municipality or without rows."""
    one = _single(data, code)
    get = loaders_council or region_council
    own = get(data, code) if one is not None else None
    if own is None or own.empty:
        return ""
    parts = []
    for other in (province_of(data, one), model.NATIONAL_CODE):
        rows = get(data, other)
        if rows.empty:
            continue
        parts.append(t("council_compare_part", lang, region=region_label(data, other, lang),
                       mean=fmt_int(rows["involvement_index"].mean(), lang),
                       low=fmt_pct(_low_share(rows), lang, 0)))
    return t("council_compare", lang, parts="; ".join(parts)) if parts else ""


def has_council_rows(data, code: str) -> bool:
    """True when the region has council indicators (imported, or generated in the demonstration mode)."""
    members = set(member_codes(data, code))
    return bool(data.council_indicator["municipality_code"].isin(members).any())


def council_classes_title(shares: pd.DataFrame, lang: str) -> str:
    if shares.empty:
        return t("no_data", lang)
    low = shares.loc[shares["involvement_class"] == "laag", "share"]
    return t("council_classes_title", lang, pct=fmt_pct(float(low.iloc[0]) if len(low) else None, lang, 0))


def council_classes_alt(shares: pd.DataFrame, lang: str) -> str:
    return "; ".join(f"{t('class_' + r.involvement_class, lang)}: {r.councils} ({fmt_pct(r.share, lang, 0)})"
                     for r in shares.itertuples())


def indicator_title(ind: pd.DataFrame, lang: str) -> str:
    if ind.empty:
        return t("no_data", lang)
    informed = ind.loc[ind["indicator"] == "informed_of_share", "share"]
    return t("indicator_title", lang, pct=fmt_pct(float(informed.iloc[0]) if len(informed) else None, lang, 0))


def indicator_alt(ind: pd.DataFrame, lang: str) -> str:
    return "; ".join(f"{r.label}: {r.councils} / {r.total}" for r in ind.itertuples())


def adoption_title(adoption: pd.DataFrame, lang: str) -> str:
    if adoption.empty:
        return t("no_data", lang)
    last = adoption.iloc[-1]
    return t("adoption_title", lang, adopted=int(last["adopted"]), total=int(last["total"]), year=int(last["year"]))


def adoption_alt(adoption: pd.DataFrame, lang: str) -> str:
    return "; ".join(f"{r.year}: {r.adopted} / {r.total}" for r in adoption.itertuples())


def scatter_title(df: pd.DataFrame, lang: str) -> str:
    pairs = df[["involvement_index", "progress_to_target"]].dropna()
    if len(pairs) < 3:  # no finding without at least three municipalities with both figures
        return t("scatter_title_plain", lang)
    r = pairs["involvement_index"].corr(pairs["progress_to_target"])
    if pd.isna(r):  # no spread in one of the two
        return t("scatter_title_plain", lang)
    key = "scatter_title_none" if abs(r) < 0.2 else ("scatter_title_pos" if r > 0 else "scatter_title_neg")
    return t(key, lang, r=f"{r:.2f}".replace(".", "," if lang == "nl" else "."))


def scatter_alt(df: pd.DataFrame, lang: str) -> str:
    return t("alt_scatter_n", lang, n=n_municipalities(len(df), lang))


def _council_sub(data, filters, council) -> str:
    year = int(council["year"].iloc[0]) if len(council) else council_year(data)
    shown = comparison_region(data, filters.region)
    name = (data.region_name(filters.region, filters.lang) if shown == filters.region else
            t("tvw_chart_context", filters.lang, region=_cap(region_label(data, shown, filters.lang)),
              name=region_label(data, filters.region, filters.lang)))
    if year is None:
        return name
    return f"{name} · {t('council_snapshot', filters.lang, year=year)}"


def _own(data, filters, loaders) -> pd.DataFrame | None:
    """The council row of a single municipality (None for larger regions)."""
    if _single(data, filters.region) is None:
        return None
    own = loaders.council(data, filters.region)
    return own if len(own) else None


def own_classes_title(own: pd.DataFrame, lang: str) -> str:
    r = own.iloc[0]
    return t("council_classes_title_own", lang, name=r["name"], cls=t("class_" + r["involvement_class"], lang),
             index=fmt_int(r["involvement_index"], lang))


def own_indicator_title(own: pd.DataFrame, ind: pd.DataFrame, lang: str) -> str:
    r = own.iloc[0]
    informed = ind.loc[ind["indicator"] == "informed_of_share", "share"]
    key = "indicator_title_own_" + ("yes" if r["informed_of_share"] else "no")
    return t(key, lang, name=r["name"], pct=fmt_pct(float(informed.iloc[0]) if len(informed) else None, lang, 0))


def own_adoption_title(data, code: str, lang: str) -> str:
    adoption = adoption_by_year(data, code)
    name = data.region_name(_single(data, code), lang)
    adopted = adoption[adoption["adopted"] > 0]
    if adoption.empty:
        return t("no_data", lang)
    if adopted.empty:
        return t("adoption_title_own_no", lang, name=name, year=int(adoption["year"].max()))
    return t("adoption_title_own", lang, name=name, year=int(adopted["year"].min()))


def _council_classes(data, filters, loaders, meta_for):
    shown = comparison_region(data, filters.region)
    council = loaders.council(data, shown)
    own = _own(data, filters, loaders)
    shares = class_shares(council)
    title = own_classes_title(own, filters.lang) if own is not None else council_classes_title(shares, filters.lang)
    meta = meta_for(title, "source_council", any_illustrative(council), _council_sub(data, filters, council))
    fig = figures.council_classes_chart(shares, meta, chart_labels(filters.lang))
    return fig, shares, meta, council_classes_alt(shares, filters.lang)


def _council_indicators(data, filters, loaders, meta_for):
    shown = comparison_region(data, filters.region)
    council = loaders.council(data, shown)
    own = _own(data, filters, loaders)
    ind = indicator_shares(council, filters.lang)
    title = (own_indicator_title(own, ind, filters.lang) if own is not None
             else indicator_title(ind, filters.lang))
    meta = meta_for(title, "source_council", any_illustrative(council), _council_sub(data, filters, council))
    fig = figures.indicator_shares_chart(ind, meta, chart_labels(filters.lang))
    return fig, ind, meta, indicator_alt(ind, filters.lang)


def _tvw_adoption(data, filters, loaders, meta_for):
    shown = comparison_region(data, filters.region)
    adoption = adoption_by_year(data, shown)
    title = (own_adoption_title(data, filters.region, filters.lang) if shown != filters.region
             else adoption_title(adoption, filters.lang))
    sub = (data.region_name(filters.region, filters.lang) if shown == filters.region else
           t("tvw_chart_context", filters.lang, region=_cap(region_label(data, shown, filters.lang)),
             name=region_label(data, filters.region, filters.lang)))
    meta = meta_for(title, "source_council", council_illustrative(data, shown), sub)
    fig = figures.adoption_chart(adoption, meta, chart_labels(filters.lang))
    return fig, adoption, meta, adoption_alt(adoption, filters.lang)


def _involvement_vs_progress(data, filters, loaders, meta_for):
    shown = comparison_region(data, filters.region)
    table = loaders.table(data, "gemeente", filters)
    scatter = comparison.within(data, table, shown)
    illustrative = any_illustrative(scatter) or council_illustrative(data, shown)
    sub = None  # the filters (region, year, definition); for one municipality its province is shown
    if shown != filters.region:
        where = t("tvw_chart_context", filters.lang, region=_cap(region_label(data, shown, filters.lang)),
                  name=region_label(data, filters.region, filters.lang))
        sub = " · ".join([where, str(filters.year), t("definition_" + filters.definition, filters.lang)])
    meta = meta_for(scatter_title(scatter, filters.lang), "source_council_progress", illustrative, sub)
    fig = figures.scatter_chart(scatter, "involvement_index", "progress_to_target", meta, chart_labels(filters.lang),
                               highlight=filters.region if model.level_of(filters.region) == "gemeente" else None,
                               size="housing_stock")
    out = scatter[["code", "name", "involvement_index", "progress_to_target", "housing_stock"]]
    return fig, out, meta, scatter_alt(scatter, filters.lang)
