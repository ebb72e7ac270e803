"""The map on a 390 px phone (issue 13 item 15, map part): no horizontal scroll, the legend under the map
(never over an area), the source line under the legend and inside the screen."""

from __future__ import annotations

import pytest

from tests.browser.charts import plot_frame, wait_for_chart
from tests.browser.test_browser import SCREENSHOTS, browser, server, wait_for_streamlit  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

#: Boxes of the map's parts, in the coordinates of the frame that draws it, moved by ``[dx, dy]`` (where that
#: frame lies in the page) into the page's coordinates.
GEOMETRY = """([dx, dy]) => {
    const plot = document.querySelector('.js-plotly-plot');
    const box = (el) => { const r = el.getBoundingClientRect();
                          return {left: r.left + dx, right: r.right + dx, top: r.top + dy, bottom: r.bottom + dy}; };
    const source = [...plot.querySelectorAll('.annotation')].find(a => /Bron|Source/.test(a.textContent));
    return {
        svg: box(plot.querySelector('.main-svg')), area: box(plot.querySelector('.nsewdrag')),
        legend: box(plot.querySelector('.legend')), source: source ? box(source) : null,
        entries: plot.querySelectorAll('.legend .traces').length,
    };
}"""


@pytest.mark.parametrize("query", ["", "regio=PV25&lang=en", "indicator=tvw_status&regio=GM0363",
                                   "niveau=provincie&indicator=progress_to_target&lang=en"])
def test_map_fits_a_phone(server, browser, query):  # noqa: F811 - pytest fixtures
    page = browser.new_page(viewport={"width": 390, "height": 1400})
    page.goto(f"{server}/kaart" + (f"?{query}" if query else ""))
    wait_for_streamlit(page)
    wait_for_chart(page)
    frame, offset = plot_frame(page)
    frame.wait_for_selector(".js-plotly-plot .legend", timeout=30000)
    g = frame.evaluate(GEOMETRY, list(offset))
    g.update(page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth})"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"kaart_390_{query.replace('&', '_').replace('=', '-') or 'default'}.png"))
    assert g["scroll"] <= g["client"] == 390, "the page scrolls sideways"
    assert g["svg"]["right"] <= 390 and g["legend"]["right"] <= 390 + 0.5
    assert g["entries"] >= 2
    # the legend lies under the map's plot area, not over it
    assert g["legend"]["top"] >= g["area"]["bottom"] - 1, g
    # the source line under the legend, inside the screen
    assert g["source"] is not None
    assert g["source"]["top"] >= g["legend"]["bottom"] - 1, g
    assert g["source"]["right"] <= 390, g
    # no more than a third of the plot area is empty map height on a phone
    assert g["area"]["bottom"] - g["area"]["top"] <= 520
    page.close()
