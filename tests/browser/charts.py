"""Finding the plotly charts of a served page in Chromium, wherever they are drawn: inside the frame of
``warmte.ui.chart``'s component (``WARMTE_CHART=partial``, the default) or in the page itself
(``st.plotly_chart``, with ``WARMTE_CHART=st`` or for a figure the partial bundle cannot draw).

Component frames are same-origin, so the page can look into them. A component chart loads plotly.js only when
its frame comes near the visible part of the page (warmte/ui/chart/frontend/chart.js): :func:`draw_all`
scrolls each one into view and waits until it is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

CHART = ".js-plotly-plot .main-svg"
#: The iframe Streamlit draws for a custom component (v1), here always warmte.ui.chart's.
FRAME = 'iframe[data-testid="stCustomComponentV1"]'
#: Streamlit's own plotly element.
ST_CHART = '[data-testid="stPlotlyChart"]'
#: The chart's holder, whichever draws it (for waiting until the script has sent it).
ANY_CHART = f"{ST_CHART}, {FRAME}"

#: True once a chart is drawn in the page or in any (same-origin) frame.
DRAWN_JS = f"""() => !!document.querySelector('{CHART}') || [...document.querySelectorAll('iframe')].some(
    f => {{ try {{ return !!f.contentDocument.querySelector('{CHART}'); }} catch (e) {{ return false; }} }})"""


@dataclass(frozen=True)
class Chart:
    """One chart on the page: ``holder`` carries its role and accessible name, ``plot`` is plotly's
    ``.js-plotly-plot`` element, ``frame`` the component's iframe element (None for ``st.plotly_chart``)."""

    holder: object
    plot: object
    frame: object = None


def wait_for_chart(page, timeout_ms: int = 30000) -> None:
    """Wait until the first plotly chart is drawn (in the page or in a component frame)."""
    page.wait_for_function(DRAWN_JS, timeout=timeout_ms)


def charts(page) -> list[Chart]:
    """Every chart on the page in reading order: component charts, then Streamlit's own (drawn or not)."""
    out = []
    frames = page.locator(FRAME)
    for i in range(frames.count()):
        frame = frames.nth(i)
        holder = frame.content_frame.locator("#chart")
        out.append(Chart(holder, holder, frame))
    own = page.locator(ST_CHART)
    for i in range(own.count()):
        holder = own.nth(i)
        out.append(Chart(holder, holder.locator(".js-plotly-plot").first))
    return out


def draw_all(page, timeout_ms: int = 30000) -> list[Chart]:
    """Scroll every chart into view, wait until it is drawn, and return them all (see :func:`charts`)."""
    found = charts(page)
    for chart in found:
        (chart.frame or chart.holder).scroll_into_view_if_needed(timeout=timeout_ms)
        chart.plot.locator(".main-svg").first.wait_for(timeout=timeout_ms)
    return found


def first_chart(page):
    """A locator of the first drawn plotly chart; its bounding box is in page coordinates either way."""
    for chart in charts(page):
        if chart.plot.locator(".main-svg").count():
            return chart.plot
    raise AssertionError("no plotly chart drawn on the page")


def plot_frame(page, index: int = 0):
    """The Playwright ``Frame`` that holds chart ``index`` (a component's frame, or the page's main frame) and the
    offset ``(x, y)`` of that frame's viewport in the page, to turn its coordinates into the page's."""
    chart = charts(page)[index]
    if chart.frame is None:
        return page.main_frame, (0.0, 0.0)
    handle = chart.frame.element_handle()
    box = handle.bounding_box()
    return handle.content_frame(), (box["x"], box["y"])
