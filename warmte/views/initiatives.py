"""Heat initiatives: the funnel of a region's register by phase, time in phase, stalls and the mix."""

from __future__ import annotations

import pandas as pd

from warmte import figures, model
from warmte.domain import funnel as domain_funnel
from warmte.i18n import chart_labels, fmt_int, fmt_pct, t
from warmte.views.common import member_codes

Funnel = domain_funnel.FunnelSummary


def region_initiatives(data, code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Initiatives of a region and their phase spells."""
    members = set(member_codes(data, code))
    inits = data.initiative[data.initiative["municipality_code"].isin(members)]
    phases = data.initiative_phase[data.initiative_phase["initiative_id"].isin(set(inits["initiative_id"]))]
    return inits, phases


def region_funnel(data, code: str, stall_months: float = model.STALL_MONTHS_DEFAULT) -> Funnel:
    """Funnel summary (see :func:`warmte.domain.funnel.funnel_summary`) for a region, as of the register date."""
    inits, phases = region_initiatives(data, code)
    return domain_funnel.funnel_summary(phases, inits, data.as_of, stall_months=stall_months)


def funnel_table(funnel: Funnel) -> pd.DataFrame:
    """Phase counts with the conversion to the next phase (the funnel chart's table)."""
    conv = funnel.conversion[["from_phase", "conversion"]].rename(columns={"from_phase": "phase",
                                                                         "conversion": "conversion_to_next"})
    return funnel.phase_counts.merge(conv, how="left", on="phase")


def initiative_list(data, code: str, stall_months: float = model.STALL_MONTHS_DEFAULT) -> pd.DataFrame:
    """The initiatives of a region: name, municipality, technology, current phase, since, months, stalled, kind."""
    inits, phases = region_initiatives(data, code)
    current = domain_funnel.current_phase(phases, data.as_of).to_dict() if len(phases) else {}
    spells = phases[phases["start_date"] <= data.as_of].sort_values("start_date").groupby("initiative_id").last()
    started = dict(zip(spells.index, spells["start_date"], strict=True))
    names = data.municipality.set_index("code")["name"]
    stalled_ids = (set(domain_funnel.stalled(phases, data.as_of, stall_months)["initiative_id"]) if len(phases)
                   else set())
    ids = list(inits["initiative_id"])
    since = pd.to_datetime(pd.Series([started.get(i) for i in ids], dtype="object"))
    out = pd.DataFrame({
        "name": inits["name"].to_numpy(),
        "municipality": inits["municipality_code"].map(names).to_numpy(),
        "technology": inits["technology"].to_numpy(),
        "phase": [current.get(i) or model.UNKNOWN for i in ids],
        "since": since.dt.date.to_numpy(),
        "months_in_phase": ((data.as_of - since).dt.days / model.DAYS_PER_MONTH).round(0).to_numpy(),
        "stalled": inits["initiative_id"].isin(stalled_ids).to_numpy(),
        "municipal_role": [r if isinstance(r, str) else model.UNKNOWN for r in inits["municipal_role"]],
        "volunteers": inits["volunteers"].to_numpy(),
        "professional_support": inits["professional_support"].to_numpy(),
        "data_kind": inits["data_kind"].to_numpy(),
    })
    return out.sort_values(["stalled", "months_in_phase"], ascending=[False, False]).reset_index(drop=True)


def stopped_ids(data) -> set:
    current = domain_funnel.current_phase(data.initiative_phase, data.as_of)
    return set(current[current == model.STOPPED].index)


def phase_name(phase: str, lang: str) -> str:
    return t("phase_" + phase, lang)


def funnel_headline(funnel: Funnel, stall_months: int, lang: str) -> str:
    if not funnel.total:
        return t("no_initiatives", lang)
    return t("funnel_headline", lang, total=funnel.total, active=funnel.active, stalled=funnel.stalled,
             months=stall_months)


def funnel_title(funnel: Funnel, lang: str) -> str:
    """The finding of the funnel: the weakest step between consecutive phases."""
    conv = funnel.conversion.dropna(subset=["conversion"])
    conv = conv[conv["reached_from"] > 0]
    if conv.empty:
        return t("funnel_title_plain", lang)
    worst = conv.sort_values("conversion").iloc[0]
    return t("funnel_title", lang, frm=phase_name(worst["from_phase"], lang), to=phase_name(worst["to_phase"], lang),
             pct=fmt_pct(worst["conversion"], lang, 0))


def funnel_alt(funnel: Funnel, lang: str) -> str:
    counts = ", ".join(f"{phase_name(r.phase, lang)} {r.initiatives}" for r in funnel.phase_counts.itertuples())
    return t("alt_funnel", lang, counts=counts)


def time_title(funnel: Funnel, lang: str) -> str:
    tip = funnel.time_in_phase.dropna(subset=["median_months"])
    tip = tip[tip["phase"] != model.PHASES[-1]]  # operation is the goal, not a wait
    if tip.empty:
        return t("time_title_plain", lang)
    longest = tip.sort_values("median_months").iloc[-1]
    return t("time_title", lang, phase=phase_name(longest["phase"], lang),
             months=fmt_int(longest["median_months"], lang))


def time_alt(funnel: Funnel, lang: str) -> str:
    parts = [f"{phase_name(r.phase, lang)}: {fmt_int(r.median_months, lang)} / {fmt_int(r.p90_months, lang)}"
             for r in funnel.time_in_phase.itertuples() if r.n]
    return t("alt_time", lang, parts="; ".join(parts))


def mix_title(mix: pd.DataFrame, which: str, lang: str) -> str:
    """The finding of a mix chart (``which``: technology or role): its largest known value."""
    if mix.empty or mix["initiatives"].sum() == 0:
        return t("no_data", lang)
    known = mix[mix["value"] != model.UNKNOWN]
    top = (known if known["initiatives"].sum() else mix).sort_values("initiatives", kind="stable").iloc[-1]
    return t(f"mix_title_{which}", lang, value=t("value_" + str(top["value"]), lang),
             pct=fmt_pct(top["share"], lang, 0))


def mix_alt(mix: pd.DataFrame, lang: str) -> str:
    return "; ".join(f"{t('value_' + str(r.value), lang)}: {r.initiatives} ({fmt_pct(r.share, lang, 0)})"
                     for r in mix.itertuples() if r.initiatives)


def _funnel_sub(data, filters, funnel) -> str:
    return t("as_of", filters.lang, date=funnel.as_of.strftime("%d-%m-%Y")) + " · " + data.region_name(filters.region)


def _region_funnel(data, filters, loaders):
    funnel = loaders.funnel(data, filters.region, filters.stall_months)
    return funnel, "illustrative" in funnel.data_kinds


def _funnel(data, filters, loaders, meta_for):
    funnel, illustrative = _region_funnel(data, filters, loaders)
    meta = meta_for(funnel_title(funnel, filters.lang), "source_initiatives", illustrative,
                    _funnel_sub(data, filters, funnel))
    fig = figures.funnel_chart(funnel.phase_counts, funnel.conversion, meta, chart_labels(filters.lang))
    return fig, funnel_table(funnel), meta, funnel_alt(funnel, filters.lang)


def _time_in_phase(data, filters, loaders, meta_for):
    funnel, illustrative = _region_funnel(data, filters, loaders)
    meta = meta_for(time_title(funnel, filters.lang), "source_initiatives", illustrative,
                    _funnel_sub(data, filters, funnel))
    fig = figures.time_in_phase_chart(funnel.time_in_phase, filters.stall_months, meta, chart_labels(filters.lang))
    return fig, funnel.time_in_phase, meta, time_alt(funnel, filters.lang)


def _mix(which: str):
    def build(data, filters, loaders, meta_for):
        funnel, illustrative = _region_funnel(data, filters, loaders)
        mix = funnel.mix(which)
        meta = meta_for(mix_title(mix, which, filters.lang), "source_initiatives", illustrative,
                        _funnel_sub(data, filters, funnel))
        return figures.mix_chart(mix, meta, chart_labels(filters.lang)), mix, meta, mix_alt(mix, filters.lang)
    return build
