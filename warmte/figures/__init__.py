"""Figures: plotly only. The theme, one builder per chart kind and the map geometry."""

from warmte.figures.charts import *  # noqa: F403
from warmte.figures.charts import ChartMeta  # noqa: F401
