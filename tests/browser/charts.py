"""Finding the plotly charts of a served page in Chromium, wherever they are drawn: in the page itself
(``st.plotly_chart``) or inside the frame of ``warmte.ui.chart``'s component (``WARMTE_CHART=partial``, the
default). Component frames are same-origin, so the page can look into them.
"""

from __future__ import annotations

CHART = ".js-plotly-plot .main-svg"

#: True once a chart is drawn in the page or in any (same-origin) frame.
DRAWN_JS = f"""() => !!document.querySelector('{CHART}') || [...document.querySelectorAll('iframe')].some(
    f => {{ try {{ return !!f.contentDocument.querySelector('{CHART}'); }} catch (e) {{ return false; }} }})"""


def wait_for_chart(page, timeout_ms: int = 30000) -> None:
    """Wait until the first plotly chart is drawn (in the page or in a component frame)."""
    page.wait_for_function(DRAWN_JS, timeout=timeout_ms)


def first_chart(page):
    """A locator of the first drawn plotly chart; its bounding box is in page coordinates either way."""
    if page.locator(CHART).count():
        return page.locator(".js-plotly-plot").first
    for i in range(page.locator("iframe").count()):
        inner = page.frame_locator("iframe").nth(i).locator(".js-plotly-plot")
        if inner.count():
            return inner.first
    raise AssertionError("no plotly chart drawn on the page")
