"""Tables, CSV files, dates and links in the reader's language (issue 13, items 11-14).

Hand-computed expectations: what a Dutch and an English reader must see in a table, a CSV file and a permalink.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

import pandas as pd
import pytest

from warmte import filters as flt
from warmte.export import files
from warmte.i18n import fmt_date
from warmte.views import common, registry

# --- Dates (item 11) ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "nl", "en"), [
    ("2025-12-31", "31 december 2025", "31 December 2025"),
    ("2026-12-02T15:48:20+00:00", "2 december 2026", "2 December 2026"),
    (pd.Timestamp("2020-08-08 00:00:00"), "8 augustus 2020", "8 August 2020"),
    (dt.date(2024, 1, 1), "1 januari 2024", "1 January 2024"),
    ("2025-11", "november 2025", "November 2025"),
    ("2025", "2025", "2025"),
    (None, "–", "–"),
    (pd.NaT, "–", "–"),
])
def test_fmt_date(value, nl, en):
    assert fmt_date(value, "nl") == nl
    assert fmt_date(value, "en") == en


# --- Tables as people read them (item 12) -------------------------------------------------------------------


def _raw() -> pd.DataFrame:
    return pd.DataFrame({
        "indicator": ["tvw_adopted", "wup_adopted", "heat_debates"],
        "adopted": [True, False, True],
        "tvw_adopted_date": pd.to_datetime(["2020-08-08", None, "2023-01-31"]),
        "gas_free_share": [0.0808, None, 0.5],
        "housing_stock": [534.6667, 1_234_567.0, None],
        "value": ["none", "supporter", "partner"],
        "phase": ["orientatie", "onbekend", "gestopt"],
        "projected_year_reached": pd.array([2033, None, None], dtype="Int64"),
        "actual_per_year": [120.4, float("nan"), 15.0],
        "notes": [None, "None", "x"],
        "year": [2024, 2024, 2024],
        "initiatives_per_10k_homes": [0.16095, 2.0, None],
    })


def test_display_table_dutch():
    table = common.display_table(_raw(), "nl")
    assert list(table.columns) == ["indicator", "vastgesteld", "datum vaststelling", "aandeel aardgasvrij",
                                   "woningvoorraad", "waarde", "fase", "doel gehaald in", "tempo per jaar",
                                   "toelichting", "jaar", "initiatieven per 10.000 woningen"]
    rows = table.to_dict("records")
    assert [r["indicator"] for r in rows] == ["transitievisie vastgesteld", "wijkuitvoeringsplan",
                                              "debatten over warmte"]
    assert [r["vastgesteld"] for r in rows] == ["ja", "nee", "ja"]
    assert [r["datum vaststelling"] for r in rows] == ["8 augustus 2020", "", "31 januari 2023"]
    assert [r["aandeel aardgasvrij"] for r in rows] == ["8,1%", "", "50,0%"]
    assert [r["woningvoorraad"] for r in rows] == ["535", "1.234.567", ""]
    assert [r["waarde"] for r in rows] == ["geen rol", "ondersteunend", "partner"]
    assert [r["fase"] for r in rows] == ["oriëntatie", "fase onbekend", "gestopt"]
    # a blank year reads as the app says it: a pace but too slow -> 'niet vóór 2050'; no pace -> not yet known
    assert [r["doel gehaald in"] for r in rows] == ["2033", "nog onbekend", "niet vóór 2050"]
    assert [r["tempo per jaar"] for r in rows] == ["120", "", "15"]
    assert [r["toelichting"] for r in rows] == ["", "", "x"]
    assert [r["jaar"] for r in rows] == ["2024"] * 3
    assert [r["initiatieven per 10.000 woningen"] for r in rows] == ["0,16", "2,00", ""]


def test_display_table_english():
    table = common.display_table(_raw(), "en")
    assert "adopted" in table.columns and "gas-free share" in table.columns
    assert list(table["adopted"]) == ["yes", "no", "yes"]
    assert list(table["adoption date"]) == ["8 August 2020", "", "31 January 2023"]
    assert list(table["gas-free share"]) == ["8.1%", "", "50.0%"]
    assert list(table["housing stock"]) == ["535", "1,234,567", ""]
    assert list(table["value"]) == ["no role", "supporting", "partner"]
    assert list(table["phase"]) == ["orientation", "phase unknown", "stopped"]
    assert list(table["target reached in"]) == ["2033", "not yet known", "not before 2050"]
    assert list(table["indicator"]) == ["heat vision adopted", "neighbourhood plan", "heat debates"]
    text = table.to_string()
    for raw in ("None", "nan", "NaT", "00:00:00", "0.0808", "534.6667", "tvw_adopted", "True", "False"):
        assert raw not in text, raw


def test_sources_table_titles_and_dates_in_english(data):
    en = registry.sources_table(data, "en")
    nl = registry.sources_table(data, "nl")
    titles = dict(zip(data.source["source_id"], en["title"], strict=True))
    assert titles["cbs_85984ned"] == "Key figures districts and neighbourhoods 2024 (85984NED)"
    assert titles["warmteatlas_tvw"].startswith("Progress of the transitievisie warmte")
    assert list(nl["title"]) == list(data.source["title"])  # Dutch readers get the titles as published
    shown = common.display_table(en, "en")
    assert "Kerncijfers" not in " ".join(shown["title"])
    ref = dict(zip(data.source["source_id"], shown["reference date"], strict=True))
    assert ref["cbs_85984ned"] == "1 January 2024"


# --- CSV (item 13) ------------------------------------------------------------------------------------------


def test_csv_dutch_semicolons_decimal_commas_bom():
    raw = files.table_csv(_raw(), "nl")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, first, second, third = rows
    assert header[:4] == ["indicator", "vastgesteld", "datum vaststelling", "aandeel aardgasvrij"]
    row = dict(zip(header, first, strict=True))
    assert row["aandeel aardgasvrij"] == "0,0808"  # decimal comma
    assert row["woningvoorraad"] == "535"  # homes are whole numbers
    assert row["vastgesteld"] == "ja"
    assert row["datum vaststelling"] == "2020-08-08"  # a date, no time
    assert row["doel gehaald in"] == "2033"
    assert row["initiatieven per 10.000 woningen"] == "0,16095"
    assert dict(zip(header, second, strict=True))["doel gehaald in"] == "nog onbekend"
    assert dict(zip(header, third, strict=True))["doel gehaald in"] == "niet vóór 2050"
    assert dict(zip(header, second, strict=True))["woningvoorraad"] == "1234567"


def test_csv_english_commas_and_points():
    raw = files.table_csv(_raw(), "en")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["gas-free share"] == "0.0808" and row["housing stock"] == "535" and row["adopted"] == "yes"
    assert dict(zip(rows[0], rows[3], strict=True))["target reached in"] == "not before 2050"
    assert b";" not in raw.split(b"\n")[0]


@pytest.mark.parametrize(("demo", "words"), [(False, "nog onbekend"), (True, "niet vóór 2050")])
def test_map_csv_target_year_never_blank_where_the_app_has_words(data, demo_data, demo, words):
    """Real data: one municipal year, no pace -> 'nog onbekend'; the demonstration's series give a pace that for
    some municipalities is too slow -> 'niet vóór 2050' (the words the profile's metric uses)."""
    chart = registry.build("map", demo_data if demo else data, flt.Filters(lang="nl", demo=demo))
    rows = list(csv.reader(io.StringIO(files.table_csv(chart.table, "nl").decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    col = header.index("doel gehaald in")
    values = [r[col] for r in rows[1:]]
    assert "" not in values
    assert words in values
    stock = header.index("woningvoorraad")
    assert all(r[stock].isdigit() for r in rows[1:])


# --- Permalinks (item 14) -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("page_url", "headers", "expected"), [
    ("https://warmte.example.nl/kaart", {}, "https://warmte.example.nl"),
    ("https://x.nl/apps/warmte/gemeenteprofiel", {"Host": "internal:8501"}, "https://x.nl/apps/warmte"),
    ("http://127.0.0.1:8502/", {}, "http://127.0.0.1:8502"),
    (None, {"Host": "dash.example.org:8080"}, "http://dash.example.org:8080"),
    (None, {"Host": "internal:8501", "X-Forwarded-Host": "pub.example.nl", "X-Forwarded-Proto": "https"},
     "https://pub.example.nl"),
    (None, {"Host": 'evil"><script>'}, None),
    ("javascript:alert(1)", {}, None),
    (None, {}, None),
])
def test_base_url_from_the_request(page_url, headers, expected):
    assert registry.base_url_from(page_url, headers) == expected


def test_public_url_env_wins_over_the_visitor(monkeypatch, data):
    monkeypatch.delenv("WARMTE_PUBLIC_URL", raising=False)
    with registry.visitor_base_url("https://visitor.example.nl"):
        assert registry.public_url() == "https://visitor.example.nl"
        link = registry.build("pace", data, flt.Filters(region="GM0363"), with_permalink=True).meta.permalink
        assert link.startswith("https://visitor.example.nl/?") and "regio=GM0363" in link
        monkeypatch.setenv("WARMTE_PUBLIC_URL", "https://warmtemonitor.nl")
        assert registry.public_url() == "https://warmtemonitor.nl"
    monkeypatch.delenv("WARMTE_PUBLIC_URL")
    assert registry.public_url() == registry.DEFAULT_PUBLIC_URL  # outside the app (CLI)


@pytest.mark.parametrize(("lang", "delimiter"), [("nl", ";"), ("en", ",")])
def test_cli_export_csv_follows_the_language(built_db, tmp_path, capsys, lang, delimiter):
    """`warmte export chart map --format csv`: the same file as the app's CSV button, in the language's format."""
    from warmte import cli

    out = tmp_path / f"map_{lang}.csv"
    code = cli.main(["export", "chart", "map", "--region", "NL", "--format", "csv", "--lang", lang, "-o", str(out),
                     "--db", str(built_db)])
    assert code == 0, capsys.readouterr().err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))
    assert len(rows[0]) > 5 and len(rows) == 343  # one row per municipality, split into columns
    stock = rows[0].index("woningvoorraad" if lang == "nl" else "housing stock")
    assert all(r[stock].isdigit() for r in rows[1:])  # whole numbers, no thousands separator in a CSV
    share = rows[0].index("aandeel aardgasvrij" if lang == "nl" else "gas-free share")
    decimal = "," if lang == "nl" else "."
    assert all(decimal in r[share] or r[share] in ("0", "1", "") for r in rows[1:])
