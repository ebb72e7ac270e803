"""A chart's source line names only what its numbers come from (issue 13 item 5).

Real numbers of a municipality come from the CBS key figures of 2024, not from the national 2017-2024 series;
generated numbers (demonstration mode) are named as such ("illustratief"/"illustrative") in the figure, so also in
every exported image (the source line is an annotation inside the figure).
"""

from __future__ import annotations

import html
import re

import pytest

from warmte import filters as flt
from warmte.views import registry

MARK = {"nl": "illustratief", "en": "illustrative"}
NATIONAL_SERIES = {"nl": "aandelen aardgasvrij 2017-2024", "en": "gas-free shares 2017-2024"}
REGIONS = ["GM0363", "GM1680", "PV27", "NL"]


def _source_annotation(fig) -> str:
    (note,) = [a for a in fig.layout.annotations if a.name == "source"]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", note.text))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_real_municipal_numbers_do_not_cite_the_national_series(data, lang):
    for name in ("trajectory", "pace", "similar"):
        gm = registry.build(name, data, flt.Filters(region="GM0363", lang=lang))
        assert not gm.meta.illustrative
        assert NATIONAL_SERIES[lang] not in gm.meta.source
        assert "85984NED" in gm.meta.source and "2024" in gm.meta.source
        assert MARK[lang] not in gm.meta.source.lower()
    nl = registry.build("trajectory", data, flt.Filters(region="NL", lang=lang))
    assert NATIONAL_SERIES[lang] in nl.meta.source  # the national trend is that series


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("region", REGIONS)
def test_generated_numbers_are_named_in_the_source_line(demo_data, region, lang):
    marked = 0
    for name in registry.CHARTS:
        if name == "map":
            continue  # the map's own test below
        chart = registry.build(name, demo_data, flt.Filters(region=region, lang=lang, demo=True))
        source = chart.meta.source
        in_figure = _source_annotation(chart.fig)
        if chart.meta.illustrative:
            marked += 1
            assert MARK[lang] in source.lower(), (name, source)
            assert MARK[lang] in in_figure.lower(), (name, in_figure)
            assert NATIONAL_SERIES[lang] not in source, (name, source)  # generated years are not CBS's series
        else:
            assert MARK[lang] not in source.lower(), (name, source)
    assert marked >= 4  # the register, council and (below the country) housing charts are generated here


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_map_indicators_from_generated_data_say_so(demo_data, lang):
    for indicator in dict.fromkeys(flt.MAP_INDICATORS + flt.DEMO_INDICATORS):
        chart = registry.build("map", demo_data, flt.Filters(region="NL", lang=lang, demo=True, indicator=indicator))
        if chart.meta.illustrative:
            assert MARK[lang] in chart.meta.source.lower(), (indicator, chart.meta.source)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_exported_svg_carries_the_generated_data_source_line(demo_data, lang):
    from warmte.export import images

    if images.unavailable_reason():
        pytest.fail(images.unavailable_reason())
    chart = registry.build("trajectory", demo_data, flt.Filters(region="GM0363", lang=lang, demo=True),
                           with_permalink=True)
    assert chart.meta.illustrative
    svg = images.image_bytes(chart.fig, "svg", width=390).decode()
    text = html.unescape(" ".join(re.findall(r">([^<>]+)<", svg)))
    words = re.sub(r"\s+", " ", text).lower()
    assert MARK[lang] in words
    generated = {"nl": "gegenereerde demonstratiegegevens", "en": "generated demonstration data"}[lang]
    assert generated in words
    assert NATIONAL_SERIES[lang] not in words
