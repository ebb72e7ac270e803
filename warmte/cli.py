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
    from warmte.ingest.build import BuildError, build
    from warmte.ingest.sources import SourceError

    try:
        build(args.sources, args.db, say=lambda s: print(s, file=sys.stderr, flush=True))
    except (SourceError, BuildError) as exc:
        _err(f"build failed, the database was not changed: {exc}")
        return EXIT_FAILED
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from warmte.ingest.fetch import FetchError, fetch

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
    from warmte.domain.regions import search_regions

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
    from warmte.views.common import UnknownRegionError, YearError
    from warmte.views.progress import region_summary

    data = _load(args)
    if data is None:
        return EXIT_FAILED
    try:
        result = region_summary(data, args.region, args.year, args.definition, args.target).to_dict()
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


def cmd_export(args: argparse.Namespace) -> int:
    """`warmte export charts|chart NAME|factsheet`: images, data and factsheets made outside the app."""
    from warmte.views import registry

    if args.what == "charts":
        for name, spec in registry.CHARTS.items():
            print(f"{name}\t{spec.page}")
        return 0
    from warmte import filters as flt
    from warmte.export import files, images
    from warmte.views.common import UnknownRegionError, YearError

    if args.what == "chart" and args.name not in registry.CHARTS:
        _err(f"unknown chart {args.name!r}; charts: {', '.join(registry.CHARTS)} (see `warmte export charts`)")
        return EXIT_INVALID
    data = _load(args)
    if data is None:
        return EXIT_FAILED
    region = args.region.strip().upper()
    if not data.has_region(region):
        _err(f"unknown region {args.region!r}: use NL, PVxx, ESxx or GMxxxx (find codes with `warmte regions "
             "--search NAME`)")
        return EXIT_INVALID
    f = flt.Filters(region=region, year=args.year, lang=args.lang, definition=args.definition, target=args.target,
                    **({"level": args.level, "indicator": args.indicator} if args.what == "chart" else {}))
    try:
        if args.what == "factsheet":
            from warmte.export.factsheet import FactsheetError, factsheet_pdf

            try:
                payload = factsheet_pdf(data, f)
            except FactsheetError as exc:
                _err(str(exc))
                return EXIT_FAILED
        else:
            chart = registry.build(args.name, data, f, with_permalink=True)
            if args.format == "csv":
                payload = files.table_csv(chart.table, f.lang)
            elif args.format == "zip":
                payload = files.bundle_zip(chart.fig, chart.table, chart.meta, registry.readme(data, chart),
                                            name=chart.name, width=args.width)
            else:
                payload = images.image_bytes(chart.fig, args.format, width=args.width, scale=args.scale)
    except (UnknownRegionError, YearError) as exc:
        _err(str(exc).strip("'\""))
        return EXIT_INVALID
    except images.ExportUnavailable as exc:
        _err(f"cannot make images: {exc}")
        return EXIT_FAILED
    try:
        with open(args.output, "wb") as fh:
            fh.write(payload)
    except OSError as exc:
        _err(f"cannot write {args.output}: {exc.strerror}")
        return EXIT_INVALID
    print(args.output)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from warmte.ingest.importer import ImportWriteError, InvalidImportFile, import_file

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    try:
        result = import_file(args.kind, args.file, args.db, dry_run=args.dry_run, say=say)
    except InvalidImportFile as exc:
        for w in exc.warnings:
            say(f"warning: {w}")
        n = len(exc.problems)
        _err(f"{args.file}: {n} problem{'s' if n != 1 else ''}; nothing was imported")
        for p in exc.problems:
            say(str(p))
        return EXIT_INVALID
    except ImportWriteError as exc:
        _err(f"import failed, the database was not changed: {exc}")
        return EXIT_FAILED
    for w in result.warnings:
        say(f"warning: {w}")
    verb = "would import" if result.dry_run else "imported"
    say(f"{result.file}: {verb} {result.rows} row(s) ({args.kind}, sha256 {result.sha256[:12]}...)")
    for line in result.changes:
        say(f"  {line}")
    if result.dry_run:
        say("dry run: nothing was written")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from warmte.ingest.importer import write_templates

    try:
        paths = write_templates(args.dir)
    except OSError as exc:
        _err(f"cannot write templates to {args.dir}: {exc.strerror or exc}")
        return EXIT_INVALID
    for path in paths:
        print(path)
    return 0


def cmd_stress(args: argparse.Namespace) -> int:
    """`warmte stress --dest DIR`: a synthetic neighbourhood-scale sources directory (issue 7)."""
    from warmte.ingest.stress import generate

    try:
        result = generate(args.dest, areas=args.areas, years=args.years, initiatives=args.initiatives,
                          seed=args.seed)
    except ValueError as exc:
        _err(str(exc))
        return EXIT_INVALID
    except RuntimeError as exc:
        _err(f"stress data failed: {exc}")
        return EXIT_FAILED
    except OSError as exc:
        _err(f"cannot write {args.dest}: {exc.strerror or exc}")
        return EXIT_INVALID
    print(f"{result.dest}: {result.areas} synthetic areas, {result.years} years, {result.initiatives} initiatives "
          f"({result.register_rows} register rows), seed {result.seed}; {result.bytes / 1e6:.1f} MB in "
          f"{result.seconds:.1f} s", file=sys.stderr)
    print(result.dest)
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="warmte", description="Warmtemonitor: data, numbers and exports.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the DuckDB database from the raw sources (atomic)")
    b.add_argument("--sources", help="sources directory (default: $WARMTE_SOURCES, data/raw/ when filled by "
                   "warmte fetch, else the data/snapshot/ shipped in the repository)")
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

    e = sub.add_parser("export", help="charts as PNG/SVG/CSV/ZIP and one-page PDF factsheets")
    esub = e.add_subparsers(dest="what", required=True)
    ec = esub.add_parser("charts", help="list the chart NAMEs (and their page)")
    ec.set_defaults(func=cmd_export)

    def view_args(q: argparse.ArgumentParser) -> None:
        q.add_argument("--region", required=True, help="NL, PVxx, ESxx or GMxxxx")
        q.add_argument("--year", type=int, default=None, help="observation year (default: the latest)")
        q.add_argument("--lang", choices=("nl", "en"), default="nl")
        q.add_argument("--definition", choices=model.DEFINITIONS, default=model.DEFAULT_DEFINITION)
        q.add_argument("--target", choices=model.TARGET_METHODS, default=model.DEFAULT_TARGET_METHOD)
        q.add_argument("-o", "--output", required=True, help="file to write")
        q.add_argument("--db")

    from warmte.filters import MAP_INDICATORS, MAP_LEVELS

    ech = esub.add_parser("chart", help="one chart as png, svg, csv or zip (png, svg, csv and README)")
    ech.add_argument("name", metavar="NAME", help="chart name (see `warmte export charts`)")
    view_args(ech)
    ech.add_argument("--format", choices=("png", "svg", "csv", "zip"), default="png")
    ech.add_argument("--level", choices=MAP_LEVELS, default="gemeente", help="map level")
    ech.add_argument("--indicator", choices=MAP_INDICATORS, default="gas_free_share", help="map indicator")
    ech.add_argument("--width", type=int, default=None, help="image width in pixels (default 1000)")
    ech.add_argument("--scale", type=float, default=1.0, help="PNG pixel scale (default 1)")
    ech.set_defaults(func=cmd_export)
    efs = esub.add_parser("factsheet", help="one-page PDF factsheet of a region")
    view_args(efs)
    efs.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="import initiatives or council indicators (CSV/XLSX), all or nothing")
    isub = imp.add_subparsers(dest="kind", required=True)
    for kind, text in (("initiatives", "initiative register: one row per phase change"),
                       ("council", "council indicators: one row per municipality and year")):
        q = isub.add_parser(kind, help=text)
        q.add_argument("file", metavar="FILE", help="CSV (comma or semicolon, UTF-8) or XLSX; see data/README.md")
        q.add_argument("--db", help=f"database path (default: $WARMTE_DB or {config.DEFAULT_DB})")
        q.add_argument("--dry-run", action="store_true", help="validate and report what would change; write nothing")
        q.set_defaults(func=cmd_import)

    t = sub.add_parser("templates", help="write CSV and XLSX templates of the import formats")
    t.add_argument("dir", metavar="DIR", help="folder to write the templates to")
    t.set_defaults(func=cmd_templates)

    st = sub.add_parser("stress", help="write a SYNTHETIC neighbourhood-scale sources directory (benchmarks)")
    st.add_argument("--dest", required=True, help="directory to write the synthetic sources to")
    st.add_argument("--areas", type=int, default=13_000, help="number of synthetic areas (default 13000)")
    st.add_argument("--years", type=int, default=10, help="years of national shares ending 2024 (default 10)")
    st.add_argument("--initiatives", type=int, default=10_000, help="initiatives in the register (default 10000)")
    st.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    st.set_defaults(func=cmd_stress)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
