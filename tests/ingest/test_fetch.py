"""warmte.ingest.fetch against a local server with recorded publisher responses (no internet)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import socket
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
import requests

from warmte import config
from warmte.ingest import fetch as wf

_spec = importlib.util.spec_from_file_location(
    "warmte_tests_recorded", Path(__file__).parent.parent / "fixtures" / "recorded.py"
)
recorded = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = recorded
_spec.loader.exec_module(recorded)

#: What to do offline: build from the snapshot shipped in the repository (no ../shared beside a fresh clone).
HINT = wf.OFFLINE_HINT


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(autouse=True)
def no_internet(monkeypatch):
    """Direct connections only, and any name other than localhost is refused.

    ``*.invalid`` fails like an offline resolver would (RFC 6761); any other
    host fails the test, so nothing here can reach the real internet.
    """
    for var in (
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "*")
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name in ("127.0.0.1", "localhost", "::1"):
            return real(host, *args, **kwargs)
        if name.endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        pytest.fail(f"test tried to resolve {name}: no internet in tests")

    monkeypatch.setattr(socket, "getaddrinfo", guarded)


@pytest.fixture
def server():
    with recorded.RecordedServer() as srv:
        yield srv


@pytest.fixture
def targets(server):
    return wf.make_targets(**server.bases())


@pytest.fixture
def served(server, targets):
    return recorded.record_publishers(server, targets)


def by_name(targets, name):
    return next(t for t in targets if t.name == name)


def leftovers(root: Path) -> list[Path]:
    return [
        p
        for p in root.rglob("*")
        if p.is_file() and (p.name.startswith(".") or p.suffix == ".tmp")
    ]


def data_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --------------------------------------------------------------------------- targets


def test_default_targets_match_the_publishers():
    urls = {t.dest: unquote(t.urls[0]) for t in wf.TARGETS}
    cbs = "https://opendata.cbs.nl/ODataApi/odata/85984NED"
    assert urls["cbs/cbs_85984NED_TableInfos.json"] == f"{cbs}/TableInfos"
    assert urls["cbs/cbs_85984NED_DataProperties.json"] == f"{cbs}/DataProperties"
    assert urls["cbs/cbs_85984NED_TypedDataSet.json"] == (
        f"{cbs}/TypedDataSet?$filter=substringof('GM',WijkenEnBuurten)&$select=WijkenEnBuurten,"
        "Gemeentenaam_1,SoortRegio_2,AantalInwoners_5,Bevolkingsdichtheid_34,Woningvoorraad_35,"
        "OppervlakteTotaal_122,OppervlakteLand_123,OppervlakteWater_124,"
        "PercentageWoningenMetStadsverwarming_69,GemiddeldAardgasverbruikTotaal_61"
    )
    assert urls["pdok/wijkenbuurten_2024_gemeenten.json"] == (
        "https://service.pdok.nl/cbs/wijkenbuurten/2024/wfs/v1_0?service=WFS&version=2.0.0"
        "&request=GetFeature&typeNames=wijkenbuurten:gemeenten&outputFormat=application/json"
        "&srsName=EPSG:4326"
    )
    assert (
        urls["gemeente_2025.topojson"]
        == "https://cartomap.github.io/nl/wgs84/gemeente_2025.topojson"
    )
    assert (
        urls["provincie_2025.topojson"]
        == "https://cartomap.github.io/nl/wgs84/provincie_2025.topojson"
    )
    assert all(t.licence == "CC BY 4.0" for t in wf.TARGETS)
    assert {t.kind for t in wf.TARGETS if t.dest.startswith("cbs/")} == {"odata"}
    # Encoded so no client has to guess: no spaces or other unsafe characters.
    assert all(" " not in t.urls[0] and '"' not in t.urls[0] for t in wf.TARGETS)


def test_target_rejects_bad_definitions():
    with pytest.raises(ValueError):
        wf.Target("x", "http://h/", "x.json", "p", "t", kind="csv")
    with pytest.raises(ValueError):
        wf.Target("x", "http://h/", "../x.json", "p", "t")
    with pytest.raises(ValueError):
        wf.Target("x", ["http://h/1", "http://h/2"], "x.json", "p", "t", kind="raw")


# --------------------------------------------------------------------------- happy path


def test_fetch_writes_files_and_provenance(tmp_path, server, targets, served):
    messages: list[str] = []
    paths = wf.fetch(tmp_path, targets=targets, progress=messages.append)

    assert paths == [tmp_path / t.dest for t in targets]
    assert all(p.is_file() for p in paths)
    assert leftovers(tmp_path) == []
    assert len(data_files(tmp_path)) == 2 * len(targets)  # each file and its sidecar
    assert messages

    for target, path in zip(targets, paths, strict=True):
        prov = wf.read_provenance(path)
        assert prov is not None
        data = path.read_bytes()
        assert prov["sha256"] == hashlib.sha256(data).hexdigest()
        assert prov["bytes"] == len(data)
        assert prov["url"] == target.urls[0]
        assert prov["licence"] == "CC BY 4.0"
        assert prov["publisher"] == target.publisher
        assert prov["title"] == target.title
        retrieved = datetime.fromisoformat(prov["retrieved_at"])
        assert retrieved.utcoffset().total_seconds() == 0
        assert abs((datetime.now(UTC) - retrieved).total_seconds()) < 120
        wf.verify(path, required=True)

    # Raw payloads are saved byte for byte.
    for name, body in served.items():
        assert (tmp_path / by_name(targets, name).dest).read_bytes() == body
    geo = json.loads(
        (tmp_path / "pdok/wijkenbuurten_2024_gemeenten.json").read_text("utf-8")
    )
    assert geo["type"] == "FeatureCollection"
    assert {
        "gemeentecode",
        "gemeentenaam",
        "woningvoorraad",
        "percentageAardgasvrijeWoningen",
    } <= set(geo["features"][0]["properties"])
    assert (
        json.loads((tmp_path / "gemeente_2025.topojson").read_text())["type"]
        == "Topology"
    )


def test_odata_pages_are_followed_and_concatenated(tmp_path, server, targets, served):
    typed = by_name(targets, "cbs_85984NED_TypedDataSet")
    (path,) = wf.fetch(tmp_path, targets=[typed], progress=None)

    # The query reached the server encoded but intact.
    first = server.requests[0]
    assert (
        "/ODataApi/odata/85984NED/TypedDataSet?$filter=substringof('GM',WijkenEnBuurten)"
        in unquote(first)
    )
    assert "$select=WijkenEnBuurten,Gemeentenaam_1," in unquote(first)
    assert len(server.requests) == 2 and "$skip=2" in server.requests[1]

    doc = json.loads(path.read_text("utf-8"))
    assert list(doc) == ["value"]
    rows = doc["value"]
    assert len(rows) == len(recorded.kwb_rows()) == 3  # 2 + 1 rows over two pages
    assert rows == recorded.kwb_rows()
    # CBS padding is kept as published; the build strips it.
    assert rows[0]["WijkenEnBuurten"] == "GM0014    "
    assert rows[0]["Woningvoorraad_35"] == 124258
    prov = wf.read_provenance(path)
    assert (
        prov["rows"] == 3
        and len(prov["pages"]) == 2
        and prov["pages"][0] == typed.urls[0]
    )


def test_a_list_of_page_urls_is_concatenated(tmp_path, server):
    base = f"{server.url}/ODataApi/odata/85984NED"
    rows = recorded.kwb_rows()
    server.add(
        f"{base}/TypedDataSet?$top=1",
        recorded.odata_page(base, "TypedDataSet", rows[:1]),
    )
    server.add(
        f"{base}/TypedDataSet?$skip=1",
        recorded.odata_page(base, "TypedDataSet", rows[1:]),
    )
    target = wf.Target(
        "pages",
        [f"{base}/TypedDataSet?$top=1", f"{base}/TypedDataSet?$skip=1"],
        "x.json",
        "CBS",
        "t",
        kind="odata",
    )
    (path,) = wf.fetch(tmp_path, targets=[target], progress=None)
    assert json.loads(path.read_text("utf-8"))["value"] == rows


def test_refetch_replaces_files(tmp_path, server, targets, served):
    wf.fetch(tmp_path, targets=targets[:1], progress=None)
    path = tmp_path / targets[0].dest
    path.write_text("stale")
    wf.fetch(tmp_path, targets=targets[:1], progress=None)
    wf.verify(path)
    assert json.loads(path.read_text("utf-8"))["value"]


def test_default_destination_is_raw_dir(monkeypatch, tmp_path, server, targets, served):
    monkeypatch.setattr(config, "RAW_DIR", tmp_path / "raw")
    paths = wf.fetch(targets=targets[-1:], progress=None)
    assert paths == [tmp_path / "raw" / targets[-1].dest]


# --------------------------------------------------------------------------- offline


@pytest.mark.parametrize("where", ["closed port", "unresolvable host"])
def test_offline_fails_fast_with_a_hint(tmp_path, where):
    base = (
        f"http://127.0.0.1:{free_port()}"
        if where == "closed port"
        else "http://warmte-offline.invalid"
    )
    host = "127.0.0.1" if where == "closed port" else "warmte-offline.invalid"
    targets = wf.make_targets(
        cbs_base=f"{base}/ODataApi/odata", pdok_base=base, boundaries_base=f"{base}/nl"
    )
    start = time.monotonic()
    with pytest.raises(wf.FetchError) as info:
        wf.fetch(tmp_path, targets=targets, timeout=30, progress=None)
    assert time.monotonic() - start < 10
    msg = str(info.value)
    assert host in msg
    assert targets[0].urls[0] in msg
    assert HINT in msg
    assert "\n" not in msg
    assert data_files(tmp_path) == []


def test_offline_hint_points_at_the_shipped_snapshot():
    assert "warmte build" in HINT
    assert "../shared" not in HINT
    assert "snapshot" in HINT


def test_hanging_name_lookup_is_cut_short(tmp_path, monkeypatch):
    release = threading.Event()
    real = socket.getaddrinfo

    def slow(host, *args, **kwargs):
        if host == "warmte-slow-dns.test":
            release.wait(30)
            raise socket.gaierror(
                socket.EAI_AGAIN, "Temporary failure in name resolution"
            )
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    monkeypatch.setattr(wf, "CONNECT_TIMEOUT", 0.3)
    target = wf.Target(
        "slow",
        "http://warmte-slow-dns.test/x.json",
        "x.json",
        "p",
        "t",
        expect="Topology",
    )
    start = time.monotonic()
    try:
        with pytest.raises(wf.FetchError, match="warmte-slow-dns.test") as info:
            wf.fetch(tmp_path, targets=[target], progress=None)
    finally:
        release.set()
    assert time.monotonic() - start < 5
    assert HINT in str(info.value)
    assert data_files(tmp_path) == []


# --------------------------------------------------------------------------- HTTP and payload errors


@pytest.mark.parametrize("status", [404, 500])
def test_http_error_names_url_and_status(tmp_path, server, targets, status):
    target = by_name(targets, "gemeente_2025")
    server.add(
        target.urls[0],
        b"<html><body>Oops</body></html>",
        status=status,
        content_type="text/html",
    )
    with pytest.raises(wf.FetchError) as info:
        wf.fetch(tmp_path, targets=[target], progress=None)
    msg = str(info.value)
    assert f"HTTP {status}" in msg
    assert target.urls[0] in msg
    assert data_files(tmp_path) == []


def test_not_recorded_is_a_404(tmp_path, targets):
    with pytest.raises(wf.FetchError, match="HTTP 404"):
        wf.fetch(tmp_path, targets=targets[:1], progress=None)
    assert data_files(tmp_path) == []


def test_invalid_json_is_rejected(tmp_path, server, targets):
    odata, topo = targets[0], by_name(targets, "provincie_2025")
    server.add(
        odata.urls[0],
        b"<?xml version='1.0'?><error>Service Unavailable</error>",
        content_type="text/xml",
    )
    server.add(
        topo.urls[0],
        b'{"type": "Topology", "objects": ',
        content_type="application/json",
    )
    for target in (odata, topo):
        with pytest.raises(wf.FetchError, match="did not return JSON") as info:
            wf.fetch(tmp_path, targets=[target], progress=None)
        assert target.urls[0] in str(info.value)
    assert data_files(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "body", "expected"),
    [
        ("cbs_85984NED_TableInfos", [{"ID": 0}], "value"),
        (
            "cbs_85984NED_TableInfos",
            {"odata.metadata": "x", "value": {"ID": 0}},
            "value",
        ),
        (
            "pdok_wijkenbuurten_2024_gemeenten",
            recorded.topology("gemeente_2025"),
            "FeatureCollection",
        ),
        (
            "pdok_wijkenbuurten_2024_gemeenten",
            {"type": "FeatureCollection"},
            "features",
        ),
        ("gemeente_2025", recorded.wfs_gemeenten(), "Topology"),
        ("gemeente_2025", [1, 2], "Topology"),
    ],
)
def test_wrong_shape_is_rejected(tmp_path, server, targets, name, body, expected):
    target = by_name(targets, name)
    server.add(target.urls[0], body)
    with pytest.raises(wf.FetchError, match=expected) as info:
        wf.fetch(tmp_path, targets=[target], progress=None)
    assert target.urls[0] in str(info.value)
    assert data_files(tmp_path) == []


def test_truncated_wfs_response_is_rejected(tmp_path, server, targets):
    target = by_name(targets, "pdok_wijkenbuurten_2024_gemeenten")
    doc = recorded.wfs_gemeenten() | {"numberMatched": 342, "numberReturned": 3}
    server.add(target.urls[0], doc)
    with pytest.raises(wf.FetchError, match="only 3 of 342"):
        wf.fetch(tmp_path, targets=[target], progress=None)


def test_failure_on_a_later_page_leaves_nothing(tmp_path, server, targets, served):
    typed = by_name(targets, "cbs_85984NED_TypedDataSet")
    second = f"{typed.urls[0]}&$skip=2"
    server.add(second, b"Internal Server Error", status=500, content_type="text/plain")
    with pytest.raises(wf.FetchError, match="HTTP 500") as info:
        wf.fetch(tmp_path, targets=[typed], progress=None)
    assert second in str(info.value)
    assert data_files(tmp_path) == []


def test_earlier_files_stay_and_old_copy_survives_a_failed_refetch(
    tmp_path, server, targets, served
):
    wf.fetch(tmp_path, targets=targets, progress=None)
    before = {p: p.read_bytes() for p in data_files(tmp_path)}
    broken = by_name(targets, "pdok_wijkenbuurten_2024_gemeenten")
    server.add(broken.urls[0], b"{}", status=500)
    with pytest.raises(wf.FetchError):
        wf.fetch(tmp_path, targets=targets, progress=None)
    assert {p: p.read_bytes() for p in data_files(tmp_path)} == before
    assert leftovers(tmp_path) == []
    wf.verify(tmp_path / broken.dest, required=True)


def test_paging_loops_and_foreign_hosts_are_refused(tmp_path, server):
    base = f"{server.url}/ODataApi/odata/T"
    loop = f"{base}/Loop"
    server.add(loop, recorded.odata_page(base, "Loop", [{"ID": 1}], next_link=loop))
    away = f"{base}/Away"
    server.add(
        away,
        recorded.odata_page(
            base, "Away", [{"ID": 1}], next_link="http://elsewhere.invalid/x"
        ),
    )
    for url, match in ((loop, "loops"), (away, "another host")):
        target = wf.Target("t", url, "t.json", "p", "t", kind="odata")
        with pytest.raises(wf.FetchError, match=match):
            wf.fetch(tmp_path, targets=[target], progress=None)
    assert data_files(tmp_path) == []


def test_a_caller_session_is_used_and_left_open(tmp_path, server, targets, served):
    with requests.Session() as session:
        paths = wf.fetch(tmp_path, targets=targets[-2:], session=session, progress=None)
        assert len(paths) == 2
        assert session.adapters  # still usable
        wf.fetch(tmp_path, targets=targets[-1:], session=session, progress=None)


# --------------------------------------------------------------------------- verify / provenance


def test_verify_detects_a_modified_file(tmp_path, server, targets, served):
    (path,) = wf.fetch(
        tmp_path, targets=[by_name(targets, "gemeente_2025")], progress=None
    )
    wf.verify(path)
    path.write_bytes(path.read_bytes().replace(b"Groningen", b"Groninge"))
    with pytest.raises(wf.FetchError, match="changed since it was fetched") as info:
        wf.verify(path)
    msg = str(info.value)
    assert wf.sidecar_path(path).name in msg
    assert hashlib.sha256(path.read_bytes()).hexdigest() in msg
    assert wf.read_provenance(path)["sha256"] in msg


def test_verify_and_provenance_without_sidecar(tmp_path):
    path = tmp_path / "bundled.json"
    path.write_text("{}")
    assert wf.sidecar_path(path) == tmp_path / "bundled.json.provenance.json"
    assert wf.read_provenance(path) is None
    wf.verify(path)  # bundled sources have no sidecar: nothing to check
    with pytest.raises(wf.FetchError, match="no provenance sidecar"):
        wf.verify(path, required=True)


def test_verify_reports_missing_file_and_broken_sidecar(tmp_path):
    path = tmp_path / "gone.json"
    wf.sidecar_path(path).write_text(json.dumps({"sha256": "0" * 64}))
    with pytest.raises(wf.FetchError, match="missing"):
        wf.verify(path)
    wf.sidecar_path(path).write_text("not json")
    with pytest.raises(wf.FetchError, match="not valid JSON"):
        wf.read_provenance(path)
