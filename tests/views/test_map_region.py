"""The map follows the selected region (issue 13 item 9), on the real data.

A province or RES region gets its own municipalities with its name in the title; a municipality or a
coarser level shows the country with the selected region outlined; the map's table and CSV name each
area's province and RES region; below the map a table compares the members of the selected region.
"""

from __future__ import annotations

import csv
import io

import pytest

from warmte import filters as flt
from warmte.export import files
from warmte.views import common, registry
from warmte.views import map as map_view


def codes_drawn(chart) -> set[str]:
    return {c for t in chart.fig.data if t.meta == "regions" for c in t.customdata}


def outlines(chart) -> list:
    return [t for t in chart.fig.data if t.meta == "outline"]


@pytest.mark.parametrize(("region", "name", "column"), [("PV25", "Gelderland", "province_code"),
                                                        ("ES23", "Rotterdam/Den Haag", "res_code"),
                                                        ("PV21", "Fryslân", "province_code")])
def test_a_province_or_res_region_shows_its_own_municipalities(data, region, name, column):
    chart = registry.build("map", data, flt.Filters(region=region))
    members = set(data.municipality.loc[data.municipality[column] == region, "code"])
    assert codes_drawn(chart) == members and set(chart.table["code"]) == members
    # the finding names the region and its own highest and lowest municipality
    shares = chart.table.set_index("name")["gas_free_share"]
    assert chart.meta.title.startswith(f"{name}: hoogst in {shares.idxmax()} (")
    assert f"laagst in {shares.idxmin()} (" in chart.meta.title
    assert len(outlines(chart)) == 1 and outlines(chart)[0].name == name


def test_gelderland_is_not_titled_by_almere(data):
    chart = registry.build("map", data, flt.Filters(region="PV25", lang="en"))
    assert "Almere" not in chart.meta.title and "Purmerend" not in chart.meta.title
    assert chart.meta.title.startswith("Gelderland: highest in ")


@pytest.mark.parametrize(("region", "level", "drawn"), [("GM0363", "gemeente", 342), ("PV25", "provincie", 12),
                                                        ("ES23", "provincie", 12), ("PV27", "res", 30)])
def test_the_national_view_outlines_the_selected_region(data, region, level, drawn):
    chart = registry.build("map", data, flt.Filters(region=region, level=level))
    assert len(codes_drawn(chart)) == drawn
    (line,) = outlines(chart)
    assert line.name == data.region_name(region) and line.line.color == "#000000"
    assert sum(1 for x in line.x if x == x) > 10  # a drawn ring, not an empty trace


def test_the_netherlands_has_no_outline(data):
    assert outlines(registry.build("map", data, flt.Filters())) == []


def test_table_and_csv_carry_province_and_res_names(data):
    chart = registry.build("map", data, flt.Filters(region="GM0363"))
    row = chart.table.set_index("code").loc["GM0363"]
    assert (row["province"], row["res_region"]) == ("Noord-Holland", "Noord-Holland Zuid")
    assert list(chart.table.columns[:4]) == ["code", "name", "province", "res_region"]
    assert chart.table["province"].notna().all() and chart.table["res_region"].notna().all()
    text = files.csv_bytes(common.localise_columns(chart.table, "nl")).decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    rows = list(csv.DictReader(io.StringIO(text), dialect=dialect))
    amsterdam = next(r for r in rows if r["code"] == "GM0363")
    assert (amsterdam["provincie"], amsterdam["RES-regio"]) == ("Noord-Holland", "Noord-Holland Zuid")
    # a RES region lists the provinces it lies in; Foodvalley crosses from Gelderland into Utrecht
    res = registry.build("map", data, flt.Filters(level="res", lang="en")).table.set_index("name")
    assert res.loc["Foodvalley", "province"] == "Gelderland, Utrecht"
    prov = registry.build("map", data, flt.Filters(level="provincie")).table.set_index("name")
    assert prov.loc["Flevoland", "res_region"] == "Flevoland"


def test_members_of_a_province(data):
    heading, table = map_view.members_table(data, flt.Filters(region="PV25"), registry.Loaders())
    assert heading == "De 51 gemeenten van Gelderland vergeleken"
    assert len(table) == 51 and "province" not in table.columns and "res_region" in table.columns
    assert table["gas_free_share"].tolist() == sorted(table["gas_free_share"], reverse=True)
    assert table["name"].iloc[0] == "Duiven"
    assert set(table["tvw_status"]) <= {"definitief vastgesteld door de gemeenteraad",
                                        "definitief vastgesteld door het gemeentebestuur", "in concept vastgesteld",
                                        "gereed, nog niet vastgesteld", "nog in voorbereiding", ""}


def test_members_of_a_municipality_are_its_provinces_municipalities(data):
    f = flt.Filters(region="GM0363", lang="en")
    heading, table = map_view.members_table(data, f, registry.Loaders())
    assert heading == "The 44 municipalities of Noord-Holland compared"
    assert "Amsterdam" in set(table["name"]) and len(table) == 44
    assert map_view.members_note(data, f).startswith("Amsterdam is one of them.")


def test_members_of_the_netherlands_are_the_provinces(data):
    heading, table = map_view.members_table(data, flt.Filters(), registry.Loaders())
    assert heading == "De 12 provincies vergeleken" and len(table) == 12
    assert "tvw_adopted_share" in table.columns and "tvw_status" not in table.columns
    formats = map_view.members_formats("nl")
    assert formats["gas_free_share"](0.112) == "11,2%" and formats["housing_stock"](1234567.4) == "1.234.567"
