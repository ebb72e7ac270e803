"""The factsheet is a complete one-page A4 brief (issue 13 item 17).

Read back from the PDF (pypdf): one page; every text at least 7 pt; the sections a council member needs
(progress, heat networks and initiatives, council and transitievisie warmte) in Dutch and English; on paper
an address instead of the app page "Data & methode"; the page filled from top to bottom. Inside the charts,
the smallest text is worked out from the figure's font sizes and the size it is printed at.
"""

from __future__ import annotations

import io
import re

import pytest

from warmte import filters as flt
from warmte.i18n import t
from warmte.views import registry

CASES = [("GM0363", "nl", False), ("GM0363", "en", True), ("GM1680", "nl", True), ("GM1680", "en", False),
         ("NL", "en", False), ("PV27", "nl", True)]
PT_PER_MM = 72 / 25.4
MIN_PT = 7.0


def _read(raw: bytes) -> tuple[int, str, list[float]]:
    """Pages, the text (whitespace collapsed) and the size in pt of every piece of text."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    sizes: list[float] = []

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip():
            sizes.append(float(font_size) * abs(float(tm[3])) * abs(float(cm[3])))

    texts = [p.extract_text(visitor_text=visit) for p in reader.pages]
    return len(reader.pages), " ".join(" ".join(texts).split()), sizes


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def sheets(data, demo_data):
    from warmte.export.factsheet import factsheet_pdf

    out = {}
    for region, lang, demo in CASES:
        d = demo_data if demo else data
        f = flt.Filters(region=region, lang=lang, demo=demo)
        out[(region, lang, demo)] = (d, registry.resolve(d, f), factsheet_pdf(d, f))
    return out


@pytest.mark.parametrize("case", CASES, ids=[f"{r}-{lang}-{'demo' if d else 'real'}" for r, lang, d in CASES])
def test_one_page_text_of_at_least_7_pt_with_every_section(sheets, case):
    data, filters, raw = sheets[case]
    lang = filters.lang
    pages, text, sizes = _read(raw)
    assert pages == 1
    assert sizes and min(sizes) >= MIN_PT - 0.01, sorted(set(round(s, 2) for s in sizes))[:5]
    for key in ("factsheet_section_heat", "factsheet_section_council"):
        assert t(key, lang) in text
    # the findings, in words; a municipality's page shows its peers, a larger region's page its members
    peers = "peers" if filters.region.startswith("GM") else "similar"
    for name in ("heat_pipeline", "tvw_status", "trajectory", peers):
        title = _one_line(registry.build(name, data, filters).meta.title)
        assert title in text, (name, title)
    # on paper no app page: the address of the definitions instead
    assert "Data & methode" not in text and "Data & method" not in text
    assert _one_line(t("factsheet_method", lang, url=registry.permalink(data, filters, "data"))) in text
    mark = t("illustrative_mark", lang)
    assert (mark in text) == filters.demo


@pytest.mark.parametrize("case", CASES[:3], ids=[f"{r}-{lang}" for r, lang, _ in CASES[:3]])
def test_chart_text_prints_at_7_pt_or_more_and_the_page_is_filled(data, demo_data, case):
    from warmte.export.factsheet import MARGIN, PAGE_H, build_factsheet

    region, lang, demo = case
    sheet = build_factsheet(demo_data if demo else data, flt.Filters(region=region, lang=lang, demo=demo))
    assert len(sheet.charts) >= 3  # four; three when a region has no heat networks in development
    for name, fig, css_px, width_mm in sheet.charts:
        lay = fig.layout
        sizes = [lay.font.size]
        sizes += [a.font.size for a in lay.annotations if a.font and a.font.size]
        sizes += [ax.title.font.size for ax in (lay.xaxis, lay.yaxis) if ax.title and ax.title.font.size]
        sizes += [ax.tickfont.size for ax in (lay.xaxis, lay.yaxis) if ax.tickfont and ax.tickfont.size]
        if lay.legend and lay.legend.font and lay.legend.font.size:
            sizes.append(lay.legend.font.size)
        sizes += [tr.textfont.size for tr in fig.data if getattr(getattr(tr, "textfont", None), "size", None)]
        smallest_pt = min(sizes) * width_mm / css_px * PT_PER_MM
        assert smallest_pt >= MIN_PT, (name, min(sizes), smallest_pt)
        assert not lay.title.text  # the title is set as text on the page, above the image
    blocks = sorted(sheet.blocks, key=lambda b: b[1])
    assert blocks[0][1] <= MARGIN + 0.5
    assert blocks[-1][2] >= PAGE_H - MARGIN - 15  # the footer ends near the bottom margin
    gaps = [nxt[1] - cur[2] for cur, nxt in zip(blocks, blocks[1:], strict=False)]
    assert max(gaps) <= 8, blocks  # no empty band: at most 8 mm between blocks
    assert {b[0].split()[0] for b in blocks} >= {"title", "key_numbers", "charts", "sections", "footer"}


def test_a_municipality_without_initiatives_or_council_data_says_how_to_add_them(sheets):
    data, filters, raw = sheets[("GM1680", "en", False)]
    _, text, _ = _read(raw)
    url = registry.permalink(data, filters, "data")
    assert _one_line(t("factsheet_no_council", "en", url=url)) in text
    assert re.search(r"resident initiatives|initiatives per phase", text, re.IGNORECASE)
