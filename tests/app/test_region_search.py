"""The sidebar's region search (issue 13 item 10): accents, punctuation, other names, former names, codes."""

from __future__ import annotations

import pytest

from tests.app.test_pages import _navigation_mode, ok, open_app, title, url  # noqa: F401 - the autouse fixture

SEARCH = "f_region_search"


def search(at, text: str):
    at.text_input(key=SEARCH).input(text)
    return ok(at.run())


def options(at) -> list[str]:
    return list(at.selectbox(key="f_region").options)


@pytest.mark.parametrize(("text", "region", "heading", "also"), [
    ("sudwest", "GM1900", "Warmtetransitie: Súdwest-Fryslân", []),
    ("fryslan", "PV21", "Warmtetransitie: Fryslân", ["Súdwest-Fryslân (gemeente)", "Friesland / Fryslân (RES-regio)"]),
    ("den haag", "GM0518", "Warmtetransitie: 's-Gravenhage", ["Rotterdam/Den Haag (RES-regio)"]),
    ("GM0363", "GM0363", "Warmtetransitie: Amsterdam", []),
    ("gm0363", "GM0363", "Warmtetransitie: Amsterdam", []),
    ("0363", "GM0363", "Warmtetransitie: Amsterdam", []),
    ("Weesp", "GM0363", "Warmtetransitie: Amsterdam", []),
    ("den bosch", "GM0796", "Warmtetransitie: 's-Hertogenbosch", []),
    ("PV27", "PV27", "Warmtetransitie: Noord-Holland", []),
])
def test_search_selects_the_best_match_and_lists_the_others(text, region, heading, also):
    at = search(open_app(), text)
    assert at.selectbox(key="f_region").value == region
    assert url(at, "regio") == region
    assert title(at) == heading
    labels = options(at)
    assert set(also) <= set(labels), labels
    assert any("gevonden" in c.value for c in at.caption)


def test_labels_name_the_common_name_in_the_language():
    at = search(open_app(), "den haag")
    assert options(at)[:2] == ["'s-Gravenhage / Den Haag (gemeente)", "Rotterdam/Den Haag (RES-regio)"]
    at = search(open_app(lang="en"), "the hague")
    assert at.selectbox(key="f_region").value == "GM0518"
    assert options(at)[0] == "'s-Gravenhage / The Hague (municipality)"


def test_no_match_keeps_the_region_and_says_so():
    at = search(open_app(regio="GM0014"), "atlantis")
    assert at.selectbox(key="f_region").value == "GM0014"
    assert len(options(at)) == 385  # the whole list stays
    assert any(c.value == "Geen regio gevonden voor atlantis" for c in at.caption)


def test_a_region_among_the_matches_stays_selected_and_clearing_shows_all():
    at = open_app(regio="GM1900")
    at = search(at, "fryslan")  # Súdwest-Fryslân is a match: it stays selected
    assert at.selectbox(key="f_region").value == "GM1900"
    assert len(options(at)) == 4
    at = search(at, "")
    assert at.selectbox(key="f_region").value == "GM1900" and len(options(at)) == 385


def test_the_country_is_named_in_the_language():
    assert options(open_app())[0] == "Nederland"
    assert options(open_app(lang="en"))[0] == "the Netherlands"
