"""True statements (issue 13 items 1, 2, 6, 7, 8): no sentence concludes from a figure that cannot be computed,
one council is never "100% of the councils", labels name the target method, a share is no delta chip, and the
time-in-phase and mix titles name what the chart shows (ties included).

Expectations are written out by hand from the shipped snapshot (national series: 2017 5,0%, 2019 5,7%,
2022 8,7% + 1,5% hybrid, 2024 11,2% + 3,7% hybrid of the stock) or from small frames built here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from warmte.filters import Filters
from warmte.views import council as council_view
from warmte.views import heat as heat_view
from warmte.views import initiatives as initiatives_view
from warmte.views import progress as progress_view
from warmte.views import registry

# --- 1. No conclusion without a figure; one definition per trend ------------------------------------------------


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_hybrid_2022_draws_no_conclusion_and_names_the_true_reason(data, lang):
    s = progress_view.region_summary(data, "NL", 2022, "gas_free_or_hybrid")
    assert s.actual_per_year is None and s.projected_year_reached is None
    assert s.observed_years == (2022, 2024)  # hybrid homes are counted from 2022 only
    texts = [progress_view.pace(s, lang), progress_view.projection(s, lang), progress_view.pace_title(s, lang),
             progress_view.projection_short(s, lang)]
    texts += [registry.build(n, data, Filters(region="NL", year=2022, definition="gas_free_or_hybrid",
                                              lang=lang)).meta.title for n in ("trajectory", "pace")]
    joined = " ".join(texts)
    assert "2050" not in joined and "vóór" not in joined and "before" not in joined
    assert "te laat" not in joined and "too late" not in joined and "op tijd" not in joined
    if lang == "nl":
        # The old text blamed the municipal series ("per gemeente pas vanaf 2022") for a national figure, and
        # promised a trend "with the next CBS year" that is already there (2024).
        assert "per gemeente" not in joined and "volgende CBS-jaar" not in joined
        assert ("CBS telt hybride woningen pas vanaf 2022, dus met deze definitie is er nog maar één meetjaar. "
                "Kies 2024 als jaar om de trend te zien") in progress_view.projection(s, "nl")
    else:
        assert "CBS counts hybrid homes only from 2022" in progress_view.projection(s, "en")
        assert "Choose 2024 as the year to see the trend" in progress_view.projection(s, "en")


def test_a_municipality_with_one_cbs_year_waits_for_the_next(data):
    s = progress_view.region_summary(data, "GM0363", 2024)
    text = progress_view.projection(s, "nl")
    assert "CBS publiceert aardgasvrije woningen per gemeente pas vanaf 2024" in text
    assert "De trend verschijnt met het volgende CBS-jaar" in text
    assert "Kies" not in text


def test_the_national_first_year_is_called_the_first_year(data):
    s = progress_view.region_summary(data, "NL", 2017)
    text = progress_view.projection(s, "nl")
    assert "2017 is het eerste meetjaar" in text and "Kies 2019" in text and "per gemeente" not in text


def test_hybrid_trend_and_its_sentence_use_hybrid_observations_only(data):
    """2024 with hybrid: the trend is (1.222.403 - 820.898) / 2 = 200.752,5 from 2022 and 2024 only, and the
    text starts in 2022 with the hybrid count (820.898), never with the gas-free-only count of 2017 (382.898)."""
    s = progress_view.region_summary(data, "NL", 2024, "gas_free_or_hybrid")
    assert s.actual_per_year == pytest.approx(200_752.5)
    series, _ = progress_view.region_series(data, "NL")
    alt = progress_view.trajectory_alt(series, s, "nl")
    assert alt.startswith("In 2022 waren 820.898 woningen aardgasvrij, in 2024 1.222.403.")
    assert "382.898" not in alt and "2017" not in alt
    chart = registry.build("trajectory", data, Filters(region="NL", year=2024, definition="gas_free_or_hybrid"))
    observed = chart.table.set_index("year")["observed_homes"]
    assert observed[[2017, 2019]].isna().all()
    assert observed[2022] == 820_898 and observed[2024] == 1_222_403


def test_the_summary_json_is_unchanged(data):
    keys = list(progress_view.region_summary(data, "NL").to_dict())
    assert "observed_years" not in keys and keys[0] == "region" and keys[-1] == "data_kind"


# --- 6. Labels name the target method -------------------------------------------------------------------------


def test_own_stock_labels_name_the_method(data):
    own = progress_view.region_summary(data, "GM0363", 2024, method="own_stock")
    sentence = progress_view.share_of_job(own, "nl")
    assert sentence.startswith("Amsterdam moet 96.170 woningen aardgasvrij hebben in 2030: 20% van de eigen "
                               "woningvoorraad.")
    assert "1.500.000" not in sentence and "1,5 miljoen" not in sentence
    assert progress_view.target_label("own_stock", "nl") == "Doel: 20% eigen voorraad"
    assert progress_view.target_label("own_stock", "en") == "Target: 20% of own stock"
    assert progress_view.target_label("pro_rata", "nl") == "Aandeel in 1,5 miljoen (woningen)"
    pro = progress_view.region_summary(data, "GM0363", 2024)
    assert "zijn deel van 1.500.000" in progress_view.share_of_job(pro, "nl")
    nl = progress_view.region_summary(data, "NL", 2024)
    assert progress_view.share_of_job(nl, "en").startswith(
        "the Netherlands must have 1,500,000 gas-free homes by 2030: the national target.")


# --- 2. One council is described by itself, beside its province and the Netherlands ------------------------------

ERMELO, GELDERLAND = "GM0233", "PV25"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_one_council_is_never_a_percentage_of_councils(demo_data, lang):
    f = Filters(region=ERMELO, lang=lang, demo=True)
    own = council_view.region_council(demo_data, ERMELO)
    assert len(own) == 1
    titles = {n: registry.build(n, demo_data, f).meta.title
              for n in ("council_classes", "council_indicators", "tvw_adoption")}
    for title in titles.values():
        assert not re.search(r"\b(100|0) ?%", title), title
        assert "1 van 1" not in title and "1 of 1" not in title
    r = own.iloc[0]
    cls = {"nl": {"laag": "laag", "midden": "midden", "hoog": "hoog"},
           "en": {"laag": "low", "midden": "middle", "hoog": "high"}}[lang][r["involvement_class"]]
    index = str(round(r["involvement_index"]))
    if lang == "nl":
        assert titles["council_classes"] == f"Raad van Ermelo: betrokkenheid {cls} ({index} van 100)"
    else:
        assert titles["council_classes"] == f"Council of Ermelo: {cls} involvement ({index} of 100)"
    # The chart compares: it counts the 51 councils of Gelderland, not the one of Ermelo.
    classes = registry.build("council_classes", demo_data, f)
    assert int(classes.table["councils"].sum()) == 51
    scatter = registry.build("involvement_vs_progress", demo_data, f)
    assert len(scatter.table) == 51 and ERMELO in set(scatter.table["code"])
    assert ("51 gemeenten" if lang == "nl" else "51 municipalities") in scatter.alt
    where = "De provincie Gelderland, met Ermelo" if lang == "nl" else "The province of Gelderland, including Ermelo"
    assert scatter.meta.subtitle.startswith(where) and classes.meta.subtitle.startswith(where)


def test_one_council_is_compared_with_province_and_country(demo_data):
    province = council_view.region_council(demo_data, GELDERLAND)
    national = council_view.region_council(demo_data, "NL")
    text = council_view.council_compare(demo_data, ERMELO, "nl")
    low_p = round(100 * (province["involvement_class"] == "laag").mean())
    low_n = round(100 * (national["involvement_class"] == "laag").mean())
    mean_p = round(province["involvement_index"].mean())
    assert text == (f"Ter vergelijking: in de provincie Gelderland gemiddeld {mean_p} van 100, {low_p}% van de raden "
                    "weinig betrokken; in Nederland gemiddeld "
                    f"{round(national['involvement_index'].mean())} van 100, {low_n}% van de raden weinig betrokken.")
    assert council_view.council_compare(demo_data, GELDERLAND, "nl") == ""


def test_key_message_of_one_council(demo_data):
    s = progress_view.region_summary(demo_data, ERMELO)
    own = council_view.region_council(demo_data, ERMELO)
    msgs = progress_view.key_messages(s, None, None, own, "nl", council_context="CTX.")
    r = own.iloc[0]
    informed = "is geïnformeerd" if r["informed_of_share"] else "is niet geïnformeerd"
    assert msgs[-1] == (f"Betrokkenheid van de raad van Ermelo: {r['involvement_class']} "
                        f"({round(r['involvement_index'])} van 100); de raad {informed} over het eigen deel van de "
                        "opgave. CTX.")
    assert not any("van de gemeenteraden" in m for m in msgs)


@pytest.mark.parametrize(("total", "active", "stalled", "nl", "en"), [
    (1, 1, 0, "1 initiatief, 1 actief; 0 zitten langer dan 18 maanden vast in oriëntatie of haalbaarheid.",
     "1 initiative, 1 active; 0 have been stuck in orientation or feasibility for more than 18 months."),
    (3, 2, 1, "3 initiatieven, 2 actief; 1 zit langer dan 18 maanden vast in oriëntatie of haalbaarheid.",
     "3 initiatives, 2 active; 1 has been stuck in orientation or feasibility for more than 18 months."),
])
def test_funnel_headline_singular_and_plural(total, active, stalled, nl, en):
    class F:  # the three counts funnel_headline reads
        pass
    f = F()
    f.total, f.active, f.stalled = total, active, stalled
    assert initiatives_view.funnel_headline(f, 18, "nl") == nl
    assert initiatives_view.funnel_headline(f, 18, "en") == en


@pytest.mark.parametrize(("stalled", "active", "nl"), [
    (0, 1, "Het enige actieve warmte-initiatief zit niet langer dan 18 maanden vast in oriëntatie of haalbaarheid."),
    (1, 1, "Het enige actieve warmte-initiatief zit langer dan 18 maanden vast in oriëntatie of haalbaarheid."),
    (1, 2, "1 van de 2 actieve warmte-initiatieven zit langer dan 18 maanden vast in oriëntatie of haalbaarheid."),
    (3, 8, "3 van de 8 actieve warmte-initiatieven zitten langer dan 18 maanden vast in oriëntatie of haalbaarheid."),
])
def test_stalled_message_number(stalled, active, nl):
    assert progress_view.stalled_message(stalled, active, 18, "nl") == nl


def test_funnel_compare_for_one_municipality(demo_data):
    p = initiatives_view.region_funnel(demo_data, GELDERLAND)
    n = initiatives_view.region_funnel(demo_data, "NL")
    assert initiatives_view.funnel_compare(demo_data, "GM1945", 18, "nl") == (
        f"Ter vergelijking, vastgelopen: in de provincie Gelderland {p.stalled} van de {p.active} actieve; "
        f"in Nederland {n.stalled} van de {n.active} actieve.")
    assert initiatives_view.funnel_compare(demo_data, GELDERLAND, 18, "nl") == ""


# --- 8. Time in phase and mix titles ------------------------------------------------------------------------------


def _funnel_with_times(medians: dict[str, float]):
    class F:
        pass
    f = F()
    f.time_in_phase = pd.DataFrame({"phase": list(medians), "median_months": list(medians.values())})
    return f


def test_time_title_does_not_hide_a_longer_exploitatie():
    f = _funnel_with_times({"orientatie": 6, "haalbaarheid": 10, "realisatie": 5, "exploitatie": 81})
    assert initiatives_view.time_title(f, "nl") == ("Vóór de exploitatie blijven initiatieven het langst in "
                                                    "haalbaarheid: mediaan 10 maanden")
    f = _funnel_with_times({"orientatie": 17, "haalbaarheid": 22})
    assert initiatives_view.time_title(f, "en") == "Initiatives stay longest in feasibility: median 22 months"


def test_time_title_names_every_phase_of_a_tie():
    f = _funnel_with_times({"orientatie": 12.2, "haalbaarheid": 11.8, "realisatie": 3})
    assert initiatives_view.time_title(f, "nl") == ("Initiatieven blijven het langst in oriëntatie en haalbaarheid: "
                                                    "mediaan 12 maanden")


def test_mix_title_on_a_three_way_tie_names_no_winner():
    mix = pd.DataFrame({"value": ["partner", "supporter", "none", "unknown"], "initiatives": [4, 4, 4, 2],
                        "share": [4 / 14, 4 / 14, 4 / 14, 2 / 14]})
    assert initiatives_view.mix_title(mix, "role", "nl") == ("Rol van de gemeente: partner, ondersteunend en geen rol "
                                                             "even vaak (29% elk)")
    assert initiatives_view.mix_title(mix, "role", "en") == ("Municipality's role: partner, supporting and no role "
                                                             "equally often (29% each)")
    one = mix.assign(initiatives=[2, 5, 4, 2], share=[2 / 13, 5 / 13, 4 / 13, 2 / 13])
    assert initiatives_view.mix_title(one, "role", "nl") == "Rol van de gemeente: vaakst ondersteunend (38%)"


# --- 7 and headings: the pages (AppTest) ------------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[2]
_ORIGINAL_INIT = PagesManager.__init__


@pytest.fixture()
def app(monkeypatch, built_db):
    monkeypatch.setenv("WARMTE_DB", str(built_db))

    def init(self, *args, **kwargs):
        _ORIGINAL_INIT(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)

    def run(page: str, **params) -> AppTest:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        for k, v in params.items():
            at.query_params[k] = v
        at.run()
        if page != "pages/overview.py":
            at.switch_page(page).run()
        assert not at.exception, [e.message for e in at.exception]
        return at
    return run


def _walk(node):
    children = getattr(node, "children", None)
    if not children:
        yield node
        return
    for child in children.values():
        yield from _walk(child)


@pytest.mark.parametrize(("page", "params"), [
    ("pages/overview.py", {}), ("pages/initiatives.py", {"regio": "PV27"}),
    ("pages/council.py", {"regio": "GM0233", "demo": "1"}), ("pages/municipality.py", {"regio": "GM0363"}),
])
def test_headings_do_not_skip_levels_and_shares_are_no_delta(app, page, params):
    at = app(page, **params)
    levels = []
    for el in _walk(at.main):
        if getattr(el, "type", "") in ("title", "header", "subheader"):
            levels.append({"h1": 1, "h2": 2, "h3": 3}[el.tag])
        elif getattr(el, "type", "") == "markdown":
            m = re.match(r"(#{1,6}) ", el.value)
            if m:
                levels.append(len(m.group(1)))
    assert levels and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, levels
    for metric in at.metric:
        assert not metric.delta, (metric.label, metric.delta)
    if page == "pages/initiatives.py":
        resident = next(m for m in at.metric if m.label == "Geleid door bewoners")
        assert re.fullmatch(r"\d+ \(\d+%\)", resident.value), resident.value


def test_mix_title_of_one_initiative_says_what_holds_for_it():
    mix = pd.DataFrame({"value": ["warmtenet", "hybride", "onbekend"], "initiatives": [0, 1, 0],
                        "share": [0.0, 1.0, 0.0]})
    assert initiatives_view.mix_title(mix, "technology", "nl") == "Het enige initiatief werkt aan hybride"
    assert initiatives_view.mix_title(mix, "technology", "en") == "The only initiative works on hybrid"


def test_heat_sentences_name_the_netherlands_in_english(data):
    lines = heat_view.heat_sentences(heat_view.heat_supply(data, "NL"), data, "en")
    assert "municipalities in the Netherlands;" in lines[0] and lines[1].startswith("A home in the Netherlands used")
    assert not any("Nederland" in line for line in lines)
    dutch = heat_view.heat_sentences(heat_view.heat_supply(data, "NL"), data, "nl")
    assert dutch[1].startswith("Een woning in Nederland")
