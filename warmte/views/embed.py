"""Charts for publishers (issue 15): one chart on its own, for an iframe on another site.

``<page>?<filters>&chart=<NAME>&embed=true`` shows chart NAME with its title, source and permalink (all inside
the figure) and nothing of the app around it. :func:`iframe_snippet` is the HTML a publisher pastes.

``chart`` switches the mode on. ``embed`` is Streamlit's own, reserved parameter: its frontend then leaves out
the header, toolbar and padding, and Streamlit hides it from the script (``st.query_params`` never shows it), so
the script cannot read ``embed=1``; ``chart`` alone is enough for the app, and ``embed=true`` makes the frame tidy.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

from warmte import filters as flt
from warmte.views import registry

#: The query parameters of the embed mode.
EMBED_PARAM, CHART_PARAM = "embed", "chart"


def is_embed(params) -> bool:
    """True when the query names a chart (``chart=NAME``): the page then shows that chart alone."""
    value = params.get(CHART_PARAM, "")
    return bool(str(value[0] if isinstance(value, list) and value else value).strip())


def embed_url(data, filters: flt.Filters, name: str, base_url: str | None = None) -> str:
    """The address of chart ``name`` alone, with the filters of the view it comes from."""
    page = registry.CHARTS[name].page
    link = registry.permalink(data, filters, page, base_url)
    extra = urlencode({CHART_PARAM: name, EMBED_PARAM: "true"})
    return f"{link}&{extra}" if "?" in link else f"{link}?{extra}"


def iframe_snippet(data, chart: registry.Chart, base_url: str | None = None) -> str:
    """The ``<iframe>`` for chart ``chart`` (its height plus room for the caption; full width; titled)."""
    src = embed_url(data, chart.filters, chart.name, base_url)
    height = int(chart.fig.layout.height or 450) + 60
    title = " ".join(str(chart.meta.title).replace("<br>", " ").split())
    return (f'<iframe src="{escape(src, quote=True)}" title="{escape(title, quote=True)}" width="100%" '
            f'height="{height}" style="border:0" loading="lazy"></iframe>')
