"""Tests for warmte.domain.funnel: a small register whose numbers are worked out by hand."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from warmte.domain.funnel import (
    PhaseHistoryError,
    conversion,
    current_phase,
    funnel_summary,
    mix,
    phase_counts,
    stalled,
    time_in_phase,
    validate_history,
)
from warmte.model import DAYS_PER_MONTH

AS_OF = date(2025, 12, 31)
COLUMNS = ["initiative_id", "phase", "start_date", "end_date"]

#: A: orientatie 2020 -> haalbaarheid 2021 -> projectontwikkeling from 2022-07-01 (open)
#: B: orientatie from 2023-01-01 (open; stalled)
#: C: orientatie half a year, then gestopt
#: D: all five phases, in exploitatie since 2023
#: E: started directly in haalbaarheid on 2025-03-01 (open, not yet stalled)
#: F: in the register, no phase history
HISTORY = pd.DataFrame(
    [
        ("A", "orientatie", date(2020, 1, 1), date(2021, 1, 1)),
        ("A", "haalbaarheid", date(2021, 1, 1), date(2022, 7, 1)),
        ("A", "projectontwikkeling", date(2022, 7, 1), None),
        ("B", "orientatie", date(2023, 1, 1), None),
        ("C", "orientatie", date(2024, 6, 1), date(2024, 12, 1)),
        ("C", "gestopt", date(2024, 12, 1), None),
        ("D", "orientatie", date(2019, 1, 1), date(2019, 7, 1)),
        ("D", "haalbaarheid", date(2019, 7, 1), date(2020, 7, 1)),
        ("D", "projectontwikkeling", date(2020, 7, 1), date(2022, 1, 1)),
        ("D", "realisatie", date(2022, 1, 1), date(2023, 1, 1)),
        ("D", "exploitatie", date(2023, 1, 1), None),
        ("E", "haalbaarheid", date(2025, 3, 1), None),
    ],
    columns=COLUMNS,
)
INITIATIVES = pd.DataFrame(
    {
        "initiative_id": ["A", "B", "C", "D", "E", "F"],
        "technology": ["warmtenet", "warmtenet", "hybride", "warmtenet", None, "besparing"],
        "municipal_role": ["partner", "supporter", "none", "partner", None, "partner"],
        "data_kind": ["illustrative"] * 5 + ["compiled"],
    }
)


def history(*rows):
    return pd.DataFrame(list(rows), columns=COLUMNS)


# --- validate_history -----------------------------------------------------------


def test_valid_history_passes():
    validate_history(HISTORY)
    validate_history(HISTORY.iloc[::-1])  # row order does not matter
    validate_history(HISTORY.iloc[:0])


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        (  # a gap of a month between the phases
            [("X1", "orientatie", date(2020, 1, 1), date(2020, 6, 1)),
             ("X1", "haalbaarheid", date(2020, 7, 1), None)],
            ["initiative X1", "gap", "2020-06-01", "2020-07-01"],
        ),
        (  # overlap
            [("X2", "orientatie", date(2020, 1, 1), date(2020, 8, 1)),
             ("X2", "haalbaarheid", date(2020, 7, 1), None)],
            ["initiative X2", "overlap"],
        ),
        (  # dates out of order: haalbaarheid starts before orientatie
            [("X3", "orientatie", date(2021, 1, 1), None),
             ("X3", "haalbaarheid", date(2020, 1, 1), date(2021, 1, 1))],
            ["initiative X3", "out of order", "'orientatie'", "'haalbaarheid'"],
        ),
        (  # the same phase twice in a row
            [("X4", "orientatie", date(2020, 1, 1), date(2021, 1, 1)),
             ("X4", "orientatie", date(2021, 1, 1), None)],
            ["initiative X4", "out of order"],
        ),
        (  # unknown phase
            [("X5", "planvorming", date(2020, 1, 1), None)],
            ["initiative X5", "unknown phase 'planvorming'"],
        ),
        (  # end before start
            [("X6", "orientatie", date(2020, 1, 1), date(2019, 1, 1))],
            ["initiative X6", "ends (2019-01-01) before it starts (2020-01-01)"],
        ),
        (  # an open spell that is not the last
            [("X7", "orientatie", date(2020, 1, 1), None),
             ("X7", "haalbaarheid", date(2021, 1, 1), None)],
            ["initiative X7", "no end_date but is followed by 'haalbaarheid'"],
        ),
        (  # gestopt that is not the last
            [("X8", "orientatie", date(2020, 1, 1), date(2020, 6, 1)),
             ("X8", "gestopt", date(2020, 6, 1), date(2021, 1, 1)),
             ("X8", "haalbaarheid", date(2021, 1, 1), None)],
            ["initiative X8", "'gestopt' must be the last phase"],
        ),
        (  # missing start date
            [("X9", "orientatie", None, None)],
            ["initiative X9", "no start_date"],
        ),
    ],
)
def test_invalid_history_names_initiative_and_problem(rows, words):
    with pytest.raises(PhaseHistoryError) as info:
        validate_history(history(*rows))
    message = str(info.value)
    for word in words:
        assert word in message
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "rows",
    [
        # gestopt after any phase, or as the only phase
        [("S1", "haalbaarheid", date(2020, 1, 1), date(2021, 1, 1)),
         ("S1", "gestopt", date(2021, 1, 1), None)],
        [("S2", "gestopt", date(2020, 1, 1), None)],
        # skipping a phase is allowed (moving forward)
        [("S3", "orientatie", date(2020, 1, 1), date(2021, 1, 1)),
         ("S3", "projectontwikkeling", date(2021, 1, 1), None)],
        # a spell of zero days
        [("S4", "orientatie", date(2020, 1, 1), date(2020, 1, 1)),
         ("S4", "haalbaarheid", date(2020, 1, 1), None)],
    ],
)
def test_history_edge_cases_are_valid(rows):
    validate_history(history(*rows))


def test_all_problems_reported_at_once():
    bad = pd.concat(
        [
            HISTORY,
            history(
                ("Q1", "orientatie", date(2020, 1, 1), date(2020, 6, 1)),  # gap
                ("Q1", "haalbaarheid", date(2020, 9, 1), None),
                ("Q2", "realisatie", date(2019, 1, 1), date(2020, 1, 1)),  # backwards
                ("Q2", "orientatie", date(2020, 1, 1), None),
            ),
        ]
    )
    with pytest.raises(PhaseHistoryError) as info:
        validate_history(bad)
    problems = info.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("initiative Q1: gap")
    assert problems[1].startswith("initiative Q2: phases out of order")
    assert str(info.value).startswith("phase history has 2 problems:")


def test_missing_column_is_a_history_error():
    with pytest.raises(PhaseHistoryError, match="end_date"):
        validate_history(HISTORY.drop(columns="end_date"))


# --- current_phase ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("initiative", "as_of", "expected"),
    [
        ("A", date(2019, 12, 31), None),  # before its history
        ("A", date(2020, 1, 1), "orientatie"),
        ("A", date(2020, 12, 31), "orientatie"),
        ("A", date(2021, 1, 1), "haalbaarheid"),  # the change-over day belongs to the next
        ("A", AS_OF, "projectontwikkeling"),
        ("C", date(2024, 11, 30), "orientatie"),
        ("C", AS_OF, "gestopt"),
        ("D", date(2022, 12, 31), "realisatie"),
        ("D", AS_OF, "exploitatie"),
        ("E", date(2025, 2, 28), None),
    ],
)
def test_current_phase(initiative, as_of, expected):
    assert current_phase(HISTORY, as_of)[initiative] == expected


def test_current_phase_after_a_closed_last_spell_is_unknown():
    h = history(("Z", "orientatie", date(2020, 1, 1), date(2021, 1, 1)))
    assert current_phase(h, date(2022, 1, 1))["Z"] is None


def test_datetime64_and_date_inputs_agree():
    as_datetime = HISTORY.assign(
        start_date=pd.to_datetime(HISTORY["start_date"]),
        end_date=pd.to_datetime(HISTORY["end_date"]),
    )
    pd.testing.assert_series_equal(current_phase(HISTORY, AS_OF), current_phase(as_datetime, AS_OF))
    pd.testing.assert_frame_equal(time_in_phase(HISTORY, AS_OF), time_in_phase(as_datetime, "2025-12-31"))


# --- phase_counts ------------------------------------------------------------------


def test_phase_counts():
    counts = phase_counts(HISTORY, INITIATIVES, AS_OF)
    assert counts.to_dict("list") == {
        "phase": [
            "orientatie", "haalbaarheid", "projectontwikkeling", "realisatie",
            "exploitatie", "gestopt", "onbekend",
        ],
        # B; E; A; none; D; C; F (no history)
        "initiatives": [1, 1, 1, 0, 1, 1, 1],
    }


def test_phase_counts_earlier_date():
    # on 2021-06-30: A haalbaarheid, D projectontwikkeling; B, C, E not started yet
    counts = phase_counts(HISTORY, INITIATIVES, date(2021, 6, 30)).set_index("phase")["initiatives"]
    assert counts["haalbaarheid"] == 1
    assert counts["projectontwikkeling"] == 1
    assert counts["onbekend"] == 6 - 2
    assert counts.sum() == 6


def test_phase_counts_only_counts_given_initiatives():
    counts = phase_counts(HISTORY, INITIATIVES[INITIATIVES["initiative_id"].isin(["A", "D"])], AS_OF)
    assert counts.set_index("phase")["initiatives"].to_dict() == {
        "orientatie": 0, "haalbaarheid": 0, "projectontwikkeling": 1, "realisatie": 0,
        "exploitatie": 1, "gestopt": 0, "onbekend": 0,
    }


# --- conversion ----------------------------------------------------------------------


def test_conversion():
    c = conversion(HISTORY, AS_OF)
    # reached orientatie or later: A B C D E = 5; haalbaarheid+: A D E = 3;
    # projectontwikkeling+: A D = 2; realisatie+: D = 1; exploitatie: D = 1
    assert c["from_phase"].tolist() == ["orientatie", "haalbaarheid", "projectontwikkeling", "realisatie"]
    assert c["to_phase"].tolist() == ["haalbaarheid", "projectontwikkeling", "realisatie", "exploitatie"]
    assert c["reached_from"].tolist() == [5, 3, 2, 1]
    assert c["reached_to"].tolist() == [3, 2, 1, 1]
    assert c["conversion"].tolist() == pytest.approx([3 / 5, 2 / 3, 1 / 2, 1 / 1])


def test_conversion_counts_only_started_spells():
    # on 2020-12-31: A orientatie; D projectontwikkeling -> 2, 1, 1, 0
    c = conversion(HISTORY, date(2020, 12, 31))
    assert c["reached_from"].tolist() == [2, 1, 1, 0]
    assert c["reached_to"].tolist() == [1, 1, 0, 0]
    assert c["conversion"].iloc[:3].tolist() == pytest.approx([1 / 2, 1 / 1, 0 / 1])
    assert np.isnan(c["conversion"].iloc[3])  # nobody reached realisatie


# --- time_in_phase ------------------------------------------------------------------


def test_time_in_phase():
    t = time_in_phase(HISTORY, AS_OF).set_index("phase")
    m = DAYS_PER_MONTH
    # orientatie: D 181 days (2019-01-01..07-01), C 183 (2024-06-01..12-01),
    # A 366 (2020 is a leap year), B 1095 open (365 + 366 + 364 up to 2025-12-31)
    assert t.loc["orientatie", "n"] == 4
    assert t.loc["orientatie", "median_months"] == pytest.approx((183 + 366) / 2 / m)
    # p90 of 4 sorted values: position 0.9 * 3 = 2.7 -> 366 + 0.7 * (1095 - 366)
    assert t.loc["orientatie", "p90_months"] == pytest.approx((366 + 0.7 * (1095 - 366)) / m)
    # haalbaarheid: E 305 open (2025-03-01..12-31), D 366 (incl. 29 Feb 2020), A 546 (365 + 181)
    assert t.loc["haalbaarheid", "n"] == 3
    assert t.loc["haalbaarheid", "median_months"] == pytest.approx(366 / m)
    assert t.loc["haalbaarheid", "p90_months"] == pytest.approx((366 + 0.8 * (546 - 366)) / m)
    # projectontwikkeling: D 549 (184 + 365), A 1279 open (365 + 366 + 365 + 183)
    assert t.loc["projectontwikkeling", "median_months"] == pytest.approx((549 + 1279) / 2 / m)
    assert t.loc["projectontwikkeling", "p90_months"] == pytest.approx((549 + 0.9 * (1279 - 549)) / m)
    # realisatie: D 365; exploitatie: D 1095 open (365 + 366 + 364, like B)
    assert t.loc["realisatie", "median_months"] == pytest.approx(365 / m)
    assert t.loc["exploitatie", "median_months"] == pytest.approx(1095 / m)
    assert t["n"].tolist() == [4, 3, 2, 1, 1]


def test_time_in_phase_measures_spells_ending_after_as_of_up_to_as_of():
    # D's realisatie (2022-01-01..2023-01-01) seen on 2022-07-01: 181 days so far
    t = time_in_phase(HISTORY, date(2022, 7, 1)).set_index("phase")
    assert t.loc["realisatie", "median_months"] == pytest.approx(181 / DAYS_PER_MONTH)
    assert t.loc["exploitatie", "n"] == 0
    assert np.isnan(t.loc["exploitatie", "median_months"])


# --- stalled -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (18, ["B"]),  # B: 1095 days = 35.98 months in orientatie; E: 305 days = 10.02
        (35, ["B"]),
        (36, []),  # 1095 / 30.4375 = 35.98 is not more than 36
        (10, ["B", "E"]),  # longest first
    ],
)
def test_stalled(months, expected):
    s = stalled(HISTORY, AS_OF, months=months)
    assert s["initiative_id"].tolist() == expected
    assert list(s.columns) == ["initiative_id", "phase", "since", "months_in_phase"]


def test_stalled_details():
    s = stalled(HISTORY, AS_OF).iloc[0]
    assert s["phase"] == "orientatie"
    assert s["since"] == pd.Timestamp(2023, 1, 1)
    assert s["months_in_phase"] == pytest.approx(1095 / 30.4375)


@pytest.mark.parametrize(
    ("days", "is_stalled"),
    [
        (548, True),  # 548 / 30.4375 = 18.004 months > 18
        (547, False),  # 547 / 30.4375 = 17.971 months
    ],
)
def test_stall_threshold(days, is_stalled):
    start = pd.Timestamp(2024, 1, 1)
    h = history(("T", "haalbaarheid", start, None))
    assert (len(stalled(h, start + pd.Timedelta(days=days))) == 1) is is_stalled


def test_stalled_rejects_negative_months():
    with pytest.raises(ValueError, match="months"):
        stalled(HISTORY, AS_OF, months=-1)


# --- mix -----------------------------------------------------------------------------


def test_technology_mix():
    m = mix(INITIATIVES, "technology")
    assert m["value"].tolist() == ["warmtenet", "hybride", "all_electric", "groen_gas", "besparing", "onbekend"]
    assert m["initiatives"].tolist() == [3, 1, 0, 0, 1, 1]  # E's NULL -> onbekend
    assert m["share"].tolist() == pytest.approx([3 / 6, 1 / 6, 0, 0, 1 / 6, 1 / 6])


def test_role_mix():
    m = mix(INITIATIVES, "municipal_role")
    assert m["value"].tolist() == ["partner", "supporter", "none", "onbekend"]
    assert m["initiatives"].tolist() == [3, 1, 1, 1]
    assert m["share"].sum() == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("frame", "column", "match"),
    [
        (INITIATIVES.assign(technology="kernfusie"), "technology", "kernfusie"),
        (INITIATIVES, "data_kind", "technology"),
        (INITIATIVES.drop(columns="technology"), "technology", "lack"),
    ],
)
def test_mix_bad_input(frame, column, match):
    with pytest.raises(ValueError, match=match):
        mix(frame, column)


# --- funnel_summary ----------------------------------------------------------------


def test_funnel_summary():
    s = funnel_summary(HISTORY, INITIATIVES, AS_OF)
    assert s.total == 6
    assert s.stopped == 1  # C
    assert s.active == 6 - 1  # F (unknown phase) counts as active
    assert s.stalled == 1  # B
    assert s.data_kind == "illustrative"
    assert s.stalled_initiatives["initiative_id"].tolist() == ["B"]
    assert s.phase_counts["initiatives"].sum() == 6
    assert s.technology_mix["initiatives"].sum() == 6


def test_funnel_summary_ignores_other_regions_history():
    region = INITIATIVES[INITIATIVES["initiative_id"].isin(["A", "B"])]
    s = funnel_summary(HISTORY, region, AS_OF)
    assert (s.total, s.active, s.stopped, s.stalled) == (2, 2, 0, 1)
    # A: orientatie -> haalbaarheid -> projectontwikkeling; B: orientatie
    assert s.conversion["reached_from"].tolist() == [2, 1, 1, 0]


@pytest.mark.parametrize(
    "phases",
    [
        HISTORY.iloc[:0],  # no rows
        pd.DataFrame(),  # no columns either
        None,
    ],
)
def test_region_without_initiatives(phases):
    s = funnel_summary(phases, INITIATIVES.iloc[:0], AS_OF)
    assert (s.total, s.active, s.stopped, s.stalled) == (0, 0, 0, 0)
    assert s.data_kind is None
    assert s.phase_counts["initiatives"].tolist() == [0] * 7
    assert s.conversion["reached_from"].tolist() == [0, 0, 0, 0]
    assert s.conversion["conversion"].isna().all()
    assert s.time_in_phase["n"].tolist() == [0] * 5
    assert s.stalled_initiatives.empty
    assert s.technology_mix["initiatives"].sum() == 0
    assert s.technology_mix["share"].tolist() == [0.0] * 6
    assert s.role_mix["share"].tolist() == [0.0] * 4


def test_initiatives_without_history():
    s = funnel_summary(HISTORY.iloc[:0], INITIATIVES, AS_OF)
    assert s.total == 6
    assert s.active == 6
    assert s.phase_counts.set_index("phase").loc["onbekend", "initiatives"] == 6
