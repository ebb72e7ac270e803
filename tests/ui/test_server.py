"""The production entry's guard (warmte/ui/server.py), as an ASGI middleware on a stand-in app."""

from __future__ import annotations

import asyncio

import pytest
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
