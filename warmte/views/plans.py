"""Plans against the task (issue 15): the homes still to go set against the homes planned in heat networks.

A region's remaining task is its share of the 2030 target minus the homes already gas-free (the ``homes_to_go``
of :func:`warmte.views.progress.region_summary`). The pipeline is the RVO WarmteAtlas layer of heat networks in
development (table ``heat_project``): every project in one of :data:`warmte.model.PROJECT_PHASES`, with the number
of homes the project plans to connect where the source gives one. Projects without a number of homes are counted
but add no homes, and the sentence says how many there are. A project's homes may partly be gas-free already
(a network in uitvoering connects homes year by year); the source does not say which, so coverage is a ratio of
plans to task, not a forecast.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

from warmte import model
from warmte.i18n import fmt_int, fmt_pct, t
from warmte.views.common import member_codes
from warmte.views.initiatives import project_phase_name
from warmte.views.progress import region_summary

#: The phase in which a network is being built.
EXECUTION = "uitvoeringsfase"


@dataclass(frozen=True)
class Plans:
    region: str
    year: int
    target_method: str
    target_homes: int
    homes_to_go: int
    projects: int
    projects_without_homes: int
    resident_led_projects: int
    homes_planned: int
    homes_planned_by_phase: dict
    projects_by_phase: dict
    coverage: float | None  # homes_planned / homes_to_go; None when nothing is left to do

    @property
    def homes_in_execution(self) -> int:
        return self.homes_planned_by_phase[EXECUTION]

    def to_dict(self) -> dict:
        return asdict(self)


def plans_against_task(data, code: str, year: int | None = None, definition: str = model.DEFAULT_DEFINITION,
                       method: str = model.DEFAULT_TARGET_METHOD, summary=None) -> Plans:
    """The pipeline of heat networks of a region (municipality, province, RES region or NL) against its task.

    ``summary``: the region's :func:`region_summary` for the same arguments, when the caller has it already.
    """
    summary = summary or region_summary(data, code, year, definition, method)
    members = set(member_codes(data, code))
    projects = data.heat_project[data.heat_project["municipality_code"].isin(members)]
    homes = projects.groupby("phase")["homes_planned"].sum()  # projects without a number add nothing
    counts = projects.groupby("phase").size()
    by_phase = {p: int(homes.get(p, 0)) for p in model.PROJECT_PHASES}
    planned = sum(by_phase.values())
    to_go = max(int(summary.homes_to_go), 0)
    return Plans(region=code, year=summary.year, target_method=method, target_homes=int(summary.target_homes),
                 homes_to_go=to_go, projects=len(projects),
                 projects_without_homes=int(projects["homes_planned"].isna().sum()),
                 resident_led_projects=int(projects["resident_led"].fillna(False).astype(bool).sum()),
                 homes_planned=planned, homes_planned_by_phase=by_phase,
                 projects_by_phase={p: int(counts.get(p, 0)) for p in model.PROJECT_PHASES},
                 coverage=(planned / to_go) if to_go > 0 else None)


def _projects(n: int, lang: str) -> str:
    return t("plans_projects_one" if n == 1 else "plans_projects", lang, n=fmt_int(n, lang))


def sentence(plans: Plans, name: str, lang: str) -> str:
    """The plans-against-task sentence, e.g. 'In Amsterdam, the 5 heat networks in development cover 4,830 of
    the 13,980 homes still to go (35%); 0 of them are in uitvoering.' Never claims more than the figures say."""
    if plans.projects == 0:
        if plans.homes_to_go == 0:
            return t("plans_none_done", lang, name=name)
        return t("plans_none", lang, name=name, to_go=fmt_int(plans.homes_to_go, lang))
    if plans.homes_to_go == 0:
        text = t("plans_task_done", lang, name=name, projects=_projects(plans.projects, lang),
                 planned=fmt_int(plans.homes_planned, lang))
    else:
        key = "plans_cover_more" if plans.homes_planned > plans.homes_to_go else "plans_cover"
        text = t(key, lang, name=name, projects=_projects(plans.projects, lang),
                 planned=fmt_int(plans.homes_planned, lang), to_go=fmt_int(plans.homes_to_go, lang),
                 share=fmt_pct(plans.coverage, lang, 0), execution=fmt_int(plans.homes_in_execution, lang))
    if plans.projects_without_homes:
        n = plans.projects_without_homes
        text += " " + t("plans_without_homes_one" if n == 1 else "plans_without_homes", lang, n=fmt_int(n, lang))
    return text



def phase_table(plans: Plans, lang: str) -> pd.DataFrame:
    """Per WarmteAtlas phase: the number of heat networks and the homes they plan (for the profile)."""
    return pd.DataFrame({"project_phase": [project_phase_name(p, lang) for p in model.PROJECT_PHASES],
                         "projects": [plans.projects_by_phase[p] for p in model.PROJECT_PHASES],
                         "homes_planned": [plans.homes_planned_by_phase[p] for p in model.PROJECT_PHASES]})
