"""Heat initiatives and heat projects of a region.

Two real sources and one register:

- the WarmteAtlas pipeline (RVO): heat networks in development by phase, with planned homes and whether a
  resident initiative leads (``data.heat_project``): :func:`pipeline`, its sentences and the chart
  ``heat_pipeline``;
- the named initiatives compiled from publications (``data.initiative`` rows from the named lists): shown as
  the sources give them, never with an invented phase (:func:`named_initiatives`);
- a register of initiatives with their phases (imported, or generated in the demonstration mode): the funnel,
  time in phase, stalls and the mix (:func:`region_funnel` and the charts built on it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from warmte import figures, model
from warmte.domain import funnel as domain_funnel
from warmte.i18n import chart_labels, fmt_date, fmt_int, fmt_pct, t
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
    """'3 initiatieven, 2 actief; 1 zit langer dan 18 maanden vast ...', singular and plural as they fall."""
    if not funnel.total:
        return t("no_initiatives", lang)
    return t("funnel_headline", lang, total=_plural("funnel_total", funnel.total, lang),
             active=fmt_int(funnel.active, lang),
             stalled=_plural("funnel_stalled", funnel.stalled, lang, months=stall_months))


def funnel_compare(data, code: str, stall_months: int, lang: str, funnel_of=None) -> str:
    """For one municipality: the stalled initiatives of its province and the Netherlands beside its own."""
    if model.level_of(code) != "gemeente":
        return ""
    get = funnel_of or region_funnel
    province = str(data.municipality.set_index("code").loc[code, "province_code"])
    parts = []
    for other in (province, model.NATIONAL_CODE):
        f = get(data, other, stall_months)
        if f.active:
            label = (t("the_netherlands", lang) if other == model.NATIONAL_CODE
                     else t("tvw_province", lang, name=data.region_name(other)))
            parts.append(t("funnel_compare_part", lang, region=label, stalled=fmt_int(f.stalled, lang),
                           active=fmt_int(f.active, lang)))
    return t("funnel_compare", lang, parts="; ".join(parts)) if parts else ""


def _plural(key: str, n: int, lang: str, **values) -> str:
    """``key_one`` for 1, else ``key_other`` (Dutch and English have these two forms)."""
    return t(key + ("_one" if n == 1 else "_other"), lang, n=fmt_int(n, lang), **values)


def join_names(items: list[str], lang: str) -> str:
    """'a', 'a en b', 'a, b en c' / 'a and b'."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('h1_and', lang)} " + items[-1]


def funnel_title(funnel: Funnel, lang: str) -> str:
    """The finding of the funnel: the weakest step between consecutive phases."""
    conv = funnel.conversion.dropna(subset=["conversion"])
    conv = conv[conv["reached_from"] > 0]
    if conv.empty:
        return t("funnel_title_plain", lang)
    worst = conv.sort_values("conversion").iloc[0]
    if worst["conversion"] >= 1:  # no step loses anything: there is no hurdle to name
        return t("funnel_title_plain", lang)
    return t("funnel_title", lang, frm=phase_name(worst["from_phase"], lang), to=phase_name(worst["to_phase"], lang),
             pct=fmt_pct(worst["conversion"], lang, 0))


def funnel_alt(funnel: Funnel, lang: str) -> str:
    counts = ", ".join(f"{phase_name(r.phase, lang)} {r.initiatives}" for r in funnel.phase_counts.itertuples())
    return t("alt_funnel", lang, counts=counts)


def time_title(funnel: Funnel, lang: str) -> str:
    """The longest wait: the phase(s) before operation with the longest median (in whole months, as shown).

    Exploitatie is the goal, not a wait; when it lasts longer than every wait, the title says "before operation"
    so it never contradicts the chart's longest bar. Phases tied on the shown months are all named.
    """
    tip = funnel.time_in_phase.dropna(subset=["median_months"])
    waits = tip[tip["phase"] != model.PHASES[-1]]
    if waits.empty:
        return t("time_title_plain", lang)
    months = waits["median_months"].round(0)
    longest = waits[months == months.max()]
    operation = tip.loc[tip["phase"] == model.PHASES[-1], "median_months"].round(0)
    key = "time_title_before_operation" if len(operation) and operation.max() > months.max() else "time_title"
    return t(key, lang, phase=join_names([phase_name(p, lang) for p in longest["phase"]], lang),
             months=fmt_int(months.max(), lang))


def time_alt(funnel: Funnel, lang: str) -> str:
    parts = [f"{phase_name(r.phase, lang)}: {fmt_int(r.median_months, lang)} / {fmt_int(r.p90_months, lang)}"
             for r in funnel.time_in_phase.itertuples() if r.n]
    return t("alt_time", lang, parts="; ".join(parts))


def mix_title(mix: pd.DataFrame, which: str, lang: str) -> str:
    """The finding of a mix chart (``which``: technology or role): its largest known value; values tied for the
    largest are all named, never one winner."""
    if mix.empty or mix["initiatives"].sum() == 0:
        return t("no_data", lang)
    known = mix[mix["value"] != model.UNKNOWN]
    pool = known if known["initiatives"].sum() else mix
    if mix["initiatives"].sum() == 1:  # one initiative: what holds for it, never "100%"
        value = pool.loc[pool["initiatives"] == 1, "value"].iloc[0]
        return t(f"mix_title_{which}_single", lang, value=t("value_" + str(value), lang))
    top = pool[pool["initiatives"] == pool["initiatives"].max()]
    total = int(mix["initiatives"].sum())
    if len(top) == 1 and int(top["initiatives"].iloc[0]) == total:  # every initiative alike: no "most often (100%)"
        return t(f"mix_title_{which}_all", lang, n=fmt_int(total, lang), value=t("value_" + str(top["value"].iloc[0]),
                                                                                  lang))
    if len(top) > 1:
        values = join_names([t("value_" + str(v), lang) for v in top["value"]], lang)
        return t(f"mix_title_{which}_tie", lang, values=values, pct=fmt_pct(top["share"].iloc[0], lang, 0))
    return t(f"mix_title_{which}", lang, value=t("value_" + str(top["value"].iloc[0]), lang),
             pct=fmt_pct(top["share"].iloc[0], lang, 0))


def mix_alt(mix: pd.DataFrame, lang: str) -> str:
    return "; ".join(f"{t('value_' + str(r.value), lang)}: {r.initiatives} ({fmt_pct(r.share, lang, 0)})"
                     for r in mix.itertuples() if r.initiatives)


def _funnel_sub(data, filters, funnel) -> str:
    return (t("as_of", filters.lang, date=fmt_date(funnel.as_of, filters.lang)) + " · "
            + data.region_name(filters.region, filters.lang))


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


# --- The WarmteAtlas pipeline: heat networks in development ---------------------------------------

#: The phases of a heat network in development in the WarmteAtlas (layer WarmtenettenInOntwikkeling,
#: ``V_planfase``), in pipeline order; ``realisatie onzeker`` is a side state, not a next step.
PROJECT_PHASES = model.PROJECT_PHASES
EXECUTION_PHASE = "uitvoeringsfase"
UNCERTAIN_PHASE = "realisatie onzeker"
#: The source's text for "not known" in the number of homes.
NOT_KNOWN_TEXT = "NB"
#: Sources of the named initiatives compiled from publications (not a register with phases).
NAMED_SOURCES: tuple[str, ...] = ("initiatives_named", "initiatives_supplement")
PIPELINE_SOURCE_KEY = "source_heat_projects"
PIPELINE_SOURCE_ID = "warmteatlas_projects"


def region_projects(data, code: str) -> pd.DataFrame:
    """The heat networks in development (WarmteAtlas) in a region's municipalities."""
    members = set(member_codes(data, code))
    projects = data.heat_project
    return projects[projects["municipality_code"].isin(members)].reset_index(drop=True)


@dataclass(frozen=True)
class Pipeline:
    """The WarmteAtlas pipeline of one region.

    ``homes_planned``: the sum of the known numbers of planned homes; ``homes_unknown``: projects without a
    number. ``per_phase``: one row per phase in pipeline order (every phase, also with 0): ``phase``,
    ``projects``, ``share`` (of the region's projects, 0..1), ``homes_planned``, ``homes_unknown``.
    """

    region: str
    name: str
    projects: int
    municipalities: int
    homes_planned: int
    homes_unknown: int
    resident_led: int
    per_phase: pd.DataFrame

    @property
    def resident_led_share(self) -> float | None:
        """Share (0..1) of the projects a resident initiative leads; None without projects."""
        return self.resident_led / self.projects if self.projects else None

    def in_phase(self, phase: str) -> int:
        hit = self.per_phase.loc[self.per_phase["phase"] == phase, "projects"]
        return int(hit.iloc[0]) if len(hit) else 0

    @property
    def execution(self) -> int:
        """Projects in the uitvoeringsfase."""
        return self.in_phase(EXECUTION_PHASE)


def pipeline(data, code: str) -> Pipeline:
    """The heat networks in development of a region: counts, planned homes, phases and resident-led ones."""
    projects = region_projects(data, code)
    homes = pd.to_numeric(projects["homes_planned"], errors="coerce")
    phases = list(PROJECT_PHASES) + sorted(set(projects["phase"].dropna()) - set(PROJECT_PHASES))
    rows = []
    for phase in phases:
        in_phase = projects["phase"] == phase
        rows.append({"phase": phase, "projects": int(in_phase.sum()),
                     "share": float(in_phase.sum() / len(projects)) if len(projects) else 0.0,
                     "homes_planned": int(homes[in_phase].sum()), "homes_unknown": int(homes[in_phase].isna().sum())})
    resident_led = projects["resident_led"].astype("boolean").fillna(False)
    return Pipeline(region=code, name=data.region_name(code), projects=len(projects),
                    municipalities=int(projects["municipality_code"].nunique()), homes_planned=int(homes.sum()),
                    homes_unknown=int(homes.isna().sum()), resident_led=int(resident_led.sum()),
                    per_phase=pd.DataFrame(rows, columns=["phase", "projects", "share", "homes_planned",
                                                          "homes_unknown"]))


def _name(code: str, name: str, lang: str) -> str:
    """A region's name in a sentence: the Netherlands in the language, the others as they are."""
    return t("the_netherlands", lang) if code == model.NATIONAL_CODE else name


def project_phase_name(phase: str, lang: str) -> str:
    """The label of a WarmteAtlas phase (a phase the locales do not know shows as it is)."""
    key = "project_phase_" + str(phase).replace(" ", "_")
    text = t(key, lang)
    return str(phase) if text == key else text


def _in_phase(phase: str, lang: str) -> str:
    key = "project_phase_in_" + str(phase).replace(" ", "_")
    text = t(key, lang)
    return t("project_phase_in_other", lang, phase=phase) if text == key else text


def _count(key: str, n: int, lang: str, **values) -> str:
    """``key`` in the right number: ``_none`` (0), ``_one`` (1) or ``_other``."""
    suffix = "_none" if n == 0 else "_one" if n == 1 else "_other"
    return t(key + suffix, lang, n=fmt_int(n, lang), **values)


def pipeline_headline(p: Pipeline, lang: str) -> str:
    """The pipeline in one sentence: projects, planned homes, resident-led ones and how many are being built."""
    name = _name(p.region, p.name, lang)
    if not p.projects:
        return t("pipeline_none", lang, region=name)
    homes = fmt_int(p.homes_planned, lang)
    if p.homes_unknown == p.projects:
        homes_part = t("pipeline_homes_unknown", lang)
    elif p.projects == 1:
        homes_part = t("pipeline_homes_single", lang, homes=homes)
    elif p.homes_unknown:
        homes_part = t("pipeline_homes_partly", lang, homes=homes, unknown=fmt_int(p.homes_unknown, lang))
    else:
        homes_part = t("pipeline_homes_together", lang, homes=homes)
    if p.projects == 1:
        resident = t("pipeline_resident_single_" + ("yes" if p.resident_led else "no"), lang)
        phase = p.per_phase.loc[p.per_phase["projects"] > 0, "phase"].iloc[0]
        stage = t("pipeline_phase_single", lang, phase=_in_phase(phase, lang))
    else:
        resident = _count("pipeline_resident", p.resident_led, lang)
        stage = _count("pipeline_execution", p.execution, lang)
    return _count("pipeline_headline", p.projects, lang, region=name, homes=homes_part, resident=resident,
                  stage=stage)


def pipeline_context(data, p: Pipeline, lang: str) -> str:
    """Where the projects are, beside the province and the Netherlands (never a share of one council)."""
    national = pipeline(data, model.NATIONAL_CODE) if p.region != model.NATIONAL_CODE else p
    total = len(data.municipality)
    level = model.level_of(p.region)
    if level == "gemeente":
        province = str(data.municipality.set_index("code").loc[p.region, "province_code"])
        return t("pipeline_compare_municipality", lang, province=data.region_name(province),
                 p=fmt_int(len(region_projects(data, province)), lang), nl=fmt_int(national.projects, lang))
    parts = []
    if p.projects:
        parts.append(_count("pipeline_spread", p.projects, lang, munis=fmt_int(p.municipalities, lang),
                            members=fmt_int(len(member_codes(data, p.region)), lang)))
    if level != "nederland":
        parts.append(t("pipeline_compare_national", lang, nl=fmt_int(national.projects, lang),
                       nl_munis=fmt_int(national.municipalities, lang), all=fmt_int(total, lang)))
    return " ".join(parts)


def _at_phase(phase: str, lang: str) -> str:
    """A phase in a chart title: short, the official Dutch term ("in de planuitwerkingsfase")."""
    key = "project_phase_at_" + str(phase).replace(" ", "_")
    text = t(key, lang)
    return t("project_phase_in_other", lang, phase=phase) if text == key else text


def pipeline_title(p: Pipeline, lang: str) -> str:
    """The finding of the pipeline chart: the phase where most projects are (where it stalls)."""
    if not p.projects:
        return t("pipeline_title_none", lang)
    counts = p.per_phase.set_index("phase")["projects"]
    top = int(counts.max())
    leaders = [phase for phase, n in counts.items() if n == top]
    if p.projects == 1:
        if leaders[0] == UNCERTAIN_PHASE:
            return t("pipeline_title_single_uncertain", lang)
        return t("pipeline_title_single", lang, phase=_at_phase(leaders[0], lang))
    values = {"n": fmt_int(top, lang), "total": fmt_int(p.projects, lang)}
    if len(leaders) == 2:
        return t("pipeline_title_tie", lang, a=_at_phase(leaders[0], lang), b=_at_phase(leaders[1], lang), **values)
    if len(leaders) > 2:
        return t("pipeline_title_spread", lang, total=fmt_int(p.projects, lang))
    if leaders[0] == EXECUTION_PHASE:
        return t("pipeline_title_execution", lang, **values)
    if leaders[0] == UNCERTAIN_PHASE:
        return t("pipeline_title_uncertain", lang, **values)
    return t("pipeline_title_stuck", lang, phase=_at_phase(leaders[0], lang), **values)


def pipeline_alt(p: Pipeline, lang: str) -> str:
    """The chart's text alternative: projects and planned homes per phase."""
    if not p.projects:
        return t("pipeline_none", lang, region=_name(p.region, p.name, lang))
    parts = [t("alt_pipeline_phase_partly" if r.homes_unknown else "alt_pipeline_phase", lang,
               phase=project_phase_name(r.phase, lang), n=fmt_int(r.projects, lang),
               homes=fmt_int(r.homes_planned, lang), unknown=fmt_int(r.homes_unknown, lang))
             for r in p.per_phase.itertuples()]
    return t("alt_pipeline", lang, parts="; ".join(parts))


def pipeline_table(p: Pipeline, lang: str) -> pd.DataFrame:
    """The chart's table: per phase (label) the projects, their share, planned homes and projects without."""
    table = p.per_phase.copy()
    table["phase"] = [project_phase_name(x, lang) for x in table["phase"]]
    return table.rename(columns={"projects": "heat_projects", "homes_unknown": "projects_homes_unknown"})


def pipeline_labels(p: Pipeline, lang: str) -> dict[str, str]:
    """The chart's labels: each phase (the official Dutch term, kept short for narrow screens) with its planned
    homes on a second line; the axis counts projects."""
    labels = dict(chart_labels(lang))
    labels["initiatives"] = t("pipeline_axis", lang)
    for r in p.per_phase.itertuples():
        key = ("pipeline_phase_label" if not r.homes_unknown else
               "pipeline_phase_label_unknown" if r.homes_unknown == r.projects else "pipeline_phase_label_partly")
        labels[r.phase] = t(key, lang, phase=r.phase, homes=fmt_int(r.homes_planned, lang))
    return labels


def pipeline_subtitle(data, p: Pipeline, lang: str) -> str:
    """Region · the WarmteAtlas reference date (from the source table)."""
    rows = data.source.loc[data.source["source_id"] == PIPELINE_SOURCE_ID, "reference_date"]
    date = _text(rows.iloc[0]) if len(rows) else ""
    name = _name(p.region, p.name, lang)
    return f"{name} · {t('pipeline_as_of', lang, date=fmt_date(date, lang))}" if date else name


def _heat_pipeline(data, filters, loaders, meta_for):
    p = pipeline(data, filters.region)
    meta = meta_for(pipeline_title(p, filters.lang), PIPELINE_SOURCE_KEY, False,
                    pipeline_subtitle(data, p, filters.lang))
    mix = p.per_phase.rename(columns={"phase": "value", "projects": "initiatives"})
    fig = figures.mix_chart(mix, meta, pipeline_labels(p, filters.lang))
    top = int(p.per_phase["projects"].max()) if p.projects else 0
    if 0 < top < 5:  # whole numbers on the count axis: no ticks between 0 and 1
        fig.update_xaxes(dtick=1)
    return fig, pipeline_table(p, filters.lang), meta, pipeline_alt(p, filters.lang)


# --- Tables for the page ------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def _homes_text(number, text, lang: str) -> str:
    """Planned homes: the number, or the source's text where it was not a plain number."""
    source = _text(text)
    if source == NOT_KNOWN_TEXT:
        return t("homes_not_known", lang)
    if source:
        return source
    return "" if pd.isna(number) else fmt_int(int(number), lang)


def _first_link(url, links) -> str:
    if _text(url):
        return _text(url)
    for part in _text(links).split(";"):
        part = part.strip()
        if part.startswith(("http://", "https://")):
            return part
    return ""


def yes_no(value, lang: str) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    return t("yes" if bool(value) else "no", lang)


def project_table(data, code: str, lang: str) -> pd.DataFrame:
    """The heat networks in development of a region, as shown: labels, ja/nee, dates without times.

    Columns: name, municipality, place, phase, homes_planned (text), resident_led, heat_source, temperature,
    initiator, supplier, status_date (the date, or the source's text where it was not a date), link.
    In pipeline order, then by municipality and name.
    """
    projects = region_projects(data, code)
    names = data.municipality.set_index("code")["name"]
    order = {p: i for i, p in enumerate(PROJECT_PHASES)}
    dates = pd.to_datetime(projects["status_date"], errors="coerce")
    out = pd.DataFrame({
        "name": [_text(x) for x in projects["name"]],
        "municipality": projects["municipality_code"].map(names).to_numpy(),
        "place": [_text(x) for x in projects["place"]],
        "phase": [project_phase_name(x, lang) for x in projects["phase"]],
        "homes_planned": [_homes_text(n, s, lang) for n, s in
                          zip(projects["homes_planned"], projects["homes_planned_text"], strict=True)],
        "resident_led": [yes_no(x, lang) for x in projects["resident_led"]],
        "heat_source": [_text(x) for x in projects["heat_source"]],
        "temperature": [_text(x) for x in projects["temperature"]],
        "initiator": [_text(x) for x in projects["initiator"]],
        "supplier": [_text(x) for x in projects["supplier"]],
        "status_date": [d.date().isoformat() if not pd.isna(d) else _text(s)
                        for d, s in zip(dates, projects["status_date_text"], strict=True)],
        "link": [_first_link(u, lk) for u, lk in zip(projects["url"], projects["links"], strict=True)],
    })
    out["_order"] = projects["phase"].map(order).fillna(len(order)).to_numpy()
    return (out.sort_values(["_order", "municipality", "name"], kind="stable").drop(columns="_order")
            .reset_index(drop=True))


# --- The named initiatives (compiled from publications) ----------------------------------------------


def _named(data, code: str) -> pd.DataFrame:
    inits, _ = region_initiatives(data, code)
    return inits[inits["source_id"].isin(NAMED_SOURCES)]


def named_initiatives(data, code: str, lang: str) -> pd.DataFrame:
    """The named initiatives of a region as the sources give them.

    Columns: name, municipality, place, org_type, focus, status (the source's status, the phase the source
    documents, or "not stated in the source"), source_date, link. Never a phase the source does not state.
    """
    inits = _named(data, code)
    names = data.municipality.set_index("code")["name"]
    phases = data.initiative_phase[data.initiative_phase["initiative_id"].isin(set(inits["initiative_id"]))]
    documented = {r.initiative_id: r for r in phases.sort_values("start_date").itertuples()}

    def status(row) -> str:
        if _text(row.status_text):
            return _text(row.status_text)
        spell = documented.get(row.initiative_id)
        if spell is not None:
            return t("named_status_phase", lang, phase=phase_name(spell.phase, lang),
                     year=pd.Timestamp(spell.start_date).year)
        return t("status_not_stated", lang)

    def org_type(value) -> str:
        text = _text(value)
        label = t("org_type_" + text, lang)
        return text if label == "org_type_" + text else label

    out = pd.DataFrame({
        "name": [_text(x) for x in inits["name"]],
        "municipality": inits["municipality_code"].map(names).to_numpy(),
        "place": [_text(x) for x in inits["place"]],
        "org_type": [org_type(x) for x in inits["org_type"]],
        "focus": [_text(x) for x in inits["focus"]],
        "status": [status(r) for r in inits.itertuples()],
        "source_date": [_text(x) for x in inits["source_date"]],
        "link": [_text(x) for x in inits["url"]],
    })
    return out.sort_values(["municipality", "name"], kind="stable").reset_index(drop=True)


def named_headline(data, code: str, lang: str) -> str:
    """How many named initiatives the compiled lists hold for the region (they are not a complete list)."""
    n = len(_named(data, code))
    return _count("named_headline", n, lang, region=_name(code, data.region_name(code), lang))


# --- The register with phases ---------------------------------------------------------------------------


def has_register(data) -> bool:
    """True when a register of initiatives with phases is loaded (imported, or generated in demo mode).

    The named initiatives do not count: the sources give the phase of one of them only.
    """
    phases = data.initiative_phase
    return bool(len(phases)) and bool((~phases["source_id"].isin(NAMED_SOURCES)).any())


def register_listing(listing: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`initiative_list` as shown: labels in the language, ja/nee, whole months, dates without times.

    ``data_kind`` keeps its code (official, compiled, illustrative), as in the data downloads.
    """
    out = listing.copy()
    out["technology"] = [t("value_" + str(x), lang) for x in out["technology"]]
    out["phase"] = [phase_name(x, lang) for x in out["phase"]]
    out["municipal_role"] = [t("value_" + str(x), lang) for x in out["municipal_role"]]
    out["months_in_phase"] = pd.array([None if pd.isna(x) else int(x) for x in out["months_in_phase"]],
                                      dtype="Int64")
    for column in ("stalled", "professional_support"):
        out[column] = [yes_no(x, lang) for x in out[column]]
    return out
