"""Soak: does the server's memory grow under a steady load? (bench/wsload.py sessions, memory sampled.)

Usage::

    .venv/bin/python bench/soak.py [--sessions 20] [--seconds 600] [--think 2] [--every 10] [--regions 12]

Starts the production entry on a free localhost port (as bench/wsload.py does), warms it up (one visit of
every page, the national map included), then keeps ``--sessions`` websocket sessions rerunning pages with
changing filters for ``--seconds`` and samples the server's VmRSS every ``--every`` seconds. The sessions pick
from ``--regions`` regions (default 12): the app's caches are bounded (``max_entries`` in warmte/ui/loaders.py)
and fill within the first minute, so memory that still grows in the second half is a leak, not a cache. Prints the
timeline, the growth over the second half (least-squares slope, MB per minute, once the caches have filled)
and the memory after the sessions closed; writes bench/results/soak-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def slope_per_minute(samples: list[dict], key: str = "rss_mb") -> float:
    """Least-squares slope of ``key`` over ``t`` (seconds), in units per minute; 0 with fewer than 2 samples."""
    if len(samples) < 2:
        return 0.0
    ts = [s["t"] for s in samples]
    ys = [s[key] for s in samples]
    mean_t, mean_y = sum(ts) / len(ts), sum(ys) / len(ys)
    var = sum((t - mean_t) ** 2 for t in ts)
    if var == 0:
        return 0.0
    return 60 * sum((t - mean_t) * (y - mean_y) for t, y in zip(ts, ys, strict=True)) / var


def second_half(samples: list[dict]) -> list[dict]:
    """The samples from the middle of the run on (after the caches filled)."""
    if not samples:
        return []
    middle = samples[-1]["t"] / 2
    return [s for s in samples if s["t"] >= middle]


def main(argv: list[str] | None = None) -> int:
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    wsload = importlib.import_module("wsload")
    ap = argparse.ArgumentParser(description="Memory soak with the websocket load generator (localhost only).")
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=600.0)
    ap.add_argument("--think", type=float, default=2.0)
    ap.add_argument("--every", type=float, default=10.0, help="memory sample interval (s)")
    ap.add_argument("--regions", type=int, default=12,
                    help="regions the sessions pick from (0: all 385); a small set fills the bounded caches early, "
                         "so growth after that is not cache filling")
    ap.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                    help="environment of the server, e.g. MALLOC_ARENA_MAX=2")
    ap.add_argument("--db")
    args = ap.parse_args(argv)
    proc, url = wsload.start_server(args.db, extra_env=dict(e.split("=", 1) for e in args.env))
    try:
        result = asyncio.run(wsload.run_load(
            wsload.check_url(url), args.sessions, args.seconds, args.think, [proc.pid],
            sample_every=args.every, regions=args.regions,
            on_sample=lambda s: print(f"  t={s['t']:6.1f} s  rss {s['rss_mb']:7.1f} MB  peak {s['hwm_mb']:7.1f} MB  "
                                      f"reruns {s['runs']}", flush=True)))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    late = second_half(result.get("samples", []))
    result["growth_mb_per_min_second_half"] = round(slope_per_minute(late), 2)
    result["rss_second_half"] = [min(s["rss_mb"] for s in late), max(s["rss_mb"] for s in late)] if late else []
    result["env"] = args.env
    print(wsload.report(result) + (f"\n  server environment: {' '.join(args.env)}" if args.env else ""))
    print(f"second half: rss {result['rss_second_half']} MB, growth {result['growth_mb_per_min_second_half']} "
          f"MB/min (least squares)")
    print(f"wrote {wsload.save('soak', result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
