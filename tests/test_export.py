"""Exports: every chart as PNG, SVG and CSV; bundles; factsheets; offline; the `warmte export` command.

One export browser (kaleido + Debian's Chromium) serves the whole file: warmte.export keeps it alive
per process. Needs /usr/bin/chromium (or BROWSER_PATH) and the real-source database (conftest).

Charts are exported from the measured snapshot (the default); the charts that only the generated demonstration
layer fills (council indicators) say "no data" there and are exported from ``demo_data`` as well.
"""

from __future__ import annotations

import csv
import html
import io
import ipaddress
import os
import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from warmte import filters as flt
from warmte.export import files, images
from warmte.figures.theme import refit
from warmte.i18n import fmt_int, t
from warmte.views import common, registry
from warmte.views import progress as progress_view

ROOT = Path(__file__).resolve().parents[1]
REGIONS = ("NL", "GM0363")

# No skip when Chromium is missing: CI installs it (.ci/setup), and a missing browser must fail loudly here.


def _build_all(data, demo: bool) -> dict:
    out = {}
    for region in REGIONS:
        lang = "nl" if region == "NL" else "en"
        for name in registry.CHARTS:
            out[(name, region)] = registry.build(name, data, flt.Filters(region=region, lang=lang, demo=demo),
                                                  with_permalink=True)
    return out


@pytest.fixture(scope="module")
def built(data):
    """Every chart for NL (Dutch) and Amsterdam (English), with permalinks: measured data (the default)."""
    return _build_all(data, False)


@pytest.fixture(scope="module")
def built_demo(demo_data):
    """The same charts with the demonstration layer on."""
    return _build_all(demo_data, True)


CASES = [(name, region) for region in REGIONS for name in registry.CHARTS]


def _svg_text(svg: bytes) -> str:
    return html.unescape(svg.decode("utf-8"))


def _words(text: str) -> str:
    """The visible text of an SVG as one line: tags dropped, whitespace collapsed (long lines wrap)."""
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def _check_export(chart) -> list[list[str]]:
    """PNG, SVG (title, source line, permalink, subtitle, mark) and CSV of a chart; returns the CSV rows."""
    meta = chart.meta
    png = images.image_bytes(chart.fig, "png")
    # laid out again for the image's width (title and source on longer lines): the height follows
    assert images.png_size(png) == (1000, int(refit(chart.fig, 1000).layout.height))

    text = _svg_text(images.image_bytes(chart.fig, "svg"))
    assert text.startswith("<svg")
    words = _words(text)
    assert " ".join(meta.title.split()) in words
    assert " ".join(meta.source.split(" · ")[0].split()) in words  # the source line (it may wrap)
    assert meta.permalink and meta.permalink in text
    assert " ".join(meta.subtitle.split()) in words
    if meta.illustrative:
        assert meta.illustrative_label in text

    raw = files.table_csv(chart.table, meta.lang)
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    # Dutch spreadsheets read semicolons (and decimal commas); English ones commas.
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";" if meta.lang == "nl" else ","))
    assert rows[0] == list(common.localise_columns(chart.table.head(0), meta.lang).columns)
    assert len(rows) - 1 == len(chart.table)
    return rows


#: Charts drawn from the council indicators, which exist only as generated demonstration data.
DEMO_ONLY = {"council_classes", "council_indicators", "tvw_adoption"}


@pytest.mark.parametrize(("name", "region"), CASES)
def test_chart_exports_png_svg_csv(built, name, region):
    chart = built[(name, region)]
    rows = _check_export(chart)
    assert not chart.meta.illustrative  # measured data: nothing generated, no mark
    assert "demo" not in chart.meta.permalink
    if name in DEMO_ONLY:  # no real data: the chart says so in a plain sentence
        assert len(rows) == 1
        assert t("chart_no_data", chart.meta.lang) in _words(_svg_text(images.image_bytes(chart.fig, "svg")))
    elif name == "peers" and region == "NL":  # peers are municipalities: the country's chart says so
        assert len(rows) == 1 and chart.meta.title == t("peers_only_municipality", chart.meta.lang)
    else:
        assert len(rows) > 1


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("name", sorted(DEMO_ONLY))
def test_demo_only_charts_export_with_the_demonstration_layer(built_demo, name, region):
    chart = built_demo[(name, region)]
    rows = _check_export(chart)
    assert len(rows) > 1
    assert chart.meta.illustrative  # generated: marked in the image
    assert "demo=1" in chart.meta.permalink  # the link reopens the demonstration


@pytest.mark.parametrize("name", ["trajectory", "pace"])
def test_demo_pace_from_generated_years_is_marked(built_demo, name):
    """With demo on, a municipality's 2024 is CBS (official) but its pace comes from the generated 2017-2022
    years: the chart is marked illustrative."""
    chart = built_demo[(name, "GM0363")]
    assert chart.table.shape[0] > 0
    assert chart.meta.illustrative
    assert chart.meta.illustrative_label in _svg_text(images.image_bytes(chart.fig, "svg"))


def test_no_finding_without_data(built):
    chart = built[("involvement_vs_progress", "NL")]
    assert "nan" not in chart.meta.title.lower()


def test_csv_headers_follow_the_language(data):
    nl = registry.build("pace", data, flt.Filters(lang="nl"))
    en = registry.build("pace", data, flt.Filters(lang="en"))
    assert files.table_csv(nl.table, "nl").decode("utf-8-sig").splitlines()[0] != \
        files.table_csv(en.table, "en").decode("utf-8-sig").splitlines()[0]
    assert files.table_csv(en.table, "en").decode("utf-8-sig").splitlines()[0] == "measure,homes per year"


def test_png_scale_and_width(built):
    fig = built[("trajectory", "NL")].fig
    assert images.png_size(images.image_bytes(fig, "png", width=640, height=400, scale=2)) == (1280, 800)


@pytest.mark.parametrize("value", ["=SUM(A1:A3)", "+31 6 1234", "-1+1", "@cmd", "\tx"])
def test_formula_cells_are_neutralised(value):
    df = pd.DataFrame({"name": [value, "Súdwest-Fryslân"], "n": [-3, 4]})
    text = files.table_csv(df, "en").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1][0] == "'" + value
    assert rows[1][1] == "-3"  # numbers stay numbers
    assert rows[2][0] == "Súdwest-Fryslân"


def _bundle_readme(data, chart) -> str:
    raw = files.bundle_zip(chart.fig, chart.table, chart.meta, registry.readme(data, chart), name=chart.name)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        assert sorted(zf.namelist()) == sorted(["README.md"] + [f"{chart.name}.{x}" for x in ("csv", "png", "svg")])
        assert images.png_size(zf.read(f"{chart.name}.png"))[0] == 2000  # scale 2
        assert " ".join(chart.meta.title.split()) in _words(_svg_text(zf.read(f"{chart.name}.svg")))
        return zf.read("README.md").decode("utf-8")


def test_bundle_zip_has_png_svg_csv_and_readme(data, built):
    chart = built[("trajectory", "GM0363")]
    readme = _bundle_readme(data, chart)
    assert chart.meta.permalink in readme
    assert "CC BY 4.0" in readme  # the licence from the source table
    assert "85984NED" in readme
    assert "86165NED" in readme  # the CBS energy file behind the 2024 municipal share
    # measured data only: no generated source and no illustrative mark anywhere
    assert "illustrative" not in readme.lower() and "generated" not in readme.lower()


def test_bundle_readme_says_what_is_illustrative_in_demo(demo_data, built_demo):
    chart = built_demo[("tvw_adoption", "GM0363")]  # English
    readme = _bundle_readme(demo_data, chart)
    assert chart.meta.permalink in readme and "demo=1" in readme
    assert "illustrative" in readme.lower()  # what is illustrative is said


def test_bundle_readme_names_a_missing_licence(data):
    """Where the publisher states no licence (the WarmteAtlas copies) the README says so, in its row."""
    chart = registry.build("map", data, flt.Filters(indicator="tvw_status", lang="en"), with_permalink=True)
    readme = _bundle_readme(data, chart)
    rows = [line for line in readme.splitlines() if line.startswith("|") and "WarmteAtlas" in line]
    assert rows, readme
    for row in rows:
        assert "not stated by the publisher" in row or t("readme_licence_unknown", "en") in row
        assert "CC BY" not in row


def test_unknown_chart_and_region(data):
    with pytest.raises(registry.UnknownChartError, match="trajectory"):
        registry.build("nope", data, flt.Filters())
    with pytest.raises(common.UnknownRegionError):
        registry.build("pace", data, flt.Filters(region="GM9999"))


def _is_loopback(address) -> bool:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def test_map_exports_with_network_blocked(data, monkeypatch):
    """Only localhost reachable (Python sockets blocked, the browser behind a dead proxy): the map still exports."""
    real_connect, real_create = socket.socket.connect, socket.create_connection
    attempts = []

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            attempts.append(address)
            raise OSError(f"network blocked in test: {address}")
        return real_connect(self, address)

    def create_connection(address, *args, **kwargs):
        if not _is_loopback(address):
            attempts.append(address)
            raise OSError(f"network blocked in test: {address}")
        return real_create(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setenv("CHOREO_PROXY_SERVER", "http://127.0.0.1:9")  # the browser's own requests go nowhere
    images.stop_export_browser()  # a browser started under these conditions

    for level in ("gemeente", "res"):
        chart = registry.build("map", data, flt.Filters(level=level), with_permalink=True)
        png = images.image_bytes(chart.fig, "png")
        assert images.png_size(png) == (1000, int(refit(chart.fig, 1000).layout.height))
        assert len(png) > 20_000  # polygons drawn, not an empty frame
    assert not any(tr.type.startswith(("choropleth", "scattergeo")) for tr in chart.fig.data)
    page = Path(images._exporter._kaleido._index.removeprefix("file://")).read_text(encoding="utf-8")
    assert "http://" not in page and "https://" not in page  # plotly.js from the package, no MathJax
    assert attempts == []


def test_missing_browser_says_why(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    images.stop_export_browser()
    assert "/nonexistent/chromium" in images.unavailable_reason()
    with pytest.raises(images.ExportUnavailable, match="/nonexistent/chromium"):
        images.image_bytes(__import__("plotly.graph_objects").graph_objects.Figure(), "png")


def _pdf_text(raw: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


@pytest.mark.parametrize(("region", "lang"), [("GM0363", "nl"), ("GM1900", "en"), ("NL", "en"), ("PV27", "nl")])
def test_factsheet_is_one_page_with_name_and_target(data, region, lang):
    from warmte.export.factsheet import factsheet_pdf

    raw = factsheet_pdf(data, flt.Filters(region=region, lang=lang))
    assert raw.startswith(b"%PDF")
    pages, text = _pdf_text(raw)
    assert pages == 1
    s = progress_view.region_summary(data, region)
    assert s.name in text
    assert fmt_int(s.target_homes, lang) in text


def test_factsheet_without_font_says_why(data, monkeypatch, tmp_path):
    from warmte.export import factsheet

    monkeypatch.setattr(factsheet, "FONT_DIR", tmp_path)
    with pytest.raises(factsheet.FactsheetError, match="fonts-dejavu-core"):
        factsheet.factsheet_pdf(data, flt.Filters(region="GM0363"))


# --- `warmte export` ------------------------------------------------------------------------------


def _run(*args, db) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "warmte", "export", *args, "--db", str(db)] if args[0] != "charts"
                          else [sys.executable, "-m", "warmte", "export", *args],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def test_cli_lists_charts(built_db):
    r = _run("charts", db=built_db)
    assert r.returncode == 0
    assert [line.split("\t")[0] for line in r.stdout.splitlines()] == list(registry.CHARTS)


def test_cli_exports_chart_map_csv_zip_and_factsheet(built_db, tmp_path):
    png = tmp_path / "t.png"
    r = _run("chart", "trajectory", "--region", "NL", "--format", "png", "-o", str(png), db=built_db)
    assert r.returncode == 0, r.stderr
    assert images.png_size(png.read_bytes())[0] == 1000

    svg = tmp_path / "m.svg"
    r = _run("chart", "map", "--region", "GM0363", "--level", "provincie", "--indicator", "progress_to_target",
             "--lang", "en", "--format", "svg", "-o", str(svg), db=built_db)
    assert r.returncode == 0, r.stderr
    assert "niveau=provincie" in _svg_text(svg.read_bytes())  # the permalink carries the view

    out = tmp_path / "f.csv"
    r = _run("chart", "funnel", "--region", "GM0363", "--format", "csv", "-o", str(out), db=built_db)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbffase")

    pdf = tmp_path / "a.pdf"
    r = _run("factsheet", "--region", "GM0363", "-o", str(pdf), db=built_db)
    assert r.returncode == 0, r.stderr
    pages, text = _pdf_text(pdf.read_bytes())
    assert pages == 1 and "Amsterdam" in text


@pytest.mark.parametrize(("args", "message"), [
    (("chart", "nope", "--region", "NL"), "unknown chart 'nope'"),
    (("chart", "pace", "--region", "GM9999"), "unknown region 'GM9999'"),
    (("factsheet", "--region", "XX"), "unknown region 'XX'"),
    (("chart", "pace", "--region", "NL", "--year", "1999"), "no observations for 1999"),
])
def test_cli_bad_input_exits_2(built_db, tmp_path, args, message):
    out = tmp_path / "x.out"
    r = _run(*args, "-o", str(out), db=built_db)
    assert r.returncode == 2
    assert message in r.stderr
    assert not out.exists()
