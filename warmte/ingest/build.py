"""Raw source files -> DuckDB database, atomically.

The build reads every source (``warmte.ingest.sources``), generates the illustrative
layer where no open data exists, writes everything to a temporary database
next to the target, runs the checks in ``sql/checks/`` and only then renames
the temporary file over the target. Any failure leaves the previous database
byte-identical.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from warmte import __version__, config, model
from warmte.ingest import dbfile, fetch, importer
from warmte.ingest.checks import run_checks
from warmte.ingest.sources import (
    SourceError,
    SourceFile,
    cbs,
    etlocal,
    facts,
    first_present,
    geo,
    illustrative,
    registry,
    res,
    warmteatlas,
)
from warmte.ingest.sources import energy as energy_source

SQL_DIR = Path(__file__).parent / "sql"
CC_BY = "CC BY 4.0"
#: The source row of the CBS energy figures per municipality (gas-free 2024, stock 2025, district heating, gas).
ENERGY_SOURCE = "cbs_kwb2025_energie2024"
GENERATOR = "Warmtemonitor (gegenereerd / generated)"


class BuildError(RuntimeError):
    """The build failed; the message names the file, row or check."""


@dataclass
class BuildResult:
    db: Path
    seconds: float
    counts: dict[str, int]


def _provenance(f: SourceFile) -> dict:
    """The fetch sidecar of a raw file (empty without one), verified against the file."""
    try:
        fetch.verify(f.path)
        return fetch.read_provenance(f.path) or {}
    except fetch.FetchError as exc:
        raise SourceError(f"{f.relative}: {exc}") from exc


def _source_row(root: Path, source_id: str, publisher: str, title: str, url: str | None, licence: str | None,
                kind: str, f: SourceFile | None = None, rows: int | None = None, notes: str | None = None,
                retrieved: str | None = None, reference_date: str | None = None) -> dict:
    meta = _provenance(f) if f is not None else {}
    return {
        "source_id": source_id, "publisher": publisher, "title": title,
        "url": meta.get("url") or url, "licence": meta.get("licence") or licence, "kind": kind,
        "retrieved": (meta.get("retrieved_at") or "")[:10] or retrieved,
        "file": f.relative if f is not None else None, "sha256": f.sha256 if f is not None else None,
        "row_count": rows, "notes": notes,
        "reference_date": meta.get("reference_date") or reference_date,
    }


SIDECAR_GLOB = "*.provenance.json"


def verify_sidecars(root: Path) -> int:
    """Check every file that has a provenance sidecar under ``root`` against its recorded sha256.

    Covers the snapshot shipped in the repository and files from ``warmte fetch``, also those the build reads
    only in part. Raises SourceError naming the file; returns the number of files checked.
    """
    checked = 0
    for side in sorted(root.rglob(SIDECAR_GLOB)):
        relative = str(side.relative_to(root))[: -len(".provenance.json")]
        path = root / relative
        if not path.is_file():
            raise SourceError(f"{relative}: missing, but its provenance record {side.name} exists")
        _provenance(SourceFile(path, relative))
        checked += 1
    return checked


class _Steps:
    """Progress on the terminal: one line per step with its duration."""

    def __init__(self, total: int, say: Callable[[str], None]):
        self.total, self.n, self.say = total, 0, say
        self.t0 = self.t = time.perf_counter()

    def __call__(self, text: str) -> None:
        now = time.perf_counter()
        if self.n:
            self.say(f"      {now - self.t:5.2f} s")
        self.n += 1
        self.t = now
        self.say(f"[{self.n}/{self.total}] {text}")

    def done(self) -> float:
        now = time.perf_counter()
        self.say(f"      {now - self.t:5.2f} s")
        return now - self.t0


def read_sources(root: Path, steps: Callable[[str], None]) -> dict[str, pd.DataFrame]:
    """Read and cross-check every source; returns the tables to write."""
    if not root.is_dir():
        raise SourceError(f"sources directory {root} does not exist")
    verify_sidecars(root)
    sources: list[dict] = []

    steps("Grenzen en provincies lezen / reading boundaries (CBS/PDOK)")
    g = geo.load(root)
    gm_file, pv_file = g["files"]
    gm = g["municipalities"]
    sources.append(_source_row(
        root, "pdok_gemeente_2025", "CBS/PDOK (Kadaster), gegeneraliseerd via cartomap/nl",
        "Gemeentegrenzen 2025 (CBS Gebiedsindelingen)", "https://cartomap.github.io/nl/wgs84/gemeente_2025.topojson",
        CC_BY, "official", gm_file, len(gm), "simplified at build time with GEOS coverage simplification"))
    sources.append(_source_row(
        root, "pdok_provincie_2025", "CBS/PDOK (Kadaster), gegeneraliseerd via cartomap/nl",
        "Provinciegrenzen 2025 (CBS Gebiedsindelingen)", "https://cartomap.github.io/nl/wgs84/provincie_2025.topojson",
        CC_BY, "official", pv_file, len(g["provinces"]),
        "municipality-to-province derived at build time: representative point of each municipality in the "
        "province polygons"))

    steps("Woningvoorraad en inwoners lezen / reading housing stock (CBS 85984NED)")
    stock, stock_file = cbs.load_stock(root)
    sources.append(_source_row(
        root, "cbs_85984ned", "CBS", "Kerncijfers wijken en buurten 2024 (85984NED)",
        "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/85984NED", CC_BY, "official", stock_file, len(stock),
        "homes and inhabitants on 1 January 2024", cbs.table_modified(root)))

    res_map, res_file = res.load(root)
    sources.append(_source_row(
        root, "res_mapping", "CBS", "Gebieden in Nederland 2023: gemeente, provincie en RES-regio", None, CC_BY,
        "official", res_file, len(res_map),
        "ES01-ES30 membership cross-checked against ETLocal and the NEON sheet (0 mismatches); province codes "
        "checked against the boundaries at build time; spaces the export lost in 9 region names restored",
        reference_date="2023"))

    steps("Codes controleren / cross-checking codes")
    geo_codes, stock_codes, res_codes = set(gm["code"]), set(stock["code"]), set(res_map["code"])
    for _name, codes, rel in ((stock_file.relative, stock_codes, stock_file.relative), (res_file.relative, res_codes,
                             res_file.relative)):
        missing = sorted(geo_codes - codes)
        extra = sorted(codes - geo_codes)
        problems = []
        if extra:
            problems.append(f"unknown municipality codes (not in {gm_file.relative}): {extra[:10]}")
        if missing:
            problems.append(f"municipalities missing (present in {gm_file.relative}): {missing[:10]}")
        if problems:
            raise SourceError(f"{rel}: " + "; ".join(problems))
    province_of = gm.set_index("code")["province_code"]
    for i, row in res_map.iterrows():
        if row["province_code"] != province_of[row["code"]]:
            raise SourceError(f"{res_file.relative}: row {i + 2} ({row['code']}): province {row['province_code']} "
                              f"but the boundaries place it in {province_of[row['code']]}")
    muni = (gm[["code", "name", "province_code"]]
            .merge(res_map[["code", "res_code"]], on="code")
            .merge(stock, on="code"))
    muni["source_id"] = "cbs_85984ned"
    muni["province_source_id"] = "pdok_provincie_2025"
    muni["res_source_id"] = "res_mapping"
    provinces = g["provinces"].assign(source_id="pdok_provincie_2025")
    res_regions = (res_map.drop_duplicates("res_code")[["res_code", "res_name"]]
                   .rename(columns={"res_code": "code", "res_name": "name"})
                   .sort_values("code").assign(source_id="res_mapping"))

    steps("Kaartgeometrie per niveau / map geometry per level")
    geoms = gm.geometry.values
    geometry_rows = [("gemeente", c, n, geo.to_geojson(s), "pdok_gemeente_2025")
                     for c, n, s in zip(gm["code"], gm["name"], geoms, strict=False)]
    pv_names = dict(zip(provinces["code"], provinces["name"], strict=False))
    for code, shape in geo.dissolve(geoms, gm["province_code"]).items():
        geometry_rows.append(("provincie", code, pv_names[code], geo.to_geojson(shape), "pdok_gemeente_2025"))
    res_names = dict(zip(res_regions["code"], res_regions["name"], strict=False))
    res_of = muni.set_index("code")["res_code"].reindex(gm["code"]).to_numpy()
    for code, shape in geo.dissolve(geoms, res_of).items():
        geometry_rows.append(("res", code, res_names[code], geo.to_geojson(shape), "pdok_gemeente_2025"))
    geometry = pd.DataFrame(geometry_rows, columns=["level", "code", "name", "geojson", "source_id"])

    steps("Nationale feiten / national facts")
    fact_rows, facts_file = facts.load(root)
    sources.append(_source_row(
        root, "facts_national", "Diverse (CBS, BZK, HIER, ...), verzameld door Warmtemonitor",
        "Nationale feiten warmtetransitie (feitenlijst met bron per regel)", None, None, "compiled", facts_file,
        len(fact_rows), "each row names its original publisher and URL"))
    supplement, supplement_file = facts.load_supplement(root)
    sources.append(_source_row(
        root, "facts_initiatives", "HIER (Lokale Energie Monitor) via Stadszaken, hier.nu, Warmtenetwerk, NPLW",
        "Aanvulling nationale feiten: energiecoöperaties en warmte-initiatieven", None, None, "compiled",
        supplement_file, len(supplement), "each row names its original publisher and URL"))
    fact_table = pd.concat([fact_rows.assign(source_id="facts_national"),
                            supplement.assign(source_id="facts_initiatives")], ignore_index=True)
    fact_table.insert(0, "fact_id", range(1, len(fact_table) + 1))
    # The CBS years the real facts must hold; synthetic stress data (five-digit codes) chooses its own years.
    national = facts.national_series(fact_rows, int(stock["housing_stock"].sum()),
                                     facts.REQUIRED_YEARS if geo.real_codes(gm["code"]) else ())
    national = national.assign(gas_free_kind="compiled",
                               hybrid_kind=national["hybrid_share"].map(lambda v: None if pd.isna(v) else "compiled"),
                               source_id="facts_national")

    steps("Woningen per gemeente per jaar / housing per municipality per year")
    real_heating: dict[int, pd.Series] = {}
    for rel in cbs.find_heating(root):
        heat, heat_file, year = cbs.load_heating(root, rel, geo_codes)
        if year not in set(national["year"]):
            raise SourceError(f"{rel}: year {year} is not in the national series {sorted(national['year'])}")
        real_heating[year] = heat.set_index("code")["gas_free_share"]
        sources.append(_source_row(
            root, f"pdok_wijkenbuurten_{year}", "CBS/PDOK", f"CBS Wijken en Buurten {year}: aardgasvrije woningen",
            "https://service.pdok.nl/cbs/wijkenbuurten", CC_BY, "official", heat_file, len(heat)))
    energy, energy_file = energy_source.load_kwb(root, geo_codes)
    sources.append(_source_row(
        root, ENERGY_SOURCE, "CBS", "Kerncijfers wijken en buurten 2024 en 2025 (85984NED, 86165NED); "
        "Energieverbruik particuliere woningen 2024 (86333NED)", None, CC_BY, "official", energy_file, len(energy),
        "via a third-party transcription (klaasystems-website); gas-free and solar shares in whole percents; "
        "district heating published for 61 municipalities", reference_date="2024"))
    if energy_source.KWB_YEAR not in real_heating:
        real_heating[energy_source.KWB_YEAR] = energy.set_index("code")["gas_free_share"]
    muni = muni.merge(energy[["code", "housing_stock_2025"]], on="code")
    muni["stock_2025_source_id"] = ENERGY_SOURCE
    municipal_energy = energy.drop(columns=["housing_stock_2025"]).rename(columns={"code": "municipality_code"})
    municipal_energy = municipal_energy.assign(year=energy_source.KWB_YEAR, source_id=ENERGY_SOURCE)
    mix, mix_file = energy_source.load_heating_mix(root, geo_codes)
    sources.append(_source_row(
        root, "cbs_maatwerk_heating", "CBS", "Hoofdverwarmingsinstallaties woningen 2022-2024 (maatwerk)", None,
        CC_BY, "official", mix_file, len(mix),
        "shares of homes per main heating installation; n.a. = suppressed by CBS; three columns (electric without "
        "gas, total without gas, unknown) are missing from the copy", reference_date="2022/2024"))
    heating_mix = mix.rename(columns={"code": "municipality_code"}).assign(source_id="cbs_maatwerk_heating")
    housing = illustrative.housing(muni, national, config.ILLUSTRATIVE_SEED, real_heating)
    sources.append(_source_row(
        root, "illustrative_housing", GENERATOR,
        "Illustratieve schatting aardgasvrije en hybride woningen per gemeente", None, None, "illustrative", None,
        len(housing),
        f"seed {config.ILLUSTRATIVE_SEED}; national totals equal the CBS shares times the stock; spread by "
        "density, anchored on municipal facts; stocks before 2024 pro rata of the national stock"))
    housing["stock_source_id"] = housing["stock_kind"].map(
        {"official": "cbs_85984ned", "illustrative": "illustrative_housing"})
    pdok_years = {int(r["source_id"].rsplit("_", 1)[1]) for r in sources
                  if r["source_id"].startswith("pdok_wijkenbuurten_")}
    housing["gas_free_source_id"] = [
        ("illustrative_housing" if k != "official"
         else f"pdok_wijkenbuurten_{y}" if y in pdok_years else ENERGY_SOURCE)
        for y, k in zip(housing["year"], housing["gas_free_kind"], strict=False)]
    housing["hybrid_source_id"] = housing["hybrid_kind"].map(lambda k: None if pd.isna(k) else "illustrative_housing")

    steps("Initiatieven, proeftuinen en gemeenteraden / initiatives, PAW and councils")
    named, (named_file, named_extra_file) = registry.load_initiatives(root, geo_codes)
    sources.append(_source_row(
        root, "initiatives_named", "HIER opgewekt, NPLW, lokale media (verzameld)",
        "Lokale warmte-initiatieven (gedeeltelijk, benoemd)", None, None, "compiled", named_file,
        int((named["list_file"] == named_file.relative).sum()),
        "real initiatives; phase unknown unless the source states it"))
    sources.append(_source_row(
        root, "initiatives_supplement", "HIER opgewekt, Stichting Warmtenetwerk, HIER LEM 2022 (verzameld)",
        "Lokale warmte-initiatieven, aanvulling (status volgens bron)", None, None, "compiled", named_extra_file,
        int((named["list_file"] == named_extra_file.relative).sum()),
        "real initiatives with the status and date as the source gives them; six named by their place"))
    named["source_id"] = named["list_file"].map({named_file.relative: "initiatives_named",
                                                 named_extra_file.relative: "initiatives_supplement"})
    paw, paw_file = registry.load_paw(root, geo_codes)
    sources.append(_source_row(
        root, "paw_partial", "BZK / Programma Aardgasvrije Wijken (verzameld)", "PAW-proeftuinen (gedeeltelijk)",
        "https://www.aardgasvrijewijken.nl", None, "compiled", paw_file, len(paw),
        "rounds 1 and 3 partially; round 2 missing"))
    paw, paw_round1_file = registry.merge_paw_round1(paw, root, geo_codes)
    sources.append(_source_row(
        root, "paw_round1_initiatives", "HIER opgewekt (op basis van Rijksoverheid)",
        "PAW-proeftuinen ronde 1 met een lokaal initiatief", registry.PAW_ROUND1_URL, None, "compiled",
        paw_round1_file, 9, "9 of the 27 round-1 proeftuinen: those with a local energy initiative",
        reference_date="2018"))
    paw["source_id"] = "paw_partial"

    named_rows = named.drop(columns=["list_file", "involved_in", "municipality_name"]).assign(
        municipal_role=None, homes_planned=None, volunteers=None, professional_support=None, data_kind="compiled")
    named_phases = []
    for _, r in named.iterrows():
        if r["name"] in registry.KNOWN_PHASES:
            phase, start, _evidence = registry.KNOWN_PHASES[r["name"]]
            named_phases.append({"initiative_id": r["initiative_id"], "phase": phase,
                                 "start_date": pd.Timestamp(start).date(), "end_date": None})
    register = read_register(root, muni, housing, sources)
    if register is not None:
        reg_init, reg_phases = register
    else:
        operational_real = sum(1 for p in named_phases if p["phase"] == "exploitatie")
        reg_init, reg_phases = illustrative.initiatives(muni, len(named), operational_real,
                                                        config.ILLUSTRATIVE_SEED, config.INITIATIVES_AS_OF)
        sources.append(_source_row(
            root, "illustrative_initiatives", GENERATOR, "Illustratief register van warmte-initiatieven", None,
            None, "illustrative", None, len(reg_init),
            f"seed {config.ILLUSTRATIVE_SEED}; matches the Lokale Energie Monitor 2022/2023 (78 active in 2022, "
            "70 in 2023 of which 21 new, 4 delivering heat) counting the named initiatives"))
        reg_init["source_id"] = "illustrative_initiatives"
        reg_phases = reg_phases.assign(source_id="illustrative_initiatives")
    initiative = pd.concat([named_rows, reg_init], ignore_index=True)
    phases = pd.concat([pd.DataFrame(named_phases).assign(source_id="initiatives_named"), reg_phases],
                       ignore_index=True)

    steps("Warmtenetten in ontwikkeling en transitievisies / heat projects and TVW status (WarmteAtlas)")
    projects, projects_file = warmteatlas.load_projects(root, geo_codes)
    sources.append(_source_row(
        root, "warmteatlas_projects", "RVO / Nationale WarmteAtlas", "Warmtenetten in ontwikkeling", None, None,
        "official", projects_file, len(projects),
        "layer WarmtenettenInOntwikkeling as retrieved by Zenmo on 2026-06-23; not a complete list of all heat "
        "initiatives", reference_date="2026-06"))
    heat_project = projects.drop(columns=["links", "status_date_text"]).assign(
        status_date_text=projects["status_date_text"], links=projects["links"], source_id="warmteatlas_projects")
    tvw, tvw_file = warmteatlas.load_tvw(root, geo_codes)
    sources.append(_source_row(
        root, "warmteatlas_tvw", "RVO / Nationale WarmteAtlas", "Voortgang transitievisie warmte per gemeente",
        None, None, "official", tvw_file, len(tvw),
        "status as reported by each municipality (layer TVW_voortgang, mid-2026), verbatim; no adoption date in "
        "the source", reference_date="2026-06"))
    tvw_status = tvw.assign(source_id="warmteatlas_tvw")
    kinds, kinds_file = etlocal.load_housing_type(root, geo_codes)
    sources.append(_source_row(
        root, "etlocal_housing_type", "Quintel (ETLocal)", "ETLocal 2023: woningen naar type en bouwperiode", None,
        "MIT", "official", kinds_file, len(kinds), "dwellings, share of apartments and share built before 1945 per "
        "municipality; model inputs of the Energy Transition Model, not a CBS count", reference_date="2023"))
    housing_type = kinds.rename(columns={"code": "municipality_code"}).assign(source_id="etlocal_housing_type")

    council = illustrative.council(muni, config.ILLUSTRATIVE_SEED)
    sources.append(_source_row(
        root, "illustrative_council", GENERATOR, "Illustratieve indicatoren betrokkenheid gemeenteraden",
        None, None, "illustrative", None, len(council),
        f"seed {config.ILLUSTRATIVE_SEED}; adopted transitievisies match the national counts (Sep 2021: 70 of "
        "338 reporting; Apr 2022: ruim 300 of 345); no per-municipality data is public"))
    council["source_id"] = "illustrative_council"

    return {
        "source": pd.DataFrame(sources),
        "province": provinces,
        "res_region": res_regions,
        "municipality": muni,
        "geometry": geometry,
        "housing": housing,
        "national_series": national,
        "fact": fact_table,
        "initiative": initiative,
        "initiative_phase": phases,
        "council_indicator": council,
        "paw_proeftuin": paw,
        "municipal_energy": municipal_energy,
        "heating_mix": heating_mix,
        "heat_project": heat_project,
        "tvw_status": tvw_status,
        "housing_type": housing_type,
    }


REGISTER_FILES = ["initiatieven/register.csv", "initiatieven/register.xlsx"]


def read_register(root: Path, muni: pd.DataFrame, housing: pd.DataFrame,
                  sources: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """A real initiative register in the sources (the import format of data/README.md), if present.

    It replaces the illustrative register; it is validated exactly like ``warmte import initiatives``.
    """
    rel = first_present(root, REGISTER_FILES)
    if rel is None:
        return None
    f = SourceFile.at(root, rel)
    stock = housing[housing["year"] == housing["year"].max()]
    ctx = importer.Context(importer.Municipalities(muni[["code", "name"]]),
                           dict(zip(stock["municipality_code"], stock["housing_stock"], strict=True)),
                           as_of=date.fromisoformat(config.INITIATIVES_AS_OF))
    try:
        validated = importer.validate("initiatives", f.path, ctx)
    except importer.RegisterImportError as exc:
        raise SourceError(f"{rel}: {exc}") from exc
    frames = importer.to_frames(validated, "initiative_register")
    sources.append(_source_row(
        root, "initiative_register", "Register in de bronnenmap", f"Register van warmte-initiatieven ({rel})",
        None, None, model.IMPORTED_KIND, f, len(frames["initiative"]),
        "read from the sources directory in the import format (data/README.md); replaces the illustrative register"))
    return frames["initiative"], frames["initiative_phase"]


#: Insert order respects the foreign keys.
TABLE_ORDER = ["source", "province", "res_region", "municipality", "geometry", "housing", "national_series",
               "fact", "initiative", "initiative_phase", "council_indicator", "paw_proeftuin", "municipal_energy",
               "heating_mix", "heat_project", "tvw_status", "housing_type"]


def write_database(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame],
                   info: dict[str, str]) -> dict[str, int]:
    """Create the schema in a new database and insert every table."""
    con.execute((SQL_DIR / "schema.sql").read_text(encoding="utf-8"))
    counts = {}
    for name in TABLE_ORDER:
        df = tables[name]
        columns = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]
        frame = df[[c for c in columns if c in df.columns]]
        con.register("frame", frame)
        con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM frame")
        con.unregister("frame")
        counts[name] = len(frame)
    con.executemany("INSERT INTO build_info VALUES (?, ?)", sorted(info.items()))
    return counts


def _checks_failed(problems: list[str]) -> BuildError:
    shown = "\n  ".join(problems[:20])
    return BuildError(f"{len(problems)} check(s) failed:\n  {shown}")


def build(sources: str | os.PathLike | None = None, db: str | os.PathLike | None = None,
          say: Callable[[str], None] = print) -> BuildResult:
    """Build the database from the sources directory, atomically.

    Raises :class:`SourceError` or :class:`BuildError`; on any failure the
    target database is left as it was (byte-identical).
    """
    root = config.sources_dir(sources)
    given = config.db_path(db)
    target = dbfile.real_path(given)  # through a symbolic link: the link stays, the real file is replaced
    if target.is_dir():
        raise BuildError(f"--db {given} is a directory; give the path of the database file, e.g. "
                         f"{given / 'warmte.duckdb'}")
    if target.exists() and not target.is_file():
        raise BuildError(f"--db {given} is not a regular file")
    steps = _Steps(9, say)
    say(f"Bronnen / sources: {root}")
    tables = read_sources(root, steps)
    steps(f"Database schrijven / writing {target}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise dbfile.WriteError(f"cannot create the database folder: {dbfile.describe(exc)}") from None
    info = {
        "data_version": uuid.uuid4().hex,  # new on every build and import: the key of every cached result
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "version": __version__,
        "sources_dir": str(root.resolve()),
        "illustrative_seed": str(config.ILLUSTRATIVE_SEED),
        "initiatives_as_of": config.INITIATIVES_AS_OF,
        "council_snapshots": json.dumps({y: d for y, (d, _n) in illustrative.TVW_SNAPSHOTS.items()}),
        "target_homes": str(model.TARGET_HOMES),
    }
    with dbfile.lock(target):
        for p in dbfile.remove_stale(target):
            say(f"removed a temporary file left by an interrupted run: {p}")
        try:
            counts = dbfile.replace(target, lambda con: write_database(con, tables, info), checks=run_checks,
                                    failed=_checks_failed).value
        except duckdb.Error as exc:
            raise BuildError(f"writing {target} failed: {str(exc).splitlines()[0]}") from None
    seconds = steps.done()
    say(f"Klaar / done: {target} in {seconds:.1f} s; " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return BuildResult(target, seconds, counts)
