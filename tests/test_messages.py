"""Tests for warmte.messages: headline, pace and projection sentences from hand-made summaries."""

from __future__ import annotations

import re

import pytest

from warmte.views import initiatives as initiatives_view
from warmte.views import progress as progress_view
from warmte.views.progress import RegionSummary


def summary(**changes) -> RegionSummary:
    """A national-looking summary (the numbers of 1 January 2024)."""
    s = {"region": "NL", "name": "Nederland", "level": "nederland", "year": 2024, "definition": "gas_free",
         "target_method": "pro_rata", "housing_stock": 8_200_000, "gas_free_homes": 918_853,
         "gas_free_share": 0.112, "target_homes": 1_500_000, "homes_to_go": 581_147, "required_per_year": 96_857.8,
         "actual_per_year": 77_863.2, "projected_year_reached": 2032, "on_track": False, "data_kind": "official"}
    s.update(changes)
    return RegionSummary(**s)


REACHED = summary(gas_free_homes=1_612_000, homes_to_go=0, required_per_year=0.0, projected_year_reached=2024,
                  on_track=True)
NEVER = summary(actual_per_year=0.0, projected_year_reached=None)
ON_TIME = summary(actual_per_year=120_000.0, projected_year_reached=2029, on_track=True)
ON_TIME_EXACTLY = summary(actual_per_year=96_857.8, projected_year_reached=2030, on_track=True)
LATE = summary()


# --- headline ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("s", "lang", "expected"), [
    (summary(), "nl", "919.000 van 1.500.000 woningen aardgasvrij: 61%"),
    (summary(), "en", "919,000 of 1,500,000 homes gas-free: 61%"),
    (REACHED, "nl", "1.612.000 van 1.500.000 woningen aardgasvrij: 107%"),
    (REACHED, "en", "1,612,000 of 1,500,000 homes gas-free: 107%"),
    (summary(gas_free_homes=9_876, target_homes=22_719), "nl", "9.876 van 23.000 woningen aardgasvrij: 43%"),
    (summary(gas_free_homes=9_876, target_homes=22_719), "en", "9,876 of 23,000 homes gas-free: 43%"),
    (summary(gas_free_homes=0, target_homes=5_000), "nl", "0 van 5.000 woningen aardgasvrij: 0%"),
    (summary(gas_free_homes=10, target_homes=0), "en", "10 of 0 homes gas-free: –"),
    (summary(region="GM0363", gas_free_homes=86_553, target_homes=87_917), "nl",
     "87.000 van de 88.000 woningen van het eigen doel aardgasvrij: 98%"),
    (summary(region="GM0363", gas_free_homes=86_553, target_homes=87_917), "en",
     "87,000 of the 88,000 homes of its own target gas-free: 98%"),
])
def test_headline(s, lang, expected):
    assert progress_view.headline(s, lang) == expected


# --- projection --------------------------------------------------------------------------------


@pytest.mark.parametrize(("s", "lang", "expected"), [
    (REACHED, "nl", "Het doel is al gehaald"),
    (REACHED, "en", "The target has been reached"),
    (NEVER, "nl", "In dit tempo wordt het doel niet vóór 2050 gehaald"),
    (NEVER, "en", "At this pace the target is not reached before 2050"),
    (ON_TIME, "nl", "In dit tempo wordt het doel in 2029 gehaald: op tijd"),
    (ON_TIME, "en", "At this pace the target is reached in 2029: on time"),
    (ON_TIME_EXACTLY, "nl", "In dit tempo wordt het doel in 2030 gehaald: op tijd"),
    (ON_TIME_EXACTLY, "en", "At this pace the target is reached in 2030: on time"),
    (LATE, "nl", "In dit tempo wordt het doel pas in 2032 gehaald: te laat"),
    (LATE, "en", "At this pace the target is reached only in 2032: too late"),
    (summary(projected_year_reached=2031), "nl", "In dit tempo wordt het doel pas in 2031 gehaald: te laat"),
])
def test_projection(s, lang, expected):
    assert progress_view.projection(s, lang) == expected


@pytest.mark.parametrize(("s", "lang", "expected"), [
    (REACHED, "nl", "gehaald"),
    (REACHED, "en", "reached"),
    (NEVER, "nl", "niet vóór 2050"),
    (NEVER, "en", "not before 2050"),
    (ON_TIME, "nl", "2029"),
    (LATE, "en", "2032"),
])
def test_projection_short(s, lang, expected):
    assert progress_view.projection_short(s, lang) == expected


# --- pace --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("s", "lang", "expected"), [
    (LATE, "nl", "Om het doel in 2030 te halen zijn vanaf 2024 **96.858** woningen per jaar nodig; "
                 "het tempo was **77.863** per jaar."),
    (LATE, "en", "To reach the target in 2030, **96,858** homes a year are needed from 2024; "
                 "the pace was **77,863** a year."),
    (ON_TIME, "nl", "Om het doel in 2030 te halen zijn vanaf 2024 **96.858** woningen per jaar nodig; "
                    "het tempo was **120.000** per jaar."),
    (NEVER, "en", "To reach the target in 2030, **96,858** homes a year are needed from 2024; "
                  "the pace was **0** a year."),
    (REACHED, "nl", "Het doel van 1.500.000 woningen is al gehaald."),
    (REACHED, "en", "The target of 1,500,000 homes has been reached."),
    (summary(year=2019, required_per_year=1_234.4, actual_per_year=567.6), "nl",
     "Om het doel in 2030 te halen zijn vanaf 2019 **1.234** woningen per jaar nodig; het tempo was **568** per jaar."),
])
def test_pace(s, lang, expected):
    assert progress_view.pace(s, lang) == expected


@pytest.mark.parametrize(("s", "lang", "expected"), [
    (LATE, "nl", "Nodig: 96.858 woningen per jaar; tempo: 77.863 per jaar"),
    (LATE, "en", "Needed: 96,858 homes a year; pace: 77,863 a year"),
    (REACHED, "en", "The target of 1,500,000 homes has been reached."),
])
def test_pace_title(s, lang, expected):
    assert progress_view.pace_title(s, lang) == expected


def test_share_of_job():
    s = summary(region="GM0363", name="Amsterdam", target_homes=87_917, homes_to_go=13_980, required_per_year=2_330.0)
    assert progress_view.share_of_job(s, "nl") == (
        "Amsterdam moet 87.917 woningen aardgasvrij hebben in 2030, zijn deel van 1.500.000. "
        "Nog 13.980 te gaan: 2.330 per jaar vanaf nu.")
    assert progress_view.share_of_job(s, "en") == ("Amsterdam must have 87,917 gas-free homes by 2030, its share of "
                                              "1,500,000. 13,980 to go: 2,330 a year from now on.")


def _numbers(text: str) -> list[str]:
    """The numbers of a sentence, separators removed, in sorted order (word order differs by language)."""
    return sorted(re.sub(r"[.,]", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", text))


@pytest.mark.parametrize("s", [REACHED, NEVER, ON_TIME, ON_TIME_EXACTLY, LATE])
def test_dutch_and_english_differ_but_carry_the_same_numbers(s):
    for func in (progress_view.headline, progress_view.pace, progress_view.projection):
        nl, en = func(s, "nl"), func(s, "en")
        assert nl != en
        assert _numbers(nl) == _numbers(en), func.__name__


def test_mix_title_names_the_largest_known_value_not_unknown():
    import pandas as pd

    mix = pd.DataFrame({"value": ["partner", "supporter", "none", "onbekend"], "initiatives": [0, 3, 2, 3],
                        "share": [0, 3 / 8, 2 / 8, 3 / 8]})
    assert initiatives_view.mix_title(mix, "role", "en") == "Municipality's role: most often supporting (38%)"
    only_unknown = mix.assign(initiatives=[0, 0, 0, 4], share=[0, 0, 0, 1.0])
    assert initiatives_view.mix_title(only_unknown, "role", "nl") == \
        "Rol van de gemeente bij alle 4 initiatieven: onbekend"


def test_chart_labels_unknown_is_one_word_in_both_charts():
    from warmte.i18n import chart_labels

    assert chart_labels("en")["onbekend"] == "unknown"
    assert chart_labels("nl")["onbekend"] == "onbekend"
