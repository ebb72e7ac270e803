"""The ``warmte`` command.

Exit codes: 0 success; 1 a build or fetch failed (nothing was changed);
2 invalid input (arguments, region codes, files).
"""

from __future__ import annotations

import argparse
import json
import sys

from warmte import config, model

EXIT_FAILED = 1
EXIT_INVALID = 2


def _err(message: str) -> None:
    print(f"warmte: {message}", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    from warmte.build import BuildError, build
    from warmte.sources import SourceError

    try:
        build(args.sources, args.db, say=lambda s: print(s, file=sys.stderr, flush=True))
    except (SourceError, BuildError) as exc:
        _err(f"build failed, the database was not changed: {exc}")
        return EXIT_FAILED
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from warmte.fetch import FetchError, fetch

    try:
        paths = fetch(args.dest, timeout=args.timeout, progress=lambda s: print(s, file=sys.stderr, flush=True))
    except FetchError as exc:
        _err(f"fetch failed: {exc}")
        return EXIT_FAILED
    for p in paths:
        print(p)
    return 0


def _load(args: argparse.Namespace):
    from warmte.store import DatabaseError, load

    try:
        return load(args.db)
    except DatabaseError as exc:
        _err(str(exc))
        return None


def cmd_regions(args: argparse.Namespace) -> int:
    from warmte.regions import search_regions

    data = _load(args)
    if data is None:
        return EXIT_FAILED
    regions = data.regions
    if args.level:
        regions = regions[regions["level"] == args.level]
    if args.search:
        regions = search_regions(regions, args.search)
    if args.json:
        print(regions.to_json(orient="records", force_ascii=False))
    else:
        for r in regions.itertuples():
            print(f"{r.code}\t{r.level}\t{r.name}")
    return 0 if len(regions) else EXIT_INVALID


def cmd_summary(args: argparse.Namespace) -> int:
    from warmte.indicators import UnknownRegionError, YearError, summary

    data = _load(args)
    if data is None:
        return EXIT_FAILED
    try:
        result = summary(data, args.region, args.year, args.definition, args.target)
    except UnknownRegionError as exc:
        _err(str(exc).strip("'\""))
        return EXIT_INVALID
    except YearError as exc:
        _err(str(exc))
        return EXIT_INVALID
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        width = max(len(k) for k in result)
        for key, value in result.items():
            print(f"{key:<{width}}  {value}")
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="warmte", description="Warmtemonitor: data, numbers and exports.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the DuckDB database from the raw sources (atomic)")
    b.add_argument("--sources", help="sources directory (default: $WARMTE_SOURCES, data/raw/, ../shared/data/)")
    b.add_argument("--db", help=f"database path (default: $WARMTE_DB or {config.DEFAULT_DB})")
    b.set_defaults(func=cmd_build)

    f = sub.add_parser("fetch", help="download the official raw files with provenance sidecars")
    f.add_argument("--dest", default=str(config.RAW_DIR), help="destination directory (default: data/raw)")
    f.add_argument("--timeout", type=float, default=20.0, help="read timeout per request in seconds")
    f.set_defaults(func=cmd_fetch)

    r = sub.add_parser("regions", help="list or search region codes (NL, PVxx, ESxx, GMxxxx)")
    r.add_argument("--search", help="text in the name or code, accents and case ignored")
    r.add_argument("--level", choices=model.LEVELS)
    r.add_argument("--json", action="store_true")
    r.add_argument("--db")
    r.set_defaults(func=cmd_regions)

    s = sub.add_parser("summary", help="progress toward the 2030 target for one region and year")
    s.add_argument("--region", default=model.NATIONAL_CODE, help="NL, PVxx, ESxx or GMxxxx (default NL)")
    s.add_argument("--year", type=int, default=None, help="observation year (default: the latest)")
    s.add_argument("--definition", choices=model.DEFINITIONS, default=model.DEFAULT_DEFINITION)
    s.add_argument("--target", choices=model.TARGET_METHODS, default=model.DEFAULT_TARGET_METHOD,
                   help="pro_rata: share of 1.5 million by housing stock; own_stock: 20%% of own stock")
    s.add_argument("--json", action="store_true")
    s.add_argument("--db")
    s.set_defaults(func=cmd_summary)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
