"""The ``warmte`` command.

Exit codes: 0 success; 1 a build, import, fetch or export failed, or the database
cannot be used (nothing was changed); 2 invalid input (arguments, region codes,
files). Every failure is one message naming what and where, never a traceback
(``WARMTE_DEBUG=1`` shows one). Text from files is printed with control characters
escaped; import warnings and problems are capped (``MAX_WARNINGS``, ``MAX_PROBLEMS``).

Environment: ``WARMTE_KEEP_BACKUPS`` (backups kept after an import, default 5),
``WARMTE_LOCK_WAIT`` (seconds a build or import waits for another one, default 5).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
import unicodedata

from warmte import config, model

EXIT_FAILED = 1
EXIT_INVALID = 2
#: Warnings and problems shown per import; the rest are counted ("... and N more").
MAX_WARNINGS = 20
MAX_PROBLEMS = 100


def clean(text: str) -> str:
    """``text`` with control and format characters escaped (``\\x1b``, ``\\u202e``), line breaks kept:
    text from a file never drives the terminal."""
    return "\n".join("".join(_escape(ch) for ch in line) for line in str(text).split("\n"))


def _escape(ch: str) -> str:
    if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _err(message: str) -> None:
    print(f"warmte: {clean(message)}", file=sys.stderr)


def _say(text: str) -> None:
    print(clean(text), file=sys.stderr, flush=True)


def _capped(lines: list, limit: int, what: str, prefix: str = "") -> None:
    for line in lines[:limit]:
        _say(f"{prefix}{line}")
    if len(lines) > limit:
        _say(f"... and {len(lines) - limit} more {what}")


def _database_unusable(args: argparse.Namespace, exc: BaseException) -> int:
    """A database that opens but does not hold what the command needs (a dropped column, an empty series)."""
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    _err(f"database {config.db_path(getattr(args, 'db', None))} cannot be used for `{args.command}`: "
         f"{type(exc).__name__}: {detail[:300]}; rebuild it with `warmte build`")
    return EXIT_FAILED


def cmd_build(args: argparse.Namespace) -> int:
    from warmte.ingest.build import BuildError, build
    from warmte.ingest.dbfile import WriteError, describe
    from warmte.ingest.sources import SourceError

    try:
        build(args.sources, args.db, say=_say)
    except (SourceError, BuildError, WriteError) as exc:
        _err(f"build failed, the database was not changed: {exc}")
        return EXIT_FAILED
    except OSError as exc:
        _err(f"build failed, the database was not changed: {describe(exc)}")
        return EXIT_FAILED
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    from warmte.ingest.fetch import FetchError, fetch

    try:
        paths = fetch(args.dest, timeout=args.timeout, progress=_say)
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
    except Exception as exc:  # noqa: BLE001 - a database that opens but does not hold what it should
        _database_unusable(args, exc)
        return None


def cmd_regions(args: argparse.Namespace) -> int:
    from warmte.domain.regions import search_regions

    data = _load(args)
    if data is None:
        return EXIT_FAILED
    try:
        regions = data.regions
        if args.level:
            regions = regions[regions["level"] == args.level]
        if args.search:
            regions = search_regions(regions, args.search)
        lines = ([regions.to_json(orient="records", force_ascii=False)] if args.json
                 else [f"{r.code}\t{r.level}\t{clean(r.name)}" for r in regions.itertuples()])
    except Exception as exc:  # noqa: BLE001 - any drift in the database file is reported, not raised
        return _database_unusable(args, exc)
    if not len(regions):
        _err("no region matches" + (f" {args.search!r}" if args.search else "")
             + (f" at level {args.level}" if args.level else ""))
        return EXIT_INVALID
    for line in lines:
        print(line)
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from warmte.views.common import UnknownRegionError, YearError
    from warmte.views.comparison import level_table
    from warmte.views.peers import peers_summary
    from warmte.views.plans import plans_against_task
    from warmte.views.plans import sentence as plans_sentence
    from warmte.views.progress import region_summary
    from warmte.views.questions import council_questions

    data = _load(args)
    if data is None:
        return EXIT_FAILED
    try:
        # Codes are case-insensitive (gm0363 is GM0363); a code with stray whitespace or a newline is refused,
        # as the hostile-input corpus requires, rather than guessed at.
        region = args.region.upper()
        result = region_summary(data, region, args.year, args.definition, args.target).to_dict()
        plans = plans_against_task(data, region, args.year, args.definition, args.target)
        result["plans"] = plans.to_dict()
        result["plans_sentence"] = plans_sentence(plans, data.region_name(region, args.lang), args.lang)
        result["questions"] = [q.to_dict() for q in council_questions(data, region, args.year, args.definition,
                                                                      args.target, args.lang)]
        if region.startswith("GM"):
            table = level_table(data, "gemeente", args.year, args.definition, args.target)
            result["peers"] = peers_summary(data, region, table, args.lang)
    except UnknownRegionError as exc:
        _err(str(exc).strip("'\""))
        return EXIT_INVALID
    except YearError as exc:
        _err(str(exc))
        return EXIT_INVALID
    except Exception as exc:  # noqa: BLE001 - any drift in the database file is reported, not raised
        return _database_unusable(args, exc)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        width = max(len(k) for k in result)
        for key, value in result.items():
            print(f"{key:<{width}}  {value}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """`warmte diff OLD NEW`: per region, the headline figures that differ between two builds."""
    from warmte.views.diff import diff_builds, render_text

    loaded = []
    for path in (args.old, args.new):
        data = _load(argparse.Namespace(db=path, command=args.command))
        if data is None:
            return EXIT_FAILED
        loaded.append(data)
    try:
        result = diff_builds(*loaded, lang=args.lang, definition=args.definition, target=args.target)
    except Exception as exc:  # noqa: BLE001 - any drift in either database file is reported, not raised
        _err(f"`diff` cannot compare {args.old} with {args.new}: {type(exc).__name__}: "
             f"{(str(exc).strip().splitlines() or [''])[0][:300]}; rebuild them with `warmte build`")
        return EXIT_FAILED
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(result, args.lang))
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
    try:
        known = data.has_region(region)
    except Exception as exc:  # noqa: BLE001 - any drift in the database file is reported, not raised
        return _database_unusable(args, exc)
    if not known:
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
    except ValueError as exc:
        if "width" in str(exc) or "scale" in str(exc):
            _err(str(exc))
            return EXIT_INVALID
        return _database_unusable(args, exc)
    except Exception as exc:  # noqa: BLE001 - any drift in the database file is reported, not raised
        return _database_unusable(args, exc)
    fmt = "pdf" if args.what == "factsheet" else args.format
    if not _valid_payload(payload, fmt):
        _err(f"the {fmt.upper()} made for {args.output} is not a valid {fmt.upper()} file "
             f"({len(payload)} bytes); nothing was written")
        return EXIT_FAILED
    if os.path.isdir(args.output):
        _err(f"cannot write {args.output}: it is a directory; give a file name")
        return EXIT_INVALID
    existed = os.path.lexists(args.output)
    try:
        with open(args.output, "wb") as fh:
            fh.write(payload)
        with open(args.output, "rb") as fh:
            written = fh.read()
    except OSError as exc:
        from warmte.ingest.dbfile import describe

        if not existed and os.path.isfile(args.output):
            with contextlib.suppress(OSError):
                os.unlink(args.output)  # no half-written file left behind (disk full)
        _err(f"cannot write {describe(exc, args.output)}")
        return EXIT_FAILED if exc.errno == errno.ENOSPC else EXIT_INVALID
    if written != payload:
        _err(f"{args.output}: what was written differs from what was made (disk full?)")
        return EXIT_FAILED
    print(args.output)
    return 0


def _valid_payload(payload: bytes, fmt: str) -> bool:
    """The magic bytes of what the export made, before anything is written or success reported."""
    from warmte.export import images

    if not payload:
        return False
    if fmt in ("png", "svg"):
        return images.is_image(payload, fmt)
    if fmt == "pdf":
        return payload.startswith(b"%PDF-")
    if fmt == "zip":
        return payload.startswith(b"PK\x03\x04")
    return True


def cmd_import(args: argparse.Namespace) -> int:
    from warmte.ingest.dbfile import WriteError, describe
    from warmte.ingest.importer import ImportWriteError, InvalidImportFile, import_file

    say = _say
    try:
        result = import_file(args.kind, args.file, args.db, dry_run=args.dry_run, say=say)
    except InvalidImportFile as exc:
        _capped(exc.warnings, MAX_WARNINGS, "warnings", "warning: ")
        n = len(exc.problems)
        _err(f"{args.file}: {n} problem{'s' if n != 1 else ''}; nothing was imported")
        _capped(exc.problems, MAX_PROBLEMS, "problems")
        return EXIT_INVALID
    except ImportWriteError as exc:
        _err(f"import failed, the database was not changed: {exc}")
        return EXIT_FAILED
    except WriteError as exc:
        _err(f"import failed, the database was not changed: {exc}")
        return EXIT_FAILED
    except OSError as exc:
        _err(f"import failed, the database was not changed: {describe(exc)}")
        return EXIT_FAILED
    _capped(result.warnings, MAX_WARNINGS, "warnings", "warning: ")
    verb = "would import" if result.dry_run else "imported"
    say(f"{result.file}: {verb} {result.rows} row(s) ({args.kind}, sha256 {result.sha256[:12]}...)")
    _capped(result.changes, MAX_PROBLEMS, "changes", "  ")
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
    s.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of the sentences and questions")
    s.add_argument("--json", action="store_true")
    s.add_argument("--db")
    s.set_defaults(func=cmd_summary)

    d = sub.add_parser("diff", help="what changed per region between two builds (gas-free share, district "
                       "heating, pipeline, TVW status)")
    d.add_argument("old", metavar="OLD", help="the earlier database file (.duckdb)")
    d.add_argument("new", metavar="NEW", help="the later database file (.duckdb)")
    d.add_argument("--lang", choices=("nl", "en"), default="nl")
    d.add_argument("--definition", choices=model.DEFINITIONS, default=model.DEFAULT_DEFINITION)
    d.add_argument("--target", choices=model.TARGET_METHODS, default=model.DEFAULT_TARGET_METHOD)
    d.add_argument("--json", action="store_true")
    d.set_defaults(func=cmd_diff)

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
    ech.add_argument("--width", type=_width, default=None, help="image width in pixels, 200..4000 (default 1000)")
    ech.add_argument("--scale", type=_scale, default=1.0, help="PNG pixel scale, 0.5..4 (default 1)")
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


def _width(text: str) -> int:
    from warmte.export.images import check_width

    try:
        return check_width(int(text) if text.strip().lstrip("+-").isdigit() else text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _scale(text: str) -> float:
    from warmte.export.images import check_scale

    try:
        return check_scale(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def main(argv: list[str] | None = None) -> int:
    """Run the command; every failure ends as a message and exit 1 or 2, never a traceback
    (set ``WARMTE_DEBUG=1`` to see one)."""
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        # `warmte regions | head -1`: the reader has gone; say nothing more and exit quietly.
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        _err("interrupted; nothing was changed")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a message, not a traceback
        if os.environ.get("WARMTE_DEBUG"):
            raise
        if isinstance(exc, OSError):
            from warmte.ingest.dbfile import describe

            _err(f"{args.command} failed: {describe(exc)}")
        else:
            detail = (str(exc).strip().splitlines() or [""])[0][:300]
            _err(f"{args.command} failed: {type(exc).__name__}: {detail} (WARMTE_DEBUG=1 shows the details)")
        return EXIT_FAILED


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so that flushing it at exit raises no second BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":
    sys.exit(main())
