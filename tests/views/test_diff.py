"""`warmte diff`: two builds that differ in one source file list exactly the regions that changed (issue 15, item 4)."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from warmte import cli, config
from warmte.i18n import fmt_pct, t
from warmte.ingest.build import build
from warmte.store import load
from warmte.views.diff import diff_builds, render_text

TVW = "warmteatlas/tvw_status_per_gemeente_warmteatlas_2026.csv"
ADOPTED = "Onze transitievisie warmte is definitief vastgesteld door het gemeentebestuur"
PREPARING = "Onze gemeente is nog bezig met het opstellen van de transitievisie warmte"


@pytest.fixture(scope="module")
def changed_db(tmp_path_factory):
    """A build whose sources differ from the snapshot in one file: Groningen (GM0014) reports its TVW as in
    preparation instead of adopted. The file's provenance record is updated as `warmte fetch` would."""
    root = tmp_path_factory.mktemp("sources")
    shutil.copytree(config.sources_dir(), root / "s")
    src = root / "s" / TVW
    lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
    hits = [i for i, line in enumerate(lines) if line.startswith("GM0014,")]
    assert len(hits) == 1 and ADOPTED in lines[hits[0]]
    lines[hits[0]] = lines[hits[0]].replace(ADOPTED, PREPARING)
    src.write_text("".join(lines), encoding="utf-8")
    side = src.with_name(src.name + ".provenance.json")
    record = json.loads(side.read_text(encoding="utf-8"))
    record["sha256"] = hashlib.sha256(src.read_bytes()).hexdigest()
    record["bytes"] = src.stat().st_size
    side.write_text(json.dumps(record, indent=2), encoding="utf-8")
    db = root / "changed.duckdb"
    build(root / "s", db, say=lambda s: None)
    return db


def test_one_changed_file_lists_exactly_the_regions_it_moves(built_db, changed_db):
    old, new = load(built_db), load(changed_db)
    result = diff_builds(old, new, "nl")
    row = old.municipality.set_index("code").loc["GM0014"]
    # The municipality itself, its province and RES region (their adopted share moves a tenth of a percent or
    # more), and the country (one municipality fewer of 342). Nothing else.
    assert set(result.changed_regions) == {"GM0014", row["province_code"], row["res_code"], "NL"}
    assert result.changed_regions[0] == "NL"  # reading order: the country first
    own = [c for c in result.changes if c.code == "GM0014"]
    assert [(c.column, c.old_text, c.new_text) for c in own] == [
        ("tvw_status", t("tvw_adopted_by_executive", "nl"), t("tvw_in_preparation", "nl"))]
    national = [c for c in result.changes if c.code == "NL"]
    adopted = int(old.tvw_status["status"].isin(["adopted_by_council", "adopted_by_executive"]).sum())
    total = len(old.municipality)
    assert adopted > 300 and total == 342
    assert [(c.column, c.old_text, c.new_text) for c in national] == [
        ("tvw_adopted_share", fmt_pct(adopted / total, "nl"), fmt_pct((adopted - 1) / total, "nl"))]
    assert {c.column for c in result.changes} == {"tvw_status", "tvw_adopted_share"}
    assert [s["file"] for s in result.sources] == [TVW]
    assert not result.added and not result.removed


def test_a_build_compared_with_itself_has_no_changes(built_db):
    data = load(built_db)
    result = diff_builds(data, data, "en")
    assert result.empty and result.sources == []
    assert render_text(result, "en").endswith(t("diff_none", "en"))


def test_cli_diff_json_and_text_in_both_languages(built_db, changed_db, capsys):
    assert cli.main(["diff", str(built_db), str(changed_db), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["changed_regions"][0] == "NL" and "GM0014" in out["changed_regions"]
    assert len(out["changed_regions"]) == 4 and out["old_year"] == out["new_year"] == 2024
    assert cli.main(["diff", str(built_db), str(changed_db), "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "GM0014\tGroningen" in text and "NL\tthe Netherlands" in text
    assert "share of municipalities with an adopted visie: 97.7% → 97.4%" in text
    assert text.rstrip().endswith("4 regions changed.")
    assert cli.main(["diff", str(built_db), str(changed_db)]) == 0
    assert "NL\tNederland\n  aandeel gemeenten met vastgestelde visie: 97,7% → 97,4%" in capsys.readouterr().out


def test_cli_diff_refuses_a_missing_or_broken_file(built_db, tmp_path, capsys):
    missing = tmp_path / "nope.duckdb"
    assert cli.main(["diff", str(built_db), str(missing)]) != 0
    assert str(missing) in capsys.readouterr().err
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a database")
    assert cli.main(["diff", str(broken), str(built_db)]) != 0
    err = capsys.readouterr().err
    assert "broken.duckdb" in err and "Traceback" not in err


def test_the_data_in_use_is_compared_with_the_shipped_snapshot(built_db, changed_db):
    from warmte.views.diff import snapshot_differences

    assert snapshot_differences(load(built_db), config.SNAPSHOT_DIR) == []
    changed = snapshot_differences(load(changed_db), config.SNAPSHOT_DIR)
    assert [c["file"] for c in changed] == [TVW] and changed[0]["in_use_sha256"] != changed[0]["snapshot_sha256"]


def test_data_page_says_the_snapshot_is_in_use_and_offers_the_whole_database():
    from tests.app.test_pages import open_app

    at = open_app("pages/data.py")
    assert t("data_changes", "nl") in [h.value for h in at.header]
    assert t("data_changes_none", "nl") in [m.value for m in at.markdown]
    assert t("download_bundle", "nl") in [b.proto.label for b in at.get("download_button")]
    assert t("peers_method", "nl") in [m.value for m in at.markdown]
