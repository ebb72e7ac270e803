"""The production entry's guard (warmte/ui/server.py) as an ASGI middleware on stand-in apps and Streamlit's page."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import pytest
import streamlit
from streamlit.proto.BackMsg_pb2 import BackMsg

from warmte.ui import server


def _backmsg(**fields) -> bytes:
    msg = BackMsg()
    for name, value in fields.items():
        if name == "rerun_script":
            msg.rerun_script.query_string = value
        else:
            setattr(msg, name, value)
    return msg.SerializeToString()


def _run(scope, incoming):
    """Run the guard around an app that records what it receives and what is sent."""
    seen, sent = [], []

    async def inner(scope, receive, send):
        if scope["type"] == "websocket":
            while True:
                message = await receive()
                seen.append(message)
                if message["type"] == "websocket.disconnect":
                    return
        else:
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
            await send({"type": "http.response.body", "body": b"ok"})

    queue = list(incoming)

    async def receive():
        return queue.pop(0)

    async def send(message):
        sent.append(message)

    asyncio.run(server.Guard(inner)(scope, receive, send))
    return seen, sent


def test_clear_cache_from_a_visitor_never_reaches_streamlit():
    rerun = _backmsg(rerun_script="regio=GM0363")
    seen, _ = _run({"type": "websocket", "path": "/_stcore/stream"}, [
        {"type": "websocket.receive", "bytes": _backmsg(clear_cache=True)},
        {"type": "websocket.receive", "bytes": rerun},
        {"type": "websocket.receive", "bytes": b"\xff\x00 not a backmsg"},
        {"type": "websocket.disconnect"},
    ])
    assert [m.get("bytes") for m in seen] == [rerun, b"\xff\x00 not a backmsg", None]
    assert server.dropped(_backmsg(clear_cache=True)) and not server.dropped(rerun) and not server.dropped(b"")


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore/metrics/"])
def test_metrics_are_not_served(path):
    _, sent = _run({"type": "http", "path": path, "method": "GET", "headers": []}, [])
    assert sent[0]["status"] == 404


@pytest.mark.parametrize(("env", "expected"), [
    (None, "frame-ancestors 'self'"),
    ("'self' https://example.org", "frame-ancestors 'self' https://example.org"),
    ("https://x.example; script-src *", "frame-ancestors 'self'"),  # no header injection
])
def test_every_response_says_who_may_embed_it(monkeypatch, env, expected):
    if env is None:
        monkeypatch.delenv("WARMTE_FRAME_ANCESTORS", raising=False)
    else:
        monkeypatch.setenv("WARMTE_FRAME_ANCESTORS", env)
    _, sent = _run({"type": "http", "path": "/", "method": "GET", "headers": []}, [])
    headers = dict(sent[0]["headers"])
    assert headers[b"content-security-policy"].decode() == expected
    assert headers[b"content-type"] == b"text/html"


INDEX = Path(streamlit.__file__).parent / "static" / "index.html"


def _serve_html(body: bytes, *, gzipped: bool, content_type: bytes = b"text/html; charset=utf-8", chunks: int = 1):
    """A stand-in for Streamlit's static handler: the page, gzipped as Streamlit sends it, in ``chunks`` parts."""
    payload = gzip.compress(body) if gzipped else body
    headers = [(b"content-type", content_type), (b"content-length", str(len(payload)).encode()),
               (b"etag", b'"abc"'), (b"last-modified", b"Wed, 02 Dec 2026 15:48:07 GMT")]
    if gzipped:
        headers.append((b"content-encoding", b"gzip"))
    size = -(-len(payload) // chunks)
    parts = [payload[i:i + size] for i in range(0, len(payload), size)]

    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})

    return inner


def _get(inner, path: str, query: bytes = b""):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "path": path, "method": "GET", "headers": [], "query_string": query}
    asyncio.run(server.Guard(inner)(scope, receive, send))
    headers = dict(sent[0]["headers"])
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return headers, body


@pytest.mark.parametrize(("path", "query", "lang"), [
    ("/", b"", "nl"),
    ("/kaart", b"regio=GM0363", "nl"),
    ("/kaart", b"regio=GM0363&lang=en", "en"),
    ("/gemeenteprofiel", b"lang=EN", "en"),
    ("/data", b"lang=fr", "nl"),  # an unknown language is Dutch, as in the app's filters
])
@pytest.mark.parametrize("gzipped", [True, False])
def test_the_page_is_served_in_the_visitors_language(path, query, lang, gzipped):
    """Streamlit's index.html says lang="en" and "Streamlit" for every page: the guard says which language."""
    original = INDEX.read_bytes()
    assert b'<html lang="en">' in original and b"<title>Streamlit</title>" in original
    headers, body = _get(_serve_html(original, gzipped=gzipped, chunks=3), path, query)
    html = body.decode()
    assert html.count("<html") == 1 and f'<html lang="{lang}">' in html
    assert "<title>Warmtemonitor</title>" in html and "<title>Streamlit" not in html
    assert '<noscript lang="en">' in html  # Streamlit's noscript text is English
    assert int(headers[b"content-length"]) == len(body)
    assert b"content-encoding" not in headers and b"etag" not in headers and b"last-modified" not in headers
    assert headers[b"content-security-policy"].startswith(b"frame-ancestors")
    # everything but the three changes is Streamlit's page, byte for byte
    assert len(body) - len(original) == len(' lang="en"') + len("Warmtemonitor") - len("Streamlit")


@pytest.mark.parametrize("path", ["/static/js/x.html", "/component/chart/index.html", "/_stcore/health",
                                  "/media/abc.html"])
def test_other_html_is_left_alone(path):
    original = INDEX.read_bytes()
    headers, body = _get(_serve_html(original, gzipped=True), path, b"lang=en")
    assert gzip.decompress(body) == original and headers[b"content-encoding"] == b"gzip"


def test_a_response_that_is_not_html_is_left_alone():
    payload = b'{"lang": "en"}'
    headers, body = _get(_serve_html(payload, gzipped=False, content_type=b"application/json"), "/", b"lang=en")
    assert body == payload and headers[b"etag"] == b'"abc"'


@pytest.mark.parametrize(("query", "lang"), [(b"", "nl"), (b"lang=en", "en"), (b"lang=%20En%20", "en"),
                                             (b"regio=GM0363&lang=nl", "nl"), (b"lang=", "nl"), ("lang=en", "en")])
def test_page_lang(query, lang):
    assert server.page_lang(query) == lang
