"""Chart headers fit a 390 px phone (issue 13 item 15): nothing cut at the edge, nothing drawn over anything else.

Every chart of the registry (the map is H3's and has its own test) is drawn by plotly in Chromium at the width
a chart has on a 390 px phone, in Dutch and English, with the demonstration layer (so with the illustrative
badge) and with a permalink (as exported). The boxes of the title, subtitle, legend, badge and source line are
measured in the drawn SVG: each lies inside the figure and no two overlap.
"""

from __future__ import annotations

import json
from pathlib import Path

import plotly
import pytest
from test_browser import browser  # noqa: F401 - the shared Chromium fixture

from warmte import filters as flt
from warmte.views import registry

pytestmark = pytest.mark.browser

CHARTS = [name for name in registry.CHARTS if name != "map"]
#: A chart on a 390 px phone: the viewport less Streamlit's 16 px padding on each side.
PHONE_WIDTH = 358

#: Boxes (x, y, width, height) of the header and footer texts of the drawn figure.
BOXES_JS = """() => {
  const svg = document.querySelector('svg.main-svg') ? document : null;
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; };
  const out = {};
  const title = document.querySelector('text.gtitle');
  if (title) out.title = box(title);
  const sub = document.querySelector('text.gtitle-subtitle');
  if (sub) out.subtitle = box(sub);
  const legend = document.querySelector('g.legend');
  if (legend) out.legend = box(legend);
  document.querySelectorAll('g.annotation').forEach((a, i) => {
    const text = a.textContent || '';
    const key = text.startsWith('Bron') || text.startsWith('Source') ? 'source'
      : /llustrat/.test(text) && text.length < 40 ? 'badge' : 'annotation' + i;
    out[key] = box(a.querySelector('g.annotation-text-g') || a);
  });
  const root = document.querySelector('svg.main-svg').getBoundingClientRect();
  out.figure = [root.left, root.top, root.width, root.height];
  return out;
}"""


def _overlap(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw - 1 and bx < ax + aw - 1 and ay < by + bh - 1 and by < ay + ah - 1


@pytest.fixture(scope="module")
def page(browser):  # noqa: F811 - the fixture imported above
    """One page with plotly.js (from the plotly package) loaded once."""
    p = browser.new_page(viewport={"width": 390, "height": 900})
    p.set_content('<html><body style="margin:0"><div id="chart"></div></body></html>')
    p.add_script_tag(path=str(Path(plotly.__file__).parent / "package_data" / "plotly.min.js"))
    yield p
    p.close()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("region", ["GM0363", "NL"])
@pytest.mark.parametrize("name", CHARTS)
def test_chart_header_fits_a_phone(demo_data, page, name, region, lang):
    chart = registry.build(name, demo_data, flt.Filters(region=region, lang=lang, demo=True), with_permalink=True)
    fig = json.loads(chart.fig.to_json())
    fig["layout"]["width"] = PHONE_WIDTH
    page.evaluate("""(f) => { const el = document.getElementById('chart'); Plotly.purge(el);
                               return Plotly.newPlot(el, f.data, f.layout, {staticPlot: true}); }""", fig)
    page.wait_for_selector("svg.main-svg text.gtitle")
    boxes = page.evaluate(BOXES_JS)
    width = boxes.pop("figure")[2]
    assert width == pytest.approx(PHONE_WIDTH, abs=1)
    assert "title" in boxes and "source" in boxes
    if chart.meta.illustrative:
        assert "badge" in boxes
    outside = {k: b for k, b in boxes.items() if b[0] < -0.5 or b[0] + b[2] > width + 0.5}
    assert outside == {}, f"cut at the edge at {width:.0f} px"
    header = [k for k in ("badge", "title", "subtitle", "legend", "source") if k in boxes]
    clashes = [(a, b) for i, a in enumerate(header) for b in header[i + 1:] if _overlap(boxes[a], boxes[b])]
    assert clashes == [], [(k, [round(v) for v in boxes[k]]) for k in header]
    # the order from the top: badge, title, subtitle, legend ... source at the bottom
    tops = [boxes[k][1] for k in header]
    assert tops == sorted(tops), dict(zip(header, tops, strict=True))
