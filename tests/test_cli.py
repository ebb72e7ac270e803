"""The `warmte` command: summary, regions, exit codes and messages (run as `python -m warmte`)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from warmte import cli

REPO = Path(__file__).resolve().parent.parent
NATIONAL_STOCK_2024 = 8_204_049
SUMMARY_KEYS = {"region", "name", "year", "housing_stock", "gas_free_homes", "gas_free_share", "target_homes",
                "homes_to_go", "required_per_year", "actual_per_year", "projected_year_reached", "on_track",
                "data_kind"}


def run_warmte(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "warmte", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=120)


# --- summary -----------------------------------------------------------------------------


def test_summary_nl_json(built_db):
    proc = run_warmte("summary", "--region", "NL", "--year", "2024", "--json", "--db", str(built_db))
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)
    assert SUMMARY_KEYS <= set(s)
    assert s["region"] == "NL" and s["name"] == "Nederland" and s["year"] == 2024
    assert s["housing_stock"] == NATIONAL_STOCK_2024
    assert s["gas_free_share"] == pytest.approx(0.112, abs=0.001)
    assert s["target_homes"] == 1_500_000
    assert s["data_kind"] in ("compiled", "official")
    gas_free = round(0.112 * NATIONAL_STOCK_2024)
    assert s["gas_free_homes"] == gas_free
    assert s["homes_to_go"] == 1_500_000 - gas_free
    assert s["required_per_year"] == pytest.approx((1_500_000 - gas_free) / (2030 - 2024))
    assert isinstance(s["on_track"], bool)
    assert s["on_track"] == (s["actual_per_year"] >= s["required_per_year"])


def test_summary_municipality_json(built_db):
    proc = run_warmte("summary", "--region", "GM0363", "--json", "--db", str(built_db))
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout)
    assert (s["region"], s["name"], s["year"]) == ("GM0363", "Amsterdam", 2024)
    assert s["housing_stock"] == 480_852  # CBS 85984NED Woningvoorraad_35
    # CBS KWB 2024: 18% of Amsterdam's homes without natural gas (whole percent) -> 0.18 x 480,852 = 86,553.36
    assert s["gas_free_homes"] == 86_553
    assert round(s["gas_free_share"], 2) == 0.18
    assert s["target_homes"] in (87_917, 87_918)  # 1,500,000 x 480,852 / 8,204,049 = 87,917.3
    assert s["homes_to_go"] == max(s["target_homes"] - s["gas_free_homes"], 0)
    assert s["data_kind"] == "official"  # measured, not generated
    # one municipal year: no pace and no projected year
    assert s["actual_per_year"] is None and s["projected_year_reached"] is None
    assert s["on_track"] is not True


def test_summary_municipality_year_without_observations(built_db):
    proc = run_warmte("summary", "--region", "GM0363", "--year", "2022", "--db", str(built_db))
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 2
    assert "2022" in proc.stderr and "2024" in proc.stderr


def test_summary_text_output(built_db, capsys):
    assert cli.main(["summary", "--region", "PV27", "--db", str(built_db)]) == 0
    out = capsys.readouterr().out
    lines = dict(line.split(None, 1) for line in out.splitlines())
    assert lines["region"].strip() == "PV27"
    assert lines["year"].strip() == "2024"
    assert SUMMARY_KEYS <= set(lines)


def test_summary_own_stock_target(built_db, capsys):
    assert cli.main(["summary", "--region", "GM0363", "--target", "own_stock", "--json", "--db", str(built_db)]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["target_homes"] == pytest.approx(0.2 * 480_852)


def test_hybrid_definition_in_2017_is_an_error(built_db):
    proc = run_warmte("summary", "--region", "NL", "--year", "2017", "--definition", "gas_free_or_hybrid",
                      "--db", str(built_db))
    assert proc.returncode == 2
    assert "2017" in proc.stderr
    assert "gas_free_or_hybrid" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_year_without_observations(built_db, capsys):
    assert cli.main(["summary", "--year", "2023", "--db", str(built_db)]) == 2
    err = capsys.readouterr().err
    assert "2023" in err and "2024" in err


def test_unknown_region(built_db):
    proc = run_warmte("summary", "--region", "GM9999", "--db", str(built_db))
    assert proc.returncode == 2
    assert "GM9999" in proc.stderr
    assert "warmte regions --search" in proc.stderr
    assert "Traceback" not in proc.stderr


# --- regions -------------------------------------------------------------------------------


def test_regions_search_ignores_accents(built_db):
    proc = run_warmte("regions", "--search", "sudwest fryslan", "--db", str(built_db))
    assert proc.returncode == 0, proc.stderr
    rows = [line.split("\t") for line in proc.stdout.splitlines()]
    assert ["GM1900", "gemeente", "Súdwest-Fryslân"] in rows


def test_regions_search_bergen_lists_both(built_db):
    proc = run_warmte("regions", "--search", "Bergen", "--db", str(built_db))
    assert proc.returncode == 0, proc.stderr
    names = {line.split("\t")[2]: line.split("\t")[0] for line in proc.stdout.splitlines()}
    assert names["Bergen (L.)"] == "GM0893"
    assert names["Bergen (NH.)"] == "GM0373"


def test_regions_search_json_and_level(built_db, capsys):
    assert cli.main(["regions", "--level", "provincie", "--json", "--db", str(built_db)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 12
    assert {r["level"] for r in rows} == {"provincie"}
    assert cli.main(["regions", "--level", "res", "--db", str(built_db)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 30
    assert cli.main(["regions", "--db", str(built_db)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1 + 12 + 30 + 342


def test_regions_search_without_hits(built_db, capsys):
    assert cli.main(["regions", "--search", "Atlantis", "--db", str(built_db)]) == 2
    assert capsys.readouterr().out == ""


# --- missing database, bad arguments ------------------------------------------------------


@pytest.mark.parametrize("command", [["summary"], ["regions", "--search", "Bergen"]])
def test_missing_database(tmp_path, command):
    proc = run_warmte(*command, "--db", str(tmp_path / "nope.duckdb"))
    assert proc.returncode == 1
    assert "warmte build" in proc.stderr
    assert "nope.duckdb" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_corrupt_database(tmp_path, capsys):
    db = tmp_path / "bad.duckdb"
    db.write_bytes(b"not a database at all" * 100)
    assert cli.main(["summary", "--db", str(db)]) == 1
    assert "warmte build" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["frobnicate"], ["summary", "--bogus"], ["summary", "--definition", "zonder"],
                                  ["summary", "--year", "twee"], []])
def test_invalid_arguments_exit_2(args):
    proc = run_warmte(*args)
    assert proc.returncode == 2
    assert "usage: warmte" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_build_with_missing_sources_dir(tmp_path, capsys):
    db = tmp_path / "warmte.duckdb"
    assert cli.main(["build", "--sources", str(tmp_path / "none"), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and str(tmp_path / "none") in err
    assert not db.exists()


def test_summary_takes_codes_in_any_case(built_db, capsys):
    assert cli.main(["summary", "--region", "gm0363", "--year", "2024", "--json", "--db", str(built_db)]) == 0
    lower = json.loads(capsys.readouterr().out)
    assert cli.main(["summary", "--region", "GM0363", "--year", "2024", "--json", "--db", str(built_db)]) == 0
    assert lower == json.loads(capsys.readouterr().out)
    assert lower["region"] == "GM0363" and lower["name"] == "Amsterdam"
