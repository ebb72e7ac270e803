"""Load: N concurrent browser sessions clicking through every page and filter.

Usage::

    .venv/bin/python bench/load.py [--sessions 10] [--seconds 60] [--url http://127.0.0.1:PORT]

Without ``--url`` it starts ``streamlit run app.py`` on a free localhost port
(against ``$WARMTE_DB`` or data/warmte.duckdb). Each session is a separate
browser context in one headless Debian Chromium; it loops over the pages with
changing query parameters (region, level, indicator, language) until the time
is up. A "page completion" is navigation until Streamlit has finished running
and the page's heading (and chart, where the page has one) is drawn. Errors
are Streamlit exception elements, "Page not found" dialogs and timeouts.
Only localhost is ever contacted; the request loop is bounded in time.

Prints requests served (page completions and HTTP requests), errors and the
p50/p95 completion time; writes bench/results/load-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from first_visit import DRAWN_JS  # noqa: E402 - a chart drawn in the page or in a component's frame

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
ROUTE = [
    ("", "regio=NL", True),
    ("kaart", "niveau=gemeente&indicator=gas_free_share", True),
    ("initiatieven", "regio=PV27", True),
    ("gemeenteraad", "regio=ES05&lang=en", True),
    ("gemeenteprofiel", "regio=GM0363", True),
    ("kaart", "niveau=provincie&indicator=on_track&lang=en", True),
    ("gemeenteprofiel", "regio=GM1900&lang=en", True),
    ("data", "", False),
    ("kaart", "niveau=res&indicator=involvement_index", True),
    ("", "regio=GM0014&definitie=gas_free_or_hybrid", True),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port",
                             str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(base + "/_stcore/health", timeout=1)
            return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("streamlit did not start")


async def session(browser, base: str, index: int, stop_at: float, out: dict) -> None:
    context = await browser.new_context(viewport={"width": 1300, "height": 900})
    page = await context.new_page()
    page.on("request", lambda req: out.__setitem__("http_requests", out["http_requests"] + 1))
    step = index  # sessions start at different points of the route
    while time.monotonic() < stop_at:
        path, query, chart = ROUTE[step % len(ROUTE)]
        step += 1
        url = f"{base}/{path}" + (f"?{query}" if query else "")
        t = time.perf_counter()
        try:
            await page.goto(url, timeout=30000)
            await page.wait_for_selector("h1", timeout=30000)
            await page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30000)
            if chart:
                await page.wait_for_function(DRAWN_JS, timeout=30000)
            elapsed = time.perf_counter() - t
            if await page.locator('[data-testid="stException"]').count():
                out["errors"].append(f"{url}: exception element")
            elif await page.get_by_text("Page not found").count():
                out["errors"].append(f"{url}: page not found")
            else:
                out["times"].append(elapsed)
        except Exception as exc:  # timeouts and navigation errors count as errors
            out["errors"].append(f"{url}: {type(exc).__name__}: {str(exc)[:120]}")
    await context.close()


async def run(base: str, sessions: int, seconds: float) -> dict:
    from playwright.async_api import async_playwright

    out = {"times": [], "errors": [], "http_requests": 0}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        warm = await browser.new_page()  # first session after a start: streamlit/streamlit#9992
        await warm.goto(base + "/")
        await warm.wait_for_selector("h1", timeout=60000)
        await warm.close()
        stop_at = time.monotonic() + seconds
        await asyncio.gather(*(session(browser, base, i, stop_at, out) for i in range(sessions)))
        await browser.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description="Concurrent browser sessions against the served app.")
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--url", help="an app already running on localhost (default: start one)")
    args = ap.parse_args()
    if args.url and not args.url.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise SystemExit("--url must point to this machine (127.0.0.0/8, localhost or [::1])")
    proc, base = (None, args.url.rstrip("/")) if args.url else start_server()
    try:
        out = asyncio.run(run(base, args.sessions, args.seconds))
    finally:
        if proc:
            proc.terminate()
            proc.wait(10)
    times = sorted(out["times"])
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)] if times else float("nan")
    report = {"sessions": args.sessions, "seconds": args.seconds, "pages_completed": len(times),
              "http_requests": out["http_requests"], "errors": len(out["errors"]),
              "error_samples": out["errors"][:10],
              "p50_s": statistics.median(times) if times else None, "p95_s": p95}
    print(f"sessions {args.sessions}, {args.seconds:.0f} s: {len(times)} pages completed, "
          f"{out['http_requests']} HTTP requests, {len(out['errors'])} errors")
    if times:
        print(f"page completion p50 {report['p50_s']:.2f} s, p95 {p95:.2f} s")
    for e in out["errors"][:10]:
        print("  error:", e)
    results = REPO / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"load-{datetime.now():%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(report, indent=1))
    print(f"written {path}")
    return 0 if not out["errors"] else 1


if __name__ == "__main__":
    os.environ.setdefault("WARMTE_DB", str(REPO / "data" / "warmte.duckdb"))
    sys.exit(main())
