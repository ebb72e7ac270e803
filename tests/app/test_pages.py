"""Every page through Streamlit's AppTest, started from app.py (as the server does).

Each test is one scenario with one AppTest: open the app with query parameters,
run it, switch pages, change widgets, and assert what the user would read
(headings, headline sentences, metric values, notices, charts, downloads).
Expectations are computed from the built database with ``warmte.indicators``
and formatted here with ``warmte.i18n``.

Streamlit caveat (1.67): ``AppTest.run()`` resets ``PagesManager.uses_pages_directory``
before every run, and because this project keeps its pages in a folder called
``pages/``, every run would take Streamlit's legacy multipage (v1) path. After
the first run that path executes ``pages/overview.py`` directly, without
app.py, so the sidebar and filters vanish. A live server flips the flag once
(the first ``st.navigation`` call) and keeps it; the ``_navigation_mode``
fixture reproduces that. ``test_fresh_server_first_request_to_data_page`` runs
without the fixture and shows the live-server consequence.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from warmte import filters
from warmte.i18n import fmt_int, fmt_pct, t
from warmte.views import comparison as comparison_view
from warmte.views import council as council_view
from warmte.views import initiatives as initiatives_view
from warmte.views import map as map_view
from warmte.views import progress as progress_view

REPO = Path(__file__).resolve().parents[2]
PAGES = ["pages/overview.py", "pages/map.py", "pages/initiatives.py", "pages/council.py",
         "pages/municipality.py", "pages/data.py"]
LATEST = 2024
STALL = 18
_ORIGINAL_PAGES_MANAGER_INIT = PagesManager.__init__


@pytest.fixture(autouse=True)
def _navigation_mode(monkeypatch, built_db):
    """WARMTE_DB -> the built database; st.navigation mode on every run (see module docstring)."""
    monkeypatch.setenv("WARMTE_DB", str(built_db))

    def init(self, *args, **kwargs):
        _ORIGINAL_PAGES_MANAGER_INIT(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


def ok(at: AppTest) -> AppTest:
    """Assert the last run raised nothing (showing the app's traceback when it did)."""
    assert not at.exception, "\n".join(e.stack_trace and "\n".join(e.stack_trace) or e.message
                                       for e in at.exception)
    return at


def open_tables(at: AppTest) -> AppTest:
    """Open every chart card's "Tabel met de cijfers" as a reader would (each is drawn only while open, and
    opening one reruns the page), so the tests read every table the page can show."""
    closed = [k for k in at.session_state.keys() if str(k).startswith("table_") and not at.session_state[k]]
    if closed:
        for key in closed:
            at.session_state[key] = True
        ok(at.run())
    return at


def open_app(page: str | None = None, *, tables: bool = True, **params) -> AppTest:
    """Run app.py with URL parameters, then switch to ``page`` (the default page is the overview); with ``tables``
    every chart table is opened (:func:`open_tables`: one more run, after which the notices about the URL's
    parameters, shown once per session, are gone)."""
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    ok(at.run())
    if page and page != "pages/overview.py":
        at.switch_page(page)
        ok(at.run())
    return open_tables(at) if tables else at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(page)
    return open_tables(ok(at.run()))


def title(at: AppTest) -> str:
    assert len(at.title) == 1, [x.value for x in at.title]
    return at.title[0].value


def subheaders(at: AppTest) -> list[str]:
    """The page's headline sentences and section headings below the title (H2 headers, then H3 subheaders)."""
    return [x.value for x in (*at.header, *at.subheader)]


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def infos(at: AppTest) -> list[str]:
    return [x.value for x in at.info]


def url(at: AppTest, key: str):
    """A query parameter as AppTest holds it (a str, or a one-element list)."""
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def figure_title(fig: dict) -> str:
    """The figure's title as one line: the line breaks made to fit a phone (``<br>``) read as spaces."""
    title_ = fig["layout"].get("title", {})
    text = title_.get("text", "") if isinstance(title_, dict) else str(title_)
    return text.replace("<br>", " ")


# --- Default view, Dutch ----------------------------------------------------------------------


def test_overview_default_dutch(data):
    at = open_app()
    s = progress_view.region_summary(data, "NL", LATEST)
    assert title(at) == "Warmtetransitie: Nederland"
    assert subheaders(at)[0] == "919.000 van 1.500.000 woningen aardgasvrij: 61%"
    m = metrics(at)
    assert m[f"Aardgasvrije woningen {LATEST}"] == "918.853" == fmt_int(s.gas_free_homes, "nl")
    assert m["Aandeel van de voorraad"] == "11,2%" == fmt_pct(s.gas_free_share, "nl")
    assert m["Nodig per jaar tot 2030"] == fmt_int(s.required_per_year, "nl")
    assert m["Tempo per jaar (trend)"] == fmt_int(s.actual_per_year, "nl")
    assert any(md.value.startswith("- " + progress_view.pace(s, "nl")) for md in at.markdown)
    assert len(at.get("plotly_chart")) == 2  # trajectory and pace
    assert not at.warning and not at.error
    assert dict(at.query_params) == {}  # defaults are left out of the URL


def test_every_page_default_view(data):
    expected = {"pages/overview.py": "Warmtetransitie: Nederland", "pages/map.py": "Kaart",
                "pages/initiatives.py": "Warmte-initiatieven: Nederland",
                "pages/council.py": "Gemeenteraad: Nederland", "pages/municipality.py": "Profiel: Nederland",
                "pages/data.py": "Data & methode"}
    at = open_app()
    for page in PAGES:
        goto(at, page)
        assert title(at) == expected[page], page
        assert not at.warning and not at.error, page
        if page != "pages/data.py":
            assert at.get("plotly_chart"), f"{page}: no chart"
        # the shared sidebar is drawn on every page
        assert at.selectbox(key="f_region").value == "NL"
        assert at.radio(key="f_lang").value == "nl"


# --- English --------------------------------------------------------------------------------


def test_overview_english(data):
    at = open_app(lang="en")
    s = progress_view.region_summary(data, "NL", LATEST)
    assert title(at) == "Heat transition: the Netherlands"
    assert subheaders(at)[0] == "919,000 of 1,500,000 homes gas-free: 61%"
    m = metrics(at)
    assert m[f"Gas-free homes {LATEST}"] == "918,853"
    assert m["Share of the stock"] == "11.2%"
    assert m["Needed per year to 2030"] == fmt_int(s.required_per_year, "en")
    assert url(at, "lang") == "en"


def test_profile_amsterdam_english(data):
    at = open_app("pages/municipality.py", regio="GM0363", lang="en")
    s = progress_view.region_summary(data, "GM0363", LATEST)
    assert title(at) == "Profile: Amsterdam"
    m = at.metric
    values = {x.label: x for x in m}
    assert values["Share of 1.5 million (homes)"].value == fmt_int(s.target_homes, "en")
    gas_free = values[f"Gas-free homes {LATEST}"]
    assert gas_free.value == f"{fmt_int(s.gas_free_homes, 'en')} ({fmt_pct(s.gas_free_share, 'en', 0)})"
    assert gas_free.value.endswith("(18%)")
    assert not gas_free.delta  # a share is not growth: no arrow chip
    assert values["Needed per year to 2030"].value == fmt_int(s.required_per_year, "en")
    assert values["Target reached in"].value == progress_view.projection_short(s, "en")
    assert subheaders(at)[0] == t("share_of_job", "en", name="Amsterdam", target=fmt_int(s.target_homes, "en"),
                                  to_go=fmt_int(s.homes_to_go, "en"),
                                  per_year=fmt_int(s.required_per_year, "en"), target_year=2030,
                                  national="1,500,000")
    # the municipal figures are CBS's (2024, whole percents: 18% for Amsterdam): no banner, no trend yet
    assert s.data_kind == "official"
    assert round(s.gas_free_share, 2) == 0.18
    assert values["Target reached in"].value == "not yet known"
    assert t("illustrative_banner", "en") not in infos(at)
    assert url(at, "regio") == "GM0363" and url(at, "lang") == "en"


# --- A province on every page ----------------------------------------------------------------


def test_province_on_every_page(data):
    at = open_app(regio="PV27")
    s = progress_view.region_summary(data, "PV27", LATEST)
    assert title(at) == "Warmtetransitie: Noord-Holland"
    assert subheaders(at)[0] == progress_view.headline(s, "nl")
    assert metrics(at)[f"Aardgasvrije woningen {LATEST}"] == fmt_int(s.gas_free_homes, "nl")

    goto(at, "pages/map.py")
    assert title(at) == "Kaart" and at.get("plotly_chart")

    goto(at, "pages/initiatives.py")
    assert title(at) == "Warmte-initiatieven: Noord-Holland"
    assert subheaders(at)[0] == initiatives_view.pipeline_headline(initiatives_view.pipeline(data, "PV27"), "nl")

    goto(at, "pages/council.py")
    assert title(at) == "Gemeenteraad: Noord-Holland"
    assert subheaders(at)[0] == council_view.tvw_headline(data, "PV27", "nl")
    assert subheaders(at)[0].startswith("In de provincie Noord-Holland melden 44 van de 44 gemeenten ")

    goto(at, "pages/municipality.py")
    assert title(at) == "Profiel: Noord-Holland"
    assert metrics(at)["Aandeel in 1,5 miljoen (woningen)"] == fmt_int(s.target_homes, "nl")

    goto(at, "pages/data.py")
    assert title(at) == "Data & methode"
    assert url(at, "regio") == "PV27"  # the filter survives every page switch


# --- Map --------------------------------------------------------------------------------------


def _expected_map_title(data, level: str, indicator: str, lang: str) -> str:
    table = comparison_view.level_table(data, level, LATEST)
    return map_view.finding(table, map_view.shown_indicator(indicator, level), LATEST, lang)


def test_map_provinces_on_track(data):
    at = open_app("pages/map.py", niveau="provincie", indicator="on_track")
    assert title(at) == "Kaart"
    assert at.radio(key="f_level").value == "provincie"
    assert at.selectbox(key="f_indicator").value == "on_track"
    figs = figures(at)
    assert len(figs) == 1
    expected = _expected_map_title(data, "provincie", "on_track", "nl")
    assert expected in figure_title(figs[0])
    # One CBS year per municipality: no pace, so no province is called on track or not; only those that already
    # reached their share (gas-free homes 2024 >= pro-rata target, summed over their municipalities) are named.
    table = comparison_view.level_table(data, "provincie", LATEST)
    housing = data.housing[data.housing["year"] == LATEST].merge(
        data.municipality[["code", "province_code"]], left_on="municipality_code", right_on="code")
    reached = (housing.groupby("province_code")["gas_free_homes"].sum()
               >= table.set_index("code")["target_homes"]).sum()
    assert expected.startswith(f"{reached} van de 12 ") and "tempo" in expected
    assert url(at, "niveau") == "provincie" and url(at, "indicator") == "on_track"


@pytest.mark.parametrize("indicator", filters.MAP_INDICATORS)
def test_map_every_indicator_and_level(data, indicator):
    at = open_app("pages/map.py", indicator=indicator)
    assert at.selectbox(key="f_indicator").value == indicator
    for level in filters.MAP_LEVELS:
        at.radio(key="f_level").set_value(level)
        ok(at.run())
        figs = figures(at)
        assert len(figs) == 1, (indicator, level)
        assert figs[0]["data"], (indicator, level)
        assert _expected_map_title(data, level, indicator, "nl") in figure_title(figs[0]), (indicator, level)
        assert url(at, "indicator") == (None if indicator == "gas_free_share" else indicator)
        assert url(at, "niveau") == (None if level == "gemeente" else level)


def test_map_indicator_widget_updates_url():
    at = open_app("pages/map.py")
    for indicator in filters.MAP_INDICATORS:
        at.selectbox(key="f_indicator").set_value(indicator)
        ok(at.run())
        assert at.get("plotly_chart"), indicator
        assert url(at, "indicator") == (None if indicator == "gas_free_share" else indicator)


# --- Initiatives, council, data --------------------------------------------------------------


def test_initiatives_funnel_headline(demo_data):
    """Demonstration mode: the register's funnel follows the WarmteAtlas pipeline, marked as illustrative."""
    at = open_app("pages/initiatives.py", demo="1")
    fun = initiatives_view.region_funnel(demo_data, "NL")
    assert title(at) == "Warmte-initiatieven: Nederland"
    assert subheaders(at)[0] == initiatives_view.pipeline_headline(initiatives_view.pipeline(demo_data, "NL"), "nl")
    assert subheaders(at)[1] == (f"{fun.total} initiatieven, {fun.active} actief; {fun.stalled} zitten "
                                 f"langer dan {STALL} maanden vast in oriëntatie of haalbaarheid.")
    m = metrics(at)
    assert m["Initiatieven"] == str(fun.total) == str(len(demo_data.initiative))
    assert m["Actief"] == str(fun.active)
    assert m[f"Vastgelopen (> {STALL} mnd)"] == str(fun.stalled)
    assert m["Gestopt"] == str(fun.stopped)
    assert len(at.get("plotly_chart")) == 5  # the pipeline, then funnel, time in phase and the two mixes
    assert t("illustrative_banner", "nl") in infos(at)
    assert t("no_register", "nl") not in [md.value for md in at.markdown]

    # the stall threshold slider changes the numbers and the URL
    at.slider(key="f_stall").set_value(24)
    ok(at.run())
    fun24 = initiatives_view.region_funnel(demo_data, "NL", 24)
    assert subheaders(at)[1] == initiatives_view.funnel_headline(fun24, 24, "nl")
    assert url(at, "stilstand") == "24" and url(at, "demo") == "1"


# --- Initiatives: measured data by default -----------------------------------------------------------------


def _table_names(at: AppTest) -> set[str]:
    """The first column (the name) of every table on the page."""
    return set().union(*(set(map(str, df.value.iloc[:, 0])) for df in at.dataframe if len(df.value.columns)))


def _has_badge(fig: dict) -> bool:
    return any(a.get("name") == "illustrative_badge" for a in fig["layout"].get("annotations", []))


@pytest.mark.parametrize(("region", "lang"), [("NL", "nl"), ("PV25", "en"), ("GM0363", "nl"), ("GM0034", "en")])
def test_initiatives_page_measured_data(data, demo_data, region, lang):
    """Demo off: the WarmteAtlas pipeline first, then the named initiatives as the sources give them, and one
    sentence that no open register with phases exists. No illustrative mark, no generated name."""
    params = {"regio": region} if region != "NL" else {}
    if lang != "nl":
        params["lang"] = lang
    at = open_app("pages/initiatives.py", **params)
    p = initiatives_view.pipeline(data, region)
    assert title(at) == t("initiatives_title", lang, region=data.region_name(region, lang))
    assert subheaders(at) == [initiatives_view.pipeline_headline(p, lang)]  # no funnel
    markdown = [md.value for md in at.markdown]
    assert initiatives_view.pipeline_context(data, p, lang) in markdown
    assert initiatives_view.named_headline(data, region, lang) in markdown
    assert t("no_register", lang) in markdown and "warmte import initiatives" in t("no_register", lang)
    figs = figures(at)
    if p.projects:
        m = metrics(at)
        assert m[t("metric_heat_projects", lang)] == fmt_int(p.projects, lang)
        assert m[t("metric_homes_planned", lang)] == fmt_int(p.homes_planned, lang)
        assert m[t("metric_resident_led", lang)] == (f"{fmt_int(p.resident_led, lang)} "
                                                     f"({fmt_pct(p.resident_led_share, lang, 0)})")
        assert m[t("metric_execution", lang)] == fmt_int(p.execution, lang)
        assert len(figs) == 1 and figure_title(figs[0]) == f"<b>{initiatives_view.pipeline_title(p, lang)}</b>"
        assert "WarmteAtlas" in json.dumps(figs[0]) and not _has_badge(figs[0])
        projects = next(df.value for df in at.dataframe if len(df.value) == p.projects
                        and t("col_resident_led", lang) in df.value.columns)
        assert set(projects[t("col_name", lang)]) == set(initiatives_view.region_projects(data, region)["name"])
        assert set(projects[t("col_resident_led", lang)]) <= {t("yes", lang), t("no", lang)}
    else:
        assert not figs and not at.metric
        assert subheaders(at) == [t("pipeline_none", lang, region=data.region_name(region, lang))]
    named = initiatives_view.named_initiatives(data, region, lang)
    assert set(named["name"]) <= _table_names(at)
    # nothing illustrative: no banner, no mark, no generated name anywhere
    assert t("illustrative_banner", lang) not in infos(at)
    generated = set(demo_data.initiative.loc[demo_data.initiative["data_kind"] == "illustrative", "name"])
    texts = markdown + [c.value for c in at.caption] + subheaders(at) + [json.dumps(f) for f in figs]
    assert not any(t("illustrative_mark", lang) in text for text in texts)
    assert not generated & _table_names(at)
    assert not any(name in text for name in generated for text in texts)


def test_initiatives_page_named_initiatives_without_phase(data):
    """Regression: Groningen's initiatives are named ones without phase history; their status is the source's."""
    at = open_app("pages/initiatives.py", regio="GM0014")
    named = initiatives_view.named_initiatives(data, "GM0014", "nl")
    assert len(named) == 2 and set(named["status"]) == {t("status_not_stated", "nl")}
    table = next(df.value for df in at.dataframe if t("col_status", "nl") in df.value.columns)
    assert list(table[t("col_name", "nl")]) == list(named["name"])
    assert t("col_phase", "nl") not in table.columns  # no invented phase
    assert t("no_register", "nl") in [md.value for md in at.markdown]


def test_initiatives_page_demo_amsterdam_english(demo_data):
    """Demo on: the pipeline stays measured (no mark); the register's funnel section appears, marked."""
    at = open_app("pages/initiatives.py", regio="GM0363", lang="en", demo="1")
    p = initiatives_view.pipeline(demo_data, "GM0363")
    fun = initiatives_view.region_funnel(demo_data, "GM0363")
    assert fun.total > 0 and "illustrative" in fun.data_kinds
    assert subheaders(at) == [initiatives_view.pipeline_headline(p, "en"),
                              initiatives_view.funnel_headline(fun, STALL, "en")]
    assert t("illustrative_banner", "en") in infos(at)
    figs = figures(at)
    assert len(figs) == 5
    assert not _has_badge(figs[0])  # the WarmteAtlas pipeline is measured
    assert all(_has_badge(f) for f in figs[1:])  # funnel, time in phase, technology and role mix
    assert initiatives_view.funnel_title(fun, "en") in figure_title(figs[1])
    listing = at.dataframe[-1].value
    assert len(listing) == fun.total
    assert set(listing[t("col_stalled", "en")]) <= {"yes", "no"}
    assert t("no_register", "en") not in [md.value for md in at.markdown]


def test_council_headline(demo_data):
    """Demonstration mode: the generated council indicators below the real TVW status, marked as illustrative."""
    at = open_app("pages/council.py", demo="1")
    council = council_view.region_council(demo_data, "NL")
    n, tvw = len(council), int(council["tvw_adopted"].sum())
    informed = int(council["informed_of_share"].sum())
    mean = fmt_int(council["involvement_index"].mean(), "nl")
    assert title(at) == "Gemeenteraad: Nederland"
    assert subheaders(at)[0] == council_view.tvw_headline(demo_data, "NL", "nl")
    assert "**" + (f"{n} gemeenteraden: {tvw} hebben een transitievisie warmte vastgesteld, maar "
                   f"slechts {informed} zijn geïnformeerd over hun deel van de opgave. "
                   f"Gemiddelde betrokkenheid: {mean} van 100.") + "**" in [md.value for md in at.main.markdown]
    assert n == len(demo_data.municipality)
    figs = figures(at)
    assert len(figs) == 5  # the TVW status, then the four illustrative council charts
    marked = ["illustrative_badge" in json.dumps(f) for f in figs]
    assert marked == [False, True, True, True, True]
    assert t("illustrative_banner", "nl") in infos(at)
    assert t("council_no_open_data", "nl") not in [md.value for md in at.main.markdown]


# The council page with measured data only (the default): the transitievisie warmte as the WarmteAtlas gives it.
COUNCIL_REGIONS = ["NL", "PV25", "ES08", "GM0363", "GM0765", "GM0037"]


def _council_texts(at: AppTest) -> list[str]:
    main = at.main
    return ([x.value for x in main.subheader] + [x.value for x in main.markdown] + [x.value for x in main.caption]
            + [x.value for x in main.info])


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("code", COUNCIL_REGIONS)
def test_council_page_real_data(data, code, lang):
    at = open_app("pages/council.py", regio=code, lang=lang)
    assert title(at) == t("council_title", lang, region=data.region_name(code, lang))
    assert subheaders(at)[0] == council_view.tvw_headline(data, code, lang)
    texts = _council_texts(at)
    for line in council_view.tvw_details(data, code, lang):
        assert line in texts
    assert t("tvw_caption", lang) in texts
    # one chart, the TVW status, with its finding and the WarmteAtlas source line; no illustrative mark
    figs = figures(at)
    assert len(figs) == 1
    assert figure_title(figs[0]) == f"<b>{council_view.tvw_chart_title(data, code, lang)}</b>"
    spec = json.dumps(figs[0], ensure_ascii=False)
    assert "WarmteAtlas" in spec and ("medio 2026" if lang == "nl" else "mid-2026") in spec
    assert "illustrative_badge" not in spec
    # no generated council numbers: the plain sentence instead of the indicators
    assert t("council_no_open_data", lang) in texts
    assert t("illustrative_banner", lang) not in infos(at)
    assert not any(t("col_involvement_index", lang) in df.value.columns for df in at.dataframe)
    # the table behind the chart equals the source's counts, and the table of municipalities
    shown = council_view.chart_region(data, code)
    counts = at.dataframe[0].value
    assert [int(v) for v in counts[t("col_municipalities", lang)]] == list(
        council_view.tvw_summary(data, shown).counts.values())
    table = at.dataframe[1].value
    assert list(table.columns) == [t("col_" + c, lang) for c in
                                   ("municipality", "tvw_status", "status_text", "document", "document_text")]
    assert len(table) == len(council_view.tvw_table(data, code, lang))
    assert not at.warning and not at.error


def test_council_page_national_counts_equal_the_source(data):
    at = open_app("pages/council.py")
    counts = dict(zip(at.dataframe[0].value["stand transitievisie warmte"],
                      (int(v) for v in at.dataframe[0].value["gemeenten"]), strict=True))
    assert counts == {"definitief vastgesteld door de gemeenteraad": 3,
                      "definitief vastgesteld door het gemeentebestuur": 331, "in concept vastgesteld": 1,
                      "gereed, nog niet vastgesteld": 2, "nog in voorbereiding": 5}
    assert subheaders(at)[0] == ("In Nederland melden 334 van de 342 gemeenten een definitief vastgestelde "
                                 "transitievisie warmte.")


def test_council_page_municipality_quotes_the_source(data):
    at = open_app("pages/council.py", regio="GM0765", lang="en")
    assert subheaders(at)[0] == ("Pekela reports to the WarmteAtlas: “Onze gemeente is nog bezig met het opstellen "
                                 "van de transitievisie warmte” (in English: “our municipality is still drawing up "
                                 "its transitievisie warmte”).")
    texts = _council_texts(at)
    assert ("In the province of Groningen, 8 of 10 municipalities report a definitively adopted transitievisie "
            "warmte; in the Netherlands 334 of 342.") in texts
    assert "The source names no document." in texts
    table = at.dataframe[1].value.set_index("municipality")
    assert len(table) == 10 and table.loc["Pekela", "transitievisie warmte status"] == "still being prepared"
    assert table.loc["Stadskanaal", "document"].startswith("https://www.stadskanaal.nl/")


# Dutch words that must not appear on the English page outside the quoted source text (and official terms).
DUTCH = re.compile(r"\b(gemeente|gemeenten|vastgesteld|stand|bron|nog|melden|meldt|provincie|raad|gegevens|"
                   r"bewerking|zoals|tekst|geen|van de|door het|per gemeente|Nederland)\b", re.IGNORECASE)
SOURCE_TERMS = re.compile(r"“[^”]*”|‘[^’]*’|\(gemeentebestuur\)|transitievisie warmte|Nationale WarmteAtlas")


@pytest.mark.parametrize("code", ["NL", "PV25", "GM0363", "GM0037"])
def test_council_page_english_has_no_dutch_labels(data, code):
    at = open_app("pages/council.py", regio=code, lang="en")
    fig = figures(at)[0]
    texts = _council_texts(at)[1:] + [figure_title(fig), fig["layout"]["title"]["subtitle"]["text"],
                                      fig["layout"]["xaxis"]["title"]["text"]]
    texts += [a["text"] for a in fig["layout"].get("annotations", [])]
    texts += [str(y) for y in fig["data"][0]["y"]]
    for df in at.dataframe:
        texts += list(df.value.columns)
        texts += [str(v) for c in df.value.columns if c != t("col_status_text", "en") and
                  c != t("col_document_text", "en") and c != t("col_document", "en") for v in df.value[c]]
    headline = SOURCE_TERMS.sub("", subheaders(at)[0])
    for text in [headline, *texts]:
        plain = SOURCE_TERMS.sub("", text)
        assert not DUTCH.search(plain), (DUTCH.search(plain), text)


def test_data_page_sources_and_downloads(data):
    at = open_app("pages/data.py")
    assert title(at) == "Data & methode"
    shown = at.dataframe[0].value
    assert list(shown[t("col_title", "nl")]) == list(data.source["title"])
    assert not (data.source["kind"] == "illustrative").any()
    assert set(shown[t("col_kind", "nl")]) == {"officieel", "verzameld"}
    warmteatlas = shown[shown[t("col_publisher", "nl")].str.contains("WarmteAtlas")]
    assert len(warmteatlas) == 2
    assert set(warmteatlas[t("col_licence", "nl")]) == {"geen licentie vermeld door de uitgever"}
    assert shown.loc[shown[t("col_title", "nl")].str.contains("86165NED"), t("col_reference_date", "nl")].iloc[0]
    labels = [b.label for b in at.get("download_button")]
    assert "Download alle tabellen (XLSX)" in labels
    for name in ("municipality", "province", "res_region", "housing", "national_series", "municipal_energy",
                 "heating_mix", "heat_project", "tvw_status", "initiative", "initiative_phase", "council_indicator",
                 "paw_proeftuin", "fact", "source"):
        n = len(getattr(data, name))
        assert f"{name}.csv ({fmt_int(n, 'nl')})" in labels, name


# --- Illustrative data is marked -------------------------------------------------------------

@pytest.mark.parametrize(("page", "params"), [
    ("pages/initiatives.py", {}),
    ("pages/council.py", {}),
    ("pages/council.py", {"regio": "GM0363", "lang": "en"}),
    ("pages/municipality.py", {"regio": "GM0363"}),
    ("pages/overview.py", {"regio": "GM0363"}),
    ("pages/overview.py", {}),
    ("pages/municipality.py", {}),
    ("pages/map.py", {"indicator": "involvement_index"}),
])
def test_illustrative_banner_in_demonstration_mode(data, page, params):
    at = open_app(page, demo="1", **params)
    assert t("illustrative_banner", params.get("lang", "nl")) in infos(at)


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/map.py", "pages/initiatives.py", "pages/council.py",
                                  "pages/municipality.py", "pages/data.py"])
@pytest.mark.parametrize("params", [{}, {"regio": "GM0363"}, {"regio": "PV25", "lang": "en"}])
def test_no_illustrative_mark_by_default(page, params):
    """Measured data only: no banner, no illustrative mark in any text, chart title or source line."""
    at = open_app(page, **params)
    lang = params.get("lang", "nl")
    assert t("illustrative_banner", lang) not in infos(at)
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption] + subheaders(at)
    figs = [json.dumps(f) for f in figures(at)]
    for text in texts + figs:
        assert t("illustrative_mark", lang) not in text
        assert t("source_illustrative", lang) not in text


def test_data_page_explains_kinds_without_banner():
    """The method page describes the data kinds in its own text; it needs no banner."""
    at = open_app("pages/data.py")
    assert any("**Illustratief**" in md.value for md in at.markdown)
    assert t("illustrative_banner", "nl") not in infos(at)


# --- Invalid URL parameters --------------------------------------------------------------------

OVERLONG = "GM0363" * 200


@pytest.mark.parametrize(("param", "value", "reason"), [
    ("regio", "XX99", "notice_unknown_region"),
    ("jaar", "1999", "notice_bad_year"),
    ("lang", "fr", "notice_bad_value"),
    ("indicator", "<script>", "notice_bad_value"),
    ("niveau", "'; DROP TABLE municipality; --", "notice_bad_value"),
    ("stilstand", "999", "notice_bad_value"),
    ("regio", OVERLONG, "notice_too_long"),
])
def test_invalid_parameter_shows_default_view_and_notice(data, param, value, reason):
    at = open_app(tables=False, **{param: value})
    assert title(at) == "Warmtetransitie: Nederland"
    assert subheaders(at)[0] == "919.000 van 1.500.000 woningen aardgasvrij: 61%"
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1
    assert f"'{param}'" in warnings[0]
    if reason != "notice_too_long":
        assert warnings[0] == t(reason, "nl", param=param, value=value)
    else:
        assert warnings[0] == t(reason, "nl", param=param) and OVERLONG not in warnings[0]
    assert param not in at.query_params  # the bad value is dropped from the permalink
    # the notice is shown once, on the page that was opened
    goto(at, "pages/map.py")
    assert not at.warning and title(at) == "Kaart"


def test_invalid_parameters_together_in_english():
    at = open_app(lang="en", regio="XX99", jaar="1999", indicator="<script>", tables=False)
    assert title(at) == "Heat transition: the Netherlands"
    warnings = " ".join(w.value for w in at.warning)
    for param in ("regio", "jaar", "indicator"):
        assert f"Parameter '{param}' ignored" in warnings
    assert dict(at.query_params) == {"lang": "en"}


def test_hybrid_definition_before_2022_is_refused():
    at = open_app(definitie="gas_free_or_hybrid", jaar="2017", tables=False)
    assert [w.value for w in at.warning] == [t("notice_definition_year", "nl", param="definitie")]
    assert at.selectbox(key="f_year").value == 2017
    assert at.radio(key="f_definition").value == "gas_free"


@pytest.mark.parametrize(("params", "check"), [
    ({"jaar": "2019"}, "year"),
    ({"doel": "own_stock"}, "own_stock"),
    ({"definitie": "gas_free_or_hybrid"}, "hybrid"),
])
def test_valid_parameters_change_the_numbers(data, params, check):
    at = open_app(**params)
    assert not at.warning
    if check == "year":
        s = progress_view.region_summary(data, "NL", 2019)
        assert metrics(at)["Aardgasvrije woningen 2019"] == fmt_int(s.gas_free_homes, "nl")
    elif check == "own_stock":
        s = progress_view.region_summary(data, "NL", LATEST, method="own_stock")
        assert subheaders(at)[0] == progress_view.headline(s, "nl")
    else:
        s = progress_view.region_summary(data, "NL", LATEST, definition="gas_free_or_hybrid")
        assert metrics(at)[f"Aardgasvrije woningen {LATEST}"] == fmt_int(s.gas_free_homes, "nl")
        assert s.gas_free_homes > progress_view.region_summary(data, "NL", LATEST).gas_free_homes
    for key, value in params.items():
        assert url(at, key) == value


def test_superscript_year_is_a_notice_not_a_crash():
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["jaar"] = "²"
    at.run()
    assert not at.exception
    assert title(at) == "Warmtetransitie: Nederland"
    assert "'jaar'" in " ".join(w.value for w in at.warning)


# --- Widgets write the URL --------------------------------------------------------------------


def test_region_and_language_widgets(data):
    at = open_app()
    at.selectbox(key="f_region").set_value("GM0014").run()
    ok(at)
    s = progress_view.region_summary(data, "GM0014", LATEST)
    assert title(at) == "Warmtetransitie: Groningen"
    assert subheaders(at)[0] == progress_view.headline(s, "nl")
    assert at.query_params["regio"] in ("GM0014", ["GM0014"])

    at.radio(key="f_lang").set_value("en").run()
    ok(at)
    assert title(at) == "Heat transition: Groningen"
    assert subheaders(at)[0] == progress_view.headline(s, "en")
    assert f"Gas-free homes {LATEST}" in metrics(at)
    assert url(at, "lang") == "en" and url(at, "regio") == "GM0014"

    goto(at, "pages/council.py")
    assert title(at) == "Council: Groningen"
    assert url(at, "lang") == "en" and url(at, "regio") == "GM0014"

    at.selectbox(key="f_region").set_value("NL").run()
    ok(at)
    assert title(at) == t("council_title", "en", region="the Netherlands")
    assert "regio" not in at.query_params


@pytest.mark.parametrize("page", ["pages/municipality.py"])
def test_municipality_with_unphased_initiatives(data, page):
    """Regression: Groningen's initiatives are named ones without phase history (initiative_list crashed)."""
    fun = initiatives_view.region_funnel(data, "GM0014")
    assert fun.total > 0 and initiatives_view.region_initiatives(data, "GM0014")[1].empty
    # Measured data: the named initiatives are listed as their sources give them (no funnel without a register).
    at = open_app(page, regio="GM0014")
    assert title(at) in ("Warmte-initiatieven: Groningen", "Profiel: Groningen")
    names = set(data.initiative.loc[data.initiative["municipality_code"] == "GM0014", "name"])
    shown = set().union(*(set(map(str, df.value.iloc[:, 0])) for df in at.dataframe if len(df.value.columns)))
    assert names and names <= shown
    # With the demonstration register loaded, the funnel counts them too (the unphased ones as unknown).
    demo = open_app(page, regio="GM0014", demo="1")
    from warmte import store
    demo_fun = initiatives_view.region_funnel(store.load(data.path, demo=True), "GM0014")
    assert demo_fun.total >= fun.total
    headline = initiatives_view.funnel_headline(demo_fun, STALL, "nl")
    assert any(md.value.startswith(headline) for md in demo.markdown)


# --- Missing or broken database ---------------------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_missing_database(monkeypatch, tmp_path, lang):
    monkeypatch.setenv("WARMTE_DB", str(tmp_path / "absent.duckdb"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    ok(at.run())
    assert title(at) == "Warmtemonitor"
    assert len(at.error) == 1
    error = at.error[0].value
    assert "warmte build" in error
    assert error.startswith(t("db_missing", lang, detail="X").split("X")[0])
    assert [c.value for c in at.code] == ["python -m warmte build"]
    assert not at.get("plotly_chart")


def test_unreadable_database(monkeypatch, tmp_path):
    bad = tmp_path / "warmte.duckdb"
    bad.write_bytes(b"this is not a duckdb file\n" * 100)
    monkeypatch.setenv("WARMTE_DB", str(bad))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    ok(at.run())
    assert len(at.error) == 1 and "warmte build" in at.error[0].value


# --- Live-server first request (no test workaround) -------------------------------------------


def test_fresh_server_first_request_to_data_page(monkeypatch):
    monkeypatch.setattr(PagesManager, "__init__", _ORIGINAL_PAGES_MANAGER_INIT)
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page("pages/data.py")  # before the first run: the page is named by its file, like URL /data
    at.run()
    assert not at.exception
    assert title(at) == "Data & methode"
