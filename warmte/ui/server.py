"""The production entry: the same app behind a small guard, served by Streamlit's ASGI server (``st.App``).

Run it with ``streamlit run warmte/ui/server.py`` (the README's run command). ``streamlit run app.py`` serves
the same pages without the guard (development, tests).

The guard does what Streamlit 1.67 has no setting for:

- a websocket ``clear_cache`` message is dropped: any visitor could otherwise flush the caches every session
  shares (the data snapshot and every computed table), slowing the app for everyone;
- ``/_stcore/metrics`` answers 404 (it is public by default);
- every HTTP response says who may embed the app: ``Content-Security-Policy: frame-ancestors`` from
  ``$WARMTE_FRAME_ANCESTORS`` (default ``'self'``; set e.g. ``'self' https://example.org`` to allow a publisher);
- the app's page (Streamlit's ``index.html``, served for every page path) says which language it is in:
  ``<html lang="nl">``, or ``"en"`` with ``?lang=en`` (Streamlit writes ``lang="en"`` always), and its title is
  the app's name instead of "Streamlit". Screen readers and search engines read this before any script runs;
  once the app runs, app.py keeps ``lang`` and the title in step with the session's language and page.
"""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path
from urllib.parse import parse_qs

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from streamlit.proto.BackMsg_pb2 import BackMsg

APP = Path(__file__).resolve().parents[2] / "app.py"
#: BackMsg types a visitor may not send.
DROPPED = frozenset({"clear_cache"})
HIDDEN_PATHS = ("/_stcore/metrics",)
DEFAULT_FRAME_ANCESTORS = "'self'"
#: Paths whose HTML is not the app's page (assets, custom components, the API): never rewritten.
NOT_THE_PAGE = ("/_stcore/", "/static/", "/app/static/", "/component/", "/media/")
APP_TITLE = "Warmtemonitor"


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


def page_lang(query_string: bytes | str) -> str:
    """The language of a request for the app's page: ``en`` when ``?lang=en`` (any case), else ``nl``.

    The same rule as the app's filters (warmte/filters.py): an unknown value falls back to Dutch.
    """
    if isinstance(query_string, bytes):
        query_string = query_string.decode("latin-1")
    values = parse_qs(query_string).get("lang", [])
    return "en" if values and values[0].strip().lower() == "en" else "nl"


def localise_page(html: bytes, lang: str) -> bytes:
    """The app's page with ``<html lang>`` of the visitor's language and the app's name as its title.

    The ``<noscript>`` text Streamlit ships is English: it says so itself (``lang="en"``).
    """
    html = re.sub(rb"<html(\s[^>]*)?>", f'<html lang="{lang}">'.encode(), html, count=1)
    html = re.sub(rb"<title>[^<]*</title>", f"<title>{APP_TITLE}</title>".encode(), html, count=1)
    return html.replace(b"<noscript>", b'<noscript lang="en">', 1)


def is_page_request(scope) -> bool:
    path = scope.get("path", "")
    return scope.get("method") == "GET" and not any(part in path for part in NOT_THE_PAGE)


class Guard:
    """ASGI middleware: drops forbidden BackMsgs, hides the metrics endpoint, adds the frame-ancestors header,
    sets the page's language and title."""

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

        if is_page_request(scope):
            await self.app(scope, receive, _PageLocaliser(send_with_header, page_lang(scope.get("query_string", b""))))
            return
        await self.app(scope, receive, send_with_header)


class _PageLocaliser:
    """An ASGI ``send`` that rewrites a 200 ``text/html`` response (the app's page) with :func:`localise_page`.

    The page is small (8 kB): it is collected whole, unpacked when Streamlit gzipped it, and sent uncompressed
    with its new length. Its ``etag`` and ``last-modified`` describe Streamlit's file, not this variant: dropped.
    Any other response passes through untouched.
    """

    DROPPED_HEADERS = {b"content-length", b"content-encoding", b"etag", b"last-modified"}

    def __init__(self, send, lang: str):
        self.send, self.lang = send, lang
        self.start = None
        self.body = []

    async def __call__(self, message):
        if message["type"] == "http.response.start":
            headers = dict((k.lower(), v) for k, v in message.get("headers", []))
            if message.get("status") == 200 and headers.get(b"content-type", b"").startswith(b"text/html"):
                self.start = message
                return
        elif message["type"] == "http.response.body" and self.start is not None:
            self.body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            await self._send_page()
            return
        await self.send(message)

    async def _send_page(self):
        headers = self.start.get("headers", [])
        body = b"".join(self.body)
        encoding = b",".join(v for k, v in headers if k.lower() == b"content-encoding").strip().lower()
        if encoding not in (b"", b"identity", b"gzip"):  # an encoding this guard cannot read: sent as it is
            await self.send(self.start)
            await self.send({"type": "http.response.body", "body": body})
            return
        if encoding == b"gzip":
            body = gzip.decompress(body)
        body = localise_page(body, self.lang)
        kept = [(k, v) for k, v in headers if k.lower() not in self.DROPPED_HEADERS]
        await self.send({**self.start, "headers": [*kept, (b"content-length", str(len(body)).encode())]})
        await self.send({"type": "http.response.body", "body": body})


app = st.App(str(APP), middleware=[Middleware(Guard)])
