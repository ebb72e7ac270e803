"""warmte.ui.chart: plotly.js's basic partial bundle in a small custom component (issue 14, item 1).

- the figure JSON the component parses is the figure (round trip, numbers included);
- every trace type that warmte/figures builds, and every chart of the registry in every map level and
  indicator, is one the vendored bundle registers; and the bundle registers exactly the types we list
  (checked in Chromium against ``Plotly.PlotSchema``): adding an unsupported trace type fails here;
- ``$WARMTE_CHART`` picks the renderer, and a figure the bundle cannot draw falls back to ``st.plotly_chart``;
- in the served app (Chromium): the chart is drawn in the component's frame with its modebar export button,
  follows the width of the page, and a click returns the event the map page reads (customdata = region code),
  the same shape as ``st.plotly_chart(on_select="rerun")``.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest

from warmte import filters as flt
from warmte import store
from warmte.filters import Filters
from warmte.ui import chart
from warmte.views import registry

REPO = Path(__file__).resolve().parents[2]
APP = Path(__file__).with_name("chart_app.py")
sys.path.insert(0, str(REPO / "tests" / "browser"))
from test_browser import browser  # noqa: E402,F401  (fixture, reused)


def _decode(value):
    """plotly's JSON arrays: plain lists, or ``{"dtype", "bdata"[, "shape"]}`` (base64 typed arrays)."""
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return arr.reshape(value["shape"]) if "shape" in value else arr
    return value


def _same(a, b) -> bool:
    a, b = _decode(a), _decode(b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, np.ndarray | list | tuple) and isinstance(b, np.ndarray | list | tuple):
        a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
        if a.shape != b.shape:
            return False
        try:
            return np.allclose(a.astype(float), b.astype(float), equal_nan=True)
        except (TypeError, ValueError):
            return all(_same(x, y) for x, y in zip(a.tolist(), b.tolist(), strict=True))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (np.isnan(a) and np.isnan(b))
    return a == b


@pytest.fixture(scope="module")
def data(built_db):
    return store.load(built_db)


def test_figure_json_round_trip_keeps_every_number_and_code(data):
    fig = registry.build("map", data, Filters()).fig
    sent = json.loads(chart.figure_json(fig))
    plain = json.loads(fig.to_json(engine="json"))  # plotly's own encoder, plain lists
    assert _same(sent["data"], plain["data"]) and _same(sent["layout"], plain["layout"])
    # what the map page reads back: the click-target markers carry the 342 municipality codes
    regions = [tr for tr in sent["data"] if tr.get("meta") == "regions"]
    codes = {c for tr in regions for c in _decode(tr["customdata"])}
    assert len(codes) == 342 and "GM0363" in codes
    xs = np.concatenate([np.asarray(_decode(tr["x"]), dtype=float) for tr in regions])
    assert np.allclose(xs, np.concatenate([np.asarray(tr.x, dtype=float) for tr in fig.data if tr.meta == "regions"]))
    assert chart.figure_height(fig) == fig.layout.height == sent["layout"]["height"]
    assert chart.figure_height(go.Figure()) == 450


def test_every_trace_type_constructed_in_warmte_figures_is_in_the_bundle():
    from plotly.basedatatypes import BaseTraceType

    all_types = {name.lower() for name in dir(go)
                 if isinstance(getattr(go, name), type) and issubclass(getattr(go, name), BaseTraceType)}
    used = set()
    for path in (REPO / "warmte" / "figures").glob("*.py"):
        text = path.read_text()
        assert "plotly.express" not in text, f"{path.name}: express hides its trace types from this scan"
        used |= {name.lower() for name in re.findall(r"\bgo\.([A-Z]\w*)\(", text)}
        used |= set(re.findall(r"""\btype["']?\s*[=:]\s*["'](\w+)["']""", text))
    used &= all_types
    assert {"scatter", "bar"} <= used, "the scan no longer sees the trace constructors"
    assert used <= chart.BUNDLE_TRACE_TYPES, f"not in plotly-basic: {used - chart.BUNDLE_TRACE_TYPES}"


@pytest.mark.parametrize("demo", [False, True])
def test_every_registry_chart_is_drawn_by_the_partial_bundle(data, demo):
    seen = set()
    filters = Filters(demo=demo)
    cases = [(name, filters) for name in registry.CHARTS if name != "map"]
    cases += [("map", filters.with_(level=level, indicator=indicator))
              for level in flt.MAP_LEVELS for indicator in flt.MAP_INDICATORS]
    cases += [(name, filters.with_(region="GM0363")) for name in registry.CHARTS if name != "map"]
    built = set()
    for name, f in cases:
        try:
            fig = registry.build(name, data, f).fig
        except Exception:  # noqa: BLE001  a chart may refuse a region level or an indicator without demo data
            continue
        built.add(name)
        seen |= chart.trace_types(fig)
        assert chart.supported(fig), f"{name} {f}: {chart.trace_types(fig) - chart.BUNDLE_TRACE_TYPES}"
    assert built == set(registry.CHARTS), f"never built: {set(registry.CHARTS) - built}"
    assert {"scatter", "bar"} <= seen


def test_mode_from_environment(monkeypatch):
    monkeypatch.delenv("WARMTE_CHART", raising=False)
    assert chart.mode() == "partial"
    for value, expected in [("st", "st"), (" ST ", "st"), ("partial", "partial"), ("other", "partial")]:
        monkeypatch.setenv("WARMTE_CHART", value)
        assert chart.mode() == expected


def test_unsupported_trace_type_is_not_supported():
    assert chart.supported(go.Figure([go.Scatter(x=[1]), go.Bar(x=[1])]))
    assert not chart.supported(go.Figure(go.Heatmap(z=[[1]])))
    assert chart.trace_types(go.Figure([go.Scatter(x=[1]), go.Heatmap(z=[[1]])])) == {"scatter", "heatmap"}


def _apptest(monkeypatch, mode: str, figure: str = "dots"):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("WARMTE_CHART", mode)
    monkeypatch.setenv("CHART_APP_FIGURE", figure)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _event_text(at) -> dict:
    texts = [t.value for t in at.text if t.value.startswith("EVENT ")]
    assert len(texts) == 1
    return json.loads(texts[0][len("EVENT "):])


def test_under_apptest_every_mode_draws_st_plotly_chart_with_the_same_figure(monkeypatch, data, built_db):
    fig = registry.build("map", data, Filters()).fig
    monkeypatch.setenv("WARMTE_DB", str(built_db))
    for mode in ("partial", "st"):
        at = _apptest(monkeypatch, mode, "map")
        charts = at.get("plotly_chart")
        assert len(charts) == 1
        spec = json.loads(charts[0].proto.spec)
        assert _same(spec["data"], json.loads(chart.figure_json(fig))["data"])
        assert _event_text(at) == {"selection": {"points": [], "point_indices": [], "box": [], "lasso": []}}


def test_renderer_is_st_only_under_apptest(monkeypatch):
    from streamlit import config

    monkeypatch.setenv("WARMTE_CHART", "partial")
    assert config.get_option("global.appTest") is False and chart.renderer() == "partial"
    config.set_option("global.appTest", True)
    try:
        assert chart.renderer() == "st"
    finally:
        config.set_option("global.appTest", False)


# ---- Chromium -------------------------------------------------------------------------------------------

@pytest.mark.browser
def test_bundle_registers_exactly_the_listed_trace_types(browser):  # noqa: F811
    page = browser.new_page()
    page.add_script_tag(path=str(chart.BUNDLE))
    page.wait_for_function("() => window.Plotly && Plotly.PlotSchema")
    types = page.evaluate("() => Object.keys(Plotly.PlotSchema.get().traces).sort()")
    version = page.evaluate("() => Plotly.version")
    page.close()
    assert set(types) == chart.BUNDLE_TRACE_TYPES
    import plotly

    # the bundle is the plotly.js major version the Python package writes figures for
    bundled = re.search(r"plotly\.js v(\d+)\.", (Path(plotly.__file__).parent / "package_data" /
                                                  "plotly.min.js").read_text()[:300]).group(1)
    assert version.split(".")[0] == bundled


@pytest.fixture(scope="module")
def chart_server(built_db, request):
    from test_browser import _free_port, wait_for_streamlit  # noqa: F401

    servers = {}

    def start(figure: str, second: bool = False) -> str:
        if (figure, second) in servers:
            return servers[figure, second][1]
        port = _free_port()
        env = dict(os.environ, WARMTE_DB=str(built_db), WARMTE_CHART="partial", CHART_APP_FIGURE=figure,
                   PYTHONPATH=str(REPO), CHART_APP_SECOND="1" if second else "")
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(port), "--server.address",
             "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.3)
        servers[figure, second] = (proc, base)
        return base

    yield start
    for proc, _ in servers.values():
        proc.terminate()
        proc.wait(10)


def _open(browser, base: str, width: int = 1400):  # noqa: F811
    from test_browser import wait_for_streamlit

    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(base + "/")
    wait_for_streamlit(page)
    frame = page.frame_locator("iframe").first
    frame.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=30000)
    return page, frame


def _event(page) -> dict:
    text = page.get_by_text(re.compile("^EVENT ")).inner_text()
    return json.loads(text[len("EVENT "):])


def _svg_width(frame) -> float:
    return float(frame.locator(".js-plotly-plot .main-svg").first.get_attribute("width"))


@pytest.mark.browser
def test_click_returns_the_event_the_map_page_reads(chart_server, browser):  # noqa: F811
    page, frame = _open(browser, chart_server("dots"))
    assert _event(page)["selection"]["points"] == []
    assert frame.locator('.modebar-btn[data-title="Download plot as a PNG"]').count() == 1
    box = frame.locator(".scatterlayer .point").nth(1).bounding_box()  # page coordinates
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.wait_for_timeout(300)
    page.mouse.click(x, y)
    page.wait_for_function("() => document.body.innerText.includes('GM0344')", timeout=20000)
    points = _event(page)["selection"]["points"]
    assert len(points) == 1
    assert points[0]["customdata"] == "GM0344" and points[0]["point_index"] == 1
    assert (points[0]["x"], points[0]["y"]) == (2, 2)
    page.close()


@pytest.mark.browser
def test_map_is_drawn_in_the_frame_follows_the_width_and_a_click_gives_the_region(chart_server, browser,  # noqa
                                                                                   data):
    fig = registry.build("map", data, Filters()).fig
    page, frame = _open(browser, chart_server("map"))
    assert _event(page)["selection"]["points"] == []
    # its accessible name is its title as drawn (role figure), as st.plotly_chart gives it
    figure = frame.get_by_role("figure")
    assert figure.count() == 1
    drawn = " ".join(frame.locator(".gtitle").first.text_content().split())
    assert re.sub(r"\s", "", figure.get_attribute("aria-label")) == re.sub(r"\s", "", drawn) != ""
    # every trace of the figure is drawn: the class polygons, the hover grid and the 342 region markers
    assert frame.locator(".scatterlayer .trace").count() == len(fig.data) >= 7
    n_points = frame.locator("#chart").evaluate(
        "(gd) => gd._fullData.filter(t => t.meta === 'regions').reduce((n, t) => n + t._length, 0)")
    assert n_points == 342
    height = page.locator("iframe").first.bounding_box()["height"]
    assert abs(height - fig.layout.height) <= 2  # the figure's own height (layout.height) is the frame's height
    wide = _svg_width(frame)
    assert abs(wide - page.locator("iframe").first.bounding_box()["width"]) <= 2  # fills the frame
    page.set_viewport_size({"width": 390, "height": 1000})
    page.wait_for_timeout(1500)
    narrow = _svg_width(frame)
    assert abs(narrow - page.locator("iframe").first.bounding_box()["width"]) <= 2
    assert narrow < 390 < wide, (wide, narrow)
    # click Amsterdam's label point (where its marker sits) in the frame
    xy = frame.locator("#chart").evaluate("""(gd) => {
        const i = gd._fullData.findIndex(t => t.meta === 'regions' && Array.from(t.customdata).includes('GM0363'));
        const tr = gd._fullData[i]; const k = Array.from(tr.customdata).indexOf('GM0363');
        const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
        return [xa._offset + xa.d2p(tr.x[k]), ya._offset + ya.d2p(tr.y[k])];
    }""")
    box = page.locator("iframe").first.bounding_box()
    page.mouse.move(box["x"] + xy[0], box["y"] + xy[1])
    page.wait_for_timeout(300)
    page.mouse.click(box["x"] + xy[0], box["y"] + xy[1])
    page.wait_for_function("() => document.body.innerText.includes('\"customdata\": \"GM')", timeout=20000)
    assert _event(page)["selection"]["points"][0]["customdata"] == "GM0363"
    page.close()



@pytest.mark.browser
def test_a_chart_far_below_parses_the_bundle_only_when_scrolled_near(chart_server, browser):  # noqa: F811
    page, frame = _open(browser, chart_server("dots", second=True))
    page.wait_for_timeout(1500)
    iframes = page.locator("iframe")
    assert iframes.count() == 2
    first, second = (iframes.nth(i).element_handle().content_frame() for i in range(2))
    assert first.evaluate("() => typeof window.Plotly") == "object"
    assert first.query_selector(".js-plotly-plot .main-svg") is not None
    # the second frame has its figure but has not parsed plotly.js: the first chart did not wait for it
    assert second.evaluate("() => typeof window.Plotly") == "undefined"
    assert second.query_selector(".main-svg") is None
    iframes.nth(1).scroll_into_view_if_needed()
    second.wait_for_selector(".js-plotly-plot .main-svg", timeout=20000)
    assert second.evaluate("() => document.querySelectorAll('.scatterlayer .point').length") == 3
    # alt= is the accessible name (as st.plotly_chart's alt)
    assert second.get_by_role("figure").get_attribute("aria-label") == "Tweede grafiek"
    page.close()
