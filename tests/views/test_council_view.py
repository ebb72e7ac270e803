"""warmte.views.council: the transitievisie warmte status (WarmteAtlas, real) and the council indicators, which
are empty without an import or the demonstration mode.

Expectations are the source's own counts (SOURCES.md 5.8): 331 "definitief vastgesteld door het
gemeentebestuur", 3 "... door de gemeenteraad", 2 "gereed maar nog niet vastgesteld", 1 "in concept
vastgesteld", 5 "nog bezig"; the sentences are written out by hand.
"""

from __future__ import annotations

import pandas as pd
import pytest

from warmte.filters import Filters
from warmte.i18n import t
from warmte.views import council as council_view
from warmte.views import registry

SOURCE_COUNTS = {"adopted_by_council": 3, "adopted_by_executive": 331, "draft_adopted": 1,
                 "ready_not_adopted": 2, "in_preparation": 5}
EXECUTIVE = "Onze transitievisie warmte is definitief vastgesteld door het gemeentebestuur"
IN_PREPARATION = "Onze gemeente is nog bezig met het opstellen van de transitievisie warmte"
DRAFT = "Onze transitievisie warmte is in concept vastgesteld door het gemeentebestuur"
COUNCIL_CHARTS = ("council_classes", "council_indicators", "tvw_adoption", "involvement_vs_progress")


# --- Transitievisie warmte: counts and summary ----------------------------------------------------------------


def test_national_counts_equal_the_source(data):
    s = council_view.tvw_summary(data, "NL")
    assert s.counts == SOURCE_COUNTS
    assert s.municipalities == 342 and s.adopted == 334
    assert s.status_text is None and s.status is None and s.document is None
    assert s.source_id == "warmteatlas_tvw"


@pytest.mark.parametrize(("code", "status", "text", "url"), [
    ("GM0363", "adopted_by_executive", EXECUTIVE,
     "https://www.amsterdam.nl/bestuur-en-organisatie/volg-beleid/duurzaamheid/aardgasvrij/"),
    ("GM0765", "in_preparation", IN_PREPARATION, None),
    ("GM0037", "draft_adopted", DRAFT,
     "https://www.stadskanaal.nl/fileadmin/Stadskanaal_bestanden/1._Inwoner/Bouwen_en_wonen/"
     "Ontwerp_Warmtevisie_gemeente_Stadskanaal__23-10-2023_.pdf"),
])
def test_municipality_summary(data, code, status, text, url):
    s = council_view.tvw_summary(data, code)
    assert (s.status, s.status_text, s.document_url) == (status, text, url)
    assert s.municipalities == 1 and s.counts[status] == 1 and sum(s.counts.values()) == 1
    assert s.document == url  # these three give a clean link or none


def test_province_counts_add_up_to_the_nation(data):
    total = {k: 0 for k in SOURCE_COUNTS}
    for code in data.province["code"]:
        for k, n in council_view.tvw_summary(data, code).counts.items():
            total[k] += n
    assert total == SOURCE_COUNTS


@pytest.mark.parametrize(("document", "notes", "expected"), [
    ("https://www.assen.nl/file/transitievisie-warmte-assen-2021", None, "https://www.assen.nl/file/transitievisie-warmte-assen-2021"),
    (None, "source_has_no_url (#N/A)", None),
    ("Transitievisie Warmte | Gemeente Eemsdelta", None, None),  # plain text
    ("https://a.example/x;  TVW opvraagbaar https://b.example/y", None, None),  # two links
    ("https://www.hellendoorn.nl/data/x", "url_incomplete_in_this_copy (read boundary; source value is longer)", None),
    ("https://x.example/" + "a" * 200, "url_254_chars_likely_truncated_in_source", None),
    ("javascript:alert(1)", None, None),
])
def test_document_url(document, notes, expected):
    assert council_view.document_url(document, notes) == expected


def test_document_text_is_inert_markdown():
    escaped = council_view.escape_markdown("[klik](javascript:alert(1)) **vet** $x$ :red[y] <b>")
    assert escaped == r"\[klik\]\(javascript\:alert\(1\)\) \*\*vet\*\* \$x\$ \:red\[y\] \<b\>"


@pytest.mark.parametrize(("n", "lang", "expected"), [
    (1, "nl", "1 gemeente"), (2, "nl", "2 gemeenten"), (0, "nl", "0 gemeenten"),
    (1, "en", "1 municipality"), (5, "en", "5 municipalities"), (1234, "nl", "1.234 gemeenten"),
])
def test_n_municipalities(n, lang, expected):
    assert council_view.n_municipalities(n, lang) == expected


# --- Sentences --------------------------------------------------------------------------------------------------

HEADLINES = {
    ("NL", "nl"): "In Nederland melden 334 van de 342 gemeenten een definitief vastgestelde transitievisie warmte.",
    ("NL", "en"): "In the Netherlands, 334 of 342 municipalities report a definitively adopted transitievisie warmte.",
    ("PV25", "nl"): "In de provincie Gelderland melden 51 van de 51 gemeenten een definitief vastgestelde "
                    "transitievisie warmte; in Nederland 334 van de 342.",
    ("PV25", "en"): "In the province of Gelderland, 51 of 51 municipalities report a definitively adopted "
                    "transitievisie warmte; in the Netherlands 334 of 342.",
    ("PV20", "nl"): "In de provincie Groningen melden 8 van de 10 gemeenten een definitief vastgestelde "
                    "transitievisie warmte; in Nederland 334 van de 342.",
    ("ES08", "en"): "In the RES region Arnhem/Nijmegen, 16 of 16 municipalities report a definitively adopted "
                    "transitievisie warmte; in the Netherlands 334 of 342.",
    ("GM0363", "nl"): f"Amsterdam meldt aan de WarmteAtlas: “{EXECUTIVE}”.",
    ("GM0363", "en"): f"Amsterdam reports to the WarmteAtlas: “{EXECUTIVE}” (in English: “our transitievisie "
                      "warmte has been definitively adopted by the municipal executive”).",
    ("GM0765", "nl"): f"Pekela meldt aan de WarmteAtlas: “{IN_PREPARATION}”.",
    ("GM0765", "en"): f"Pekela reports to the WarmteAtlas: “{IN_PREPARATION}” (in English: “our municipality is "
                      "still drawing up its transitievisie warmte”).",
    ("GM0037", "nl"): f"Stadskanaal meldt aan de WarmteAtlas: “{DRAFT}”.",
    # a RES region of one municipality reads like that municipality
    ("ES19", "nl"): f"Goeree-Overflakkee meldt aan de WarmteAtlas: “{EXECUTIVE}”.",
}


@pytest.mark.parametrize(("code", "lang"), list(HEADLINES))
def test_headline(data, code, lang):
    assert council_view.tvw_headline(data, code, lang) == HEADLINES[code, lang]


@pytest.mark.parametrize(("code", "lang", "expected"), [
    ("NL", "nl", ["Per stand: definitief vastgesteld door de gemeenteraad: 3 gemeenten; definitief vastgesteld door "
                  "het gemeentebestuur: 331 gemeenten; in concept vastgesteld: 1 gemeente; gereed, nog niet "
                  "vastgesteld: 2 gemeenten; nog in voorbereiding: 5 gemeenten."]),
    ("PV25", "en", ["By status: definitively adopted by the municipal executive (gemeentebestuur): "
                    "51 municipalities."]),
    ("GM0765", "nl", ["In de provincie Groningen melden 8 van de 10 gemeenten een definitief vastgestelde "
                      "transitievisie warmte; in Nederland 334 van de 342.", "De bron noemt geen document."]),
    ("GM0765", "en", ["In the province of Groningen, 8 of 10 municipalities report a definitively adopted "
                      "transitievisie warmte; in the Netherlands 334 of 342.", "The source names no document."]),
    ("GM0363", "en", ["In the province of Noord-Holland, 44 of 44 municipalities report a definitively adopted "
                      "transitievisie warmte; in the Netherlands 334 of 342.",
                      "Document as the source gives it: [www\\.amsterdam\\.nl](https://www.amsterdam.nl/"
                      "bestuur-en-organisatie/volg-beleid/duurzaamheid/aardgasvrij/)"]),
    ("GM1979", "nl", ["In de provincie Groningen melden 8 van de 10 gemeenten een definitief vastgestelde "
                      "transitievisie warmte; in Nederland 334 van de 342.",
                      "Document zoals de bron het geeft (geen volledige link): Transitievisie Warmte \\| "
                      "Gemeente Eemsdelta"]),
])
def test_details(data, code, lang, expected):
    assert council_view.tvw_details(data, code, lang) == expected


def test_gemeentebestuur_is_never_called_the_council(data):
    """Only the three municipalities that report adoption 'door de gemeenteraad' get a sentence naming the
    council; 'gemeentebestuur' stays the municipal executive (SOURCES.md 5.8, caution)."""
    by_council = set()
    for code in data.municipality["code"]:
        en = council_view.tvw_headline(data, code, "en")
        nl = council_view.tvw_headline(data, code, "nl")
        if "council" in en or "gemeenteraad" in nl:
            by_council.add(code)
    assert by_council == {"GM0147", "GM0542", "GM1954"}  # Borne, Krimpen aan den IJssel, Beekdaelen


def test_singular_verb_for_one(data):
    s = council_view.TvwSummary(code="X", name="X", municipalities=2, counts={}, adopted=1)
    assert council_view._adopted_sentence(s, "X", "nl") == (
        "In X meldt 1 van de 2 gemeenten een definitief vastgestelde transitievisie warmte")
    assert council_view._adopted_sentence(s, "X", "en") == (
        "In X, 1 of 2 municipalities reports a definitively adopted transitievisie warmte")


# --- Table --------------------------------------------------------------------------------------------------------


def test_table_of_a_province(data):
    table = council_view.tvw_table(data, "PV20", "en")
    assert list(table.columns) == ["municipality", "tvw_status", "status_text", "document", "document_text"]
    assert len(table) == 10 and table["municipality"].is_monotonic_increasing
    eems = table.set_index("municipality").loc["Eemsdelta"]
    assert pd.isna(eems["document"]) and eems["document_text"] == "Transitievisie Warmte | Gemeente Eemsdelta"
    pekela = table.set_index("municipality").loc["Pekela"]
    assert pekela["tvw_status"] == "still being prepared" and pekela["status_text"] == IN_PREPARATION
    assert pd.isna(pekela["document"]) and pd.isna(pekela["document_text"])


def test_table_of_a_municipality_lists_its_province(data):
    table = council_view.tvw_table(data, "GM0363", "nl")
    assert len(table) == 44 and "Amsterdam" in set(table["municipality"])
    assert council_view.tvw_table_heading(data, "GM0363", "nl") == (
        "Transitievisie warmte per gemeente in de provincie Noord-Holland")


# --- Chart ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_nl(data, lang):
    chart = registry.build("tvw_status", data, Filters(lang=lang))
    assert chart.page == "council" and not chart.meta.illustrative
    assert list(chart.table["municipalities"]) == [SOURCE_COUNTS[s] for s in council_view.TVW_STATUSES]
    assert chart.meta.title == t("tvw_chart_title", lang, n="334", total="342")
    assert "WarmteAtlas" in chart.meta.source and "RVO" in chart.meta.source
    assert ("medio 2026" if lang == "nl" else "mid-2026") in chart.meta.source
    assert registry.sources_of(data, chart)["source_id"].tolist() == ["warmteatlas_tvw"]
    bars = chart.fig.data[0]
    assert list(bars.x) == list(chart.table["municipalities"])
    assert [y.replace("<br>", " ") for y in bars.y] == [t("tvw_" + s, lang) for s in council_view.TVW_STATUSES]
    assert chart.fig.layout.xaxis.tickformat == ",.0f"


@pytest.mark.parametrize(("code", "title", "shown"), [
    ("GM0765", "Pekela: nog in voorbereiding", "PV20"),
    ("GM0363", "Amsterdam: definitief vastgesteld door het gemeentebestuur", "PV27"),
    ("ES19", "Goeree-Overflakkee: definitief vastgesteld door het gemeentebestuur", "PV28"),
    ("ES17", "RES-regio Alblasserwaard: 2 van de 2 gemeenten melden een definitief vastgestelde transitievisie "
             "warmte", "PV28"),
    ("PV25", "51 van de 51 gemeenten melden een definitief vastgestelde transitievisie warmte", "PV25"),
])
def test_chart_title_and_region(data, code, title, shown):
    chart = registry.build("tvw_status", data, Filters(region=code))
    assert chart.meta.title == title
    assert council_view.chart_region(data, code) == shown
    assert chart.table["municipalities"].sum() == council_view.tvw_summary(data, shown).municipalities


def test_every_chart_has_a_bar_of_at_least_four(data):
    """With a largest bar of 4 or more, the bar builder's automatic axis ticks whole numbers (below it plotly
    labels 0.2 or 0.5 steps, shown as repeated integers); smaller regions are charted within their province."""
    for code in data.regions["code"]:
        counts = council_view.tvw_counts(data, council_view.chart_region(data, code), "nl")
        assert counts["municipalities"].max() >= council_view.MIN_CHART_COUNT, code


@pytest.mark.parametrize("code", ["GM0765", "ES17", "PV24"])
def test_chart_ticks_are_whole_numbers(data, code):
    from warmte.export import images

    if images.unavailable_reason():
        pytest.skip(images.unavailable_reason())
    fig = registry.build("tvw_status", data, Filters(region=code)).fig
    dtick = fig.full_figure_for_development(warn=False).layout.xaxis.dtick
    assert float(dtick) >= 1 and float(dtick).is_integer()


# --- Council indicators: empty without an import or the demonstration mode -------------------------------------


@pytest.mark.parametrize("code", ["NL", "PV25", "ES08", "GM0363"])
def test_council_indicators_are_empty_with_demo_off(data, code):
    assert data.council_indicator.empty
    rows = council_view.region_council(data, code)
    assert rows.empty and {"involvement_index", "involvement_class", "name"} <= set(rows.columns)
    assert council_view.class_shares(rows).empty
    assert council_view.indicator_shares(rows).empty
    assert council_view.council_profile(rows).empty
    assert council_view.adoption_by_year(data, code).empty
    assert council_view.council_illustrative(data, code) is False
    assert council_view.has_council_rows(data, code) is False
    assert council_view.council_headline(rows, "nl") == t("no_data", "nl")
    for name in COUNCIL_CHARTS:  # `warmte export chart` may still ask: a "no data" figure, no exception
        chart = registry.build(name, data, Filters(region=code))
        assert not chart.meta.illustrative, name


def test_council_indicators_in_demo_mode(demo_data):
    rows = council_view.region_council(demo_data, "PV25")
    assert len(rows) == 51 and (rows["data_kind"] == "illustrative").all()
    assert council_view.has_council_rows(demo_data, "PV25") and council_view.council_illustrative(demo_data, "PV25")
    assert council_view.class_shares(rows)["councils"].sum() == 51
    for name in COUNCIL_CHARTS:
        assert registry.build(name, demo_data, Filters(region="PV25")).meta.illustrative, name
    # the TVW status stays the real one in the demonstration mode
    assert council_view.tvw_summary(demo_data, "NL").counts == SOURCE_COUNTS
    assert not registry.build("tvw_status", demo_data, Filters()).meta.illustrative
