"""The funnel of heat initiatives: phase counts, conversion, time in phase, stalls.

Pure functions over two DataFrames:

``phases``
    The phase history, one row per spell: ``initiative_id``, ``phase`` (one of
    ``model.ALL_PHASES``), ``start_date``, ``end_date`` (datetime64 or
    ``datetime.date``; ``end_date`` NaT/None means still in that phase).
    Within an initiative the spells follow each other without gaps or overlap
    (the ``end_date`` of one is the ``start_date`` of the next), move forward
    through ``model.PHASES`` and may end with ``gestopt``. Check it with
    :func:`validate_history` (the build does).
``initiatives``
    One row per initiative: ``initiative_id``, ``technology``,
    ``municipal_role``, ``data_kind`` (and possibly more).

All computations are "as of" a reference date (``as_of``; the register date in
``config.INITIATIVES_AS_OF``), so numbers do not drift with the clock. A spell
is in force on day ``d`` when ``start_date <= d < end_date``. Months are
``days / model.DAYS_PER_MONTH``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from warmte.model import (
    ALL_PHASES,
    DAYS_PER_MONTH,
    MUNICIPAL_ROLES,
    PHASES,
    STALL_MONTHS_DEFAULT,
    STALL_PHASES,
    STOPPED,
    TECHNOLOGIES,
    UNKNOWN,
    weakest_kind,
)

__all__ = [
    "PhaseHistoryError",
    "conversion",
    "current_phase",
    "funnel_summary",
    "mix",
    "phase_counts",
    "stalled",
    "time_in_phase",
    "validate_history",
]

PHASE_COLUMNS: tuple[str, ...] = ("initiative_id", "phase", "start_date", "end_date")
#: Vocabulary (in display order) of the columns :func:`mix` accepts.
MIX_VOCABULARIES: dict[str, tuple[str, ...]] = {
    "technology": TECHNOLOGIES if UNKNOWN in TECHNOLOGIES else TECHNOLOGIES + (UNKNOWN,),
    "municipal_role": MUNICIPAL_ROLES if UNKNOWN in MUNICIPAL_ROLES else MUNICIPAL_ROLES + (UNKNOWN,),
}
_PHASE_RANK: dict[str, int] = {p: i for i, p in enumerate(PHASES)}
_ONE_DAY = pd.Timedelta(days=1)


class PhaseHistoryError(ValueError):
    """A phase history that breaks the rules; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        n = len(self.problems)
        lines = "\n".join(f"- {p}" for p in self.problems)
        super().__init__(f"phase history has {n} problem{'s' if n != 1 else ''}:\n{lines}")


# --- Preparation ------------------------------------------------------------


def _as_timestamp(as_of) -> pd.Timestamp:
    t = pd.Timestamp(as_of)
    if pd.isna(t):
        raise ValueError(f"as_of must be a date, got {as_of!r}")
    return t


def _prepare(phases: pd.DataFrame | None, error: type[Exception] = ValueError) -> pd.DataFrame:
    """The phase columns with dates as datetime64; an empty frame for empty input."""
    if phases is None or (len(phases) == 0 and not set(PHASE_COLUMNS) <= set(phases.columns)):
        return pd.DataFrame(
            {
                "initiative_id": pd.Series(dtype="object"),
                "phase": pd.Series(dtype="object"),
                "start_date": pd.Series(dtype="datetime64[s]"),
                "end_date": pd.Series(dtype="datetime64[s]"),
            }
        )
    missing = [c for c in PHASE_COLUMNS if c not in phases.columns]
    if missing:
        raise error(f"phase history lacks column(s) {missing}; expected {list(PHASE_COLUMNS)}")
    out = phases.loc[:, list(PHASE_COLUMNS)].copy()
    for col in ("start_date", "end_date"):
        try:
            out[col] = pd.to_datetime(out[col])
        except (ValueError, TypeError) as exc:
            raise error(f"phase history column {col!r} holds values that are not dates: {exc}") from None
    return out.reset_index(drop=True)


def _months(delta: pd.Series) -> pd.Series:
    return (delta / _ONE_DAY / DAYS_PER_MONTH).astype("float64")


def _current_spells(df: pd.DataFrame, t: pd.Timestamp) -> pd.DataFrame:
    """Per initiative with a phase at ``t``: initiative_id, phase, since.

    ``gestopt`` is final: once stopped, an initiative stays stopped.
    """
    started = df[df["start_date"] <= t]
    stopped = started[started["phase"] == STOPPED].sort_values("start_date", kind="stable")
    stopped = stopped.drop_duplicates("initiative_id", keep="first")
    live = started[
        (started["phase"] != STOPPED)
        & (started["end_date"].isna() | (started["end_date"] > t))
        & ~started["initiative_id"].isin(stopped["initiative_id"])
    ].sort_values("start_date", kind="stable")
    live = live.drop_duplicates("initiative_id", keep="last")
    out = pd.concat([live, stopped])[["initiative_id", "phase", "start_date"]]
    return out.rename(columns={"start_date": "since"}).reset_index(drop=True)


# --- Validation ---------------------------------------------------------------


def validate_history(phases: pd.DataFrame) -> None:
    """Check a phase history; raise one error listing every problem.

    Problems detected, per initiative:

    - a phase not in ``model.ALL_PHASES``;
    - a missing ``start_date``, or an ``end_date`` before the ``start_date``;
    - spells (sorted by ``start_date``) with a gap or an overlap: the
      ``end_date`` of one is not the ``start_date`` of the next;
    - a spell without ``end_date`` that is not the last;
    - phases going backwards (or repeating) in the order of ``model.PHASES``;
    - ``gestopt`` that is not the last spell.

    Parameters
    ----------
    phases : pandas.DataFrame
        The phase history (see the module docstring).

    Raises
    ------
    PhaseHistoryError
        With ``problems``: one line per problem, each naming the initiative.
    """
    df = _prepare(phases, PhaseHistoryError)
    found: list[tuple[object, int, str]] = []  # (initiative_id, position, message)

    def add(mask: pd.Series, frame: pd.DataFrame, message) -> None:
        for pos, row in frame[mask].iterrows():
            found.append((row["initiative_id"], pos, f"initiative {row['initiative_id']}: {message(row)}"))

    def day(value) -> str:
        return "open" if pd.isna(value) else pd.Timestamp(value).date().isoformat()

    valid = ", ".join(ALL_PHASES)
    add(~df["phase"].isin(ALL_PHASES), df, lambda r: f"unknown phase {r['phase']!r} (valid: {valid})")
    add(df["initiative_id"].isna(), df, lambda r: f"row with phase {r['phase']!r} has no initiative_id")
    add(df["start_date"].isna(), df, lambda r: f"phase {r['phase']!r} has no start_date")
    add(
        df["end_date"] < df["start_date"],
        df,
        lambda r: f"phase {r['phase']!r} ends ({day(r['end_date'])}) before it starts ({day(r['start_date'])})",
    )

    s = df[df["start_date"].notna() & df["initiative_id"].notna()]
    s = s.sort_values(["initiative_id", "start_date"], kind="stable")
    nxt = s.groupby("initiative_id", sort=False)[["phase", "start_date"]].shift(-1)
    s = s.assign(next_phase=nxt["phase"], next_start=nxt["start_date"])
    has_next = s["next_start"].notna()
    closed = s["end_date"].notna()

    add(
        has_next & ~closed,
        s,
        lambda r: f"phase {r['phase']!r} has no end_date but is followed by "
        f"{r['next_phase']!r} from {day(r['next_start'])}",
    )
    add(
        has_next & closed & (s["end_date"] < s["next_start"]),
        s,
        lambda r: f"gap between {r['phase']!r} (ends {day(r['end_date'])}) and "
        f"{r['next_phase']!r} (starts {day(r['next_start'])})",
    )
    add(
        has_next & closed & (s["end_date"] > s["next_start"]),
        s,
        lambda r: f"overlap between {r['phase']!r} (ends {day(r['end_date'])}) and "
        f"{r['next_phase']!r} (starts {day(r['next_start'])})",
    )
    rank = s["phase"].map(_PHASE_RANK)
    next_rank = s["next_phase"].map(_PHASE_RANK)
    add(
        has_next & (next_rank <= rank),
        s,
        lambda r: f"phases out of order: {r['next_phase']!r} (starts {day(r['next_start'])}) "
        f"follows {r['phase']!r} (starts {day(r['start_date'])}); "
        f"the order is {' -> '.join(PHASES)}",
    )
    add(
        has_next & (s["phase"] == STOPPED),
        s,
        lambda r: f"{STOPPED!r} (from {day(r['start_date'])}) is followed by {r['next_phase']!r}; "
        f"{STOPPED!r} must be the last phase",
    )
    if found:
        found.sort(key=lambda f: (str(f[0]), f[1]))
        raise PhaseHistoryError([message for _, _, message in found])


# --- Current state ------------------------------------------------------------


def current_phase(phases: pd.DataFrame, as_of) -> pd.Series:
    """The phase of each initiative on ``as_of``.

    Parameters
    ----------
    phases : pandas.DataFrame
        The phase history.
    as_of : date-like
        Reference date.

    Returns
    -------
    pandas.Series
        Indexed by ``initiative_id`` (every initiative in ``phases``, in order
        of first appearance), named ``phase``. None when the initiative has no
        phase on ``as_of`` (history starts later, or the last spell has ended).
        Once ``gestopt`` has started the phase is ``gestopt``.
    """
    df = _prepare(phases)
    t = _as_timestamp(as_of)
    ids = pd.Index(pd.unique(df["initiative_id"]), name="initiative_id")
    spells = _current_spells(df, t).set_index("initiative_id")["phase"]
    out = spells.reindex(ids).astype("object")
    return out.where(out.notna(), None).rename("phase")


def phase_counts(phases: pd.DataFrame, initiatives: pd.DataFrame, as_of) -> pd.DataFrame:
    """Number of initiatives per current phase.

    Parameters
    ----------
    phases : pandas.DataFrame
        The phase history; rows of initiatives not in ``initiatives`` are ignored.
    initiatives : pandas.DataFrame
        The initiatives to count (column ``initiative_id``).
    as_of : date-like
        Reference date.

    Returns
    -------
    pandas.DataFrame
        Columns ``phase``, ``initiatives`` (int): one row per phase in
        ``model.ALL_PHASES`` order, then ``onbekend`` for initiatives without a
        phase on ``as_of`` (no history); phases with zero initiatives included.
    """
    ids = _initiative_ids(initiatives)
    df = _prepare(phases)
    current = current_phase(df[df["initiative_id"].isin(ids)], as_of).reindex(ids)
    counts = current.fillna(UNKNOWN).value_counts()
    order = list(ALL_PHASES) + [UNKNOWN]
    return pd.DataFrame(
        {"phase": order, "initiatives": [int(counts.get(p, 0)) for p in order]}
    ).astype({"initiatives": "int64"})


def conversion(phases: pd.DataFrame, as_of) -> pd.DataFrame:
    """Share of initiatives that moved on from each phase to the next.

    An initiative has "reached" a phase when it has a spell of that phase, or
    of a later phase in ``model.PHASES``, starting on or before ``as_of``.

    Parameters
    ----------
    phases : pandas.DataFrame
        The phase history.
    as_of : date-like
        Reference date.

    Returns
    -------
    pandas.DataFrame
        One row per consecutive pair in ``model.PHASES``: ``from_phase``,
        ``to_phase``, ``reached_from``, ``reached_to`` (initiatives, int) and
        ``conversion`` (``reached_to / reached_from``, share 0..1; NaN when
        ``reached_from`` is 0).
    """
    df = _prepare(phases)
    t = _as_timestamp(as_of)
    started = df[(df["start_date"] <= t) & df["phase"].isin(PHASES)]
    furthest = started["phase"].map(_PHASE_RANK).groupby(started["initiative_id"]).max()
    reached = [int((furthest >= i).sum()) for i in range(len(PHASES))]
    rows = []
    for i in range(len(PHASES) - 1):
        n_from, n_to = reached[i], reached[i + 1]
        rows.append(
            {
                "from_phase": PHASES[i],
                "to_phase": PHASES[i + 1],
                "reached_from": n_from,
                "reached_to": n_to,
                "conversion": n_to / n_from if n_from else np.nan,
            }
        )
    return pd.DataFrame(rows).astype(
        {"reached_from": "int64", "reached_to": "int64", "conversion": "float64"}
    )


def time_in_phase(phases: pd.DataFrame, as_of) -> pd.DataFrame:
    """How long initiatives spend in each phase.

    Every spell of a phase in ``model.PHASES`` that started on or before
    ``as_of`` counts; spells still running on ``as_of`` are measured up to
    ``as_of`` (so for a running phase this is a lower bound).

    Parameters
    ----------
    phases : pandas.DataFrame
        The phase history.
    as_of : date-like
        Reference date.

    Returns
    -------
    pandas.DataFrame
        One row per phase in ``model.PHASES``: ``phase``, ``n`` (spells, int),
        ``median_months`` and ``p90_months`` (months; NaN when ``n`` is 0;
        percentiles interpolate linearly).
    """
    df = _prepare(phases)
    t = _as_timestamp(as_of)
    spells = df[(df["start_date"] <= t) & df["phase"].isin(PHASES)]
    end = spells["end_date"].where(spells["end_date"].notna() & (spells["end_date"] <= t), t)
    months = _months(end - spells["start_date"])
    rows = []
    for phase in PHASES:
        m = months[spells["phase"] == phase]
        rows.append(
            {
                "phase": phase,
                "n": len(m),
                "median_months": float(m.median()) if len(m) else np.nan,
                "p90_months": float(m.quantile(0.9)) if len(m) else np.nan,
            }
        )
    return pd.DataFrame(rows).astype({"n": "int64", "median_months": "float64", "p90_months": "float64"})


def stalled(phases: pd.DataFrame, as_of, months: float = STALL_MONTHS_DEFAULT) -> pd.DataFrame:
    """Initiatives stuck in a stall phase for more than ``months`` months.

    Parameters
    ----------
    phases : pandas.DataFrame
        The phase history.
    as_of : date-like
        Reference date.
    months : float, default ``model.STALL_MONTHS_DEFAULT``
        Threshold (months, >= 0); strictly longer counts as stalled.

    Returns
    -------
    pandas.DataFrame
        Columns ``initiative_id``, ``phase`` (one of ``model.STALL_PHASES``),
        ``since`` (start of the current spell), ``months_in_phase`` (months up
        to ``as_of``); longest first.
    """
    if months is None or pd.isna(months) or months < 0:
        raise ValueError(f"months must be >= 0, got {months!r}")
    df = _prepare(phases)
    t = _as_timestamp(as_of)
    spells = _current_spells(df, t)
    spells = spells[spells["phase"].isin(STALL_PHASES)].copy()
    spells["months_in_phase"] = _months(t - spells["since"])
    out = spells[spells["months_in_phase"] > months]
    out = out.sort_values(["months_in_phase", "initiative_id"], ascending=[False, True], kind="stable")
    return out[["initiative_id", "phase", "since", "months_in_phase"]].reset_index(drop=True)


def mix(initiatives: pd.DataFrame, column: str) -> pd.DataFrame:
    """Initiatives per technology or per municipal role.

    Parameters
    ----------
    initiatives : pandas.DataFrame
        One row per initiative.
    column : {"technology", "municipal_role"}
        The column to count.

    Returns
    -------
    pandas.DataFrame
        Columns ``value``, ``initiatives`` (int), ``share`` (0..1; 0 when
        there are no initiatives): one row per value of the vocabulary
        (``model.TECHNOLOGIES`` or ``model.MUNICIPAL_ROLES``, then
        ``onbekend``), in that order, zeros included. Missing values count as
        ``onbekend``.

    Raises
    ------
    ValueError
        Unknown column, column absent, or values outside the vocabulary.
    """
    if column not in MIX_VOCABULARIES:
        raise ValueError(f"mix is defined for {list(MIX_VOCABULARIES)}, not {column!r}")
    vocabulary = MIX_VOCABULARIES[column]
    if initiatives is None or (len(initiatives) == 0 and column not in initiatives.columns):
        values = pd.Series([], dtype="object")
    elif column not in initiatives.columns:
        raise ValueError(f"initiatives lack column {column!r}")
    else:
        values = initiatives[column].astype("object")
        values = values.where(values.notna(), UNKNOWN)
    unknown = sorted(set(values) - set(vocabulary), key=str)
    if unknown:
        raise ValueError(f"{column} has values outside the vocabulary: {unknown}; expected {list(vocabulary)}")
    counts = values.value_counts()
    total = len(values)
    n = [int(counts.get(v, 0)) for v in vocabulary]
    return pd.DataFrame(
        {
            "value": list(vocabulary),
            "initiatives": pd.Series(n, dtype="int64"),
            "share": [c / total if total else 0.0 for c in n],
        }
    )


def _initiative_ids(initiatives: pd.DataFrame | None) -> pd.Index:
    if initiatives is None or len(initiatives) == 0:
        return pd.Index([], dtype="object", name="initiative_id")
    if "initiative_id" not in initiatives.columns:
        raise ValueError("initiatives lack column 'initiative_id'")
    return pd.Index(pd.unique(initiatives["initiative_id"]), name="initiative_id")


@dataclass(frozen=True)
class FunnelSummary:
    """The funnel of one region's initiatives on a reference date (see :func:`funnel_summary`)."""

    as_of: pd.Timestamp
    total: int  # initiatives
    active: int  # not stopped, including those with an unknown phase
    stopped: int
    stalled: int
    data_kind: str | None  # weakest kind of the initiatives; None when there are none
    data_kinds: tuple[str, ...]  # every kind among the initiatives, sorted
    phase_counts: pd.DataFrame
    conversion: pd.DataFrame
    time_in_phase: pd.DataFrame
    stalled_initiatives: pd.DataFrame
    technology_mix: pd.DataFrame
    role_mix: pd.DataFrame

    def mix(self, which: str) -> pd.DataFrame:
        """``technology`` or ``role``: the initiatives per value of that column, with shares."""
        if which not in ("technology", "role"):
            raise ValueError(f"unknown mix {which!r}; expected technology or role")
        return self.technology_mix if which == "technology" else self.role_mix


def funnel_summary(
    phases: pd.DataFrame,
    initiatives: pd.DataFrame,
    as_of,
    stall_months: float = STALL_MONTHS_DEFAULT,
) -> FunnelSummary:
    """Everything the initiatives page shows, for one region.

    Only initiatives in ``initiatives`` count; their phase history is taken
    from ``phases`` (other rows are ignored). A region without initiatives
    gives zeros and empty frames.

    Parameters
    ----------
    phases : pandas.DataFrame
        The phase history.
    initiatives : pandas.DataFrame
        The initiatives of the region.
    as_of : date-like
        Reference date.
    stall_months : float, default ``model.STALL_MONTHS_DEFAULT``
        Stall threshold (months).

    Returns
    -------
    FunnelSummary
    """
    t = _as_timestamp(as_of)
    ids = _initiative_ids(initiatives)
    df = _prepare(phases)
    df = df[df["initiative_id"].isin(ids)].reset_index(drop=True)
    counts = phase_counts(df, initiatives, t)
    total = len(ids)
    stopped_n = int(counts.loc[counts["phase"] == STOPPED, "initiatives"].sum())
    stalled_frame = stalled(df, t, stall_months)
    kinds = []
    if initiatives is not None and "data_kind" in initiatives.columns:
        kinds = [k for k in pd.unique(initiatives["data_kind"]) if not pd.isna(k)]
    return FunnelSummary(
        as_of=t,
        total=total,
        active=total - stopped_n,
        stopped=stopped_n,
        stalled=len(stalled_frame),
        data_kind=weakest_kind(kinds) if kinds else None,
        data_kinds=tuple(sorted(kinds)),
        phase_counts=counts,
        conversion=conversion(df, t),
        time_in_phase=time_in_phase(df, t),
        stalled_initiatives=stalled_frame,
        technology_mix=mix(initiatives, "technology"),
        role_mix=mix(initiatives, "municipal_role"),
    )
