"""The profile answers a council member's three questions (issue 15): our share and the plans against it, our
peers as ranges, and questions for the council. Every number on the page equals `warmte summary --json`."""

from __future__ import annotations

import json

import pytest

from tests.app.test_pages import open_app
from warmte import cli


def summary_json(built_db, capsys, code: str, lang: str, peers: str | None = None) -> dict:
    capsys.readouterr()
    assert cli.main(["summary", "--region", code, "--lang", lang, "--json", "--db", str(built_db)]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("code", "lang"), [("GM0363", "nl"), ("GM1680", "en"), ("GM0344", "nl")])
def test_profile_shows_plans_questions_and_peer_ranges_as_the_cli_gives_them(built_db, capsys, code, lang):
    expected = summary_json(built_db, capsys, code, lang)
    params = {"regio": code} | ({"lang": lang} if lang != "nl" else {})
    at = open_app("pages/municipality.py", **params)
    markdown = [m.value for m in at.markdown]
    assert expected["plans_sentence"] in markdown
    questions = [m for m in markdown if m.startswith("- **")]
    assert len(questions) == len(expected["questions"]) >= 3
    for shown, q in zip(questions, expected["questions"], strict=True):
        assert shown.startswith(f"- **{q['text']}**")
        assert f"{q['figure_label']}: {q['figure']} · {q['source']}" in shown
    # The peers' ranges: the chart's text alternative holds each range sentence of the JSON.
    captions = [c.value for c in at.caption]
    for r in expected["peers"]["ranges"]:
        assert any(r["sentence"] in c for c in captions), r["sentence"]
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    indicators = {r["indicator"] for r in expected["peers"]["ranges"]}
    diamonds = [tr for fig in charts for tr in fig["data"]
                if tr.get("marker", {}).get("symbol") == "diamond" and tr.get("meta") in indicators]
    ranges = expected["peers"]["ranges"]
    assert len(diamonds) == len(ranges) - sum(r["value"] is None for r in ranges)
    assert not at.exception and not at.error


def test_peers_chosen_by_hand_go_in_the_link_and_the_chart(built_db, capsys):
    at = open_app("pages/municipality.py", regio="GM0363", vergelijk="GM0344,GM0599")
    assert at.query_params["vergelijk"] == "GM0344,GM0599"
    assert at.multiselect(key="profile_peers").value == ["GM0344", "GM0599"]
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"].replace("<br>", " ") for c in at.get("plotly_chart")]
    assert any("Amsterdam tussen 2 zelf gekozen gemeenten" in title for title in titles)
    # choosing another set in the widget rewrites the link
    at.multiselect(key="profile_peers").set_value(["GM0518"]).run()
    assert at.query_params["vergelijk"] == "GM0518"


@pytest.mark.parametrize(("code", "lang"), [("GM0363", "nl"), ("GM1680", "en"), ("GM0344", "nl")])
def test_factsheet_carries_plans_questions_and_peers_as_the_cli_gives_them(built_db, capsys, data, code, lang):
    import io

    from pypdf import PdfReader

    from warmte import filters as flt
    from warmte.export.factsheet import FACTSHEET_QUESTIONS, factsheet_pdf

    expected = summary_json(built_db, capsys, code, lang)
    reader = PdfReader(io.BytesIO(factsheet_pdf(data, flt.Filters(region=code, lang=lang))))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 1
    assert " ".join(expected["plans_sentence"].split()) in text
    for q in expected["questions"][:FACTSHEET_QUESTIONS]:
        assert " ".join(q["text"].split()) in text
    n = len(expected["peers"]["codes"])
    name = expected["name"]
    assert (f"{name} tussen {n} vergelijkbare gemeenten" if lang == "nl" else f"{name} among {n} similar") in text
