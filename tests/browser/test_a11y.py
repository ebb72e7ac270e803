"""Accessibility in the real browser (issue 13 item 16): axe-core on every page, Dutch and English, 1400 and 390 px.

axe-core is the npm package pinned in package.json / package-lock.json (``npm ci`` in .ci/setup puts it in
node_modules/). It is injected into the served app with Playwright and run on the whole document. Serious and
critical violations fail, listed with rule id, impact and target selectors. Besides axe, the pages must:

- say their language: ``<html lang>`` is ``nl`` or ``en``, also after switching language without a reload;
- have a title of their own per page and language (``Kaart · Warmtemonitor`` / ``Map · Warmtemonitor``);
- keep headings in order: one ``h1``, first, and no level skipped on the way down (axe's ``heading-order`` is
  only "moderate", so it is checked here by itself).

Reuses the served app (production entry) and the browser of ``test_browser.py``; one page object is reused for
every load. Each page is loaded once per region and language and checked at 1400 px, then resized to 390 px.

Excluded from axe: nothing. Streamlit's own chrome passes with the app's theme (.streamlit/config.toml).
"""

from __future__ import annotations

import json

import pytest
from charts import draw_all
from test_browser import REPO, browser, server, wait_for_streamlit  # noqa: F401  (fixtures)

from warmte.i18n import t

pytestmark = pytest.mark.browser

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
#: (url path, page title key) in menu order.
PAGES = [("", "page_overview"), ("kaart", "page_map"), ("initiatieven", "page_initiatives"),
         ("gemeenteraad", "page_council"), ("gemeenteprofiel", "page_profile"), ("data", "page_data")]
REGIONS = ["NL", "GM0363"]
LANGS = ["nl", "en"]
WIDTHS = [1400, 390]
FAILING_IMPACTS = ("serious", "critical")
#: Selectors axe leaves out, each with the reason it cannot be fixed in this project. Empty: none needed.
EXCLUDE: list[str] = []

RUN_AXE = """async (exclude) => {
    const context = exclude.length ? {include: [document], exclude: exclude.map(s => [s])} : document;
    const result = await axe.run(context, {resultTypes: ['violations']});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
    }));
}"""

HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter(h => h.offsetParent !== null || h.getClientRects().length)
    .map(h => [Number(h.tagName[1]), h.innerText.trim().slice(0, 60)])"""


def _url(server: str, path: str, region: str, lang: str) -> str:  # noqa: F811
    params = [f"regio={region}"] if region != "NL" else []
    params += ["lang=en"] if lang == "en" else []
    return f"{server}/{path}" + ("?" + "&".join(params) if params else "")


def _settled(page) -> None:
    """Streamlit finished running and every plotly chart on the page is drawn (each scrolled into view: a chart in
    a component frame draws when it comes near the visible part of the page).

    Plotly charts live in a shadow root: Playwright's locators look inside it, ``document.querySelector`` does not.
    """
    wait_for_streamlit(page)
    draw_all(page)
    page.wait_for_timeout(300)


def _inject_axe(page) -> None:
    """axe-core in the page and in every frame in it (a custom component is an iframe; axe checks it from inside)."""
    for frame in page.frames:
        frame.add_script_tag(path=str(AXE))


def heading_problems(headings: list[list]) -> list[str]:
    """What is wrong with a page's heading levels, in reading order: [] when they are in order."""
    problems = []
    levels = [level for level, _ in headings]
    if levels.count(1) != 1:
        problems.append(f"{levels.count(1)} h1 headings (one expected)")
    if levels and levels[0] != 1:
        problems.append(f"first heading is h{levels[0]} {headings[0][1]!r}, not h1")
    for (before, _), (level, text) in zip(headings, headings[1:], strict=False):
        if level > before + 1:
            problems.append(f"h{before} -> h{level} {text!r} skips a level")
    return problems


def report(violations: list[dict]) -> str:
    return "\n".join(f"  [{v['impact']}] {v['id']}: {v['help']}\n" + "".join(f"      {s}\n" for s in v["targets"])
                     for v in violations)


@pytest.fixture(scope="module")
def tab(browser):  # noqa: F811
    page = browser.new_page(viewport={"width": WIDTHS[0], "height": 1000})
    yield page
    page.close()


def test_heading_problems_are_found():
    assert heading_problems([[1, "a"], [2, "b"], [3, "c"], [2, "d"], [3, "e"]]) == []
    assert heading_problems([[1, "Kaart"], [3, "Bronnen"]]) == ["h1 -> h3 'Bronnen' skips a level"]
    assert heading_problems([[2, "x"], [1, "y"], [1, "z"]]) == ["2 h1 headings (one expected)",
                                                                "first heading is h2 'x', not h1"]


def test_axe_core_is_installed():
    assert AXE.is_file(), "node_modules/axe-core is missing: run `bash .ci/setup` (npm ci)"
    lock = json.loads((REPO / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/axe-core"]["version"] == json.loads(
        (REPO / "node_modules" / "axe-core" / "package.json").read_text())["version"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("path,title_key", PAGES)
def test_page_is_accessible(server, tab, path, title_key, region, lang):  # noqa: F811
    failures = []
    tab.set_viewport_size({"width": WIDTHS[0], "height": 1000})
    tab.goto(_url(server, path, region, lang))
    _settled(tab)
    html_lang, title = tab.evaluate("document.documentElement.lang"), tab.title()
    if html_lang != lang:
        failures.append(f"<html lang={html_lang!r}>, expected {lang!r}")
    if title != t("nav_document_title", lang, page=t(title_key, lang)):
        failures.append(f"title {title!r}, expected {t('nav_document_title', lang, page=t(title_key, lang))!r}")
    for width in WIDTHS:
        if width != WIDTHS[0]:
            tab.set_viewport_size({"width": width, "height": 1000})
            _settled(tab)
        _inject_axe(tab)
        violations = [v for v in tab.evaluate(RUN_AXE, EXCLUDE) if v["impact"] in FAILING_IMPACTS]
        if violations:
            failures.append(f"{width} px: axe found\n{report(violations)}")
        problems = heading_problems(tab.evaluate(HEADINGS))
        if problems:
            failures.append(f"{width} px: headings out of order: " + "; ".join(problems))
    assert not failures, f"/{path} ({region}, {lang}):\n" + "\n".join(failures)


def test_language_and_title_follow_the_session_without_a_reload(server, tab):  # noqa: F811
    """The language radio and the menu change the page without loading it again: lang and title follow."""
    tab.set_viewport_size({"width": WIDTHS[0], "height": 1000})
    tab.goto(_url(server, "kaart", "NL", "nl"))
    _settled(tab)
    assert (tab.evaluate("document.documentElement.lang"), tab.title()) == ("nl", "Kaart · Warmtemonitor")
    tab.evaluate("window.__same_document = true")
    tab.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    tab.wait_for_function("() => document.documentElement.lang === 'en'", timeout=20000)
    tab.wait_for_function("() => document.title === 'Map · Warmtemonitor'", timeout=20000)
    tab.locator('[data-testid="stSidebarNav"]').get_by_text(t("page_council", "en"), exact=True).click()
    tab.wait_for_function("() => document.title === 'Council · Warmtemonitor'", timeout=20000)
    _settled(tab)
    assert tab.evaluate("document.documentElement.lang") == "en"
    assert tab.evaluate("window.__same_document === true"), "the page was reloaded"
    nav = tab.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    assert nav == [t(key, "en") for _, key in PAGES]
