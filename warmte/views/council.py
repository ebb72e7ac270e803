"""Council involvement: the indicators of a region's councils, their index and classes, and the sentences."""

from __future__ import annotations

import pandas as pd

from warmte import figures, model
from warmte.domain import council as domain_council
from warmte.i18n import chart_labels, fmt_int, fmt_pct, t
from warmte.views import comparison
from warmte.views.common import any_illustrative, council_year, member_codes


def region_council(data, code: str, year: int | None = None) -> pd.DataFrame:
    """Council indicators of the region's municipalities in a year, with index and class."""
    members = set(member_codes(data, code))
    y = council_year(data, year)
    c = data.council_indicator[(data.council_indicator["year"] == y)
                               & data.council_indicator["municipality_code"].isin(members)].copy()
    c["involvement_index"] = domain_council.involvement_index(c).to_numpy()
    c["involvement_class"] = domain_council.involvement_class(c["involvement_index"]).to_numpy()
    names = data.municipality.set_index("code")["name"]
    c.insert(1, "name", c["municipality_code"].map(names))
    return c.reset_index(drop=True)


def class_shares(council_rows: pd.DataFrame) -> pd.DataFrame:
    """Councils per involvement class (laag / midden / hoog) with shares."""
    return domain_council.class_shares(council_rows["involvement_index"])


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
    members = set(member_codes(data, code))
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


def council_classes_title(shares: pd.DataFrame, lang: str) -> str:
    low = shares.loc[shares["involvement_class"] == "laag", "share"]
    return t("council_classes_title", lang, pct=fmt_pct(float(low.iloc[0]) if len(low) else None, lang, 0))


def council_classes_alt(shares: pd.DataFrame, lang: str) -> str:
    return "; ".join(f"{t('class_' + r.involvement_class, lang)}: {r.councils} ({fmt_pct(r.share, lang, 0)})"
                     for r in shares.itertuples())


def indicator_title(ind: pd.DataFrame, lang: str) -> str:
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
    if len(df) < 3:
        return t("scatter_title_plain", lang)
    r = df["involvement_index"].corr(df["progress_to_target"])
    key = "scatter_title_none" if abs(r) < 0.2 else ("scatter_title_pos" if r > 0 else "scatter_title_neg")
    return t(key, lang, r=f"{r:.2f}".replace(".", "," if lang == "nl" else "."))


def scatter_alt(df: pd.DataFrame, lang: str) -> str:
    return t("alt_scatter", lang, n=len(df))


def _council_sub(data, filters, council) -> str:
    year = int(council["year"].iloc[0]) if len(council) else council_year(data)
    return f"{data.region_name(filters.region)} · {t('council_snapshot', filters.lang, year=year)}"


def _council_classes(data, filters, loaders, meta_for):
    council = loaders.council(data, filters.region)
    shares = class_shares(council)
    meta = meta_for(council_classes_title(shares, filters.lang), "source_council",
                    any_illustrative(council),
                    _council_sub(data, filters, council))
    fig = figures.council_classes_chart(shares, meta, chart_labels(filters.lang))
    return fig, shares, meta, council_classes_alt(shares, filters.lang)


def _council_indicators(data, filters, loaders, meta_for):
    council = loaders.council(data, filters.region)
    ind = indicator_shares(council, filters.lang)
    meta = meta_for(indicator_title(ind, filters.lang), "source_council", any_illustrative(council),
                    _council_sub(data, filters, council))
    fig = figures.indicator_shares_chart(ind, meta, chart_labels(filters.lang))
    return fig, ind, meta, indicator_alt(ind, filters.lang)


def _tvw_adoption(data, filters, loaders, meta_for):
    adoption = adoption_by_year(data, filters.region)
    meta = meta_for(adoption_title(adoption, filters.lang), "source_council",
                    council_illustrative(data, filters.region), data.region_name(filters.region))
    fig = figures.adoption_chart(adoption, meta, chart_labels(filters.lang))
    return fig, adoption, meta, adoption_alt(adoption, filters.lang)


def _involvement_vs_progress(data, filters, loaders, meta_for):
    table = loaders.table(data, "gemeente", filters)
    scatter = comparison.within(data, table, filters.region)
    illustrative = any_illustrative(scatter) or council_illustrative(data, filters.region)
    meta = meta_for(scatter_title(scatter, filters.lang), "source_council_progress", illustrative)
    fig = figures.scatter_chart(scatter, "involvement_index", "progress_to_target", meta, chart_labels(filters.lang),
                               highlight=filters.region if model.level_of(filters.region) == "gemeente" else None,
                               size="housing_stock")
    out = scatter[["code", "name", "involvement_index", "progress_to_target", "housing_stock"]]
    return fig, out, meta, scatter_alt(scatter, filters.lang)
