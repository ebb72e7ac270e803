"""Benchmarks that print figures (never timed assertions in tests).

Usage::

    .venv/bin/python bench/run.py [--repeat 5] [--skip-browser] [--modes st,partial] [--stress]

Prints a table (median of repeated runs with min and max) and writes
``bench/results/bench-<timestamp>.json``. Measured:

* ``warmte build`` from the real sources (in-process, to a temp file);
* server-side render time of every page through AppTest, cold (first run of a
  fresh app: caches empty) and warm (rerun), for Nederland and Amsterdam;
* first visit, first chart (``bench/first_visit.py``): a fresh Chromium context
  (empty cache) per sample against ``streamlit run warmte/ui/server.py`` as the
  README runs it, time from navigation to the first drawn plotly chart, a
  warm-cache second visit, a static HTML page with the same figure in the same
  rounds (the practical limit) and the ratio, for each chart renderer
  (``--modes st,partial``: ``st.plotly_chart`` or ``warmte.ui.chart``'s partial
  bundle); where the time goes (resource timings, websocket messages); the app
  server's peak memory (VmHWM);
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
import statistics
import subprocess
import sys
import tempfile
import time
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


def bench_browser(db: Path, repeat: int, modes: list[str]) -> dict:
    """First visit, first chart, as a first-time visitor sees it (``bench/first_visit.py``)."""
    sys.path.insert(0, str(REPO / "bench"))
    import first_visit

    return first_visit.run(db, repeat, modes)


def print_pages(pages: dict, title: str = "page (AppTest, server side)") -> None:
    print(f"{title:40} {'cold median':>12} {'warm median':>12} {'warm max':>9}")
    for name, r in pages.items():
        print(f"{name:40} {r['cold']['median'] * 1000:10.0f} ms {r['warm']['median'] * 1000:10.0f} ms "
              f"{r['warm']['max'] * 1000:7.0f} ms")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--skip-browser", action="store_true")
    ap.add_argument("--modes", default="st,partial",
                    help="chart renderers to serve side by side ($WARMTE_CHART): st, partial")
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
        import first_visit

        br = bench_browser(db, args.repeat, args.modes.split(","))
        report["first_visit"] = br
        first_visit.report(br)
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
