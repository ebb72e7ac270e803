"""One-page factsheet (A4 PDF) of a region: the key numbers of its profile in plain language and three charts.

For the Netherlands, a province, a RES region or a municipality, in Dutch or English. The charts are
the registry's (:mod:`warmte.views.registry`) trajectory, pace and comparison, rendered as PNG by the
export browser (:func:`warmte.export.images.image_bytes`). Text is set in DejaVu Sans (Debian's
fonts-dejavu-core), which has every letter of the Dutch and Frisian names (Súdwest-Fryslân).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

from warmte import filters as flt
from warmte.export import images
from warmte.i18n import fmt_int, fmt_pct, t
from warmte.views import progress as progress_view
from warmte.views import registry

FONT_DIR = Path(os.environ.get("WARMTE_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_REGULAR = "DejaVuSans.ttf"
FONT_BOLD = "DejaVuSans-Bold.ttf"

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 14.0
TEXT = (38, 39, 48)
MUTED = (95, 99, 104)
VERMILLION = (213, 94, 0)
BLUE = (0, 114, 178)
CHARTS = ("trajectory", "pace", "similar")


class FactsheetError(RuntimeError):
    """The factsheet cannot be made (missing font, no export browser)."""


def _font_paths() -> tuple[Path, Path]:
    regular, bold = FONT_DIR / FONT_REGULAR, FONT_DIR / FONT_BOLD
    missing = [str(p) for p in (regular, bold) if not p.is_file()]
    if missing:
        raise FactsheetError(f"font not found: {', '.join(missing)}; install Debian's fonts-dejavu-core "
                             "(apt-get install fonts-dejavu-core) or set WARMTE_FONT_DIR")
    return regular, bold


def _plain(text: str) -> str:
    return text.replace("**", "")


def key_numbers(summary: progress_view.RegionSummary, lang: str) -> list[str]:
    """The profile's key numbers as sentences: share of the 1.5 million, gas-free now, pace, projection."""
    return [
        progress_view.share_of_job(summary, lang),
        t("factsheet_gas_free", lang, year=summary.year, homes=fmt_int(summary.gas_free_homes, lang),
          share=fmt_pct(summary.gas_free_share, lang), stock=fmt_int(summary.housing_stock, lang)),
        _plain(progress_view.pace(summary, lang)),
        progress_view.projection(summary, lang) + ".",
    ]


def factsheet_pdf(data, filters: flt.Filters, *, loaders: registry.Loaders | None = None,
                  today: dt.date | None = None) -> bytes:
    """The factsheet of region ``filters.region`` in language ``filters.lang`` as PDF bytes (exactly one A4 page).

    Raises :class:`FactsheetError` (font missing), :class:`warmte.export.images.ExportUnavailable` (no browser),
    :class:`warmte.common.UnknownRegionError` / ``YearError``.
    """
    from fpdf import FPDF

    regular, bold = _font_paths()
    filters = registry.resolve(data, filters)
    lang = filters.lang
    summary = progress_view.region_summary(data, filters.region, filters.year, filters.definition, filters.target)
    built = [registry.build(name, data, filters, loaders=loaders, with_permalink=True, page="municipality")
             for name in CHARTS]
    pngs = [images.image_bytes(built[0].fig, "png", width=1000, scale=2)]
    pngs += [images.image_bytes(c.fig, "png", width=760, scale=2) for c in built[1:]]
    link = registry.permalink(data, filters, "municipality")

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_title(t("factsheet_title", lang, region=summary.name))
    pdf.set_author("Warmtemonitor")
    pdf.set_creation_date(dt.datetime.now(dt.UTC))
    pdf.add_page()
    width = PAGE_W - 2 * MARGIN

    # Title and filters
    pdf.set_text_color(*TEXT)
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(width, 8, t("factsheet_title", lang, region=summary.name), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font("DejaVu", "", 8.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(width, 4.5, t("factsheet_subtitle", lang, level=t("level_" + summary.level, lang), year=summary.year,
                                 definition=t("definition_" + filters.definition, lang),
                                 target=t("target_" + filters.target, lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    illustrative = summary.data_kind == "illustrative" or any(c.meta.illustrative for c in built)
    if illustrative:
        pdf.ln(1.5)
        pdf.set_draw_color(*VERMILLION)
        pdf.set_text_color(*VERMILLION)
        pdf.set_fill_color(255, 244, 229)
        pdf.set_font("DejaVu", "", 8.5)
        pdf.multi_cell(width, 4.5, t("illustrative_mark", lang) + ": " + _plain(t("illustrative_banner", lang)),
                       border=1, fill=True, padding=1.5, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(2)

    # Key numbers: four boxes, then the sentences
    pdf.set_text_color(*TEXT)
    boxes = [(t("metric_target", lang), fmt_int(summary.target_homes, lang)),
             (t("metric_gas_free", lang, year=summary.year), fmt_int(summary.gas_free_homes, lang)),
             (t("metric_required", lang), fmt_int(summary.required_per_year, lang)),
             (t("metric_projection", lang), progress_view.projection_short(summary, lang))]
    box_w, top = (width - 3 * 3) / 4, pdf.get_y()
    for i, (label, value) in enumerate(boxes):
        x = MARGIN + i * (box_w + 3)
        pdf.set_fill_color(240, 245, 250)
        pdf.rect(x, top, box_w, 17, style="F")
        pdf.set_xy(x + 2, top + 1.5)
        pdf.set_font("DejaVu", "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(box_w - 4, 3.4, label, new_x="LEFT", new_y="NEXT", align="L")
        pdf.set_xy(x + 2, top + 9.5)
        pdf.set_font("DejaVu", "B", 13)
        pdf.set_text_color(*BLUE)
        pdf.cell(box_w - 4, 6, value)
    pdf.set_xy(MARGIN, top + 20)
    pdf.set_text_color(*TEXT)
    pdf.set_font("DejaVu", "", 9.5)
    for line in key_numbers(summary, lang):
        pdf.multi_cell(width, 4.8, "• " + line, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.ln(2)

    # Charts: the trajectory across the page, pace and comparison side by side, scaled to what is left
    footer_h = 16
    available = PAGE_H - MARGIN - footer_h - pdf.get_y()
    sizes = [images.png_size(png) for png in pngs]
    half = (width - 4) / 2
    h_top = width * sizes[0][1] / sizes[0][0]
    h_bottom = max(half * h / w for w, h in sizes[1:])
    shrink = min(1.0, available / (h_top + 3 + h_bottom))
    y = pdf.get_y()
    pdf.image(io.BytesIO(pngs[0]), x=MARGIN + width * (1 - shrink) / 2, y=y, w=width * shrink)
    y += h_top * shrink + 3
    for i, png in enumerate(pngs[1:]):
        pdf.image(io.BytesIO(png), x=MARGIN + i * (half + 4), y=y, w=half * shrink)

    # Footer: sources, link, dates
    pdf.set_xy(MARGIN, PAGE_H - MARGIN - footer_h + 2)
    pdf.set_font("DejaVu", "", 7)
    pdf.set_text_color(*MUTED)
    sources = dict.fromkeys(c.meta.source for c in built)
    pdf.multi_cell(width, 3.2, " | ".join(sources), new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(*BLUE)
    pdf.cell(width, 3.6, f"{t('factsheet_link', lang)}: {link}", link=link, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_text_color(*MUTED)
    pdf.cell(width, 3.6, t("factsheet_footer", lang, date=(today or dt.date.today()).isoformat(),
                           built=str(data.build_info.get("built_at", ""))[:10]))
    if pdf.page_no() != 1:  # pragma: no cover - layout guard
        raise FactsheetError(f"the factsheet ran over one page ({pdf.page_no()} pages)")
    return bytes(pdf.output())
