"""The source readers (warmte.ingest.sources.*) on small fixture files made here, and config.sources_dir."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from warmte import config
from warmte.ingest.sources import SourceError, SourceFile, cbs, facts, illustrative, registry, res

CBS_HEADER = ("statcode,statnaam_cartomap2025,AantalInwoners_5,Bevolkingsdichtheid_34,Woningvoorraad_35,"
              "OppervlakteLand_123\n")
CBS_ROWS = [
    ("GM0001", "Aa", 1000, 100, 450, 1000),
    ("GM0002", "Bee", 20000, 2500, 9000, 800),
    ("GM0003", "Cee", 5000, 250, 2100, 2000),
]


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cbs_csv(root: Path, rows=CBS_ROWS, extra: str = "") -> Path:
    body = "".join(",".join(map(str, r)) + "\n" for r in rows)
    return write(root, "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv", CBS_HEADER + body + extra)


# --- CBS housing stock --------------------------------------------------------------


def test_stock_from_csv(tmp_path):
    cbs_csv(tmp_path, extra="WK000100,Wijk,10,10,5,1\n")  # non-municipal rows are ignored
    df, src = cbs.load_stock(tmp_path)
    assert src.relative == "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv"
    assert list(df.columns) == ["code", "population", "housing_stock", "land_area_ha", "density_per_km2"]
    assert list(df["code"]) == ["GM0001", "GM0002", "GM0003"]
    assert list(df["housing_stock"]) == [450, 9000, 2100]
    assert int(df["housing_stock"].sum()) == 11_550
    assert list(df["population"]) == [1000, 20000, 5000]


def test_stock_from_odata_typed_dataset_wins_over_csv(tmp_path):
    cbs_csv(tmp_path, rows=CBS_ROWS[:1])
    value = [{"WijkenEnBuurten": f"{c}  ", "AantalInwoners_5": p, "Bevolkingsdichtheid_34": d,
              "Woningvoorraad_35": s, "OppervlakteLand_123": a} for c, _n, p, d, s, a in CBS_ROWS]
    value.append({"WijkenEnBuurten": "NL01  ", "AantalInwoners_5": 1, "Bevolkingsdichtheid_34": 1,
                  "Woningvoorraad_35": 1, "OppervlakteLand_123": 1})
    write(tmp_path, "cbs/cbs_85984NED_TypedDataSet.json", json.dumps({"value": value}))
    df, src = cbs.load_stock(tmp_path)
    assert src.relative == "cbs/cbs_85984NED_TypedDataSet.json"
    assert list(df["code"]) == ["GM0001", "GM0002", "GM0003"]  # padding stripped, NL row dropped
    assert int(df["housing_stock"].sum()) == 11_550


def test_stock_from_dict_keyed_json(tmp_path):
    data = {c: {"AantalInwoners_5": p, "Bevolkingsdichtheid_34": d, "Woningvoorraad_35": s,
                "OppervlakteLand_123": a} for c, _n, p, d, s, a in CBS_ROWS}
    data["WK000100"] = {"AantalInwoners_5": 5, "Bevolkingsdichtheid_34": 5, "Woningvoorraad_35": 5,
                        "OppervlakteLand_123": 5}
    write(tmp_path, "cbs/cbs_85984NED_kwb2024_stripped_filtered_data_2024.json", json.dumps(data))
    df, _ = cbs.load_stock(tmp_path)
    assert dict(zip(df["code"], df["housing_stock"], strict=True)) == {"GM0001": 450, "GM0002": 9000,
                                                                         "GM0003": 2100}


def test_all_three_real_formats_agree():
    """The three bundled CBS formats give the same municipal stock (8,204,049 homes)."""
    root = config.sources_dir()
    if not (root / "cbs" / "kwb2024_gemeenten_inwoners_woningvoorraad.csv").is_file():
        pytest.skip("real sources not present")
    csv_df, _ = cbs.load_stock(root)
    assert int(csv_df["housing_stock"].sum()) == 8_204_049
    path = root / "cbs" / "cbs_85984NED_kwb2024_stripped_filtered_data_2024.json"
    if path.is_file():
        df = cbs._read_any(SourceFile.at(root, "cbs/cbs_85984NED_kwb2024_stripped_filtered_data_2024.json"))
        gm = df[df["statcode"].str.startswith("GM")]
        assert int(gm["Woningvoorraad_35"].sum()) == 8_204_049
        assert len(gm) == 342


def test_stock_missing_everywhere(tmp_path):
    with pytest.raises(SourceError, match="CBS housing stock is required"):
        cbs.load_stock(tmp_path)


def test_stock_missing_column(tmp_path):
    write(tmp_path, "cbs/kwb2024_gemeenten_inwoners_woningvoorraad.csv", "statcode,AantalInwoners_5\nGM0001,5\n")
    with pytest.raises(SourceError, match=r"kwb2024_gemeenten_inwoners_woningvoorraad.csv: missing columns"):
        cbs.load_stock(tmp_path)


def test_stock_not_a_number_names_row(tmp_path):
    rows = [*CBS_ROWS[:2], ("GM0003", "Cee", 5000, 250, "onbekend", 2000)]
    cbs_csv(tmp_path, rows)
    with pytest.raises(SourceError, match=r"row 4 \(GM0003\): housing_stock is 'onbekend'"):
        cbs.load_stock(tmp_path)


def test_stock_negative_names_row(tmp_path):
    rows = [CBS_ROWS[0], ("GM0002", "Bee", 20000, 2500, -9000, 800), CBS_ROWS[2]]
    cbs_csv(tmp_path, rows)
    with pytest.raises(SourceError, match=r"kwb2024_gemeenten_inwoners_woningvoorraad.csv: row 3 \(GM0002\)"):
        cbs.load_stock(tmp_path)


def test_stock_negative_message_shows_plain_value(tmp_path):
    rows = [CBS_ROWS[0], ("GM0002", "Bee", 20000, 2500, -9000, 800), CBS_ROWS[2]]
    cbs_csv(tmp_path, rows)
    with pytest.raises(SourceError) as exc:
        cbs.load_stock(tmp_path)
    assert "housing_stock is -9000" in str(exc.value)


def test_stock_duplicate_names_row(tmp_path):
    cbs_csv(tmp_path, [*CBS_ROWS, CBS_ROWS[1]])
    with pytest.raises(SourceError, match=r"row 5: duplicate municipality code GM0002"):
        cbs.load_stock(tmp_path)


def test_table_modified(tmp_path):
    assert cbs.table_modified(tmp_path) is None
    write(tmp_path, cbs.TABLE_INFOS, json.dumps([{"Identifier": "85984NED", "Modified": "2025-03-27T02:00:00"}]))
    assert cbs.table_modified(tmp_path) == "2025-03-27"
    write(tmp_path, cbs.TABLE_INFOS, "not json")
    assert cbs.table_modified(tmp_path) is None


# --- PDOK heating -------------------------------------------------------------------


def heating_file(root: Path, year: int, props: list[dict]) -> str:
    rel = f"pdok/wijkenbuurten_{year}_gemeenten.json"
    features = [{"type": "Feature", "geometry": None, "properties": p} for p in props]
    write(root, rel, json.dumps({"type": "FeatureCollection", "features": features}))
    return rel


def test_heating_reads_shares_and_drops_sentinels(tmp_path):
    rel = heating_file(tmp_path, 2024, [
        {"gemeentecode": "GM0001", "percentageAardgasvrijeWoningen": 12.5},
        {"gemeentecode": "GM0002 ", "percentageAardgasvrijeWoningen": 40},
        {"gemeentecode": "GM0003", "percentageAardgasvrijeWoningen": -99999999},
    ])
    write(tmp_path, "pdok/other.json", "{}")
    assert cbs.find_heating(tmp_path) == [rel]
    df, src, year = cbs.load_heating(tmp_path, rel, {"GM0001", "GM0002", "GM0003"})
    assert year == 2024
    assert src.relative == rel
    assert dict(zip(df["code"], df["gas_free_share"], strict=True)) == {"GM0001": 0.125, "GM0002": 0.40}


def test_heating_unknown_code(tmp_path):
    rel = heating_file(tmp_path, 2024, [{"gemeentecode": "GM9999", "percentageAardgasvrijeWoningen": 1}])
    with pytest.raises(SourceError, match=r"wijkenbuurten_2024_gemeenten.json: unknown municipality codes "
                                          r"\['GM9999'\]"):
        cbs.load_heating(tmp_path, rel, {"GM0001"})


def test_heating_not_geojson(tmp_path):
    write(tmp_path, "pdok/wijkenbuurten_2024_gemeenten.json", "[1, 2]")
    with pytest.raises(SourceError, match="expected a GeoJSON FeatureCollection"):
        cbs.load_heating(tmp_path, "pdok/wijkenbuurten_2024_gemeenten.json", {"GM0001"})


def test_no_heating_files(tmp_path):
    assert cbs.find_heating(tmp_path) == []


# --- RES mapping -------------------------------------------------------------------

RES_HEADER = ("gemeentecode,gemeentenaam,provinciecode,provincienaam,res_code,res_naam_cbs_export,etlocal_res_code,"
              "etlocal_member_name,neon_sheet_res_code,neon_sheet_res_name\n")


def res_row(code: str, name: str, res_code: str, res_name: str, province: str = "PV20") -> str:
    check = res_code.strip()
    return f"{code},{name},{province},Groningen,{res_code},{res_name},{check},{name},{check},{res_name}\n"


def test_res_mapping(tmp_path):
    assert res.FILE == "res/res_regions_gemeenten_2023_cbs.csv"  # the CBS list (Gebieden in Nederland 2023)
    write(tmp_path, res.FILE, RES_HEADER + res_row("GM0001", "Aa", "ES01", "Noord")
          + res_row("GM0002", "Bee", " ES02 ", "Zuid", province="PV21"))
    df, src = res.load(tmp_path)
    assert src.relative == res.FILE
    assert dict(zip(df["code"], df["res_code"], strict=True)) == {"GM0001": "ES01", "GM0002": "ES02"}
    assert dict(zip(df["code"], df["province_code"], strict=True)) == {"GM0001": "PV20", "GM0002": "PV21"}
    assert dict(zip(df["res_code"], df["res_name"], strict=True)) == {"ES01": "Noord", "ES02": "Zuid"}


@pytest.mark.parametrize("body, message", [
    (res_row("GM0001", "Aa", "ES01", "Noord") + res_row("GM0002", "Bee", "PV20", "Zuid"),
     r"row 3 \(GM0002\): RES code 'PV20' is not ESxx"),
    (res_row("GM0001", "Aa", "ES01", "Noord") + res_row("GM0002", "Bee", "", "Zuid"), r"row 3 \(GM0002\): RES code"),
    (res_row("GM0001", "Aa", "ES01", "Noord") * 2, r"row 3: municipality GM0001 listed twice"),
    (res_row("GM0001", "Aa", "ES01", "Noord") + res_row("GM0002", "Bee", "ES01", "Zuid"),
     r"RES code ES01 has several names"),
])
def test_res_errors(tmp_path, body, message):
    write(tmp_path, res.FILE, RES_HEADER + body)
    with pytest.raises(SourceError, match=rf"res_regions_gemeenten_2023_cbs.csv: {message}"):
        res.load(tmp_path)


def test_res_missing_column(tmp_path):
    header = RES_HEADER.replace("res_naam_cbs_export", "res_naam")
    write(tmp_path, res.FILE, header + res_row("GM0001", "Aa", "ES01", "Noord"))
    with pytest.raises(SourceError,
                       match=r"res_regions_gemeenten_2023_cbs.csv: missing columns \['res_naam_cbs_export'\]"):
        res.load(tmp_path)


def test_res_missing_file(tmp_path):
    with pytest.raises(SourceError, match="res/res_regions_gemeenten_2023_cbs.csv: required source file is missing"):
        res.load(tmp_path)


# --- national facts -----------------------------------------------------------------

FACTS_HEADER = ("topic,indicator,value,unit,reference_period,geography,publisher_original,table_or_publication,"
                "source_url,notes\n")


def fact(topic, indicator, value, unit, period, geo="Nederland") -> str:
    return f'{topic},{indicator},"{value}",{unit},{period},{geo},CBS,t,https://x,\n'


def test_national_series_interpolates_stock(tmp_path):
    write(tmp_path, facts.FILE, FACTS_HEADER
          + fact("woningvoorraad", "woningvoorraad", 7_000_000, "woningen", "2020-01-01")
          + fact("woningvoorraad", "woningvoorraad", "ruim 7 miljoen", "woningen", "2019-01-01")  # not exact
          + fact("aardgasvrij", "aandeel woningen aardgasvrij", "5.0", "%", "2018-01-01")
          + fact("aardgasvrij", "aandeel woningen aardgasvrij", "6,5", "%", "2022-01-01")
          + fact("aardgasvrij", "aandeel woningen aardgasvrij", "9.0", "%", "2024-01-01")
          + fact("aardgasvrij", "aandeel woningen aardgasvrij", "60", "%", "2019", geo="gemeente Purmerend")
          + fact("aardgasvrij", "aandeel bijna-aardgasvrije (hybride) woningen", "2.0", "%", "2024"))
    rows, _ = facts.load(tmp_path)
    assert len(rows) == 7
    n = facts.national_series(rows, 7_400_000).set_index("year")
    assert list(n.index) == [2018, 2022, 2024]
    # 2020: 7.0 M, 2024: 7.4 M -> 100,000 per year; 2018 extrapolated, 2022 interpolated
    assert n.loc[2018, "housing_stock"] == 6_800_000
    assert n.loc[2022, "housing_stock"] == 7_200_000
    assert n.loc[2024, "housing_stock"] == 7_400_000
    # interpolated stocks are derived from the CBS counts (compiled), not generated (illustrative)
    assert list(n["stock_kind"]) == ["compiled", "compiled", "official"]
    assert n.loc[2022, "stock_note"] == "interpolated between the CBS stocks of 2020 and 2024"
    assert n.loc[2022, "gas_free_share"] == pytest.approx(0.065)
    assert n.loc[2024, "hybrid_share"] == pytest.approx(0.02)
    assert pd.isna(n.loc[2018, "hybrid_share"])


def test_national_stock_disagreeing_with_municipal_sum(tmp_path):
    write(tmp_path, facts.FILE, FACTS_HEADER
          + fact("woningvoorraad", "woningvoorraad", 8_000_000, "woningen", "2024-01-01")
          + fact("aardgasvrij", "aandeel woningen aardgasvrij", "9.0", "%", "2024-01-01"))
    rows, _ = facts.load(tmp_path)
    with pytest.raises(SourceError, match=r"national stock 2024 8000000 differs from the CBS municipal sum 7999999"):
        facts.national_series(rows, 7_999_999)


@pytest.mark.parametrize("value, message", [("veel", "is not a number"), ("140", "is not a percentage")])
def test_national_share_not_a_percentage_names_row(tmp_path, value, message):
    write(tmp_path, facts.FILE, FACTS_HEADER
          + fact("woningvoorraad", "woningvoorraad", 8_000_000, "woningen", "2024-01-01")
          + fact("aardgasvrij", "aandeel woningen aardgasvrij", value, "%", "2024-01-01"))
    rows, _ = facts.load(tmp_path)
    with pytest.raises(SourceError, match=rf"nationale_feiten_warmtetransitie.csv: row 3: .*{message}"):
        facts.national_series(rows, 8_000_000)


def test_national_series_required(tmp_path):
    write(tmp_path, facts.FILE, FACTS_HEADER + fact("woningvoorraad", "x", 1, "woningen", "2024-01-01"))
    rows, _ = facts.load(tmp_path)
    with pytest.raises(SourceError, match="national series is required"):
        facts.national_series(rows, 1)


def test_facts_missing_columns(tmp_path):
    write(tmp_path, facts.FILE, "topic,value\nx,1\n")
    with pytest.raises(SourceError, match="missing columns"):
        facts.load(tmp_path)


# --- registers ----------------------------------------------------------------------


@pytest.mark.parametrize("focus, tech", [
    ("warmtenet (thermische energie rivier)", "warmtenet"),
    ("WKO plus warmtenet", "warmtenet"),
    ("dorp aardgasvrij met aquathermie", "warmtenet"),
    ("isolatie, hybride warmtepomp, groen gas", "hybride"),
    ("groen gas voor het dorp", "groen_gas"),
    ("isolatie en duurzame energie", "besparing"),
    ("duurzame energie en besparing in de wijk", "besparing"),
    ("Nagele in Balans: zon, seizoensopslag", "onbekend"),
    ("", "onbekend"),
    (None, "onbekend"),
])
def test_technology_of(focus, tech):
    assert registry.technology_of(focus) == tech


INIT_HEADER = "naam,type,plaats_of_wijk,gemeente_2025,statcode_2025,focus,betrokken_bij,bron_url\n"
SUPPLEMENT_HEADER = INIT_HEADER.rstrip("\n") + ",status_volgens_bron,bron_datum,opmerking\n"


def supplement(root: Path, body: str = "") -> Path:
    return write(root, registry.INITIATIVES_SUPPLEMENT_FILE, SUPPLEMENT_HEADER + body)


def test_initiatives(tmp_path):
    write(tmp_path, registry.INITIATIVES_FILE, INIT_HEADER
          + "Warm Aa,coop,Aa,Aa,GM0001,warmtenet,PAW,https://a\n"
          + "Groen Bee,coop,Bee,Bee, GM0002 ,groen gas,,https://b\n")
    supplement(tmp_path, "Warm Cee,coop,Cee,Cee,GM0003,warmtenet,,https://c,aanleg begonnen,2022-04-07,noot\n"
                         "(naam niet in bron),warmte-initiatief,Dorp,Aa,GM0001,isolatie,,https://d,,2022,\n"
                         "(naam niet in bron),warmte-initiatief,,Bee,GM0002,,,https://e,,2022,\n")
    df, files = registry.load_initiatives(tmp_path, {"GM0001", "GM0002", "GM0003"})
    assert [f.relative for f in files] == [registry.INITIATIVES_FILE, registry.INITIATIVES_SUPPLEMENT_FILE]
    assert list(df["initiative_id"]) == ["R001", "R002", "R003", "R004", "R005"]
    assert list(df["municipality_code"]) == ["GM0001", "GM0002", "GM0003", "GM0001", "GM0002"]
    assert list(df["technology"]) == ["warmtenet", "groen_gas", "warmtenet", "besparing", "onbekend"]
    assert list(df["list_file"]) == [registry.INITIATIVES_FILE] * 2 + [registry.INITIATIVES_SUPPLEMENT_FILE] * 3
    # the supplement's status and date as the source gives them; none for the main list
    assert df.loc[2, "status_text"] == "aanleg begonnen" and df.loc[2, "source_date"] == "2022-04-07"
    assert df.loc[:1, "status_text"].isna().all() and df.loc[3:, "status_text"].isna().all()
    # an initiative the source does not name is named by its place, else its municipality
    assert list(df["name"][3:]) == ["(naam niet in bron) Dorp", "(naam niet in bron) Bee"]


@pytest.mark.parametrize("body, message", [
    ("Warm Aa,coop,Aa,Aa,GM0001,warmtenet,,u\nWarm X,coop,X,X,GM9999,warmtenet,,u\n",
     r"row 3: unknown municipality code 'GM9999'"),
    ("Warm Aa,coop,Aa,Aa,GM0001,warmtenet,,u\nWarm Aa,coop,Aa,Aa,GM0001,warmtenet,,u\n",
     r"row 3: duplicate initiative 'Warm Aa'"),
])
def test_initiative_errors(tmp_path, body, message):
    write(tmp_path, registry.INITIATIVES_FILE, INIT_HEADER + body)
    supplement(tmp_path)
    with pytest.raises(SourceError, match=rf"lokale_warmte_initiatieven_gedeeltelijk.csv: {message}"):
        registry.load_initiatives(tmp_path, {"GM0001"})


@pytest.mark.parametrize("body, message", [
    ("Warm X,coop,X,X,GM9999,warmtenet,,u,,,\n", r"row 2: unknown municipality code 'GM9999'"),
    ("Warm Bee,coop,Bee,Bee,GM0001,warmtenet,,u,,,\nWarm Aa,coop,Aa,Aa,GM0001,warmtenet,,u,,,\n",
     r"row 3: duplicate initiative 'Warm Aa'"),
])
def test_initiative_supplement_errors(tmp_path, body, message):
    """Errors in the supplement name the supplement file and its own row (a duplicate across both lists too)."""
    write(tmp_path, registry.INITIATIVES_FILE, INIT_HEADER + "Warm Aa,coop,Aa,Aa,GM0001,warmtenet,,u\n")
    supplement(tmp_path, body)
    with pytest.raises(SourceError, match=rf"lokale_warmte_initiatieven_aanvulling.csv: {message}"):
        registry.load_initiatives(tmp_path, {"GM0001"})


def test_initiative_supplement_missing(tmp_path):
    write(tmp_path, registry.INITIATIVES_FILE, INIT_HEADER + "Warm Aa,coop,Aa,Aa,GM0001,warmtenet,,u\n")
    with pytest.raises(SourceError, match="lokale_warmte_initiatieven_aanvulling.csv: required source file is missing"):
        registry.load_initiatives(tmp_path, {"GM0001"})


PAW_HEADER = ("ronde,jaar_selectie,gemeente_bron,statcode_2025,statnaam_2025,wijk_dorp,oplossing_techniek,"
              "lokaal_initiatief,woningen_of_gebouwen_tekst,rijksbijdrage_tekst,bevestiging,bron_url\n")


def test_paw(tmp_path):
    write(tmp_path, registry.PAW_FILE, PAW_HEADER
          + "1,2018,Aa,GM0001,Aa,Wijk,Warmtenet,,,,bevestigd (HIER),u\n"
          + "3,2022,Bee,GM0002,Bee,Dorp,Aquathermie,,,,niet bevestigd,u\n")
    df, _ = registry.load_paw(tmp_path, {"GM0001", "GM0002"})
    assert list(df["proeftuin_id"]) == [1, 2]
    assert list(df["round"]) == [1, 3]
    assert list(df["confirmed"]) == [True, False]


def test_paw_round_not_a_number(tmp_path):
    body = "1,2018,Aa,GM0001,Aa,W,T,,,,b,u\ntwee,2020,Aa,GM0001,Aa,W,T,,,,b,u\n"
    write(tmp_path, registry.PAW_FILE, PAW_HEADER + body)
    with pytest.raises(SourceError, match=r"paw_proeftuinen_gedeeltelijk.csv: row 3: round 'twee' is not a number"):
        registry.load_paw(tmp_path, {"GM0001"})


# --- illustrative helpers -----------------------------------------------------------


@pytest.mark.parametrize("total, weights, caps, expected", [
    (10, [1, 1, 1], None, [4, 3, 3]),           # remainder to the first in stable order
    (100, [1, 3], None, [25, 75]),
    (7, [0, 1, 1], None, [0, 4, 3]),
    (10, [1, 1, 8], [5, 5, 2], [4, 4, 2]),      # capped, excess spread over the others
    (0, [1, 2], None, [0, 0]),
])
def test_allocate(total, weights, caps, expected):
    got = illustrative.allocate(total, np.array(weights, dtype=float), None if caps is None else np.array(caps))
    assert got.tolist() == expected
    assert got.sum() == total


def test_allocate_over_caps():
    with pytest.raises(ValueError, match="cannot allocate 10"):
        illustrative.allocate(10, np.array([1.0, 1.0]), np.array([3.0, 3.0]))


def test_active_count():
    phases = pd.DataFrame({
        "initiative_id": ["A", "A", "B", "B", "C"],
        "phase": ["orientatie", "gestopt", "orientatie", "haalbaarheid", "orientatie"],
        "start_date": [date(2020, 1, 1), date(2022, 6, 1), date(2021, 1, 1), date(2023, 1, 1), date(2023, 5, 1)],
    })
    day = date(2022, 12, 31)
    # A stopped, B active, C not yet started; X without history counts
    assert illustrative.active_count(["A", "B", "C"], phases, day, unknown_ids=["X"]) == 2
    assert illustrative.active_count(["A", "B", "C"], phases, date(2023, 12, 31)) == 2
    assert illustrative.active_count(["A", "B", "C"], phases, date(2019, 12, 31)) == 0


# --- sources directory resolution ---------------------------------------------------
# Order: explicit (--sources), $WARMTE_SOURCES, data/raw when it holds files, else the shipped data/snapshot.


def test_default_snapshot_is_in_the_repository():
    assert config.SNAPSHOT_DIR == config.REPO_ROOT / "data" / "snapshot"
    assert config.RAW_DIR == config.REPO_ROOT / "data" / "raw"


@pytest.fixture
def dirs(tmp_path, monkeypatch):
    raw, snapshot, env = tmp_path / "raw", tmp_path / "snapshot", tmp_path / "env"
    for d in (raw, snapshot, env):
        d.mkdir()
    monkeypatch.setattr(config, "RAW_DIR", raw)
    monkeypatch.setattr(config, "SNAPSHOT_DIR", snapshot)
    monkeypatch.delenv("WARMTE_SOURCES", raising=False)
    return raw, snapshot, env, monkeypatch


def test_sources_dir_explicit_first(dirs, tmp_path):
    raw, snapshot, env, mp = dirs
    (raw / "f.csv").write_text("x")
    mp.setenv("WARMTE_SOURCES", str(env))
    assert config.sources_dir(tmp_path / "explicit") == tmp_path / "explicit"
    assert config.sources_dir(str(tmp_path / "explicit")) == tmp_path / "explicit"


def test_sources_dir_env_before_raw(dirs):
    raw, snapshot, env, mp = dirs
    (raw / "f.csv").write_text("x")
    mp.setenv("WARMTE_SOURCES", str(env))
    assert config.sources_dir() == env
    assert config.sources_dir(None) == env


def test_sources_dir_raw_when_it_has_files(dirs):
    raw, snapshot, env, mp = dirs
    (raw / "cbs").mkdir()
    (raw / "cbs" / "f.json").write_text("x")
    assert config.sources_dir() == raw


@pytest.mark.parametrize("content", ["empty", "hidden_only", "empty_subdir"])
def test_sources_dir_snapshot_when_raw_has_no_files(dirs, content):
    raw, snapshot, env, mp = dirs
    if content == "hidden_only":
        (raw / ".gitkeep").write_text("")
    if content == "empty_subdir":
        (raw / "cbs").mkdir()
    assert config.sources_dir() == snapshot


def test_sources_dir_snapshot_when_raw_missing(dirs):
    raw, snapshot, env, mp = dirs
    raw.rmdir()
    assert config.sources_dir() == snapshot


def test_sources_dir_snapshot_is_the_last_resort(dirs):
    """Nothing falls back to data/raw any more: without files there, the snapshot is the answer."""
    raw, snapshot, env, mp = dirs
    assert config.sources_dir() == snapshot != raw


def test_sources_dir_empty_env_is_ignored(dirs):
    raw, snapshot, env, mp = dirs
    mp.setenv("WARMTE_SOURCES", "")
    assert config.sources_dir() == snapshot


def test_sources_dir_default_is_data_snapshot(tmp_path, monkeypatch):
    """With no --sources, no $WARMTE_SOURCES and an empty data/raw: the repository's data/snapshot."""
    monkeypatch.setattr(config, "RAW_DIR", tmp_path / "raw")
    monkeypatch.delenv("WARMTE_SOURCES", raising=False)
    assert config.sources_dir() == config.REPO_ROOT / "data" / "snapshot"
    assert (config.sources_dir() / "gemeente_2025.topojson").is_file()
