"""Chart images: PNG and SVG through one kaleido export browser per process."""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import importlib.util
import os
import threading
from pathlib import Path

from warmte.figures.theme import refit

# --- Images: PNG and SVG through one kaleido export browser per process ----------------------------
#
# Kaleido >= 1 drives a Chromium-based browser (Debian's /usr/bin/chromium here). Starting it
# costs about a second and a half; one figure then renders in a tenth of that. So the browser is
# started lazily on the first export, kept alive in a background thread with its own event loop,
# shared by every caller (Streamlit sessions are threads) and closed at exit.
# Offline by construction: the page loads plotly.js from the plotly package (a file:// URL) and
# MathJax is switched off; the figures use no geo traces (no topojson from a CDN).

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DEFAULT_WIDTH = 1000
DEFAULT_HEIGHT = 600
EXPORT_TIMEOUT_S = 120.0
IMAGE_FORMATS = ("png", "svg")
#: Sane export sizes: width in CSS pixels and PNG pixel scale (inclusive ranges).
WIDTH_RANGE = (200, 4000)
SCALE_RANGE = (0.5, 4.0)


def check_width(width) -> int:
    """``width`` as an int in :data:`WIDTH_RANGE`; raises ValueError naming the range."""
    lo, hi = WIDTH_RANGE
    try:
        value = float(width)
    except (TypeError, ValueError):
        raise ValueError(f"width {width!r} is not a number; expected a whole number of pixels {lo}..{hi}") from None
    if value != value or value in (float("inf"), float("-inf")) or value != int(value) or not lo <= value <= hi:
        raise ValueError(f"width {width!r} is outside {lo}..{hi} pixels (a whole number)")
    return int(value)


def check_scale(scale) -> float:
    """``scale`` as a finite float in :data:`SCALE_RANGE`; raises ValueError naming the range."""
    lo, hi = SCALE_RANGE
    try:
        value = float(scale)
    except (TypeError, ValueError):
        raise ValueError(f"scale {scale!r} is not a number; expected {lo:g}..{hi:g}") from None
    if not lo <= value <= hi:  # also false for NaN
        raise ValueError(f"scale {scale!r} is outside {lo:g}..{hi:g}")
    return value


def is_image(payload: bytes, fmt: str) -> bool:
    """Whether ``payload`` is a plausible ``fmt`` image: PNG signature and IHDR, or an SVG document."""
    if fmt == "png":
        try:
            w, h = png_size(payload)
        except ValueError:
            return False
        return w > 0 and h > 0 and len(payload) > 64
    if fmt == "svg":
        head = payload[:2048].lstrip().lower()
        return (head.startswith(b"<svg") or head.startswith(b"<?xml")) and b"<svg" in head \
            and payload.rstrip().endswith(b"</svg>")
    return False


class ExportUnavailable(RuntimeError):
    """Images cannot be made here: kaleido or a Chromium browser is missing or does not start."""


def browser_path() -> str | None:
    """The browser kaleido drives: ``$BROWSER_PATH`` (choreographer's variable), else Debian's Chromium."""
    import shutil

    env = os.environ.get("BROWSER_PATH", "").strip()
    if env:
        return env
    for candidate in CHROMIUM_CANDIDATES:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def unavailable_reason() -> str | None:
    """Why images cannot be made (None when they can, as far as can be told without starting a browser)."""
    return _static_reason() or _exporter.failed


def _static_reason() -> str | None:
    if importlib.util.find_spec("kaleido") is None:
        return "kaleido is not installed (pip install 'kaleido>=1')"
    path = browser_path()
    if path is None:
        return ("no Chromium browser found: install Debian's chromium (apt-get install chromium) "
                "or set BROWSER_PATH to a Chrome/Chromium executable")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return f"the browser {path!r} (BROWSER_PATH) does not exist or is not executable"
    return None


class _Exporter:
    """The process's one export browser: a kaleido.Kaleido in a background event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self.failed: str | None = None  # why the last start failed
        self.starts = 0

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def _start(self) -> None:
        reason = _static_reason()
        if reason:
            raise ExportUnavailable(reason)
        import kaleido
        import plotly

        plotlyjs = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        if not plotlyjs.is_file():
            raise ExportUnavailable(f"plotly.js not found at {plotlyjs}; exports must not load it from a CDN")
        path = browser_path()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="warmte-export-browser", daemon=True)
        thread.start()

        async def open_browser():
            k = kaleido.Kaleido(n=1, timeout=EXPORT_TIMEOUT_S, plotlyjs=str(plotlyjs), mathjax=False, path=path)
            await k.open()
            return k

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(EXPORT_TIMEOUT_S)
        except Exception as exc:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            self.failed = f"the export browser {path} did not start: {type(exc).__name__}: {exc}"
            raise ExportUnavailable(self.failed) from exc
        self._loop, self._thread, self.failed = loop, thread, None
        self.starts += 1

    def render(self, fig_dict: dict, opts: dict) -> bytes:
        with self._lock:
            if self._kaleido is None:
                self._start()
            k, loop = self._kaleido, self._loop
        future = asyncio.run_coroutine_threadsafe(k.calc_fig(fig_dict, opts=opts), loop)
        try:
            return future.result(EXPORT_TIMEOUT_S)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            self.stop()  # a hung browser: start afresh next time
            raise ExportUnavailable(f"the export browser did not answer within {EXPORT_TIMEOUT_S:.0f} s") from exc

    def stop(self) -> None:
        with self._lock:
            k, loop, thread = self._kaleido, self._loop, self._thread
            self._kaleido = self._loop = self._thread = None
        if k is None or loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
        except Exception:  # noqa: BLE001 - closing at exit: best effort
            pass
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(5)


_exporter = _Exporter()
atexit.register(_exporter.stop)


def stop_export_browser() -> None:
    """Close the export browser (it starts again on the next export)."""
    _exporter.stop()


def image_size(fig, width: int | None = None, height: int | None = None) -> tuple[int, int]:
    """The export size in CSS pixels: ``width`` (default 1000) by ``height`` (default the figure's height)."""
    fig_height = getattr(fig.layout, "height", None) if hasattr(fig, "layout") else None
    return int(width or DEFAULT_WIDTH), int(height or fig_height or DEFAULT_HEIGHT)


def image_bytes(fig, fmt: str = "png", width: int | None = None, height: int | None = None,
                scale: float = 1) -> bytes:
    """The figure as PNG or SVG, rendered by the process's export browser.

    The image is ``width`` x ``height`` CSS pixels (defaults: 1000 x the figure's own height), times
    ``scale`` for PNG. Title, filters, source line, illustrative mark and permalink are part of the
    figure (see :func:`warmte.figures.finish`). Raises :class:`ExportUnavailable` when no browser can run.
    """
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; expected one of {', '.join(IMAGE_FORMATS)}")
    if width is not None:
        width = check_width(width)
    scale = check_scale(scale)
    if hasattr(fig, "to_dict"):  # title, subtitle and source lines laid out for the image's width
        fig = refit(fig, int(width or DEFAULT_WIDTH))
    w, h = image_size(fig, width, height)
    fig_dict = static_figure(fig.to_dict() if hasattr(fig, "to_dict") else dict(fig))
    return _exporter.render(fig_dict, {"format": fmt, "width": w, "height": h, "scale": scale})


def _draws_nothing(trace: dict) -> bool:
    """A trace that only serves hover or selection: invisible markers (opacity 0) without text."""
    if trace.get("visible") is False:
        return True
    marker = trace.get("marker") or {}
    return (trace.get("mode") == "markers" and marker.get("opacity") == 0
            and trace.get("type", "scatter") in ("scatter", "scattergl"))


def static_figure(fig_dict: dict) -> dict:
    """The figure as a static image needs it: traces that draw nothing (the map's invisible hover and
    selection markers, thousands of points) are left out, which halves the map's render time."""
    data = [tr for tr in fig_dict.get("data", []) if not _draws_nothing(tr)]
    return {**fig_dict, "data": data}


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG from its IHDR header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
