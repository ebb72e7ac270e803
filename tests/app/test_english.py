"""Every page in English says everything in English (issue 13 item 11), shows tables as people read them
(item 12), names every chart for assistive technology (item 16d) and offers a copy-link box (item 14).

AppTest from app.py with the navigation fixture of ``test_pages.py``. The text a reader sees (titles, headers,
sentences, captions, metric labels, buttons, the charts' titles, subtitles, source lines, axis titles and
annotations, the tables' headers and cells) is collected per page; links' addresses are left out (a Dutch
URL is not a Dutch sentence).
"""

from __future__ import annotations

import json
import re

import pytest
from test_pages import _navigation_mode, goto, open_app  # noqa: F401 - the fixture is autouse

from warmte.i18n import t

PAGES = ["pages/overview.py", "pages/map.py", "pages/initiatives.py", "pages/council.py",
         "pages/municipality.py", "pages/data.py"]

#: Dutch words and markers that an English page must not show (word boundaries; case-insensitive).
DUTCH = [r"\bNederland\b", r"\baardgasvrij\w*", r"\bgemeente\b", r"\bgemeenten\b", r"\braden\b", r"\bvan de\b",
         r"\bwoningen\b", r"\bBron\b", r"\bstand\b", r"\bnog onbekend\b", r"\bniet vóór\b", r"\bjaar\b",
         r"\d{1,2}-\d{1,2}-\d{4}", r"\d{4}-\d{2}-\d{2}"]
#: Raw values that must never show (case-sensitive: "none" in a sentence is English).
RAW = [r"\bNone\b", r"\bnan\b", r"\bNaT\b", r"^(none|supporter|tvw_adopted|wup_adopted|True|False)$"]
#: Table columns that quote their source verbatim (names, addresses, the source's own words): not checked.
VERBATIM = ("name", "link", "url", "document", "document_text", "file", "publisher", "status_text", "status",
            "notes", "initiator", "focus", "supplier", "place", "heat_source", "temperature", "org_type")
URL = re.compile(r"https?://\S+|\]\([^)]*\)")


def _figure_texts(spec: dict) -> list[str]:
    layout = spec.get("layout", {})
    out = []
    title = layout.get("title")
    out.append(title.get("text", "") if isinstance(title, dict) else str(title or ""))
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis_title = axis.get("title")
            out.append(axis_title.get("text", "") if isinstance(axis_title, dict) else str(axis_title or ""))
    out += [str(tr.get("name", "")) for tr in spec.get("data", []) if tr.get("name")]
    return out


def page_texts(at) -> list[str]:
    """What the reader reads on the page (see the module docstring)."""
    texts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning"):
        texts += [el.value for el in getattr(at, kind)]
    texts += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    texts += [e.label for e in at.expander]
    texts += [p.proto.popover.label for p in at.get("popover")] + [p.proto.popover.help for p in at.get("popover")]
    texts += [b.proto.label for b in at.get("download_button")]
    for chart in at.get("plotly_chart"):
        texts += _figure_texts(json.loads(chart.proto.spec)) + [chart.proto.alt]
    verbatim = {t("col_" + c, "en") for c in VERBATIM}
    for frame in at.dataframe:
        df = frame.value
        texts += [str(c) for c in df.columns]
        for column in df.columns:
            if str(column) not in verbatim:
                # A missing number in a numeric column (the map's sortable members table keeps numbers numbers)
                # is drawn by the page's Styler as "–", not as text: only text cells are read here.
                texts += [str(v) for v in df[column].tolist() if not (isinstance(v, float) and v != v)]
    return [URL.sub("", x) for x in texts if x]


def dutch_in(texts: list[str]) -> list[tuple[str, str]]:
    return ([(pattern, text[:160]) for text in texts for pattern in DUTCH
             if re.search(pattern, text, flags=re.IGNORECASE)]
            + [(pattern, text[:160]) for text in texts for pattern in RAW if re.search(pattern, text)])


@pytest.mark.parametrize("params", [{"lang": "en"}, {"lang": "en", "regio": "GM0363", "demo": "1"},
                                    {"lang": "en", "regio": "PV25"}],
                         ids=["NL", "GM0363-demo", "PV25"])
def test_every_english_page_is_in_english(params):
    at = open_app(**params)
    problems = {}
    for page in PAGES:
        if page != "pages/overview.py":
            goto(at, page)
        found = dutch_in(page_texts(at))
        if found:
            problems[page] = found
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)


def test_english_titles_name_the_netherlands():
    at = open_app(lang="en")
    assert at.title[0].value == "Heat transition: the Netherlands"
    goto(at, "pages/council.py")
    assert at.title[0].value == "Council: the Netherlands"
    goto(at, "pages/data.py")
    caption = at.caption[0].value
    assert re.search(r"initiative register as of \d{1,2} [A-Z][a-z]+ \d{4}\.", caption), caption


def test_dutch_data_page_dates_in_words():
    at = open_app("pages/data.py")
    caption = at.caption[0].value
    assert re.search(r"per \d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
                     r"|december) \d{4}\.", caption), caption
    assert "T" not in caption.split("gebouwd ")[1].split(" (")[0]  # no ISO time stamp


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_chart_tables_show_labels_and_whole_numbers(lang):
    """The map's table (in the chart card): shares as percentages, homes whole, yes/no, no raw codes."""
    at = open_app("pages/map.py", lang=lang)
    df = at.dataframe[0].value
    stock = t("col_housing_stock", lang)
    share = t("col_gas_free_share", lang)
    on_track = t("col_on_track", lang)
    assert all(re.fullmatch(r"\d{1,3}([.,]\d{3})*", v) for v in df[stock]), df[stock].head()
    assert all(v.endswith("%") for v in df[share] if v)
    assert set(df[on_track]) <= {t("yes", lang), t("no", lang), ""}
    reached = df[t("col_projected_year_reached", lang)]
    assert "" not in set(reached)  # the app's words, never a blank


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_demo_register_tables_use_labels(lang):
    at = open_app("pages/initiatives.py", lang=lang, regio="GM0363", demo="1")
    cells = " ".join(" ".join(map(str, f.value.to_numpy().ravel())) for f in at.dataframe)
    for code in ("orientatie", "haalbaarheid", "projectontwikkeling", "supporter", "none", "all_electric",
                 "groen_gas"):
        if lang == "en" or code in ("supporter", "none", "all_electric", "groen_gas"):
            assert not re.search(rf"\b{code}\b", cells), code


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_chart_has_an_accessible_name(lang):
    at = open_app(lang=lang, regio="GM0363", demo="1")
    named = 0
    for page in PAGES:
        if page != "pages/overview.py":
            goto(at, page)
        for chart in at.get("plotly_chart"):
            spec = json.loads(chart.proto.spec)
            title = re.sub(r"<[^>]+>", "", _figure_texts(spec)[0]).strip()
            assert chart.proto.alt.strip(), page
            assert "<" not in chart.proto.alt
            if title:
                assert " ".join(chart.proto.alt.split()) == " ".join(re.sub(r"<br\s*/?>", " ", _figure_texts(
                    spec)[0]).replace("<b>", "").replace("</b>", "").split()), page
            named += 1
    assert named >= 10


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_copy_link_box_in_the_sidebar(lang):
    at = open_app(lang=lang, regio="GM0363")
    codes = [c.value for c in at.sidebar.code]
    assert any("regio=GM0363" in c for c in codes), codes
    link = next(c for c in codes if "regio=GM0363" in c)
    assert link.startswith("http")
    assert ("lang=en" in link) == (lang == "en")
    # the link sits in a popover opened by a "Kopieer link / Copy link" button, with its help text
    popovers = [p.proto.popover for p in at.sidebar.get("popover")]
    assert [(p.label, p.help) for p in popovers] == [(t("link_copy_heading", lang), t("link_copy_help", lang))]
