"""Text that fits: estimated widths of chart text in pixels and wrapping to a width.

Plotly does not wrap text: a title, subtitle or source line longer than the figure is cut off at its edge. The
figures therefore break their texts themselves, for the narrowest screen they are shown on (a 390 px phone).
Widths are estimated from Arial's advance widths (Liberation Sans has the same metrics), grouped by letter
shape, with a small safety factor: close enough to break lines, never used to place text exactly.
"""

from __future__ import annotations

import math
import re

#: Width of a chart on a 390 px wide phone: the viewport less Streamlit's 16 px padding on each side.
PHONE_WIDTH = 358

# Advance widths in em (Arial regular), by letter shape; anything else counts as a lower-case letter.
_EM = {}
_EM.update(dict.fromkeys("il.,:;'|!jI ", 0.278))
_EM.update(dict.fromkeys("ftrJ()[]-/", 0.333))
_EM.update(dict.fromkeys("szcykvx", 0.5))
_EM.update(dict.fromkeys("0123456789abdeghnopqu$#_?L", 0.556))
_EM.update(dict.fromkeys("FTZ", 0.611))
_EM.update(dict.fromkeys("ABEKPSVXY&", 0.667))
_EM.update(dict.fromkeys("CDHNRUw", 0.722))
_EM.update(dict.fromkeys("GOQ", 0.778))
_EM.update(dict.fromkeys("mM%", 0.833))
_EM.update(dict.fromkeys("W", 0.944))
_LOWER = 0.556
_UPPER = 0.667
_BOLD = 1.08  # bold runs about 8% wider
_SAFETY = 1.05
_TAG = re.compile(r"<[^>]+>")


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in pixels of ``text`` (HTML tags ignored) at font ``size`` px."""
    em = 0.0
    for ch in _TAG.sub("", str(text)):
        em += _EM.get(ch, _UPPER if ch.isupper() else _LOWER)
    return em * size * (_BOLD if bold else 1.0) * _SAFETY


def _split_long(word: str, size: float, width: float, bold: bool) -> list[str]:
    """A word wider than ``width`` (a link) broken before '?', '&', '/' or, failing that, anywhere."""
    pieces = re.split(r"(?=[?&/])", word)
    out, line = [], ""
    for piece in pieces:
        if line and text_width(line + piece, size, bold) > width:
            out.append(line)
            line = ""
        while text_width(piece, size, bold) > width and len(piece) > 1:  # no break point: cut by width
            n = max(1, int(len(piece) * width / text_width(piece, size, bold)))
            out.append(piece[:n])
            piece = piece[n:]
        line += piece
    if line:
        out.append(line)
    return out


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` px at font ``size`` (existing "<br>" kept)."""
    lines: list[str] = []
    for part in str(text).split("<br>"):
        line = ""
        for word in part.split():
            if text_width(word, size, bold) > width:
                if line:
                    lines.append(line)
                chunks = _split_long(word, size, width, bold)
                lines.extend(chunks[:-1])
                line = chunks[-1]
                continue
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def legend_rows(names: list[str], size: float, width: float) -> int:
    """Rows a horizontal plotly legend of ``names`` takes in ``width`` px.

    Counted as a grid of equal columns as wide as the widest entry (40 px symbol and gaps plus its text):
    plotly wraps a horizontal legend at least that often, so the rows reserved for it are never too few.
    """
    if not names:
        return 0
    entry = 40 + max(text_width(name, size) for name in names)
    columns = max(1, int(width // entry))
    return int(math.ceil(len(names) / columns))


def line_height(size: float) -> int:
    """Pixels per line of text at font ``size`` (plotly sets lines about 1.3 em apart)."""
    return int(math.ceil(size * 1.3))
