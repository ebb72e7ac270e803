"""The production entry: the same app behind a small guard, served by Streamlit's ASGI server (``st.App``).

Run it with ``streamlit run warmte/ui/server.py`` (the README's run command). ``streamlit run app.py`` serves
the same pages without the guard (development, tests).

The guard does what Streamlit 1.67 has no setting for:

- a websocket ``clear_cache`` message is dropped: any visitor could otherwise flush the caches every session
  shares (the data snapshot and every computed table), slowing the app for everyone;
- ``/_stcore/metrics`` answers 404 (it is public by default);
- every HTTP response says who may embed the app: ``Content-Security-Policy: frame-ancestors`` from
  ``$WARMTE_FRAME_ANCESTORS`` (default ``'self'``; set e.g. ``'self' https://example.org`` to allow a publisher).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from streamlit.proto.BackMsg_pb2 import BackMsg

APP = Path(__file__).resolve().parents[2] / "app.py"
#: BackMsg types a visitor may not send.
DROPPED = frozenset({"clear_cache"})
HIDDEN_PATHS = ("/_stcore/metrics",)
DEFAULT_FRAME_ANCESTORS = "'self'"


def frame_ancestors() -> str:
    """Who may embed the app (a CSP source list); newlines and semicolons are not allowed in it."""
    value = os.environ.get("WARMTE_FRAME_ANCESTORS", "").strip() or DEFAULT_FRAME_ANCESTORS
    return DEFAULT_FRAME_ANCESTORS if any(ch in value for ch in ";\r\n") else value


def dropped(data: bytes | None) -> bool:
    """True for a websocket frame holding a BackMsg a visitor may not send."""
    if not data:
        return False
    message = BackMsg()
    try:
        message.ParseFromString(data)
    except Exception:  # not a BackMsg: Streamlit itself decides what to do with it
        return False
    return message.WhichOneof("type") in DROPPED


class Guard:
    """ASGI middleware: drops forbidden BackMsgs, hides the metrics endpoint, adds the frame-ancestors header."""

    def __init__(self, app):
        self.app = app
        self.header = (b"content-security-policy", f"frame-ancestors {frame_ancestors()}".encode())

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].rstrip("/").endswith(HIDDEN_PATHS):
            await PlainTextResponse("Not found", status_code=404)(scope, receive, send)
            return
        if scope["type"] == "websocket":
            async def receive_allowed():
                while True:
                    message = await receive()
                    if message["type"] == "websocket.receive" and dropped(message.get("bytes")):
                        continue
                    return message

            await self.app(scope, receive_allowed, send)
            return

        async def send_with_header(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), self.header]
            await send(message)

        await self.app(scope, receive, send_with_header)


app = st.App(str(APP), middleware=[Middleware(Guard)])
