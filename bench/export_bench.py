"""Export speed: the first PNG/SVG export in a process (starts the export browser) vs repeated ones.

Usage::

    .venv/bin/python bench/export_bench.py [--rounds 5] [--repeats 5] [--charts trajectory,map] [--db PATH]

Each round starts from no export browser (as a fresh process would: ``images.stop_export_browser()``),
times the first export (browser start + render) and then ``--repeats`` further exports of the same
chart and format (render only, the browser kept alive). Prints, per chart and format, the median, min
and max of the first and of the repeated exports over all rounds and the ratio first / repeated
(medians); writes bench/results/export-<timestamp>.json. Offline: only the local browser is used.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from warmte import filters as flt  # noqa: E402
from warmte import store  # noqa: E402
from warmte.export import images  # noqa: E402
from warmte.views import registry  # noqa: E402


def stats(values: list[float]) -> dict:
    return {"median_s": statistics.median(values), "min_s": min(values), "max_s": max(values), "n": len(values)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=5, help="fresh starts of the export browser per chart/format")
    ap.add_argument("--repeats", type=int, default=5, help="repeated exports after each first one")
    ap.add_argument("--charts", default="trajectory,map", help="comma-separated chart NAMEs")
    ap.add_argument("--region", default="NL")
    ap.add_argument("--db", default=None)
    args = ap.parse_args(argv)

    reason = images.unavailable_reason()
    if reason:
        print(f"exports unavailable: {reason}", file=sys.stderr)
        return 1
    data = store.load(args.db)
    f = flt.Filters(region=args.region)
    results = []
    for name in args.charts.split(","):
        fig = registry.build(name, data, f, with_permalink=True).fig
        for fmt in images.IMAGE_FORMATS:
            first, repeated = [], []
            for _ in range(args.rounds):
                images.stop_export_browser()
                t0 = time.perf_counter()
                images.image_bytes(fig, fmt)
                first.append(time.perf_counter() - t0)
                for _ in range(args.repeats):
                    t0 = time.perf_counter()
                    images.image_bytes(fig, fmt)
                    repeated.append(time.perf_counter() - t0)
            row = {"chart": name, "format": fmt, "first": stats(first), "repeated": stats(repeated)}
            row["ratio_first_to_repeated"] = row["first"]["median_s"] / row["repeated"]["median_s"]
            results.append(row)
            print(f"{name:<12} {fmt}  first: median {row['first']['median_s']:.3f} s "
                  f"(min {row['first']['min_s']:.3f}, max {row['first']['max_s']:.3f}, n={len(first)})  "
                  f"repeated: median {row['repeated']['median_s']:.3f} s "
                  f"(min {row['repeated']['min_s']:.3f}, max {row['repeated']['max_s']:.3f}, n={len(repeated)})  "
                  f"ratio {row['ratio_first_to_repeated']:.1f}x", flush=True)
    images.stop_export_browser()
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"export-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"rounds": args.rounds, "repeats": args.repeats, "region": args.region,
                               "results": results}, indent=2), encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
