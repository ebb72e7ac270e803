"""Generated sentences: headlines, key messages and chart text alternatives. Pure.

Every sentence is built from computed numbers and a label template in the
locales, so Dutch and English say the same thing.
"""

from __future__ import annotations

import pandas as pd

from warmte import model
from warmte.i18n import fmt_int, fmt_num, fmt_pct, fmt_rounded, t


def headline(s: dict, lang: str) -> str:
    """'919.000 van 1.500.000 woningen aardgasvrij: 61%' (share of the target reached)."""
    reached = s["gas_free_homes"] / s["target_homes"] if s["target_homes"] else None
    return t("headline", lang, homes=fmt_rounded(s["gas_free_homes"], lang),
             target=fmt_rounded(s["target_homes"], lang), pct=fmt_pct(reached, lang, 0))


def projection(s: dict, lang: str) -> str:
    if s["homes_to_go"] == 0:
        return t("projection_reached", lang)
    if s["projected_year_reached"] is None:
        return t("projection_never", lang, horizon=model.PROJECTION_HORIZON_YEAR)
    key = "projection_on_time" if s["projected_year_reached"] <= model.TARGET_YEAR else "projection_late"
    return t(key, lang, year=s["projected_year_reached"])


def pace_title(s: dict, lang: str) -> str:
    """Short finding for the pace chart (no markdown)."""
    if s["homes_to_go"] == 0:
        return t("pace_reached", lang, target=fmt_int(s["target_homes"], lang))
    return t("pace_title", lang, required=fmt_int(s["required_per_year"], lang),
             actual=fmt_int(s["actual_per_year"], lang))


def map_title(table: pd.DataFrame, column: str, lang: str, as_pct: bool) -> str:
    """The map's finding: where the indicator is highest and lowest."""
    clean = table.dropna(subset=[column]).sort_values(column)
    if clean.empty:
        return t("no_data", lang)
    fmt = (lambda v: fmt_pct(v, lang)) if as_pct else (lambda v: fmt_num(v, lang, 1))
    hi, lo = clean.iloc[-1], clean.iloc[0]
    return t("map_title_finding", lang, hi=hi["name"], hi_v=fmt(hi[column]), lo=lo["name"], lo_v=fmt(lo[column]))


def pace(s: dict, lang: str) -> str:
    if s["homes_to_go"] == 0:
        return t("pace_reached", lang, target=fmt_int(s["target_homes"], lang))
    return t("pace", lang, required=fmt_int(s["required_per_year"], lang),
             actual=fmt_int(s["actual_per_year"], lang), year=s["year"], target_year=model.TARGET_YEAR)


def key_messages(s: dict, munis: pd.DataFrame, funnel: dict, council: pd.DataFrame, lang: str,
                 stall_months: int = model.STALL_MONTHS_DEFAULT) -> list[str]:
    """Three to five short findings for the overview, most important first."""
    out = [pace(s, lang), projection(s, lang)]
    if len(munis) > 1:
        out.append(t("msg_on_track", lang, n=int(munis["on_track"].sum()), total=len(munis)))
    if funnel["total"]:
        out.append(t("msg_stalled", lang, n=funnel["stalled"], active=funnel["active"], months=stall_months))
    if len(council):
        low = (council["involvement_class"] == "laag").mean()
        informed = council["informed_of_share"].mean()
        out.append(t("msg_council", lang, low=fmt_pct(low, lang, 0), informed=fmt_pct(informed, lang, 0)))
    return out


def trajectory_alt(series: pd.DataFrame, s: dict, lang: str) -> str:
    first = series.dropna(subset=["gas_free_homes"]).iloc[0]
    return t("alt_trajectory", lang, first_year=int(first["year"]), first=fmt_int(first["gas_free_homes"], lang),
             year=s["year"], now=fmt_int(s["gas_free_homes"], lang), target=fmt_int(s["target_homes"], lang),
             required=fmt_int(s["required_per_year"], lang), actual=fmt_int(s["actual_per_year"], lang),
             projection=projection(s, lang))


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


def projection_short(s: dict, lang: str) -> str:
    if s["homes_to_go"] == 0:
        return t("projection_short_reached", lang)
    if s["projected_year_reached"] is None:
        return t("projection_short_never", lang, horizon=model.PROJECTION_HORIZON_YEAR)
    return str(s["projected_year_reached"])


def share_of_job(s: dict, lang: str) -> str:
    """A region's share of the 1.5 million made concrete."""
    return t("share_of_job", lang, name=s["name"], target=fmt_int(s["target_homes"], lang),
             to_go=fmt_int(s["homes_to_go"], lang), per_year=fmt_int(s["required_per_year"], lang),
             target_year=model.TARGET_YEAR, national=fmt_int(model.TARGET_HOMES, lang))


def phase_name(phase: str, lang: str) -> str:
    return t("phase_" + phase, lang)


def funnel_headline(fun: dict, stall_months: int, lang: str) -> str:
    if not fun["total"]:
        return t("no_initiatives", lang)
    return t("funnel_headline", lang, total=fun["total"], active=fun["active"], stalled=fun["stalled"],
             months=stall_months)


def _conversion(fun: dict, phase: str):
    conv = fun["conversion"]
    hit = conv[conv["from_phase"] == phase]
    return None if hit.empty or pd.isna(hit["conversion"].iloc[0]) else float(hit["conversion"].iloc[0])


def funnel_title(fun: dict, lang: str) -> str:
    """The finding of the funnel: the weakest step between consecutive phases."""
    conv = fun["conversion"].dropna(subset=["conversion"])
    conv = conv[conv["reached_from"] > 0]
    if conv.empty:
        return t("funnel_title_plain", lang)
    worst = conv.sort_values("conversion").iloc[0]
    return t("funnel_title", lang, frm=phase_name(worst["from_phase"], lang), to=phase_name(worst["to_phase"], lang),
             pct=fmt_pct(worst["conversion"], lang, 0))


def funnel_alt(fun: dict, lang: str) -> str:
    counts = ", ".join(f"{phase_name(r.phase, lang)} {r.initiatives}" for r in fun["phase_counts"].itertuples())
    return t("alt_funnel", lang, counts=counts)


def time_title(fun: dict, lang: str) -> str:
    tip = fun["time_in_phase"].dropna(subset=["median_months"])
    tip = tip[tip["phase"] != model.PHASES[-1]]  # operation is the goal, not a wait
    if tip.empty:
        return t("time_title_plain", lang)
    longest = tip.sort_values("median_months").iloc[-1]
    return t("time_title", lang, phase=phase_name(longest["phase"], lang),
             months=fmt_int(longest["median_months"], lang))


def time_alt(fun: dict, lang: str) -> str:
    parts = [f"{phase_name(r.phase, lang)}: {fmt_int(r.median_months, lang)} / {fmt_int(r.p90_months, lang)}"
             for r in fun["time_in_phase"].itertuples() if r.n]
    return t("alt_time", lang, parts="; ".join(parts))


def mix_title(fun: dict, which: str, lang: str) -> str:
    mix = fun["technology_mix" if which == "technology" else "role_mix"]
    if mix.empty or mix["initiatives"].sum() == 0:
        return t("no_data", lang)
    known = mix[mix["value"] != model.UNKNOWN]
    top = (known if known["initiatives"].sum() else mix).sort_values("initiatives", kind="stable").iloc[-1]
    return t(f"mix_title_{which}", lang, value=t("value_" + str(top["value"]), lang),
             pct=fmt_pct(top["share"], lang, 0))


def mix_alt(mix: pd.DataFrame, lang: str) -> str:
    return "; ".join(f"{t('value_' + str(r.value), lang)}: {r.initiatives} ({fmt_pct(r.share, lang, 0)})"
                     for r in mix.itertuples() if r.initiatives)


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


def similar_title(similar: pd.DataFrame, code: str, lang: str) -> str:
    ranked = similar.sort_values("gas_free_share", ascending=False).reset_index(drop=True)
    pos = int(ranked.index[ranked["code"] == code][0]) + 1
    name = ranked.loc[pos - 1, "name"]
    return t("similar_title", lang, name=name, pos=pos, n=len(ranked))


def localise_columns(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column headers in the language (``col_<name>`` labels; unknown names stay as they are)."""
    return df.rename(columns={c: t("col_" + c, lang) if t("col_" + c, lang) != "col_" + c else c
                              for c in df.columns})
