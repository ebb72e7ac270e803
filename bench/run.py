"""Benchmarks that print figures (never timed assertions in tests).

Usage::

    .venv/bin/python bench/run.py [--repeat 5] [--skip-browser]

Prints a table (median of repeated runs with min and max) and writes
``bench/results/bench-<timestamp>.json``. Measured:

* ``warmte build`` from the real sources (in-process, to a temp file);
* server-side render time of every page through AppTest, cold (first run of a
  fresh app: caches empty) and warm (rerun), for Nederland and Amsterdam;
* in Debian's Chromium against ``streamlit run``: time from navigation to the
  first drawn plotly chart on each page, and the same for a static HTML file
  with the same figure (the practical limit), and their ratio;
* peak memory (VmHWM) of the app server process;
* chart export, first and repeated PNG/SVG (``bench/export_bench.py``);
* the map figure sent to the browser for the national view (bytes of its JSON);
* with ``--stress``: the same build, page and map figures on the synthetic
  neighbourhood-scale dataset made by ``warmte stress`` (13,000 areas, 10
  years, 10,000 initiatives), generated into a temporary directory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

PAGES = ["pages/overview.py", "pages/map.py", "pages/initiatives.py", "pages/council.py",
         "pages/municipality.py", "pages/data.py"]
URLS = {"pages/overview.py": "", "pages/map.py": "kaart", "pages/initiatives.py": "initiatieven",
        "pages/council.py": "gemeenteraad", "pages/municipality.py": "gemeenteprofiel", "pages/data.py": None}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def bench_build(repeat: int, sources: Path | None = None) -> tuple[dict, Path]:
    from warmte.ingest.build import build

    out = Path(tempfile.mkdtemp()) / "bench.duckdb"
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        build(sources, out, say=lambda s: None)
        times.append(time.perf_counter() - t)
    return stats(times), out


def map_bytes(db: Path) -> dict:
    """Size of the national map figure's JSON (what st.plotly_chart sends), per level."""
    import plotly.io as pio

    from warmte import store
    from warmte.filters import Filters
    from warmte.views import registry

    data = store.load(db)
    out = {}
    for level in ("gemeente", "provincie", "res"):
        chart = registry.build("map", data, Filters(level=level))
        out[level] = len(pio.to_json(chart.fig, engine="orjson").encode())
    return out


def bench_pages(db: Path, repeat: int, regions: tuple[str, ...] = ("NL", "GM0363")) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["WARMTE_DB"] = str(db)
    results = {}
    for region in regions:
        for page in PAGES:
            cold, warm = [], []
            for _ in range(repeat):
                import streamlit as st

                st.cache_data.clear()
                st.cache_resource.clear()
                at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
                at.query_params["regio"] = region
                at.run()
                at.switch_page(page)
                t = time.perf_counter()
                at.run()
                cold.append(time.perf_counter() - t)
                t = time.perf_counter()
                at.run()
                warm.append(time.perf_counter() - t)
                if at.exception:
                    raise RuntimeError(f"{page} {region}: {at.exception[0].value}")
            results[f"{page}|{region}"] = {"cold": stats(cold), "warm": stats(warm)}
    return results


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_browser(db: Path, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    from warmte import figures, store
    from warmte.domain import progress
    from warmte.i18n import chart_labels
    from warmte.views import progress as progress_view

    port = _free_port()
    env = dict(os.environ, WARMTE_DB=str(db))
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port",
                             str(port), "--server.headless", "true"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/_stcore/health", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    # The static page: the overview's trajectory figure as a self-contained HTML file.
    data = store.load(db)
    s = progress_view.region_summary(data)
    series, _ = progress_view.region_series(data, "NL")
    traj = progress.trajectory(series, s.target_homes, s.year)
    fig = figures.trajectory_chart(traj, figures.ChartMeta(progress_view.projection(s, "nl"), "Bron: CBS"),
                                  chart_labels("nl"))
    static = Path(tempfile.mkdtemp()) / "static.html"
    fig.write_html(static, include_plotlyjs=True, full_html=True)
    results: dict = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page()
            page.goto(base + "/")  # warm-up (first session after start)
            page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60000)
            page.close()

            def first_chart(url: str) -> float:
                pg = browser.new_page(viewport={"width": 1300, "height": 1000})
                t = time.perf_counter()
                pg.goto(url)
                pg.wait_for_selector(".js-plotly-plot .main-svg", timeout=60000)
                elapsed = time.perf_counter() - t
                pg.close()
                return elapsed

            static_times = [first_chart(static.as_uri()) for _ in range(repeat)]
            results["static"] = stats(static_times)
            for page_name, path in URLS.items():
                if path is None:
                    continue
                for region in ("NL", "GM0363"):
                    url = f"{base}/{path}?regio={region}"
                    times = [first_chart(url) for _ in range(repeat)]
                    results[f"{page_name}|{region}"] = stats(times) | {
                        "ratio_to_static": statistics.median(times) / results["static"]["median"]}
            browser.close()
        results["server_peak_rss_mb"] = _vm_hwm_mb(proc.pid)
    finally:
        proc.terminate()
        proc.wait(10)
    return results


def print_pages(pages: dict, title: str = "page (AppTest, server side)") -> None:
    print(f"{title:40} {'cold median':>12} {'warm median':>12} {'warm max':>9}")
    for name, r in pages.items():
        print(f"{name:40} {r['cold']['median'] * 1000:10.0f} ms {r['warm']['median'] * 1000:10.0f} ms "
              f"{r['warm']['max'] * 1000:7.0f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--stress", action="store_true", help="also measure the synthetic neighbourhood-scale dataset")
    args = ap.parse_args()
    report = {"when": datetime.now(UTC).isoformat(timespec="seconds"),
              "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, Python "
                         f"{platform.python_version()}"}
    build, db = bench_build(args.repeat)
    report["build_s"] = build
    print(f"build from real sources      median {build['median']:.2f} s  (min {build['min']:.2f}, "
          f"max {build['max']:.2f})")
    pages = bench_pages(db, max(2, args.repeat // 2))
    report["pages_s"] = pages
    print_pages(pages)
    report["map_json_bytes"] = map_bytes(db)
    print("national map figure JSON: " + ", ".join(
        f"{k} {v / 1e6:.2f} MB" for k, v in report["map_json_bytes"].items()))
    if not args.skip_browser:
        br = bench_browser(db, args.repeat)
        report["browser_first_chart_s"] = br
        print(f"{'first chart in Chromium':40} {'median':>10} {'ratio to static':>16}")
        print(f"{'static HTML (same figure)':40} {br['static']['median'] * 1000:8.0f} ms")
        for name, r in br.items():
            if isinstance(r, dict) and "ratio_to_static" in r:
                print(f"{name:40} {r['median'] * 1000:8.0f} ms {r['ratio_to_static']:14.1f}x")
        print(f"app server peak memory (VmHWM): {br['server_peak_rss_mb']:.0f} MB")
    print("chart export (bench/export_bench.py):", flush=True)
    subprocess.run([sys.executable, str(REPO / "bench" / "export_bench.py"), "--db", str(db), "--rounds",
                    str(max(2, args.repeat // 2)), "--repeats", str(args.repeat)], check=False)
    if args.stress:
        from warmte.ingest.stress import generate

        sources = Path(tempfile.mkdtemp()) / "stress"
        t = time.perf_counter()
        generate(sources)
        report["stress_generate_s"] = time.perf_counter() - t
        sbuild, sdb = bench_build(max(1, args.repeat // 2), sources)
        report["stress_build_s"] = sbuild
        print(f"stress: generate {report['stress_generate_s']:.1f} s; build median {sbuild['median']:.1f} s "
              f"(min {sbuild['min']:.1f}, max {sbuild['max']:.1f})")
        spages = bench_pages(sdb, 2, regions=("NL", "GM00042"))
        report["stress_pages_s"] = spages
        print_pages(spages, "stress page (AppTest)")
        report["stress_map_json_bytes"] = map_bytes(sdb)
        print("stress national map figure JSON: " + ", ".join(
            f"{k} {v / 1e6:.2f} MB" for k, v in report["stress_map_json_bytes"].items()))
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"bench-{datetime.now():%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(report, indent=1))
    print(f"written {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
