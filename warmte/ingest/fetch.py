"""Download the official raw source files, each with a provenance sidecar.

``warmte fetch`` fills ``data/raw/`` (:data:`warmte.config.RAW_DIR`) from the
official publishers (DESIGN.md, Data flow). For every file ``X`` it writes
``X.provenance.json`` with the url, retrieval time (ISO 8601, UTC), sha256 of
the saved bytes, byte count, licence, publisher and title. ``warmte build``
calls :func:`warmte.ingest.provenance.verify` to make sure a fetched file was not
edited afterwards (the sidecar functions live in :mod:`warmte.ingest.provenance`
and are re-exported here).

Payload kinds
-------------
``"odata"``
    CBS OData v3 JSON: an object with a ``"value"`` list and an optional
    ``"odata.nextLink"``. Every page is followed and the rows are concatenated
    into one file ``{"value": [...]}``. Values are kept as published (CBS pads
    region codes with trailing spaces; the build strips them).
``"raw"``
    The response bytes are saved as-is. When :attr:`Target.expect` is set the
    payload must be JSON whose top-level ``"type"`` equals it (for example
    ``"FeatureCollection"`` or ``"Topology"``).

Failures raise :class:`FetchError` with a one-paragraph message. A target that
fails leaves nothing in the destination (files of earlier targets stay, and a
file from an earlier fetch is only replaced once the new one is complete).

No streamlit or duckdb imports here.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import socket
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urljoin, urlsplit

import requests

from warmte import config
from warmte.ingest.provenance import FetchError, read_provenance, sha256_file, sidecar_path, verify

__all__ = [
    "BOUNDARIES_BASE",
    "CBS_BASE",
    "CONNECT_TIMEOUT",
    "OFFLINE_HINT",
    "PDOK_BASE",
    "TARGETS",
    "FetchError",
    "Target",
    "fetch",
    "make_targets",
    "read_provenance",
    "sha256_file",
    "sidecar_path",
    "verify",
]

CBS_BASE = "https://opendata.cbs.nl/ODataApi/odata"
PDOK_BASE = "https://service.pdok.nl"
BOUNDARIES_BASE = "https://cartomap.github.io/nl"

LICENCE = "CC BY 4.0"
#: Seconds allowed to resolve the host and open the connection: fail fast when offline.
CONNECT_TIMEOUT = 5.0
#: Safety net against a server whose ``odata.nextLink`` never ends.
MAX_PAGES = 1000
OFFLINE_HINT = (
    "Check the network connection, or build from the snapshot shipped in the repository instead: "
    "warmte build (it reads data/snapshot/ when data/raw/ is empty)"
)
USER_AGENT = "warmtemonitor-fetch/1 (python-requests)"

KWB_TABLE = "85984NED"
KWB_COLUMNS = (
    "WijkenEnBuurten",
    "Gemeentenaam_1",
    "SoortRegio_2",
    "AantalInwoners_5",
    "Bevolkingsdichtheid_34",
    "Woningvoorraad_35",
    "OppervlakteTotaal_122",
    "OppervlakteLand_123",
    "OppervlakteWater_124",
    "PercentageWoningenMetStadsverwarming_69",
    "GemiddeldAardgasverbruikTotaal_61",
)


@dataclass(frozen=True)
class Target:
    """One file to download.

    ``url`` is one URL, or a list of page URLs (``kind="odata"`` only: the rows of
    all pages, each followed through its ``odata.nextLink``, end up in one file).
    ``dest`` is relative to the destination directory.
    """

    name: str
    url: str | tuple[str, ...] | list[str]
    dest: str
    publisher: str
    title: str
    licence: str = LICENCE
    kind: str = "raw"
    #: For ``kind="raw"``: required top-level JSON ``"type"`` (None: bytes are not checked).
    expect: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in ("odata", "raw"):
            raise ValueError(
                f"Target {self.name!r}: kind must be 'odata' or 'raw', not {self.kind!r}"
            )
        if not isinstance(self.url, str):
            urls = tuple(self.url)
            if not urls:
                raise ValueError(f"Target {self.name!r}: empty url list")
            if self.kind != "odata" and len(urls) > 1:
                raise ValueError(
                    f"Target {self.name!r}: several page urls need kind='odata'"
                )
            object.__setattr__(self, "url", urls)
        dest = Path(self.dest)
        if dest.is_absolute() or ".." in dest.parts:
            raise ValueError(
                f"Target {self.name!r}: dest must be a relative path inside the directory"
            )

    @property
    def urls(self) -> tuple[str, ...]:
        return (self.url,) if isinstance(self.url, str) else tuple(self.url)


def _odata_url(
    base: str, table: str, entity: str, params: dict[str, str] | None = None
) -> str:
    url = f"{base.rstrip('/')}/{table}/{entity}"
    if params:
        # Percent-encode values, keeping "$" in the OData system option names and
        # the characters OData expressions use, which are legal in a query.
        url += "?" + urlencode(params, quote_via=quote, safe="$,()'")
    return url


def make_targets(
    *,
    cbs_base: str = CBS_BASE,
    pdok_base: str = PDOK_BASE,
    boundaries_base: str = BOUNDARIES_BASE,
) -> list[Target]:
    """The download list; the base URLs can be pointed at a local server for tests."""
    cbs = "Centraal Bureau voor de Statistiek (CBS)"
    kwb = "Kerncijfers wijken en buurten 2024 (85984NED)"
    typed_params = {
        "$filter": "substringof('GM',WijkenEnBuurten)",
        "$select": ",".join(KWB_COLUMNS),
    }
    wfs_params = {
        "service": "WFS",
        "version": "2.0.0",
        "request": "GetFeature",
        "typeNames": "wijkenbuurten:gemeenten",
        "outputFormat": "application/json",
        "srsName": "EPSG:4326",
    }
    wfs = f"{pdok_base.rstrip('/')}/cbs/wijkenbuurten/2024/wfs/v1_0?" + urlencode(
        wfs_params, quote_via=quote, safe=":"
    )
    cartomap = "PDOK / CBS, generalised by cartomap (github.com/cartomap/nl)"
    boundaries = boundaries_base.rstrip("/")
    return [
        Target(
            name="cbs_85984NED_TableInfos",
            url=_odata_url(cbs_base, KWB_TABLE, "TableInfos"),
            dest="cbs/cbs_85984NED_TableInfos.json",
            publisher=cbs,
            title=f"{kwb}: table information",
            kind="odata",
        ),
        Target(
            name="cbs_85984NED_DataProperties",
            url=_odata_url(cbs_base, KWB_TABLE, "DataProperties"),
            dest="cbs/cbs_85984NED_DataProperties.json",
            publisher=cbs,
            title=f"{kwb}: data properties",
            kind="odata",
        ),
        Target(
            name="cbs_85984NED_TypedDataSet",
            url=_odata_url(cbs_base, KWB_TABLE, "TypedDataSet", typed_params),
            dest="cbs/cbs_85984NED_TypedDataSet.json",
            publisher=cbs,
            title=f"{kwb}: municipalities",
            kind="odata",
        ),
        Target(
            name="pdok_wijkenbuurten_2024_gemeenten",
            url=wfs,
            dest="pdok/wijkenbuurten_2024_gemeenten.json",
            publisher="PDOK / Centraal Bureau voor de Statistiek (CBS)",
            title="CBS Wijken en Buurten 2024 (WFS), gemeenten",
            expect="FeatureCollection",
        ),
        Target(
            name="gemeente_2025",
            url=f"{boundaries}/wgs84/gemeente_2025.topojson",
            dest="gemeente_2025.topojson",
            publisher=cartomap,
            title="Gemeentegrenzen 2025 (generalised, WGS84)",
            expect="Topology",
        ),
        Target(
            name="provincie_2025",
            url=f"{boundaries}/wgs84/provincie_2025.topojson",
            dest="provincie_2025.topojson",
            publisher=cartomap,
            title="Provinciegrenzen 2025 (generalised, WGS84)",
            expect="Topology",
        ),
    ]


TARGETS: list[Target] = make_targets()


# --------------------------------------------------------------------------- download


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reason(exc: BaseException) -> str:
    """The OS-level cause inside a requests/urllib3 error, else its one-line text."""
    text = str(exc)
    found = re.search(r"\[Errno -?\d+\] [^\"')]+", text)
    return found.group(0).strip() if found else _one_line(text, 300)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.hostname or parts.netloc or url


def _unreachable(url: str, why: str) -> FetchError:
    return FetchError(
        f"Could not reach {_host(url)} to download {url}: {why}. {OFFLINE_HINT}."
    )


def _resolve_quickly(url: str, seconds: float) -> None:
    """Resolve the host within ``seconds``: name lookups are not covered by the connect timeout."""
    host = _host(url)
    port = urlsplit(url).port or 443
    outcome: dict[str, BaseException | None] = {}

    def lookup() -> None:
        try:
            socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            outcome["error"] = None
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome["error"] = exc

    worker = threading.Thread(target=lookup, name=f"resolve {host}", daemon=True)
    worker.start()
    worker.join(seconds)
    if "error" not in outcome:
        raise _unreachable(
            url, f"the host name could not be resolved within {seconds:g} s (offline?)"
        )
    if outcome["error"] is not None:
        raise _unreachable(
            url, f"the host name could not be resolved ({outcome['error']})"
        )


class _Downloader:
    def __init__(self, session: Any, timeout: float) -> None:
        self.session = session
        self.connect = min(CONNECT_TIMEOUT, timeout)
        self.timeout = timeout
        self._resolved: set[str] = set()
        # Pre-resolve only for real requests sessions that go direct (no proxy).
        self._precheck = isinstance(session, requests.Session)

    def _maybe_resolve(self, url: str) -> None:
        host = _host(url)
        if not self._precheck or host in self._resolved:
            return
        if self.session.proxies or (
            self.session.trust_env and requests.utils.get_environ_proxies(url)
        ):
            return
        _resolve_quickly(url, self.connect)
        self._resolved.add(host)

    def get(self, url: str) -> bytes:
        self._maybe_resolve(url)
        try:
            resp = self.session.get(
                url,
                timeout=(self.connect, self.timeout),
                headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            )
        except requests.exceptions.ConnectTimeout as exc:
            raise _unreachable(url, f"no connection within {self.connect:g} s") from exc
        except requests.exceptions.ReadTimeout as exc:
            raise FetchError(
                f"{_host(url)} did not answer within {self.timeout:g} s while downloading {url}. "
                f"Try again later or with a longer timeout. {OFFLINE_HINT}."
            ) from exc
        except requests.exceptions.ConnectionError as exc:
            raise _unreachable(url, _reason(exc)) from exc
        except requests.exceptions.RequestException as exc:
            raise FetchError(
                f"Downloading {url} failed: {_one_line(str(exc), 300)}."
            ) from exc
        try:
            status = int(resp.status_code)
            if status >= 400:
                reason = getattr(resp, "reason", "") or ""
                body = _one_line(resp.text or "")
                detail = f" Response: {body.rstrip('.')}." if body else ""
                raise FetchError(
                    f"{url} answered HTTP {status} {reason}".rstrip()
                    + f" instead of the data.{detail} Check the URL, or try again later if the server is down."
                )
            return resp.content
        finally:
            close = getattr(resp, "close", None)
            if close is not None:
                close()


def _parse_json(url: str, payload: bytes, expected: str) -> Any:
    try:
        return json.loads(payload)
    except (ValueError, UnicodeDecodeError) as exc:
        snippet = (
            _one_line(payload[:200].decode("utf-8", "replace"), 120) or "an empty body"
        )
        raise FetchError(
            f"{url} did not return JSON ({exc}); expected {expected}, got: {snippet}"
        ) from exc


def _fetch_odata(dl: _Downloader, target: Target) -> tuple[bytes, list[str], int]:
    rows: list[Any] = []
    pages: list[str] = []
    seen: set[str] = set()
    expected = 'a CBS OData v3 JSON object with a "value" list'
    for first in target.urls:
        url: str | None = first
        while url is not None:
            if url in seen:
                raise FetchError(
                    f"{url} was already fetched: the OData paging of {target.name} loops."
                )
            if len(pages) >= MAX_PAGES:
                raise FetchError(
                    f"{target.name}: more than {MAX_PAGES} OData pages; stopped at {url}."
                )
            seen.add(url)
            pages.append(url)
            page = _parse_json(url, dl.get(url), expected)
            if not isinstance(page, dict) or not isinstance(page.get("value"), list):
                got = (
                    type(page).__name__
                    if not isinstance(page, dict)
                    else f"keys {sorted(page)[:6]}"
                )
                raise FetchError(
                    f"{url} returned JSON of the wrong shape: expected {expected}, got {got}."
                )
            if not all(isinstance(row, dict) for row in page["value"]):
                raise FetchError(
                    f"{url} returned JSON of the wrong shape: expected every OData row to be an object."
                )
            rows.extend(page["value"])
            nxt = page.get("odata.nextLink")
            if nxt is None:
                url = None
            elif not isinstance(nxt, str) or not nxt:
                raise FetchError(
                    f"{url} returned an invalid odata.nextLink {nxt!r}; expected a URL."
                )
            else:
                nxt = urljoin(url, nxt)
                if _host(nxt) != _host(url):
                    raise FetchError(
                        f"{url} points its odata.nextLink to another host ({nxt}); refusing to follow it."
                    )
                url = nxt
    body = json.dumps({"value": rows}, ensure_ascii=False, indent=1) + "\n"
    return body.encode("utf-8"), pages, len(rows)


def _fetch_raw(dl: _Downloader, target: Target) -> tuple[bytes, list[str], int | None]:
    (url,) = target.urls
    payload = dl.get(url)
    count = None
    if target.expect is not None:
        expected = f'JSON with "type": "{target.expect}"'
        doc = _parse_json(url, payload, expected)
        kind = doc.get("type") if isinstance(doc, dict) else None
        if kind != target.expect:
            got = (
                f'"type": {kind!r}'
                if isinstance(doc, dict)
                else f"a JSON {type(doc).__name__}"
            )
            raise FetchError(
                f"{url} returned the wrong kind of JSON: expected {expected}, got {got}."
            )
        if target.expect == "FeatureCollection":
            features = doc.get("features")
            if not isinstance(features, list):
                raise FetchError(
                    f'{url} returned a FeatureCollection without a "features" list.'
                )
            matched, returned = doc.get("numberMatched"), doc.get("numberReturned")
            if (
                isinstance(matched, int)
                and isinstance(returned, int)
                and returned < matched
            ):
                raise FetchError(
                    f"{url} returned only {returned} of {matched} features (server page limit); "
                    "the download would be incomplete."
                )
            count = len(features)
        elif target.expect == "Topology":
            if not isinstance(doc.get("objects"), dict):
                raise FetchError(
                    f'{url} returned a Topology without an "objects" mapping.'
                )
            count = len(doc["objects"])
    return payload, [url], count


def _write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file next to ``path``; return the temp path (caller replaces)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _save(path: Path, payload: bytes, provenance: dict[str, Any]) -> None:
    temps: list[Path] = []
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temps.append(_write_atomic(path, payload))
        side = (json.dumps(provenance, ensure_ascii=False, indent=2) + "\n").encode(
            "utf-8"
        )
        temps.append(_write_atomic(sidecar_path(path), side))
        os.replace(temps[0], path)
        os.replace(temps[1], sidecar_path(path))
    except OSError as exc:
        raise FetchError(f"Could not write {path}: {exc}.") from exc
    finally:
        for tmp in temps:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def seed_from_snapshot(root: Path, snapshot: Path | None = None) -> int:
    """Copy every snapshot file (with its provenance sidecar) that ``root`` lacks; returns how many.

    ``warmte fetch`` refreshes only the files the publishers serve online (CBS, PDOK, boundaries); the build
    also needs the compiled lists and the WarmteAtlas copies, so ``data/raw`` starts as a copy of the snapshot.
    """
    snapshot = snapshot or config.SNAPSHOT_DIR
    copied = 0
    for path in sorted(snapshot.rglob("*")):
        if not path.is_file() or path.name in ("README.md", ".gitattributes"):
            continue
        target = root / path.relative_to(snapshot)
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(_write_atomic(target, path.read_bytes()), target)
        copied += 0 if path.name.endswith(".provenance.json") else 1
    return copied


def fetch(
    dest: str | os.PathLike | None = None,
    *,
    targets: Iterable[Target] | None = None,
    timeout: float = 20.0,
    session: Any = None,
    progress: Callable[[str], Any] | None = print,
) -> list[Path]:
    """Download ``targets`` (default :data:`TARGETS`) into ``dest`` (default ``data/raw``).

    Each file is validated, written atomically and accompanied by a provenance
    sidecar. Returns the paths of the saved data files, in target order. Stops
    at the first failure with a FetchError; files saved before it stay.
    """
    root = Path(dest) if dest is not None else config.RAW_DIR
    chosen: Sequence[Target] = list(TARGETS if targets is None else targets)
    seeded = seed_from_snapshot(root) if targets is None else 0  # the full fetch: a complete sources folder
    if seeded:
        (progress or (lambda _msg: None))(f"Copied {seeded} files of the shipped snapshot into {root} "
                                          "(the build needs them; fresh downloads replace the official ones)")
    own_session = session is None
    if own_session:
        session = requests.Session()
    dl = _Downloader(session, timeout)
    say = progress or (lambda _msg: None)
    saved: list[Path] = []
    try:
        for target in chosen:
            say(f"Fetching {target.name} from {_host(target.urls[0])} …")
            if target.kind == "odata":
                payload, pages, count = _fetch_odata(dl, target)
            else:
                payload, pages, count = _fetch_raw(dl, target)
            path = root / target.dest
            provenance: dict[str, Any] = {
                "name": target.name,
                "url": pages[0],
                "retrieved_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "sha256": hashlib.sha256(payload).hexdigest(),
                "bytes": len(payload),
                "licence": target.licence,
                "publisher": target.publisher,
                "title": target.title,
                "kind": target.kind,
            }
            if target.kind == "odata":
                provenance["pages"] = pages
                provenance["rows"] = count
            _save(path, payload, provenance)
            saved.append(path)
            unit = {"FeatureCollection": "features", "Topology": "objects"}.get(
                target.expect or "", "rows"
            )
            items = f", {count} {unit}" if count is not None else ""
            say(f"  saved {path} ({len(payload):,} bytes{items})")
    finally:
        if own_session:
            session.close()
    return saved
