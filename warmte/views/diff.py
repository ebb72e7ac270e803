"""What changed between two builds: per region, the headline figures that moved, in the app's own words.

Two builds are compared level by level (Nederland, provinces, RES regions, municipalities) with the same
per-level table that drives the map and the rankings (:func:`warmte.views.comparison.level_table`), each at its
own latest municipal year. A figure "moved" when its displayed value (rounded as the app shows it) differs, so a
change in the tenth decimal that no reader can see is not reported. Used by ``warmte diff`` and the Data page.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from warmte import model
from warmte.i18n import fmt_int, fmt_pct, t
from warmte.views.comparison import level_table

#: The watched figures and how each is written: the headline share, stock and gas-free homes, district heating,
#: the pipeline of heat networks, the transitievisie warmte and the initiative count.
WATCHED: tuple[tuple[str, str], ...] = (
    ("gas_free_share", "pct"),
    ("gas_free_homes", "int"),
    ("housing_stock", "int"),
    ("district_heating_share", "pct"),
    ("heat_projects", "int"),
    ("homes_planned", "int"),
    ("tvw_status", "status"),
    ("tvw_adopted_share", "pct"),
    ("initiatives", "int"),
)

#: Levels in reading order (the country first, municipalities last).
LEVELS = ("nederland", "provincie", "res", "gemeente")


@dataclass(frozen=True)
class Change:
    """One figure of one region that differs between the builds."""

    level: str
    code: str
    name: str
    column: str
    label: str
    old: object
    new: object
    old_text: str
    new_text: str


@dataclass
class BuildDiff:
    """Everything that differs between an old and a new build."""

    old_year: int
    new_year: int
    changes: list[Change] = field(default_factory=list)
    added: list[tuple[str, str]] = field(default_factory=list)  # (code, name) only in the new build
    removed: list[tuple[str, str]] = field(default_factory=list)  # (code, name) only in the old build
    sources: list[dict] = field(default_factory=list)  # source files whose checksum differs

    @property
    def changed_regions(self) -> list[str]:
        """Codes of the regions with at least one changed figure, in reading order, each once."""
        return list(dict.fromkeys(c.code for c in self.changes))

    @property
    def empty(self) -> bool:
        return not (self.changes or self.added or self.removed)

    def to_dict(self) -> dict:
        return {"old_year": self.old_year, "new_year": self.new_year,
                "changed_regions": self.changed_regions, "changes": [_plain(asdict(c)) for c in self.changes],
                "added": [{"code": c, "name": n} for c, n in self.added],
                "removed": [{"code": c, "name": n} for c, n in self.removed], "sources": self.sources}


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _plain(record: dict) -> dict:
    out = {}
    for key, value in record.items():
        if _missing(value):
            out[key] = None
        elif hasattr(value, "item"):  # numpy scalars
            out[key] = value.item()
        else:
            out[key] = value
    return out


def format_value(value, kind: str, lang: str) -> str:
    """A watched value as the app writes it: '11,2%', '1.234', a TVW status label; '–' when unknown."""
    if _missing(value):
        return "–"
    if kind == "pct":
        return fmt_pct(float(value), lang)
    if kind == "int":
        return fmt_int(float(value), lang)
    return t(f"tvw_{value}", lang)


def diff_builds(old, new, lang: str = "nl", definition: str = model.DEFAULT_DEFINITION,
                target: str = model.DEFAULT_TARGET_METHOD) -> BuildDiff:
    """Compare two loaded builds (:class:`warmte.store.Data`) region by region."""
    old_year, new_year = max(old.municipal_years(definition)), max(new.municipal_years(definition))
    result = BuildDiff(old_year=old_year, new_year=new_year, sources=_source_changes(old, new))
    for level in LEVELS:
        a = level_table(old, level, old_year, definition, target).set_index("code")
        b = level_table(new, level, new_year, definition, target).set_index("code")
        result.removed += [(c, old.region_name(c, lang)) for c in a.index.difference(b.index, sort=False)]
        result.added += [(c, new.region_name(c, lang)) for c in b.index.difference(a.index, sort=False)]
        for code in b.index.intersection(a.index, sort=False):
            for column, kind in WATCHED:
                if level == "gemeente" and column == "tvw_adopted_share":
                    continue  # a municipality's share is 0% or 100%: its TVW status says it in words
                before, after = a.at[code, column], b.at[code, column]
                old_text, new_text = format_value(before, kind, lang), format_value(after, kind, lang)
                if old_text != new_text:
                    result.changes.append(Change(level, code, new.region_name(code, lang), column,
                                                 t(f"col_{column}", lang), before, after, old_text, new_text))
    return result


def _source_changes(old, new) -> list[dict]:
    """The source files that were added, dropped or changed (by sha256) between the builds."""
    a = old.source.set_index("source_id")
    b = new.source.set_index("source_id")
    out = []
    for sid in sorted(set(a.index) | set(b.index)):
        was = a["sha256"].get(sid)
        now = b["sha256"].get(sid)
        if was != now:
            row = b.loc[sid] if sid in b.index else a.loc[sid]
            out.append({"source_id": sid, "title": str(row["title"]), "file": str(row["file"]),
                        "old_sha256": was, "new_sha256": now})
    return out


def diff_table(result: BuildDiff, lang: str = "nl") -> pd.DataFrame:
    """The changes as a table with translated headers, for the Data page and the CLI."""
    rows = [{t("col_code", lang): c.code, t("col_name", lang): c.name, t("col_indicator", lang): c.label,
             t("diff_old", lang): c.old_text, t("diff_new", lang): c.new_text} for c in result.changes]
    columns = [t(k, lang) for k in ("col_code", "col_name", "col_indicator", "diff_old", "diff_new")]
    return pd.DataFrame(rows, columns=columns)


def render_text(result: BuildDiff, lang: str = "nl") -> str:
    """The diff as plain text: a line per changed figure, grouped by region."""
    lines = [t("diff_years", lang, old=result.old_year, new=result.new_year)]
    for source in result.sources:
        lines.append(t("diff_source", lang, title=source["title"], file=source["file"]))
    for code, name in result.added:
        lines.append(t("diff_added", lang, code=code, name=name))
    for code, name in result.removed:
        lines.append(t("diff_removed", lang, code=code, name=name))
    current = None
    for c in result.changes:
        if c.code != current:
            lines.append(f"{c.code}\t{c.name}")
            current = c.code
        lines.append(f"  {c.label}: {c.old_text} → {c.new_text}")
    if result.empty:
        lines.append(t("diff_none", lang))
    else:
        n = len(result.changed_regions)
        lines.append(t("diff_count_one" if n == 1 else "diff_count", lang, n=n))
    return "\n".join(lines)


def snapshot_differences(data, snapshot_dir) -> list[dict]:
    """The source files of the data in use whose checksum differs from the snapshot shipped in the repository
    (its ``*.provenance.json`` records), e.g. after ``warmte fetch``. Empty: the data in use is the snapshot.

    A source without a file (generated, compiled in code) is not compared; a file the snapshot lacks is listed.
    """
    root = Path(snapshot_dir)
    out = []
    for row in data.source.itertuples():
        if not isinstance(row.file, str) or not row.file or not isinstance(row.sha256, str):
            continue
        record = root / f"{row.file}.provenance.json"
        try:
            shipped = json.loads(record.read_text(encoding="utf-8")).get("sha256")
        except (OSError, ValueError):
            shipped = None
        if shipped != row.sha256:
            out.append({"source_id": row.source_id, "title": str(row.title), "file": row.file,
                        "in_use_sha256": row.sha256, "snapshot_sha256": shipped})
    return out
