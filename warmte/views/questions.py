"""Vragen aan de raad en het college (issue 15): questions a council member can ask, drawn from the municipality's
own figures. Each question shows the figure it rests on and that figure's source.

Only questions whose figure is known are asked: a municipality without heat networks in development gets the
question about its approach without networks, not one about "0 of 0 projects". The figures are the ones of
``warmte summary --json`` (the pace, the homes to go) and of :mod:`warmte.views.plans` (the pipeline).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from warmte import model
from warmte.i18n import fmt_date, fmt_int, fmt_pct, t
from warmte.views import initiatives, registry
from warmte.views.plans import Plans, plans_against_task
from warmte.views.progress import region_summary

#: TVW statuses that say the visie is definitively adopted.
ADOPTED = ("adopted_by_council", "adopted_by_executive")


@dataclass(frozen=True)
class Question:
    key: str  # stable identifier: tvw, pace, coverage, resident_led, initiatives
    text: str
    figure_label: str
    figure: str  # the figure as written on screen
    value: float | int | str | None  # the figure as a number (or status code), as in `warmte summary --json`
    source_id: str
    source: str  # publisher, title and reference date of the source row

    def to_dict(self) -> dict:
        return asdict(self)


def _source(data, source_id: str, lang: str) -> str:
    """Publisher, title (in the reader's language where the locale has it) and reference date of a source."""
    rows = data.source[data.source["source_id"] == source_id]
    row = rows.iloc[0]
    title = registry.source_titles(rows, lang).iloc[0]
    return f"{row['publisher']}, {title} ({fmt_date(row['reference_date'], lang)})"


def _tvw(data, code: str, lang: str) -> Question | None:
    rows = data.tvw_status[data.tvw_status["municipality_code"] == code]
    if rows.empty:
        return None
    row = rows.iloc[0]
    status = str(row["status"])
    key = {"adopted_by_executive": "q_tvw_executive", "adopted_by_council": "q_tvw_council"}.get(status,
                                                                                                "q_tvw_open")
    label = t(f"tvw_{status}", lang)
    return Question("tvw", t(key, lang, status=label), t("col_tvw_status", lang), label, status,
                    str(row["source_id"]), _source(data, str(row["source_id"]), lang))


def _pace(data, summary, lang: str) -> Question:
    h = data.housing
    row = h[(h["municipality_code"] == summary.region) & (h["year"] == summary.year)].iloc[0]
    sid = str(row["gas_free_source_id"])
    if summary.homes_to_go <= 0:
        return Question("pace", t("q_pace_done", lang, share=fmt_pct(summary.gas_free_share, lang)),
                        t("col_gas_free_share", lang), fmt_pct(summary.gas_free_share, lang),
                        summary.gas_free_share, sid, _source(data, sid, lang))
    per_year = summary.required_per_year
    return Question("pace", t("q_pace", lang, n=fmt_int(per_year, lang), year=model.TARGET_YEAR),
                    t("col_required_per_year", lang), fmt_int(per_year, lang), per_year, sid, _source(data, sid, lang))


def _coverage(data, plans: Plans, lang: str) -> Question:
    sid = "warmteatlas_projects"
    source = _source(data, sid, lang)
    label_n, label_share = t("col_heat_projects", lang), t("plans_coverage_label", lang)
    projects = t("plans_projects_one" if plans.projects == 1 else "plans_projects", lang,
                 n=fmt_int(plans.projects, lang))
    if plans.homes_to_go <= 0:
        if plans.projects == 0:
            return Question("coverage", t("q_coverage_done_none", lang), label_n, "0", 0, sid, source)
        return Question("coverage", t("q_coverage_done", lang, projects=projects,
                                      planned=fmt_int(plans.homes_planned, lang)),
                        t("col_homes_planned", lang), fmt_int(plans.homes_planned, lang), plans.homes_planned, sid,
                        source)
    if plans.projects == 0:
        return Question("coverage", t("q_coverage_none", lang, to_go=fmt_int(plans.homes_to_go, lang)),
                        label_n, "0", 0, sid, source)
    rest = plans.homes_to_go - plans.homes_planned
    share = fmt_pct(plans.coverage, lang, 0)
    if rest <= 0:  # more planned than still to go: the number of homes says it better than "1,058%"
        return Question("coverage", t("q_coverage_full", lang, planned=fmt_int(plans.homes_planned, lang),
                                      to_go=fmt_int(plans.homes_to_go, lang)),
                        t("col_homes_planned", lang), fmt_int(plans.homes_planned, lang), plans.homes_planned, sid,
                        source)
    return Question("coverage", t("q_coverage", lang, share=share, rest=fmt_int(rest, lang)), label_share, share,
                    plans.coverage, sid, source)


def _resident_led(data, plans: Plans, lang: str) -> Question | None:
    if plans.resident_led_projects == 0:
        return None
    sid = "warmteatlas_projects"
    k, n = plans.resident_led_projects, plans.projects
    key = "q_resident_led_one" if n == 1 else "q_resident_led"
    return Question("resident_led", t(key, lang, k=fmt_int(k, lang), n=fmt_int(n, lang)),
                    t("plans_resident_led_label", lang), f"{fmt_int(k, lang)} / {fmt_int(n, lang)}", k, sid,
                    _source(data, sid, lang))


def _initiatives(data, code: str, lang: str) -> Question | None:
    active = data.initiative[(data.initiative["municipality_code"] == code)
                             & ~data.initiative["initiative_id"].isin(initiatives.stopped_ids(data))]
    n = len(active)
    if n == 0:
        return None
    sid = str(active["source_id"].mode().iloc[0])
    key = "q_initiatives_one" if n == 1 else "q_initiatives"
    return Question("initiatives", t(key, lang, n=fmt_int(n, lang)), t("col_initiatives", lang), fmt_int(n, lang),
                    n, sid, _source(data, sid, lang))


def council_questions(data, code: str, year: int | None = None, definition: str = model.DEFAULT_DEFINITION,
                      method: str = model.DEFAULT_TARGET_METHOD, lang: str = "nl", summary=None) -> list[Question]:
    """3–6 questions for a municipality; an empty list for provinces, RES regions and the country.

    ``summary``: the municipality's :func:`region_summary` for the same arguments, when the caller has it.
    """
    if model.level_of(code) != "gemeente":
        return []
    summary = summary or region_summary(data, code, year, definition, method)
    plans = plans_against_task(data, code, year, definition, method, summary=summary)
    found = [_tvw(data, code, lang), _pace(data, summary, lang), _coverage(data, plans, lang),
             _resident_led(data, plans, lang), _initiatives(data, code, lang)]
    return [q for q in found if q is not None]
