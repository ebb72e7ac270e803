"""Progress toward the 1.5 million gas-free homes: a region's series, target, pace and projection.

Where the overview's numbers come from:
- ``region_summary(data, code)``: the headline numbers. For NL the CBS national series (table ``national_series``:
  share gas-free x housing stock, rows of the ``source`` table ``facts_national`` and ``cbs_85984ned``); for any
  other region the exact sum of its municipalities' rows in ``housing`` (each row names its source kind).
- The target: 1.5 million split pro rata by the 2024 stock (``municipal_targets``) or 20% of the own stock.
- Pace and projection: :func:`warmte.domain.progress.compute_progress`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from warmte import figures, model
from warmte.domain import progress as domain_progress
from warmte.i18n import chart_labels, fmt_int, fmt_pct, fmt_rounded, t
from warmte.views.common import YearError, check_region, member_codes, plain_value, resolve_year

SERIES_COLUMNS = ["year", "housing_stock", "gas_free_homes", "hybrid_homes"]


def region_series(data, code: str) -> tuple[pd.DataFrame, dict[int, str]]:
    """Observed housing series of a region and the data kind per year.

    For ``NL`` the national series (CBS shares times the stock, rounded to
    whole homes); for other regions the exact sum of their municipalities.

    Returns
    -------
    (DataFrame year, housing_stock, gas_free_homes, hybrid_homes; dict year -> kind)
    """
    check_region(data, code)
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
    members = set(member_codes(data, code))
    h = data.housing[data.housing["municipality_code"].isin(members)]
    grouped = h.groupby("year")
    series = grouped[["housing_stock", "gas_free_homes", "hybrid_homes"]].sum(min_count=1).reset_index()
    series = series.astype({"housing_stock": float, "gas_free_homes": float, "hybrid_homes": float})
    kinds = {int(y): model.weakest_kind(list(g["stock_kind"]) + list(g["gas_free_kind"]))
             for y, g in grouped}
    return series[SERIES_COLUMNS], kinds


def municipal_targets(data, method: str = model.DEFAULT_TARGET_METHOD) -> pd.Series:
    """Target homes per municipality (index code).

    pro_rata: 1.5 million split by the 2024 stock, whole homes adding up to
    exactly 1,500,000; own_stock: 20% of the municipality's own 2024 stock.
    """
    stock = (data.housing[data.housing["year"] == model.REFERENCE_STOCK_YEAR]
             .set_index("municipality_code")["housing_stock"].sort_index())
    if method == "pro_rata":
        return domain_progress.allocate_targets(stock.astype(int))
    if method == "own_stock":
        return (stock * model.TARGET_SHARE).rename("target_homes")
    raise ValueError(f"unknown target method {method!r}; valid: {', '.join(model.TARGET_METHODS)}")


def region_target(data, code: str, method: str = model.DEFAULT_TARGET_METHOD) -> float:
    """The region's share of the target (homes): the sum of its municipalities' targets."""
    if code == model.NATIONAL_CODE and method == "pro_rata":
        return float(model.TARGET_HOMES)
    return float(municipal_targets(data, method).reindex(member_codes(data, code)).sum())


def region_progress(data, code: str, year: int | None = None, definition: str = model.DEFAULT_DEFINITION,
                    method: str = model.DEFAULT_TARGET_METHOD) -> domain_progress.Progress:
    year = resolve_year(data, year)
    series, kinds = region_series(data, code)
    if year not in kinds:  # e.g. a municipality in a year CBS published only nationally
        available = ", ".join(map(str, sorted(kinds))) or "none"
        raise YearError(f"no observations for {code} in {year}; available years: {available}")
    # The pace uses every observation up to the year: a number computed from an illustrative one is illustrative.
    kind = model.weakest_kind([k for y, k in kinds.items() if y <= year])
    try:
        return domain_progress.compute_progress(series, year, region_target(data, code, method), definition, kind)
    except ValueError as exc:
        raise YearError(str(exc)) from exc


@dataclass(frozen=True)
class RegionSummary:
    """The headline numbers of one region and year (homes are whole numbers where they are whole)."""

    region: str
    name: str
    level: str
    year: int
    definition: str
    target_method: str
    housing_stock: float | None
    gas_free_homes: float | None
    gas_free_share: float | None  # 0..1
    target_homes: float
    homes_to_go: float
    required_per_year: float | None  # homes per year
    actual_per_year: float | None  # homes per year; None with one observation
    projected_year_reached: int | None
    on_track: bool | None  # None: no pace yet and the target not reached
    data_kind: str
    #: Years with a known count under ``definition`` (the trend uses those up to ``year``); not in the JSON.
    observed_years: tuple[int, ...] = field(default=(), metadata={"json": False})

    def to_dict(self) -> dict:
        """The ``warmte summary --json`` object (field order kept)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.metadata.get("json", True)}


def region_summary(data, code: str = model.NATIONAL_CODE, year: int | None = None,
            definition: str = model.DEFAULT_DEFINITION, method: str = model.DEFAULT_TARGET_METHOD) -> RegionSummary:
    """The headline numbers of one region and year (the ``warmte summary`` JSON).

    The overview's headline number is ``gas_free_homes`` of this summary: see the module docstring for the
    rows it comes from.
    """
    p = region_progress(data, code, year, definition, method)
    d = p.to_dict()
    values = {key: d[key] for key in ("housing_stock", "gas_free_homes", "gas_free_share", "target_homes",
                                      "homes_to_go", "required_per_year", "actual_per_year",
                                      "projected_year_reached", "on_track", "data_kind")}
    for key in ("housing_stock", "gas_free_homes", "target_homes", "homes_to_go"):
        if values[key] is not None and float(values[key]).is_integer():
            values[key] = int(values[key])
    values = {k: plain_value(v) for k, v in values.items()}
    if values["actual_per_year"] is None and values["homes_to_go"] > 0:
        values["on_track"] = None  # no pace yet (one observation): neither on track nor behind
    series, _ = region_series(data, code)
    counted = domain_progress.counted_homes(series["gas_free_homes"], series["hybrid_homes"], definition)
    observed = tuple(int(y) for y in series.loc[pd.Series(counted).notna().to_numpy(), "year"])
    return RegionSummary(region=code, name=data.region_name(code), level=model.level_of(code), year=int(p.year),
                         definition=definition, target_method=method, **values, observed_years=observed)


def pace_table(summary: RegionSummary) -> pd.DataFrame:
    """Required and actual pace of a summary as a small table (homes per year)."""
    return pd.DataFrame({"measure": ["required_per_year", "actual_per_year"],
                         "homes_per_year": [summary.required_per_year, summary.actual_per_year]})


def headline(summary: RegionSummary, lang: str) -> str:
    """'919.000 van 1.500.000 woningen aardgasvrij: 61%' (share of the target reached). Below the country the
    target is the region's own share, and the sentence says so (never "87.000 van 88.000 woningen": of what?)."""
    reached = summary.gas_free_homes / summary.target_homes if summary.target_homes else None
    values = {"homes": fmt_rounded(summary.gas_free_homes, lang), "target": fmt_rounded(summary.target_homes, lang),
              "pct": fmt_pct(reached, lang, 0)}
    if summary.region == model.NATIONAL_CODE:
        return t("headline", lang, **values)
    return t("headline_region", lang, **values)


def _no_pace_reason(summary: RegionSummary, lang: str) -> str:
    """Why there is no pace yet: the one observation under the definition, and where a trend can be seen.

    True for the definition in use: with hybrid homes the count starts in the first year CBS counts them
    (never a trend from a gas-free-only year); per municipality CBS publishes from its first municipal year.
    """
    first = min(summary.observed_years) if summary.observed_years else summary.year
    if summary.definition == "gas_free_or_hybrid":
        reason = t("pace_reason_hybrid", lang, first=first)
    elif summary.level != "nederland" and summary.data_kind != "illustrative":
        reason = t("pace_reason_municipal", lang, first=first)
    else:
        reason = t("pace_reason_first", lang, first=first)
    later = [y for y in summary.observed_years if y > summary.year]
    after = (t("pace_next_later", lang, later=later[0]) if later else t("pace_next_none", lang))
    return f"{reason}. {after}"


def projection(summary: RegionSummary, lang: str) -> str:
    if summary.homes_to_go == 0:
        return t("projection_reached", lang)
    if summary.actual_per_year is None:  # one observation: no pace, so no conclusion
        return t("projection_unknown_why", lang, reason=_no_pace_reason(summary, lang))
    if summary.projected_year_reached is None:
        return t("projection_never", lang, horizon=model.PROJECTION_HORIZON_YEAR)
    key = "projection_on_time" if summary.projected_year_reached <= model.TARGET_YEAR else "projection_late"
    return t(key, lang, year=summary.projected_year_reached)


def pace_title(summary: RegionSummary, lang: str) -> str:
    """Short finding for the pace chart (no markdown)."""
    if summary.homes_to_go == 0:
        return t("pace_reached", lang, target=fmt_int(summary.target_homes, lang))
    if summary.actual_per_year is None:
        return t("pace_title_required", lang, required=fmt_int(summary.required_per_year, lang))
    return t("pace_title", lang, required=fmt_int(summary.required_per_year, lang),
             actual=fmt_int(summary.actual_per_year, lang))


def pace(summary: RegionSummary, lang: str) -> str:
    if summary.homes_to_go == 0:
        return t("pace_reached", lang, target=fmt_int(summary.target_homes, lang))
    if summary.actual_per_year is None:
        return t("pace_required_only", lang, required=fmt_int(summary.required_per_year, lang), year=summary.year,
                 target_year=model.TARGET_YEAR)
    return t("pace", lang, required=fmt_int(summary.required_per_year, lang),
             actual=fmt_int(summary.actual_per_year, lang), year=summary.year, target_year=model.TARGET_YEAR)


def key_messages(summary: RegionSummary, munis: pd.DataFrame | None, funnel, council: pd.DataFrame, lang: str,
                 stall_months: int = model.STALL_MONTHS_DEFAULT, council_context: str = "") -> list[str]:
    """Three to five short findings for the overview, most important first.

    One council (a municipality) is described by itself, never as "100% of the councils";
    ``council_context`` (its province and the Netherlands, see ``views.council.council_compare``) follows it.
    """
    out = [pace(summary, lang), projection(summary, lang)]
    if munis is None:  # no municipal figures for this year
        pass
    elif len(munis) > 1 and munis["actual_per_year"].notna().any():
        out.append(t("msg_on_track", lang, n=int(munis["on_track"].fillna(False).sum()), total=len(munis)))
    elif len(munis) > 1:  # one municipal year: no pace per municipality, but the level is known
        out.append(t("msg_reached", lang, n=int((munis["gas_free_homes"] >= munis["target_homes"]).sum()),
                     total=len(munis), year=summary.year))
    if funnel is not None and funnel.total:  # None: no register with phases is loaded
        out.append(stalled_message(funnel.stalled, funnel.active, stall_months, lang))
    if len(council) == 1 and council["involvement_class"].notna().all():
        r = council.iloc[0]
        key = "msg_council_one_" + ("yes" if r["informed_of_share"] else "no")
        out.append(" ".join(filter(None, [t(key, lang, name=r["name"], cls=t("class_" + r["involvement_class"], lang),
                                             index=fmt_int(r["involvement_index"], lang)), council_context])))
    elif len(council) and council["involvement_class"].notna().any():
        low = (council["involvement_class"] == "laag").mean()
        informed = council["informed_of_share"].mean()
        out.append(t("msg_council", lang, low=fmt_pct(low, lang, 0), informed=fmt_pct(informed, lang, 0)))
    return out


def stalled_message(stalled: int, active: int, months: int, lang: str) -> str:
    """'3 van de 8 actieve warmte-initiatieven zitten ...', in the right number (one active initiative: it)."""
    if active == 1:
        return t("msg_stalled_single_" + ("yes" if stalled else "no"), lang, months=months)
    return t("msg_stalled_one" if stalled == 1 else "msg_stalled", lang, n=stalled, active=active, months=months)


def trajectory_alt(series: pd.DataFrame, summary: RegionSummary, lang: str) -> str:
    """The trajectory in words; the first year is the first observation under the definition in use (a
    count with hybrid homes is never compared with a gas-free-only count)."""
    if summary.actual_per_year is None:  # one observation: the level and the required pace, no trend
        return t("alt_trajectory_one_year", lang, year=summary.year, now=fmt_int(summary.gas_free_homes, lang),
                 target=fmt_int(summary.target_homes, lang), required=fmt_int(summary.required_per_year, lang),
                 projection=projection(summary, lang))
    first_year = min(summary.observed_years)
    row = series[series["year"] == first_year].iloc[0]
    first = domain_progress.counted_homes(row["gas_free_homes"], row["hybrid_homes"], summary.definition)
    return t("alt_trajectory", lang, first_year=first_year, first=fmt_int(first, lang),
             year=summary.year, now=fmt_int(summary.gas_free_homes, lang), target=fmt_int(summary.target_homes, lang),
             required=fmt_int(summary.required_per_year, lang), actual=fmt_int(summary.actual_per_year, lang),
             projection=projection(summary, lang))


def projection_short(summary: RegionSummary, lang: str) -> str:
    if summary.homes_to_go == 0:
        return t("projection_short_reached", lang)
    if summary.actual_per_year is None:
        return t("projection_short_unknown", lang)
    if summary.projected_year_reached is None:
        return t("projection_short_never", lang, horizon=model.PROJECTION_HORIZON_YEAR)
    return str(summary.projected_year_reached)


def region_subject(summary: RegionSummary, lang: str) -> str:
    """The region as the subject of a sentence: 'Nederland' / 'the Netherlands', other names as they are."""
    return t("the_netherlands", lang) if summary.region == model.NATIONAL_CODE else summary.name


def target_label(method: str, lang: str) -> str:
    """The label of the target metric, naming the target method in use."""
    return t("metric_target_" + method, lang, share=fmt_pct(model.TARGET_SHARE, lang, 0))


def share_of_job(summary: RegionSummary, lang: str) -> str:
    """A region's target made concrete, naming the target method in use."""
    if summary.homes_to_go == 0:
        key = "share_of_job_reached"
    elif summary.target_method == "own_stock":
        key = "share_of_job_own_stock"
    else:
        key = "share_of_job_national" if summary.region == model.NATIONAL_CODE else "share_of_job"
    return t(key, lang, name=region_subject(summary, lang), target=fmt_int(summary.target_homes, lang),
             to_go=fmt_int(summary.homes_to_go, lang), per_year=fmt_int(summary.required_per_year, lang),
             target_year=model.TARGET_YEAR, national=fmt_int(model.TARGET_HOMES, lang),
             share=fmt_pct(model.TARGET_SHARE, lang, 0))


def _trajectory(data, filters, loaders, meta_for):
    summary = region_summary(data, filters.region, filters.year, filters.definition, filters.target)
    illustrative = summary.data_kind == "illustrative"
    series, _ = region_series(data, filters.region)
    traj = domain_progress.trajectory(series, summary.target_homes, summary.year, filters.definition)
    lang = filters.lang
    title = (projection(summary, lang) if summary.actual_per_year is not None or summary.homes_to_go == 0
             else t("trajectory_title_one_year", lang, year=summary.year, now=fmt_int(summary.gas_free_homes, lang),
                    target=fmt_int(summary.target_homes, lang), required=fmt_int(summary.required_per_year, lang)))
    meta = meta_for(title, "source_housing", illustrative)
    fig = figures.trajectory_chart(traj, meta, chart_labels(filters.lang))
    return fig, traj, meta, trajectory_alt(series, summary, filters.lang)


def _pace(data, filters, loaders, meta_for):
    summary = region_summary(data, filters.region, filters.year, filters.definition, filters.target)
    illustrative = summary.data_kind == "illustrative"
    meta = meta_for(pace_title(summary, filters.lang), "source_housing", illustrative)
    fig = figures.pace_chart(summary.required_per_year, summary.actual_per_year, meta, chart_labels(filters.lang))
    return fig, pace_table(summary), meta, pace(summary, filters.lang)
