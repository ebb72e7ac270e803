"""Figures: plotly only. The theme, one builder per chart kind and the map geometry.

DataFrame in, ``go.Figure`` out. Pure: no streamlit, no database, no I/O. One
builder per chart; every builder ends with :func:`finish` (:mod:`.theme`),
which applies the shared theme and puts the title (stating the finding), the
active filters, the source line and, for illustrative data, a visible badge
*inside* the figure, so that screenshots and exports always carry them.

Modules: :mod:`.theme` (palette, fonts, sizes, :class:`ChartMeta`,
:func:`finish`, the no-data figure, shared axis helpers); :mod:`.lines`
(trajectory, pace); :mod:`.bars` (funnel, time in phase, mix, council classes,
indicator shares, comparison, adoption); :mod:`.scatter`; :mod:`.choropleth`
(the map) on :mod:`.mapgeo` (the polygon geometry, no plotly).

Text: the figures hold no texts of their own; the locales are the label table.
Every user-visible string comes from the caller's ``labels`` mapping
(``warmte.i18n.chart_labels(lang)``), or, when a builder is given none, from
that table in ``ChartMeta.lang``; a key missing from ``labels`` shows as
itself (tests/test_i18n.py checks that every key the figures use exists in
both locales). Numbers are formatted by plotly with d3 formats
(``",.0f"``, ``".1%"``) and the ``layout.separators`` set from
``ChartMeta.lang`` (nl: 1.500.000 and 11,2%). The few numbers formatted in
Python (annotations, bin labels) use :mod:`warmte.i18n`, the one formatter.

In Streamlit show the figures with ``st.plotly_chart(fig, theme=None)`` so the
Streamlit theme does not override this one.
"""

from warmte.figures.bars import (
    adoption_chart,
    comparison_chart,
    council_classes_chart,
    funnel_chart,
    indicator_shares_chart,
    mix_chart,
    time_in_phase_chart,
)
from warmte.figures.choropleth import bin_index, choropleth_map
from warmte.figures.lines import pace_chart, trajectory_chart
from warmte.figures.scatter import scatter_chart
from warmte.figures.theme import (
    BLACK,
    BLUE,
    CATEGORICAL,
    GREEN,
    GREY,
    NO_DATA_COLOUR,
    ORANGE,
    PURPLE,
    SEQUENTIAL,
    SKY,
    VERMILLION,
    ChartMeta,
    finish,
    sequential_colours,
)

__all__ = [
    "BLACK",
    "BLUE",
    "CATEGORICAL",
    "GREEN",
    "GREY",
    "NO_DATA_COLOUR",
    "ORANGE",
    "PURPLE",
    "SEQUENTIAL",
    "SKY",
    "VERMILLION",
    "ChartMeta",
    "adoption_chart",
    "bin_index",
    "choropleth_map",
    "comparison_chart",
    "council_classes_chart",
    "finish",
    "funnel_chart",
    "indicator_shares_chart",
    "mix_chart",
    "pace_chart",
    "scatter_chart",
    "sequential_colours",
    "time_in_phase_chart",
    "trajectory_chart",
]
