"""views.initiatives: the WarmteAtlas pipeline, the named initiatives and the register, on the real snapshot.

Expected numbers are counted by hand from the snapshot's
``warmteatlas/warmteatlas_warmtenetten_in_ontwikkeling_2025.csv`` (SOURCES.md 5.5: 77 projects in 61
municipalities; planuitwerkingsfase 28, uitvoeringsfase 24, ontwikkelfase 19, realisatie onzeker 6; 27 led by a
resident initiative).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from warmte import filters as flt
from warmte.views import initiatives as v
from warmte.views import registry

NO_PROJECTS = "GM0034"  # Almere: no heat network in development in the WarmteAtlas, no named initiative


def fake(projects_per_phase, homes=None, unknown=None, resident=0, code="GM0363", name="Amsterdam") -> v.Pipeline:
    """A pipeline with the given projects per phase (in v.PROJECT_PHASES order), for the sentence grammar."""
    homes = homes or [100 * n for n in projects_per_phase]
    unknown = unknown or [0] * len(projects_per_phase)
    total = sum(projects_per_phase)
    per_phase = pd.DataFrame({"phase": list(v.PROJECT_PHASES), "projects": projects_per_phase,
                              "share": [n / total if total else 0.0 for n in projects_per_phase],
                              "homes_planned": homes, "homes_unknown": unknown})
    return v.Pipeline(region=code, name=name, projects=total, municipalities=1 if total else 0,
                      homes_planned=sum(homes), homes_unknown=sum(unknown), resident_led=resident,
                      per_phase=per_phase)


# --- The numbers ------------------------------------------------------------------------------------------


def test_national_pipeline_matches_the_warmteatlas(data):
    p = v.pipeline(data, "NL")
    assert (p.projects, p.municipalities, p.resident_led) == (77, 61, 27)
    assert p.per_phase["phase"].tolist() == ["ontwikkelfase", "planuitwerkingsfase", "uitvoeringsfase",
                                             "realisatie onzeker"]
    assert p.per_phase["projects"].tolist() == [19, 28, 24, 6]
    assert p.execution == 24 and p.in_phase("planuitwerkingsfase") == 28
    assert p.resident_led_share == pytest.approx(27 / 77)
    assert p.per_phase["share"].sum() == pytest.approx(1.0)
    # homes: the sum of the known numbers; six projects give none ("NB")
    assert p.homes_unknown == 6
    assert p.homes_planned == int(pd.to_numeric(data.heat_project["homes_planned"]).sum()) == 112_557
    assert p.per_phase["homes_planned"].sum() == p.homes_planned
    assert p.per_phase["homes_unknown"].sum() == p.homes_unknown


@pytest.mark.parametrize(("code", "projects", "municipalities", "per_phase", "homes", "unknown", "resident"), [
    ("NL", 77, 61, [19, 28, 24, 6], 112_557, 6, 27),
    ("PV25", 11, 10, [5, 5, 1, 0], 12_376, 2, 4),          # Gelderland
    ("GM0363", 5, 1, [2, 1, 1, 1], 14_427, 0, 2),          # Amsterdam
    ("PV24", 1, 1, [0, 0, 1, 0], 497, 0, 1),                # Flevoland: one project
    (NO_PROJECTS, 0, 0, [0, 0, 0, 0], 0, 0, 0),
])
def test_pipeline_per_region(data, code, projects, municipalities, per_phase, homes, unknown, resident):
    p = v.pipeline(data, code)
    assert p.projects == projects == len(v.region_projects(data, code))
    assert p.municipalities == municipalities
    assert p.per_phase["projects"].tolist() == per_phase
    assert (p.homes_planned, p.homes_unknown, p.resident_led) == (homes, unknown, resident)
    assert p.resident_led_share == (resident / projects if projects else None)


def test_provinces_add_up_to_the_netherlands(data):
    totals = [v.pipeline(data, code) for code in data.province["code"]]
    assert sum(p.projects for p in totals) == 77
    assert sum(p.resident_led for p in totals) == 27
    assert sum(p.homes_planned for p in totals) == 112_557


# --- Sentences --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "lang", "expected"), [
    ("NL", "nl", "In Nederland zijn 77 warmtenetten in ontwikkeling (WarmteAtlas), samen voor 112.557 woningen "
                 "(van 6 is het aantal woningen niet bekend); bij 27 ervan heeft een bewonersinitiatief de leiding; "
                 "24 zitten in de uitvoeringsfase."),
    ("NL", "en", "In the Netherlands 77 heat networks are in development (WarmteAtlas) for 112,557 homes together "
                 "(the number of homes is not known for 6); 27 are led by a resident initiative; 24 are in the "
                 "uitvoeringsfase (execution)."),
    ("PV25", "nl", "In Gelderland zijn 11 warmtenetten in ontwikkeling (WarmteAtlas), samen voor 12.376 woningen "
                   "(van 2 is het aantal woningen niet bekend); bij 4 ervan heeft een bewonersinitiatief de leiding; "
                   "1 zit in de uitvoeringsfase."),
    ("PV25", "en", "In Gelderland 11 heat networks are in development (WarmteAtlas) for 12,376 homes together "
                   "(the number of homes is not known for 2); 4 are led by a resident initiative; 1 is in the "
                   "uitvoeringsfase (execution)."),
    ("GM0363", "nl", "In Amsterdam zijn 5 warmtenetten in ontwikkeling (WarmteAtlas), samen voor 14.427 woningen; "
                     "bij 2 ervan heeft een bewonersinitiatief de leiding; 1 zit in de uitvoeringsfase."),
    ("GM0363", "en", "In Amsterdam 5 heat networks are in development (WarmteAtlas) for 14,427 homes together; "
                     "2 are led by a resident initiative; 1 is in the uitvoeringsfase (execution)."),
    ("PV24", "nl", "In Flevoland is 1 warmtenet in ontwikkeling (WarmteAtlas), voor 497 woningen; "
                   "een bewonersinitiatief heeft de leiding; het zit in de uitvoeringsfase."),
    ("PV24", "en", "In Flevoland 1 heat network is in development (WarmteAtlas) for 497 homes; "
                   "a resident initiative leads it; it is in the uitvoeringsfase (execution)."),
    (NO_PROJECTS, "nl", "Voor Almere staan geen warmtenetten in ontwikkeling geregistreerd in de WarmteAtlas."),
    (NO_PROJECTS, "en", "No heat networks in development are recorded for Almere in the WarmteAtlas."),
])
def test_headline(data, code, lang, expected):
    assert v.pipeline_headline(v.pipeline(data, code), lang) == expected


@pytest.mark.parametrize(("pipeline", "lang", "expected"), [
    # none resident-led, none in execution
    (fake([2, 1, 0, 0]), "nl", "In Amsterdam zijn 3 warmtenetten in ontwikkeling (WarmteAtlas), samen voor 300 "
                               "woningen; bij geen ervan heeft een bewonersinitiatief de leiding; nog geen ervan zit "
                               "in de uitvoeringsfase."),
    (fake([2, 1, 0, 0]), "en", "In Amsterdam 3 heat networks are in development (WarmteAtlas) for 300 homes "
                               "together; none is led by a resident initiative; none is in the uitvoeringsfase "
                               "(execution) yet."),
    # one resident-led, two in execution, homes not known for any
    (fake([0, 0, 2, 0], homes=[0, 0, 0, 0], unknown=[0, 0, 2, 0], resident=1), "en",
     "In Amsterdam 2 heat networks are in development (WarmteAtlas) for an unknown number of homes; 1 is led by "
     "a resident initiative; 2 are in the uitvoeringsfase (execution)."),
    (fake([0, 0, 2, 0], homes=[0, 0, 0, 0], unknown=[0, 0, 2, 0], resident=1), "nl",
     "In Amsterdam zijn 2 warmtenetten in ontwikkeling (WarmteAtlas), voor een onbekend aantal woningen; bij 1 "
     "ervan heeft een bewonersinitiatief de leiding; 2 zitten in de uitvoeringsfase."),
    # one project, not resident-led, realisation uncertain
    (fake([0, 0, 0, 1]), "nl", "In Amsterdam is 1 warmtenet in ontwikkeling (WarmteAtlas), voor 100 woningen; "
                               "geen bewonersinitiatief heeft de leiding; het zit in de fase ‘realisatie onzeker’."),
    (fake([0, 0, 0, 1]), "en", "In Amsterdam 1 heat network is in development (WarmteAtlas) for 100 homes; no "
                               "resident initiative leads it; it is in the phase ‘realisatie onzeker’ (realisation "
                               "uncertain)."),
])
def test_headline_singular_and_plural(pipeline, lang, expected):
    assert v.pipeline_headline(pipeline, lang) == expected


@pytest.mark.parametrize(("code", "lang", "expected"), [
    ("NL", "nl", "Ze liggen in 61 van de 342 gemeenten."),
    ("NL", "en", "They are in 61 of the 342 municipalities."),
    ("PV25", "nl", "Ze liggen in 10 van de 51 gemeenten. In heel Nederland zijn het er 77, in 61 van de 342 "
                   "gemeenten."),
    ("PV24", "en", "It is in 1 of the 6 municipalities. The Netherlands as a whole has 77, in 61 of the 342 "
                   "municipalities."),
    ("GM0363", "nl", "Ter vergelijking: provincie Noord-Holland 16, heel Nederland 77 warmtenetten in ontwikkeling."),
    (NO_PROJECTS, "en", "For comparison: the province of Flevoland 1, the Netherlands 77 heat networks in "
                        "development."),
])
def test_context_compares_with_province_and_the_netherlands(data, code, lang, expected):
    assert v.pipeline_context(data, v.pipeline(data, code), lang) == expected


@pytest.mark.parametrize(("pipeline", "lang", "expected"), [
    (fake([19, 28, 24, 6]), "nl", "De grootste groep warmtenetten zit nog in de planuitwerkingsfase (28 van 77)"),
    (fake([19, 28, 24, 6]), "en", "The largest group of heat networks is still in the planuitwerkingsfase (28 of 77)"),
    (fake([1, 0, 3, 0]), "en", "The largest group of heat networks is already in the uitvoeringsfase (3 of 4)"),
    (fake([1, 0, 0, 3]), "nl", "Bij de grootste groep warmtenetten is de realisatie onzeker (3 van 4)"),
    (fake([5, 5, 1, 0]), "nl", "Evenveel warmtenetten in de ontwikkelfase als in de planuitwerkingsfase "
                               "(5 van 11 elk)"),
    (fake([1, 1, 1, 0]), "en", "3 heat networks in development, spread over the phases"),
    (fake([0, 1, 0, 0]), "en", "The only heat network in development is in the planuitwerkingsfase"),
    (fake([0, 0, 0, 1]), "nl", "Van het enige warmtenet in ontwikkeling is de realisatie onzeker"),
    (fake([0, 0, 0, 0]), "en", "No heat networks in development recorded"),
])
def test_chart_title_states_where_it_stalls(pipeline, lang, expected):
    assert v.pipeline_title(pipeline, lang) == expected


# --- The chart --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_heat_pipeline_chart(data, lang):
    chart = registry.build("heat_pipeline", data, flt.Filters(lang=lang))
    assert chart.page == "initiatives" and "heat_pipeline" in registry.CHARTS
    assert chart.meta.title == v.pipeline_title(v.pipeline(data, "NL"), lang)
    assert "WarmteAtlas" in chart.meta.source and "RVO" in chart.meta.source
    assert not chart.meta.illustrative
    assert list(registry.sources_of(data, chart)["source_id"]) == ["warmteatlas_projects"]
    bars = chart.fig.data[0]
    assert list(bars.x) == [19, 28, 24, 6]
    assert chart.fig.layout.xaxis.tickformat == ",.0f"  # counts: whole numbers
    homes = "28.021 woningen" if lang == "nl" else "28,021 homes"
    assert bars.y[0] == f"ontwikkelfase<br>≥ {homes}"  # two of its projects give no number of homes
    assert chart.table["heat_projects"].tolist() == [19, 28, 24, 6]
    assert chart.table["homes_planned"].sum() == 112_557
    assert chart.alt.startswith("Warmtenetten in ontwikkeling per fase: " if lang == "nl" else
                                "Heat networks in development per phase: ")


def test_heat_pipeline_chart_whole_number_ticks_for_small_counts(data):
    chart = registry.build("heat_pipeline", data, flt.Filters(region="PV24"))
    assert list(chart.fig.data[0].x) == [0, 0, 1, 0]
    assert chart.fig.layout.xaxis.dtick == 1


# --- Tables -----------------------------------------------------------------------------------------------


def test_project_table(data):
    table = v.project_table(data, "NL", "nl")
    assert len(table) == 77
    assert list(table.columns) == ["name", "municipality", "place", "phase", "homes_planned", "resident_led",
                                   "heat_source", "temperature", "initiator", "supplier", "status_date", "link"]
    assert table["phase"].tolist() == sorted(table["phase"], key=list(v.PROJECT_PHASES).index)  # pipeline order
    assert table["resident_led"].value_counts().to_dict() == {"nee": 50, "ja": 27}
    assert (table["homes_planned"] == "niet bekend (NB)").sum() == 6
    assert "90 we" in set(table["homes_planned"])  # the source's text where it was not a plain number
    assert "4.830" in set(table["homes_planned"])  # numbers in the language's format
    dates = table["status_date"]
    assert dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}").sum() == 73  # dates without times
    assert (dates == "ju-24").sum() == 4  # the source's text where it was not a date
    # 67 give a web address; the other 10 only a title such as "Warmtenet Noordwest - Nieuwe Warmte Nu (nwn.nu)"
    assert table["link"].str.startswith("http").sum() == 67 and (table["link"] == "").sum() == 10
    assert v.project_table(data, "NL", "en")["resident_led"].value_counts().to_dict() == {"no": 50, "yes": 27}


def test_project_table_amsterdam_in_english(data):
    table = v.project_table(data, "GM0363", "en")
    assert set(table["municipality"]) == {"Amsterdam"}
    assert table["phase"].tolist() == ["ontwikkelfase (development)", "ontwikkelfase (development)",
                                       "planuitwerkingsfase (detailed planning)", "uitvoeringsfase (execution)",
                                       "realisatie onzeker (realisation uncertain)"]
    assert set(table["homes_planned"]) == {"5,000", "1,500", "6,500", "600", "827"}


def test_named_initiatives_as_the_sources_give_them(data, demo_data):
    table = v.named_initiatives(data, "NL", "nl")
    assert len(table) == 20
    assert list(table.columns) == ["name", "municipality", "place", "org_type", "focus", "status", "source_date",
                                   "link"]
    status = table.set_index("name")["status"]
    assert status["Coöperatie Warmtenet Oost-Wageningen"] == "exploitatie (sinds 2018, volgens de bron)"
    assert status["(naam initiatief niet in bron) Warmtenet Muiderberg"].startswith("aanleg begonnen")
    assert status["Grunneger Power"] == "niet vermeld in de bron"
    assert (status == "niet vermeld in de bron").sum() == 12
    assert table.set_index("name").loc["Coöperatie Duurzame Vruchtenbuurt", "source_date"] == "2018-11"
    en = v.named_initiatives(data, "NL", "en").set_index("name")
    assert en.loc["Grunneger Power", "status"] == "not stated in the source"
    assert en.loc["Grunneger Power", "org_type"] == "energy cooperative"
    # the demonstration layer adds no generated name to this list
    pd.testing.assert_frame_equal(v.named_initiatives(demo_data, "NL", "nl"), table)


@pytest.mark.parametrize(("code", "n", "lang", "expected"), [
    ("NL", 20, "en", "The compiled lists name 20 heat initiatives in the Netherlands, with the status as the source "
                     "gives it."),
    ("PV24", 1, "nl", "De verzamelde lijsten noemen 1 warmte-initiatief in Flevoland, met de status zoals de bron "
                      "die geeft."),
    (NO_PROJECTS, 0, "en", "The compiled lists name no heat initiatives in Almere."),
])
def test_named_headline(data, code, n, lang, expected):
    assert len(v.named_initiatives(data, code, lang)) == n
    assert v.named_headline(data, code, lang) == expected


def test_register_only_with_demo_data_or_an_import(data, demo_data):
    assert not v.has_register(data)  # one documented phase of a named initiative is not a register
    assert len(data.initiative_phase) == 1
    assert v.has_register(demo_data)


def test_register_listing_labels(demo_data):
    listing = v.initiative_list(demo_data, "NL")
    shown = v.register_listing(listing, "nl")
    assert set(shown["stalled"]) <= {"ja", "nee"} and set(shown["professional_support"]) <= {"ja", "nee", ""}
    assert "oriëntatie" in set(shown["phase"])
    assert str(shown["months_in_phase"].dtype) == "Int64"
    assert (shown["stalled"] == "ja").sum() == listing["stalled"].sum()


# --- Nothing raises where a region has nothing -----------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_region_without_projects_initiatives_or_phases(data, lang):
    code = NO_PROJECTS
    assert v.region_projects(data, code).empty
    inits, phases = v.region_initiatives(data, code)
    assert inits.empty and phases.empty
    p = v.pipeline(data, code)
    assert p.projects == 0 and p.resident_led_share is None and p.execution == 0
    for text in (v.pipeline_headline(p, lang), v.pipeline_context(data, p, lang), v.pipeline_title(p, lang),
                 v.pipeline_alt(p, lang), v.named_headline(data, code, lang)):
        assert text and "{" not in text
    assert v.project_table(data, code, lang).empty and v.named_initiatives(data, code, lang).empty
    assert len(v.pipeline_table(p, lang)) == 4
    funnel = v.region_funnel(data, code)
    assert funnel.total == 0
    assert v.funnel_headline(funnel, 18, lang)
    assert v.register_listing(v.initiative_list(data, code), lang).empty
    for name in ("heat_pipeline", "funnel", "time_in_phase", "technology_mix", "role_mix"):
        chart = registry.build(name, data, flt.Filters(region=code, lang=lang))
        assert chart.meta.title and not chart.meta.illustrative


def test_every_region_builds(data):
    """No region raises: the pipeline and its sentences for all 385 regions."""
    for code in data.regions["code"]:
        p = v.pipeline(data, code)
        assert re.search(r"WarmteAtlas", v.pipeline_headline(p, "en"))
        v.pipeline_context(data, p, "nl")
        v.pipeline_title(p, "nl")


def test_funnel_title_names_no_hurdle_when_no_step_loses_anything(data):
    """Wageningen's one documented history starts in exploitatie: every step 'converts' 1 of 1."""
    from warmte.i18n import t

    funnel = v.region_funnel(data, "GM0289")
    assert funnel.conversion["reached_from"].sum() > 0
    assert v.funnel_title(funnel, "en") == t("funnel_title_plain", "en")
