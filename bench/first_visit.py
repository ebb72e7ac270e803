"""First visit, first chart: what a first-time visitor waits for, and where the time goes (issue 14, item 1).

Usage::

    .venv/bin/python bench/first_visit.py [--repeat 5] [--modes st,partial] [--db data/warmte.duckdb]

For every sample a **fresh browser context** (empty HTTP cache, no cookies) of one Debian Chromium opens the
app served as the README says (``streamlit run warmte/ui/server.py`` with ``.streamlit/config.toml``), and
the time from navigation to the first drawn plotly chart (``.js-plotly-plot .main-svg``, in the page or in the
chart component's frame) is taken. The same context then opens the page a second time (warm cache). In the
same rounds, interleaved, a static HTML page with the same figure and the full plotly.js inline (the
practical limit) is opened in a fresh context too, and with ``plotly-basic`` (the partial bundle).

One server per chart renderer (``$WARMTE_CHART``: ``st`` = Streamlit's ``st.plotly_chart`` with its 4.7 MB
plotly chunk, ``partial`` = ``warmte.ui.chart``'s component with plotly.js's basic bundle). The breakdown comes
from the Performance API (resource timings of the page and of the component frame) and the websocket frames
(Streamlit's ForwardMsg protobuf), in ms after navigation start.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
CHART = ".js-plotly-plot .main-svg"
#: (label, url path and query) of the pages measured: the default page and the national map.
PAGES = [("overview NL", ""), ("map NL", "kaart"), ("overview Amsterdam", "?regio=GM0363")]
VIEWPORT = {"width": 1400, "height": 1000}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wired() -> bool:
    """Whether the app's chart card draws through ``warmte.ui.chart`` (else ``partial`` = ``st``)."""
    return "chart.plotly_chart" in (REPO / "warmte" / "ui" / "components.py").read_text() or \
        "chart_component" in (REPO / "warmte" / "ui" / "components.py").read_text()


def _vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start_server(db: Path, mode: str) -> tuple[subprocess.Popen, str]:
    """``streamlit run warmte/ui/server.py`` as the README runs it (settings from .streamlit/config.toml)."""
    port = _free_port()
    env = dict(os.environ, WARMTE_DB=str(db), WARMTE_CHART=mode)
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(REPO / "warmte" / "ui" / "server.py"),
                             "--server.port", str(port), "--server.address", "127.0.0.1"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/_stcore/health", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"server ({mode}) did not start")


def static_pages(db: Path) -> dict[str, Path]:
    """The overview's trajectory figure as self-contained HTML: full plotly.js, and the basic bundle."""
    from warmte import figures, store
    from warmte.domain import progress
    from warmte.i18n import chart_labels
    from warmte.views import progress as progress_view

    data = store.load(db)
    s = progress_view.region_summary(data)
    series, _ = progress_view.region_series(data, "NL")
    traj = progress.trajectory(series, s.target_homes, s.year)
    fig = figures.trajectory_chart(traj, figures.ChartMeta(progress_view.projection(s, "nl"), "Bron: CBS"),
                                  chart_labels("nl"))
    out = Path(tempfile.mkdtemp())
    full = out / "static.html"
    fig.write_html(full, include_plotlyjs=True, full_html=True)
    basic = out / "static-basic.html"
    bundle = REPO / "warmte" / "ui" / "chart" / "frontend" / "plotly-basic.min.js"
    fig.write_html(basic, include_plotlyjs=False, full_html=True)
    html = basic.read_text().replace("<head>", f"<head><script>{bundle.read_text()}</script>", 1)
    basic.write_text(html)
    return {"static full plotly.js": full, "static plotly-basic": basic}


#: A chart drawn in the page or in a (same-origin) component frame.
DRAWN_JS = f"""() => !!document.querySelector('{CHART}') || [...document.querySelectorAll('iframe')].some(
    f => {{ try {{ return !!f.contentDocument.querySelector('{CHART}'); }} catch (e) {{ return false; }} }})"""
_RESOURCES_JS = """() => performance.getEntriesByType('resource').map(e => ({name: e.name, start: e.startTime,
    end: e.responseEnd, size: e.encodedBodySize, transfer: e.transferSize}))"""


def _chart_frame(page):
    """The frame holding the drawn chart (the page, or the component's iframe), or None."""
    for frame in page.frames:
        try:
            if frame.query_selector(CHART):
                return frame
        except Exception:  # noqa: BLE001  (a frame detached while we looked)
            continue
    return None


def visit(context, url: str, detail: bool) -> dict:
    """Open ``url`` in a new page of ``context``; seconds to the first drawn chart, and the breakdown."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    page = context.new_page()
    frames: list[tuple[float, str]] = []

    def on_ws(ws) -> None:
        frames.append((time.perf_counter(), "ws open"))

        def received(payload) -> None:
            now = time.perf_counter()
            if isinstance(payload, str):
                return
            msg = ForwardMsg()
            try:
                msg.ParseFromString(payload)
            except Exception:  # noqa: BLE001
                return
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element.WhichOneof("type")
                if element in ("plotly_chart", "component_instance"):
                    kind = f"chart delta ({element}, {len(payload) / 1e3:.0f} kB)"
            frames.append((now, kind))
        ws.on("framereceived", received)

    if detail:
        page.on("websocket", on_ws)
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_function(DRAWN_JS, timeout=90000, polling="raf")
    frame = _chart_frame(page)
    elapsed = time.perf_counter() - t0
    out = {"s": elapsed}
    if detail:
        origin = page.evaluate("performance.timeOrigin")
        shift = frame.evaluate("performance.timeOrigin") - origin
        res = page.evaluate(_RESOURCES_JS)
        if frame is not page.main_frame:
            res += [dict(r, start=r["start"] + shift, end=r["end"] + shift, frame=True)
                    for r in frame.evaluate(_RESOURCES_JS)]
        nav = page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd")
        out["breakdown"] = breakdown(res, nav, frames, t0, elapsed)
    page.close()
    return out


def breakdown(res: list[dict], nav_end: float, frames: list[tuple[float, str]], t0: float,
              elapsed: float) -> dict:
    """Milestones in ms after navigation start (t0 ~ navigation start on the Python clock)."""
    ms = {"html": nav_end}
    js = [r for r in res if "/static/js/" in r["name"] or "/static/css/" in r["name"]]
    boot = [r for r in js if "PlotlyChart" not in r["name"]]
    if boot:
        ms["bootstrap js/css done"] = max(r["end"] for r in boot if r["start"] < 2 * nav_end + 1500) if any(
            r["start"] < 2 * nav_end + 1500 for r in boot) else max(r["end"] for r in boot)
        ms["bootstrap bytes"] = sum(r["size"] for r in boot)
    seen: set[str] = set()
    for when, kind in frames:
        for key, match in (("websocket open", "ws open"), ("new_session (script starts)", "new_session"),
                           ("chart delta sent", "chart delta"), ("script_finished", "script_finished")):
            if kind.startswith(match) and key not in seen:
                seen.add(key)
                ms[key] = (when - t0) * 1000
                if match == "chart delta":
                    ms["chart delta"] = kind
    chunk = [r for r in res if "PlotlyChart" in r["name"] or r["name"].endswith("plotly-basic.min.js")]
    if chunk:
        c = chunk[0]
        ms["plotly code requested"] = c["start"]
        ms["plotly code received"] = c["end"]
        ms["plotly code bytes"] = c["size"]
    iframe = [r for r in res if r.get("frame") is None and "/component/" in r["name"] and
              r["name"].split("?")[0].endswith("index.html")]
    if iframe:
        ms["component frame html"] = iframe[0]["end"]
    ms["chart drawn"] = elapsed * 1000
    if chunk:
        ms["parse + eval + draw after code"] = ms["chart drawn"] - ms["plotly code received"]
    return ms


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def run(db: Path, repeat: int, modes: list[str], pages=PAGES) -> dict:
    """Interleaved rounds: every round opens each static page and each (mode, page) in a fresh context."""
    from playwright.sync_api import sync_playwright

    servers = {mode: start_server(db, mode) for mode in modes}
    statics = static_pages(db)
    samples: dict[str, list[float]] = {}
    details: dict[str, dict] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for _, base in servers.values():  # first session after a start (streamlit#9992), caches filled
                ctx = browser.new_context(viewport=VIEWPORT)
                for _label, path in pages:
                    visit(ctx, f"{base}/{path}", False)
                ctx.close()
            for i in range(repeat):
                for label, path in statics.items():
                    ctx = browser.new_context(viewport=VIEWPORT)
                    samples.setdefault(label, []).append(visit(ctx, path.as_uri(), False)["s"])
                    ctx.close()
                for mode, (_, base) in servers.items():
                    for label, path in pages:
                        ctx = browser.new_context(viewport=VIEWPORT)
                        first = visit(ctx, f"{base}/{path}", True)
                        second = visit(ctx, f"{base}/{path}", True)
                        ctx.close()
                        samples.setdefault(f"{mode}|{label}|first", []).append(first["s"])
                        samples.setdefault(f"{mode}|{label}|second", []).append(second["s"])
                        if i == repeat // 2:  # the breakdown of a middle sample
                            details[f"{mode}|{label}|first"] = first["breakdown"]
                            details[f"{mode}|{label}|second"] = second["breakdown"]
            browser.close()
        peak = {mode: _vm_hwm_mb(proc.pid) for mode, (proc, _) in servers.items()}
    finally:
        for proc, _ in servers.values():
            proc.terminate()
            proc.wait(10)
    result = {k: stats(v) for k, v in samples.items()}
    limit = result["static full plotly.js"]["median"]
    for r in result.values():
        r["ratio_to_static"] = r["median"] / limit
    return {"times_s": result, "breakdown_ms": details, "load_average": os.getloadavg(), "wired": wired(),
            "repeat": repeat, "server_peak_rss_mb": peak}


def report(res: dict) -> None:
    print(f"first visit, first chart (fresh Chromium context; load average {res['load_average'][0]:.2f} "
          f"{res['load_average'][1]:.2f} {res['load_average'][2]:.2f}; median of {res['repeat']}, min-max)")
    if not res["wired"]:
        print("  note: warmte/ui/components.py does not draw through warmte.ui.chart yet: 'partial' = 'st'")
    print(f"  {'':44} {'median':>8} {'min-max':>13} {'x static':>9}")
    for name, r in res["times_s"].items():
        print(f"  {name:44} {r['median'] * 1000:6.0f} ms {r['min'] * 1000:5.0f}-{r['max'] * 1000:<5.0f} "
              f"{r['ratio_to_static']:8.2f}x")
    print("  where the time goes (ms after navigation start, one middle sample):")
    for name, b in res["breakdown_ms"].items():
        parts = [f"{k} {v:.0f}" if isinstance(v, float | int) and "bytes" not in k else
                 (f"{k} {v / 1e6:.2f} MB" if "bytes" in k else f"{v}") for k, v in b.items() if k != "chart delta"]
        print(f"    {name}: " + "; ".join(parts) + (f" [{b['chart delta']}]" if "chart delta" in b else ""))
    print("  app server peak memory (VmHWM): " + ", ".join(
        f"{mode} {mb:.0f} MB" for mode, mb in res["server_peak_rss_mb"].items()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--modes", default="st,partial")
    ap.add_argument("--db", type=Path, default=REPO / "data" / "warmte.duckdb")
    args = ap.parse_args()
    report(run(args.db, args.repeat, args.modes.split(",")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
