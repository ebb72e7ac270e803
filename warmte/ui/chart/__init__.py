"""Plotly charts for the first visitor: plotly.js's basic partial bundle in a small custom component.

Streamlit's own ``st.plotly_chart`` loads the full plotly.js (a 4.7 MB chunk) before the first chart is drawn.
Every chart in ``warmte/figures`` uses only ``scatter`` and ``bar`` traces (the map is filled polygons,
``scatter`` with ``fill='toself'``), which the basic partial bundle (npm ``plotly.js-basic-dist-min``, MIT,
1.2 MB, vendored in ``frontend/`` with its licence) covers. ``plotly_chart`` keeps what the pages use:
responsive width, the modebar with its image export (``toImage``), and a click that returns the same event
shape as ``st.plotly_chart(on_select="rerun")`` (``{"selection": {"points": [...]}}``).

``$WARMTE_CHART`` chooses the renderer: ``partial`` (default) or ``st`` (Streamlit's ``st.plotly_chart``). A
figure with a trace type the bundle lacks is drawn by ``st.plotly_chart`` whatever the setting, and so is every
chart under AppTest (server side, no browser: it draws no component frame, and the app tests read the figure
from the ``plotly_chart`` element; the figure and the event are the same).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

import plotly.io as pio
import streamlit as st
import streamlit.components.v1 as components

FRONTEND = Path(__file__).parent / "frontend"
BUNDLE = FRONTEND / "plotly-basic.min.js"
#: The trace types the vendored bundle registers (tests/ui/test_chart_component.py checks this against the
#: bundle itself in Chromium, and that every figure builder stays inside it).
BUNDLE_TRACE_TYPES = frozenset({"bar", "pie", "scatter"})
MODES = ("partial", "st")
#: plotly's own default figure height, used when a figure sets none.
DEFAULT_HEIGHT = 450

_component = components.declare_component("warmte_chart", path=str(FRONTEND))


def mode() -> str:
    """The renderer from ``$WARMTE_CHART`` (``partial`` or ``st``); anything else is ``partial``."""
    value = os.environ.get("WARMTE_CHART", "partial").strip().lower()
    return value if value in MODES else "partial"


def renderer() -> str:
    """What draws the charts of this script run: ``mode()``, but ``st`` under AppTest."""
    from streamlit import config

    return "st" if config.get_option("global.appTest") else mode()


def trace_types(fig) -> set[str]:
    """The trace types of a figure (``scatter``, ``bar``, ...)."""
    return {trace.type for trace in fig.data}


def supported(fig) -> bool:
    """Whether the vendored bundle can draw every trace of ``fig``."""
    return trace_types(fig) <= BUNDLE_TRACE_TYPES


def figure_json(fig) -> str:
    """The figure as plotly JSON (what the component parses with ``JSON.parse``)."""
    return pio.to_json(fig, validate=False, engine="orjson")


def figure_height(fig) -> int:
    """The frame height: the figure's ``layout.height``, else plotly's default."""
    height = fig.layout.height
    return int(height) if height else DEFAULT_HEIGHT


def empty_event() -> dict:
    """What ``plotly_chart`` returns with ``on_select="rerun"`` before anything was clicked."""
    return {"selection": {"points": [], "point_indices": [], "box": [], "lasso": []}}


def plotly_chart(fig, *, key: str, on_select: str | Callable = "ignore", config: Mapping | None = None,
                 width: str = "stretch", theme: str | None = None, selection_mode: str = "points",
                 lang: str = "nl", alt: str | None = None):
    """Draw ``fig``: a drop-in for ``st.plotly_chart(fig, key=..., on_select=..., config=..., width="stretch",
    theme=None, selection_mode="points", alt=...)``. ``alt`` is the chart's accessible name (default: its title).

    With ``on_select="rerun"`` (or a callback) it returns the selection event, a dict
    ``{"selection": {"points": [{"curve_number", "point_number", "point_index", "x", "y", "customdata", ...}],
    "point_indices": [...], "box": [], "lasso": []}}``; with ``on_select="ignore"`` it returns ``None``.
    """
    if renderer() == "st" or not supported(fig):
        kwargs = {"width": width, "config": dict(config or {}), "key": key, "theme": theme}
        if alt is not None:
            kwargs["alt"] = alt
        if on_select != "ignore":
            kwargs.update(on_select=on_select, selection_mode=selection_mode)
        return st.plotly_chart(fig, **kwargs)
    selecting = on_select != "ignore"
    value = _component(spec=figure_json(fig), config=dict(config or {}), height=figure_height(fig),
                       select=selecting, lang=lang, alt=alt or "", key=key, default=None,
                       on_change=on_select if callable(on_select) else None)
    if not selecting:
        return None
    return value if isinstance(value, dict) and "selection" in value else empty_event()
