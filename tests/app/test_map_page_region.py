"""The map page follows the selected region (issue 13 item 9): its own municipalities, a comparison table."""

from __future__ import annotations

from tests.app.test_pages import _navigation_mode, figure_title, figures, open_app  # noqa: F401 - autouse fixture


def test_map_of_gelderland_and_its_comparison_table():
    at = open_app("pages/map.py", regio="PV25")
    (fig,) = figures(at)
    assert figure_title(fig).startswith("<b>Gelderland: hoogst in ")
    assert "Almere" not in figure_title(fig)
    assert "De 51 gemeenten van Gelderland vergeleken" in [h.value for h in at.header]
    tables = [d.value for d in at.dataframe if "RES-regio" in d.value.columns and "aandeel aardgasvrij"
              in d.value.columns and "code" not in d.value.columns]
    (table,) = tables
    assert len(table) == 51 and table["naam"].iloc[0] == "Duiven"


def test_map_of_the_netherlands_compares_the_provinces_in_english():
    at = open_app("pages/map.py", lang="en")
    assert "The 12 provinces compared" in [h.value for h in at.header]
    (fig,) = figures(at)
    assert not any(t.get("meta") == "outline" for t in fig["data"])
