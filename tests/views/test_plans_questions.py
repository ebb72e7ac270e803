"""Plans against the task and the questions for the council (issue 15, items 1 and 3), checked against the
database rows and against `warmte summary --json`."""

from __future__ import annotations

import json

import pytest

from warmte import cli, model
from warmte.i18n import fmt_date, fmt_int, fmt_pct
from warmte.views.plans import plans_against_task, sentence
from warmte.views.progress import region_summary
from warmte.views.questions import council_questions

PROFILES = ("GM0363", "GM1680", "GM0344")  # Amsterdam, Aa en Hunze, Utrecht


@pytest.mark.parametrize("code", PROFILES)
def test_summary_json_carries_the_plans_and_questions_the_views_compute(data, built_db, capsys, code):
    assert cli.main(["summary", "--region", code, "--json", "--db", str(built_db)]) == 0
    out = json.loads(capsys.readouterr().out)
    plans = plans_against_task(data, code)
    assert out["plans"] == json.loads(json.dumps(plans.to_dict()))
    assert out["plans"]["homes_to_go"] == max(out["homes_to_go"], 0)
    assert out["plans"]["target_homes"] == out["target_homes"]
    assert out["plans_sentence"] == sentence(plans, data.region_name(code, "nl"), "nl")
    assert [q["text"] for q in out["questions"]] == [q.text for q in council_questions(data, code, lang="nl")]
    pace = next(q for q in out["questions"] if q["key"] == "pace")
    if out["homes_to_go"] > 0:
        assert pace["value"] == out["required_per_year"] and pace["figure"] == fmt_int(out["required_per_year"])
    else:
        assert pace["value"] == out["gas_free_share"]


@pytest.mark.parametrize("code", ["NL", "PV26", "ES01", *PROFILES])
def test_plans_add_up_from_the_warmteatlas_rows(data, code):
    plans = plans_against_task(data, code)
    hp = data.heat_project
    if code != "NL":
        members = set(data.municipality.loc[(data.municipality[["code", "province_code", "res_code"]] == code)
                                            .any(axis=1), "code"])
        hp = hp[hp["municipality_code"].isin(members)]
    assert plans.projects == len(hp)
    assert plans.homes_planned == int(hp["homes_planned"].sum())
    assert plans.projects_without_homes == int(hp["homes_planned"].isna().sum())
    assert sum(plans.projects_by_phase.values()) == plans.projects
    for phase in model.PROJECT_PHASES:
        assert plans.homes_planned_by_phase[phase] == int(hp.loc[hp["phase"] == phase, "homes_planned"].sum())
    summary = region_summary(data, code)
    assert plans.homes_to_go == max(int(summary.homes_to_go), 0)
    if plans.homes_to_go:
        assert plans.coverage == pytest.approx(plans.homes_planned / plans.homes_to_go)
    else:
        assert plans.coverage is None


def test_national_sentence_states_the_pipeline_against_the_task(data):
    plans = plans_against_task(data, "NL")
    assert plans.projects == 77 and plans.projects_without_homes == 6
    text = sentence(plans, data.region_name("NL", "en"), "en")
    assert text.startswith(f"In the Netherlands, the 77 heat networks in development together cover "
                           f"{fmt_int(plans.homes_planned, 'en')} of the {fmt_int(plans.homes_to_go, 'en')} homes "
                           f"still to go ({fmt_pct(plans.coverage, 'en', 0)}); "
                           f"{fmt_int(plans.homes_in_execution, 'en')} of them are in uitvoering")
    assert text.endswith("6 projects give no number of homes and are not counted.")


def test_sentences_never_claim_more_than_the_figures(data):
    amsterdam = sentence(plans_against_task(data, "GM0363"), "Amsterdam", "nl")
    assert "meer dan de 1.364 die nog aardgasvrij moeten worden" in amsterdam and "%" not in amsterdam
    aa = sentence(plans_against_task(data, "GM1680"), "Aa en Hunze", "nl")
    assert aa.startswith("De WarmteAtlas kent in Aa en Hunze geen warmtenetten in ontwikkeling")
    utrecht = sentence(plans_against_task(data, "GM0344"), "Utrecht", "en")
    assert utrecht.startswith("Utrecht has already reached its share of the 2030 target")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_municipality_gets_three_to_six_questions_each_with_figure_and_source(data, lang):
    sources = data.source.set_index("source_id")
    # Every municipality in Dutch; in English the profiles (the texts are the same keys in the other language).
    for code in data.municipality["code"] if lang == "nl" else PROFILES:
        questions = council_questions(data, code, lang=lang)
        assert 3 <= len(questions) <= 6, code
        assert len({q.key for q in questions}) == len(questions), code
        for q in questions:
            assert q.text.endswith("?") and q.figure and q.figure_label, (code, q)
            row = sources.loc[q.source_id]
            assert q.source.startswith(str(row["publisher"])) and fmt_date(row["reference_date"], lang) in q.source
    assert council_questions(data, "NL", lang=lang) == [] and council_questions(data, "PV26", lang=lang) == []


def test_resident_led_question_counts_the_warmteatlas_flags(data):
    hp = data.heat_project[data.heat_project["municipality_code"] == "GM0363"]
    k, n = int(hp["resident_led"].sum()), len(hp)
    assert (k, n) == (2, 5)
    q = next(q for q in council_questions(data, "GM0363", lang="nl") if q.key == "resident_led")
    assert q.text.startswith("Bij 2 van onze 5 warmteprojecten is een bewonersinitiatief trekker")
    assert q.figure == "2 / 5"
