"""Embed URLs and iframe snippets (issue 15, item 5)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from warmte import filters as flt
from warmte.views import embed, registry


def test_embed_url_reopens_the_view_with_one_chart(data):
    f = flt.Filters(region="GM0363", lang="en")
    url = embed.embed_url(data, f, "trajectory", base_url="https://warmte.example.nl/app")
    parts = urlsplit(url)
    assert parts.scheme == "https" and parts.netloc == "warmte.example.nl" and parts.path == "/app/"
    query = parse_qs(parts.query)
    assert query["embed"] == ["true"] and query["chart"] == ["trajectory"]
    assert query["regio"] == ["GM0363"] and query["lang"] == ["en"]
    map_url = embed.embed_url(data, f, "map", base_url="https://warmte.example.nl")
    assert urlsplit(map_url).path == "/kaart"


def test_iframe_snippet_is_escaped_titled_and_sized(data):
    f = flt.Filters(region="GM0363")
    chart = registry.build("trajectory", data, f)
    snippet = embed.iframe_snippet(data, chart, base_url="https://warmte.example.nl")
    assert snippet.startswith('<iframe src="https://warmte.example.nl/?regio=GM0363&amp;chart=trajectory&amp;embed=true"')
    assert f'height="{int(chart.fig.layout.height) + 60}"' in snippet
    title = " ".join(chart.meta.title.replace("<br>", " ").split())
    assert 'title="' in snippet and title.split()[0] in snippet and snippet.endswith("</iframe>")
    assert "<script" not in snippet


def test_a_chart_name_in_the_query_switches_the_embed_mode_on():
    assert embed.is_embed({"chart": "trajectory"}) and embed.is_embed({"chart": ["map"]})
    assert not embed.is_embed({}) and not embed.is_embed({"chart": " "}) and not embed.is_embed({"embed": "1"})
