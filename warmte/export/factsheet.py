"""One-page factsheet (A4 PDF) of a region: a brief for a council member, in plain language, with four charts.

For the Netherlands, a province, a RES region or a municipality, in Dutch or English. From the top: title and
filters, the illustrative mark (demonstration mode), the key numbers, four charts of the registry
(:mod:`warmte.views.registry`: trajectory, comparison, pace and the heat networks in development), the heat
networks and initiatives, the council and its transitievisie warmte, and the sources with the link that
reopens the view and the address of the definitions. The charts and the text fill the page: what the text
leaves is given to the charts.

Text is at least 7 pt (:data:`MIN_PT`), also inside the charts: each chart is rendered by the export browser
(:func:`warmte.export.images.image_bytes`) at :data:`CHART_PX` CSS pixels and placed in a column of
:data:`COLUMN_MM`, so its smallest text (11 px) prints at 7.2 pt. Text is set in DejaVu Sans (Debian's
fonts-dejavu-core), which has every letter of the Dutch and Frisian names (Súdwest-Fryslân).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from warmte import filters as flt
from warmte.export import images
from warmte.figures import theme
from warmte.i18n import fmt_int, fmt_pct, t
from warmte.views import plans as plans_view
from warmte.views import progress as progress_view
from warmte.views import questions as questions_view
from warmte.views import registry

FONT_DIR = Path(os.environ.get("WARMTE_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_REGULAR = "DejaVuSans.ttf"
FONT_BOLD = "DejaVuSans-Bold.ttf"

PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0
GAP = 6.0  # between the two columns
WIDTH = PAGE_W - 2 * MARGIN
COLUMN_MM = (WIDTH - GAP) / 2
#: CSS width of a chart image: 11 px (the smallest chart text) x COLUMN_MM / CHART_PX = 7.2 pt.
CHART_PX = 390
MIN_PT = 7.0
PT_PER_MM = 72 / 25.4


def _rgb(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


TEXT = _rgb(theme.TEXT)
MUTED = _rgb(theme.MUTED)
BADGE_TEXT = _rgb(theme.BADGE_TEXT)
BADGE_BACKGROUND = _rgb(theme.BADGE_BACKGROUND)
BLUE = _rgb(theme.BLUE)
BOX = (240, 245, 250)
#: The charts of a province, RES region or the country: two rows of two.
CHARTS = (("trajectory", "similar"), ("pace", "heat_pipeline"))
#: A municipality's page: its peers as strips across the second row (where it sits on each headline indicator).
#: A first row holds the first two charts with something to draw (the pace stands in where no heat networks are).
MUNICIPAL_CHARTS = (("trajectory", "heat_pipeline", "pace"), ("peers",))


def charts_for(region: str) -> tuple[tuple[str, ...], ...]:
    """The chart rows of a region's page: a municipality gets its peer ranges, a larger region its members."""
    return MUNICIPAL_CHARTS if region.startswith("GM") else CHARTS
#: Charts whose title and text alternative go into the sections below the charts.
HEAT_CHARTS = ("heat_pipeline", "funnel")
COUNCIL_CHARTS = ("tvw_status", "council_indicators", "tvw_adoption")


class FactsheetError(RuntimeError):
    """The factsheet cannot be made (missing font, no export browser)."""


@dataclass
class Factsheet:
    """The PDF and how its page was filled (for checks): the charts placed and the blocks from top to bottom."""

    pdf: bytes
    charts: list[tuple[str, object, int, float]] = field(default_factory=list)  # name, figure, CSS px, width mm
    blocks: list[tuple[str, float, float]] = field(default_factory=list)  # name, top mm, bottom mm
    font_sizes: set[float] = field(default_factory=set)  # every text size set (pt)


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
        _plain(progress_view.share_of_job(summary, lang)),
        t("factsheet_gas_free", lang, year=summary.year, homes=fmt_int(summary.gas_free_homes, lang),
          share=fmt_pct(summary.gas_free_share, lang), stock=fmt_int(summary.housing_stock, lang)),
        _plain(progress_view.pace(summary, lang)),
        _plain(progress_view.projection(summary, lang)) + ".",
    ]


def _sentence(chart: registry.Chart, lang: str, with_alt: bool = False) -> str:
    """A chart's finding (and its text alternative) as one paragraph, marked when illustrative."""
    text = chart.meta.title.rstrip(".") + "."
    if with_alt and chart.alt and chart.alt.strip():
        text += " " + _plain(chart.alt.strip()).rstrip(".") + "."
    if chart.meta.illustrative:
        text += f" ({t('illustrative_mark', lang)})"
    return text


def heat_paragraphs(built: dict[str, registry.Chart], name: str, url: str, lang: str,
                    plans_text: str = "") -> list[str]:
    """The heat networks in development (WarmteAtlas; the chart shows them per phase), set against the task
    (``plans_text``), and the resident initiatives (their phases in words), as paragraphs."""
    out = [_sentence(built["heat_pipeline"], lang)] + ([plans_text] if plans_text else [])
    funnel = built["funnel"]
    if funnel.table["initiatives"].sum() > 0:
        out.append(_sentence(funnel, lang, with_alt=True))
    else:
        out.append(t("factsheet_no_initiatives", lang, region=name, url=url))
    return out


def council_paragraphs(built: dict[str, registry.Chart], url: str, lang: str, questions=()) -> list[str]:
    """The transitievisie warmte status (WarmteAtlas), where they exist the council indicators, and the questions
    for the council (:mod:`warmte.views.questions`), each with the figure it rests on."""
    out = [_sentence(built["tvw_status"], lang)]
    with_data = [built[n] for n in ("council_indicators", "tvw_adoption") if len(built[n].table)]
    if with_data:
        out += [_sentence(c, lang) for c in with_data]
    else:
        out.append(t("factsheet_no_council", lang, url=url))
    if questions:
        out.append(t("profile_questions", lang) + ":")
        out += [f"{i}. {q.text}" for i, q in enumerate(questions, start=1)]
    return out


#: Text of the sections under the charts: size (pt) and line height (mm), at the page's minimum of 7 pt.
SECTION_PT, SECTION_LINE = 7, 3.1
#: Questions for the council on the page (the profile shows all 3-6).
FACTSHEET_QUESTIONS = 3
#: The least height (mm) left for the two chart rows; below it the charts would be unreadable.
MIN_CHARTS_MM = 90

#: The least height (CSS px) of each chart's plot alone, so that bars and labels stay readable.
MIN_PLOT_PX = 110
TITLE_MM = 15  # title, filters and mark above a chart


def _empty(chart: registry.Chart) -> bool:
    """A chart with nothing to draw (its finding says so; no image is placed)."""
    return any(a.name == "no_data" for a in chart.fig.layout.annotations)


def _shown(built: dict[str, registry.Chart], rows) -> list[str]:
    """The charts whose numbers are on the page: those drawn, and those the sections speak of."""
    names = [n for row in rows for n in row] + ["tvw_status"]
    if built["funnel"].table["initiatives"].sum() > 0:
        names.append("funnel")
    return names + [n for n in ("council_indicators", "tvw_adoption") if len(built[n].table)]


def _need_px(chart: registry.Chart) -> int:
    """CSS height a chart needs without its texts: margins plus a plot of at least MIN_PLOT_PX (more for bars
    with labels of several lines); none when it has nothing to draw."""
    if _empty(chart):
        return 0
    fig = theme.refit(chart.fig, CHART_PX, bare=True)
    strips = list(fig.layout.yaxis.categoryarray or ())
    if strips:  # the peer strips: one row each
        return int(fig.layout.margin.t + fig.layout.margin.b + 48 * len(strips))
    ticks = list(fig.layout.yaxis.ticktext or ())
    if not ticks and fig.data and getattr(fig.data[0], "orientation", None) == "h":  # bars: categories on y
        ticks = [str(v) for v in fig.data[0].y]
    lines = sum(str(x).count("<br>") + 1 for x in ticks)
    return int(fig.layout.margin.t + fig.layout.margin.b + max(MIN_PLOT_PX, 16 * lines))


def _row_heights(built: dict[str, registry.Chart], total_mm: float, rows) -> list[float]:
    """The two chart rows' heights (mm): each what it needs, the rest of ``total_mm`` shared in proportion."""
    need = [TITLE_MM + max(_need_px(built[n]) for n in row) * COLUMN_MM / CHART_PX for row in rows]
    scale = total_mm / sum(need)
    return [n * scale for n in need]


class _Page:
    """The FPDF page with the few text styles of the factsheet (each size recorded)."""

    def __init__(self, pdf, sizes: set[float]):
        self.pdf, self.sizes = pdf, sizes

    def style(self, size: float, colour=TEXT, bold: bool = False) -> None:
        if size < MIN_PT:
            raise FactsheetError(f"text of {size} pt is below the {MIN_PT} pt minimum")
        self.sizes.add(float(size))
        self.pdf.set_font("DejaVu", "B" if bold else "", size)
        self.pdf.set_text_color(*colour)

    def height(self, w: float, line: float, text: str) -> float:
        """Height (mm) of ``text`` set in ``w`` mm at the current style with ``line`` mm per line."""
        return len(self.pdf.multi_cell(w, line, text, dry_run=True, output="LINES", align="L")) * line

    def paragraphs(self, x: float, y: float, w: float, heading: str, items: list[str]) -> float:
        """A heading and bullet paragraphs at (x, y); returns the bottom (mm)."""
        self.style(10, TEXT, bold=True)
        self.pdf.set_xy(x, y)
        self.pdf.multi_cell(w, 5, heading, new_x="LEFT", new_y="NEXT", align="L")
        self.style(SECTION_PT, TEXT)
        for item in items:
            self.pdf.set_x(x)
            self.pdf.multi_cell(w, SECTION_LINE, "• " + item, new_x="LEFT", new_y="NEXT", align="L")
            self.pdf.set_y(self.pdf.get_y() + 0.5)
        return self.pdf.get_y()

    def paragraphs_height(self, w: float, heading: str, items: list[str]) -> float:
        self.style(10, TEXT, bold=True)
        h = self.height(w, 5, heading)
        self.style(SECTION_PT, TEXT)
        return h + sum(self.height(w, SECTION_LINE, "• " + item) + 0.5 for item in items)


def build_factsheet(data, filters: flt.Filters, *, loaders: registry.Loaders | None = None,
                    today: dt.date | None = None) -> Factsheet:
    """The factsheet of region ``filters.region`` in ``filters.lang``, with how its page was filled."""
    from fpdf import FPDF

    regular, bold = _font_paths()
    filters = registry.resolve(data, filters)
    lang = filters.lang
    summary = progress_view.region_summary(data, filters.region, filters.year, filters.definition, filters.target)
    rows = charts_for(filters.region)
    names = [n for row in rows for n in row] + [n for n in HEAT_CHARTS + COUNCIL_CHARTS if n not in
                                                {m for row in rows for m in row}]
    built = {n: registry.build(n, data, filters, loaders=loaders, with_permalink=True, page="municipality")
             for n in names}
    link = registry.permalink(data, filters, "municipality")
    method_url = registry.permalink(data, filters, "data")
    region_name = summary.name
    sheet = Factsheet(pdf=b"")

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    pdf.set_title(t("factsheet_title", lang, region=region_name))
    pdf.set_author("Warmtemonitor")
    pdf.set_creation_date(dt.datetime.now(dt.UTC))
    pdf.add_page()
    page = _Page(pdf, sheet.font_sizes)

    def block(name: str, top: float) -> None:
        sheet.blocks.append((name, top, pdf.get_y()))

    # Title, filters and the illustrative mark
    top = pdf.get_y()
    page.style(16, TEXT, bold=True)
    pdf.multi_cell(WIDTH, 7, t("factsheet_title", lang, region=region_name), new_x="LMARGIN", new_y="NEXT", align="L")
    page.style(8, MUTED)
    pdf.multi_cell(WIDTH, 4, t("factsheet_subtitle", lang, level=t("level_" + summary.level, lang),
                               year=summary.year, definition=t("definition_" + filters.definition, lang),
                               target=t("target_" + filters.target, lang)), new_x="LMARGIN", new_y="NEXT", align="L")
    illustrative = summary.data_kind == "illustrative" or any(c.meta.illustrative for c in built.values())
    if illustrative:
        pdf.ln(1.5)
        pdf.set_draw_color(*BADGE_TEXT)
        pdf.set_fill_color(*BADGE_BACKGROUND)
        page.style(8, BADGE_TEXT)
        pdf.multi_cell(WIDTH, 3.8, t("factsheet_illustrative", lang, url=method_url), border=1, fill=True,
                       padding=1.5, new_x="LMARGIN", new_y="NEXT", align="L")
    block("title", top)
    pdf.ln(2.5)

    # Key numbers: four boxes, then the sentences
    top = pdf.get_y()
    boxes = [(progress_view.target_label(summary.target_method, lang), fmt_int(summary.target_homes, lang)),
             (t("metric_gas_free", lang, year=summary.year), fmt_int(summary.gas_free_homes, lang)),
             (t("metric_required", lang), fmt_int(summary.required_per_year, lang)),
             (t("metric_projection", lang), progress_view.projection_short(summary, lang))]
    box_w = (WIDTH - 3 * 3) / 4
    for i, (label, value) in enumerate(boxes):
        x = MARGIN + i * (box_w + 3)
        pdf.set_fill_color(*BOX)
        pdf.rect(x, top, box_w, 15, style="F")
        pdf.set_xy(x + 2, top + 1.3)
        page.style(7.5, MUTED)
        pdf.multi_cell(box_w - 4, 3.2, label, new_x="LEFT", new_y="NEXT", align="L")
        pdf.set_xy(x + 2, top + 8.5)
        page.style(12, BLUE, bold=True)
        pdf.cell(box_w - 4, 5.5, value)
    pdf.set_xy(MARGIN, top + 17)
    page.style(7.5, TEXT)
    for line in key_numbers(summary, lang):
        pdf.multi_cell(WIDTH, 3.4, "• " + line, new_x="LMARGIN", new_y="NEXT", align="L")
    block("key_numbers", top)
    charts_top = pdf.get_y() + 2.5

    # What the charts leave: the sections and the footer, measured first
    plans = plans_view.plans_against_task(data, filters.region, filters.year, filters.definition, filters.target,
                                          summary=summary)
    heat = heat_paragraphs(built, region_name, registry.permalink(data, filters, "data"), lang,
                           plans_view.sentence(plans, data.region_name(filters.region, lang), lang))
    questions = questions_view.council_questions(data, filters.region, filters.year, filters.definition,
                                                 filters.target, lang, summary=summary)
    # The page holds the first questions (the visie, the pace, the plans); the profile has them all.
    council = council_paragraphs(built, method_url, lang, questions[:FACTSHEET_QUESTIONS])
    heading_heat, heading_council = t("factsheet_section_heat", lang), t("factsheet_section_council", lang)
    sections_h = max(page.paragraphs_height(COLUMN_MM, heading_heat, heat),
                     page.paragraphs_height(COLUMN_MM, heading_council, council))
    suffix = " · " + t("source_suffix", lang, date=str(data.build_info.get("built_at", ""))[:10])
    prefix = t("factsheet_source_prefix", lang) + " "  # "Bron: " once, in the heading
    sources = " | ".join(dict.fromkeys(built[n].meta.source.removesuffix(suffix).removeprefix(prefix)
                                       for n in _shown(built, rows))) + suffix
    page.style(7, MUTED)
    footer_h = page.height(WIDTH, 3.1, f"{t('factsheet_sources', lang)}: {sources}") + 3 * 3.4
    sections_top = PAGE_H - MARGIN - footer_h - 3 - sections_h
    charts_h = sections_top - 3 - charts_top - 3  # two rows with 3 mm between them
    if charts_h < MIN_CHARTS_MM:  # pragma: no cover - layout guard: the text took the page
        raise FactsheetError(f"the factsheet's text leaves {charts_h:.0f} mm for its charts")
    row_h = _row_heights(built, charts_h, rows)

    # Charts: two rows of two. Each chart's title (its finding), filters and mark are set as text above
    # its image; the image is the plot alone at CHART_PX CSS pixels per column (its text >= 7 pt); the
    # sources are in the footer.
    y = charts_top
    for row, h_mm in zip(rows, row_h, strict=True):
        drawn = ([n for n in row if not _empty(built[n])] or list(row[:1]))[:2]
        # one chart with nothing to draw (its finding is in the sections): the other takes the whole width
        cell_mm = COLUMN_MM if len(drawn) == 2 else WIDTH
        css_px = int(round(CHART_PX * cell_mm / COLUMN_MM))  # the same print scale
        for i, name in enumerate(drawn):
            chart, x = built[name], MARGIN + i * (COLUMN_MM + GAP)
            pdf.set_xy(x, y)
            page.style(9, TEXT, bold=True)
            pdf.multi_cell(cell_mm, 4, chart.meta.title, new_x="LEFT", new_y="NEXT", align="L")
            page.style(7.5, MUTED)
            pdf.multi_cell(cell_mm, 3.4, chart.meta.subtitle, new_x="LEFT", new_y="NEXT", align="L")
            if chart.meta.illustrative:
                page.style(7.5, BADGE_TEXT, bold=True)
                pdf.multi_cell(cell_mm, 3.4, chart.meta.illustrative_label, new_x="LEFT", new_y="NEXT",
                               align="L")
            image_top = pdf.get_y() + 1
            image_h = y + h_mm - image_top
            if _empty(chart):  # its title says there is nothing to draw
                continue
            fig = theme.refit(chart.fig, css_px, bare=True)
            png = images.image_bytes(fig, "png", width=css_px, height=int(round(image_h * css_px / cell_mm)),
                                     scale=2)
            pdf.image(io.BytesIO(png), x=x, y=image_top, w=cell_mm, h=image_h)
            sheet.charts.append((name, fig, css_px, cell_mm))
        sheet.blocks.append(("charts " + " ".join(row), y, y + h_mm))
        y += h_mm + 3

    # Heat networks and initiatives | council
    bottom = max(page.paragraphs(MARGIN, sections_top, COLUMN_MM, heading_heat, heat),
                 page.paragraphs(MARGIN + COLUMN_MM + GAP, sections_top, COLUMN_MM, heading_council, council))
    sheet.blocks.append(("sections", sections_top, bottom))

    # Footer: sources, the link to this view, the definitions, dates
    top = PAGE_H - MARGIN - footer_h
    pdf.set_xy(MARGIN, top)
    page.style(7, MUTED)
    pdf.multi_cell(WIDTH, 3.1, f"{t('factsheet_sources', lang)}: {sources}", new_x="LMARGIN", new_y="NEXT", align="L")
    page.style(7, BLUE)
    pdf.cell(WIDTH, 3.4, f"{t('factsheet_link', lang)}: {link}", link=link, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.cell(WIDTH, 3.4, t("factsheet_method", lang, url=method_url), link=method_url, new_x="LMARGIN",
             new_y="NEXT", align="L")
    page.style(7, MUTED)
    pdf.cell(WIDTH, 3.4, t("factsheet_footer", lang, date=(today or dt.date.today()).isoformat(),
                           built=str(data.build_info.get("built_at", ""))[:10]),
             new_x="LMARGIN", new_y="NEXT", align="L")
    block("footer", top)
    if pdf.page_no() != 1:  # pragma: no cover - layout guard
        raise FactsheetError(f"the factsheet ran over one page ({pdf.page_no()} pages)")
    sheet.pdf = bytes(pdf.output())
    return sheet


def factsheet_pdf(data, filters: flt.Filters, *, loaders: registry.Loaders | None = None,
                  today: dt.date | None = None) -> bytes:
    """The factsheet of region ``filters.region`` in language ``filters.lang`` as PDF bytes (exactly one A4 page).

    Raises :class:`FactsheetError` (font missing), :class:`warmte.export.images.ExportUnavailable` (no browser),
    :class:`warmte.common.UnknownRegionError` / ``YearError``.
    """
    return build_factsheet(data, filters, loaders=loaders, today=today).pdf
