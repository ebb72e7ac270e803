"""Progress toward the target: target shares, pace, projection, on-track status.

Pure functions: plain values and DataFrames in, plain values, dataclasses and
DataFrames out. No I/O. The definitions (target, target year, horizon, what
counts as gas-free) live in :mod:`warmte.model`.

Conventions
-----------
homes
    A number of dwellings ("woningen"), float where it may be fractional
    (pro-rata targets, trends).
share
    A fraction in 0..1 (formatted as a percentage by the app).
year
    A calendar year of observation (CBS observations are on 1 January).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from warmte.domain.allocation import allocate
from warmte.model import DEFINITIONS, PROJECTION_HORIZON_YEAR, TARGET_HOMES, TARGET_YEAR

__all__ = [
    "Progress",
    "allocate_targets",
    "compute_progress",
    "counted_homes",
    "progress_frame",
    "projected_year",
    "trajectory",
    "trend_per_year",
]

SERIES_COLUMNS: tuple[str, ...] = ("year", "housing_stock", "gas_free_homes", "hybrid_homes")


def _is_missing(value) -> bool:
    """True for None, NaN, NA and NaT scalars."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _check_definition(definition: str) -> None:
    if definition not in DEFINITIONS:
        raise ValueError(
            f"unknown definition {definition!r}; valid definitions: {', '.join(DEFINITIONS)}"
        )


# --- Target ---------------------------------------------------------------


def allocate_targets(stocks: pd.Series, total: int = TARGET_HOMES) -> pd.Series:
    """Split ``total`` homes over regions pro rata by housing stock, in whole homes.

    A thin call of :func:`warmte.domain.allocation.allocate` (largest remainder, exact rational
    arithmetic): every region gets the whole part of its quota ``total * stock / sum(stocks)``
    and the homes left over go one each to the largest remainders (ties: the larger stock
    first, then the earlier position). The result adds up to exactly ``total`` and every
    allocation differs from its quota by less than one home.

    Parameters
    ----------
    stocks : pandas.Series
        Housing stock per region (homes, >= 0), indexed by region code.
    total : int, default ``model.TARGET_HOMES``
        Homes to allocate (>= 0).

    Returns
    -------
    pandas.Series
        Target homes per region (int64), same index and order as ``stocks``,
        named ``target_homes``.

    Raises
    ------
    ValueError
        When a stock is missing or negative (the message names the regions),
        ``total`` is negative or not a whole number, or the stocks add up to zero.
    """
    homes = allocate(total, stocks, what="housing stock")
    return pd.Series(homes, index=stocks.index, dtype="int64", name="target_homes")


# --- Definition -------------------------------------------------------------


def counted_homes(gas_free_homes, hybrid_homes, definition: str):
    """Homes that count as gas-free under ``definition``.

    Parameters
    ----------
    gas_free_homes : float or pandas.Series
        Homes without gas use (CBS "totaal zonder gasverbruik").
    hybrid_homes : float, pandas.Series or None
        Hybrid homes ("bijna aardgasvrij"); None/NaN when not published.
    definition : {"gas_free", "gas_free_or_hybrid"}
        See ``model.DEFINITIONS``.

    Returns
    -------
    float, pandas.Series or None
        ``gas_free_homes`` for ``gas_free``; ``gas_free_homes + hybrid_homes``
        for ``gas_free_or_hybrid``, which is None when a scalar input is None
        and NaN where the hybrid count is NaN (not available, never zero).

    Raises
    ------
    ValueError
        Unknown definition (the message lists the valid ones).
    """
    _check_definition(definition)
    if definition == "gas_free":
        return gas_free_homes
    if hybrid_homes is None or gas_free_homes is None:
        return None
    if _is_missing(hybrid_homes) and not isinstance(gas_free_homes, (pd.Series, np.ndarray)):
        return float("nan")
    return gas_free_homes + hybrid_homes


# --- Pace -----------------------------------------------------------------


def _slopes(keys, years, homes) -> pd.Series:
    """Least-squares slope of homes over years per key (homes per year), vectorised.

    Rows where the year or the homes are NaN are ignored; a key with fewer than two distinct
    years gets NaN. THE slope arithmetic: :func:`trend_per_year` and :func:`progress_frame`
    (hence :func:`compute_progress`) both call it.
    """
    df = pd.DataFrame({"key": np.asarray(keys), "x": np.asarray(years, dtype="float64"),
                       "y": np.asarray(homes, dtype="float64")}).dropna(subset=["x", "y"])
    g = df.groupby("key", sort=False)
    dx = df["x"] - g["x"].transform("mean")
    dy = df["y"] - g["y"].transform("mean")
    sxx = (dx * dx).groupby(df["key"], sort=False).sum()
    sxy = (dx * dy).groupby(df["key"], sort=False).sum()
    return sxy / sxx.where(sxx > 0)


def _projected_years(year: int, homes, target, slope, horizon: int) -> np.ndarray:
    """Year the target is reached at a constant pace, vectorised (float; NaN = none).

    ``year`` where already reached; else ``year + ceil((target - homes) / slope)`` when the
    slope is positive and the year lies within ``horizon``. THE projection arithmetic:
    :func:`projected_year` and :func:`progress_frame` both call it.
    """
    homes = np.asarray(homes, dtype="float64")
    target = np.asarray(target, dtype="float64")
    slope = np.asarray(slope, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        # Round away floating-point noise (e.g. 3.0000000000004 years is 3 years).
        projected = int(year) + np.ceil(np.round((target - homes) / slope, 9))
    projected = np.where((slope > 0) & (projected <= horizon), projected, np.nan)
    return np.where(homes >= target, float(year), projected)


def trend_per_year(years, homes) -> float | None:
    """Ordinary least-squares slope of homes over years.

    Parameters
    ----------
    years : sequence of int
        Observation years.
    homes : sequence of float
        Homes in each year; pairs where either value is NaN are ignored.

    Returns
    -------
    float or None
        Homes per year; None with fewer than two distinct years.
    """
    x = pd.to_numeric(pd.Series(list(years), dtype="object"), errors="coerce").astype(float)
    y = pd.to_numeric(pd.Series(list(homes), dtype="object"), errors="coerce").astype(float)
    if len(x) != len(y):
        raise ValueError(f"years and homes differ in length ({len(x)} != {len(y)})")
    slope = _slopes(np.zeros(len(x), dtype="int64"), x, y).get(0, np.nan)
    return None if pd.isna(slope) else float(slope)


def projected_year(
    year: int,
    homes: float,
    target: float,
    per_year: float | None,
    horizon: int = PROJECTION_HORIZON_YEAR,
) -> int | None:
    """Year in which the target is reached at a constant pace.

    Parameters
    ----------
    year : int
        Year of the observation ``homes``.
    homes : float
        Homes counted in ``year``.
    target : float
        Target homes.
    per_year : float or None
        Pace (homes per year).
    horizon : int, default ``model.PROJECTION_HORIZON_YEAR``
        Later projections return None ("not before ``horizon``").

    Returns
    -------
    int or None
        ``year`` when already reached; else
        ``year + ceil((target - homes) / per_year)``; None when the pace is
        unknown, zero or negative, or the projection lies after ``horizon``.
    """
    slope = np.nan if per_year is None or _is_missing(per_year) else per_year
    reached = _projected_years(year, [homes], [target], [slope], horizon)[0]
    return None if np.isnan(reached) else int(reached)


# --- Progress -----------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Progress of one region in one year.

    Attributes
    ----------
    year : int
        Observation year.
    housing_stock : float or None
        Homes in the region (None when unknown).
    gas_free_homes : float
        Homes counted as gas-free under ``definition``.
    gas_free_share : float or None
        ``gas_free_homes / housing_stock`` (0..1); None when the stock is 0 or unknown.
    target_homes : float
        The region's target (homes).
    homes_to_go : float
        ``max(target_homes - gas_free_homes, 0)``.
    required_per_year : float
        Homes per year still needed: ``homes_to_go / (TARGET_YEAR - year)``;
        from ``TARGET_YEAR`` on, all of ``homes_to_go`` (it is due now).
    actual_per_year : float or None
        Trend (least-squares slope) over the observations up to ``year``;
        None with a single observation.
    projected_year_reached : int or None
        See :func:`projected_year`; None means "not before 2050" or unknown pace.
    on_track : bool
        Target reached, or ``actual_per_year >= required_per_year``.
    definition : str
        One of ``model.DEFINITIONS``.
    data_kind : str
        One of ``model.DATA_KINDS``.
    """

    year: int
    housing_stock: float | None
    gas_free_homes: float
    gas_free_share: float | None
    target_homes: float
    homes_to_go: float
    required_per_year: float
    actual_per_year: float | None
    projected_year_reached: int | None
    on_track: bool
    definition: str
    data_kind: str

    @property
    def target_reached(self) -> bool:
        """True when ``gas_free_homes >= target_homes``."""
        return self.homes_to_go == 0

    def to_dict(self) -> dict:
        """Plain ``dict`` of the fields (JSON-serialisable Python values)."""
        return asdict(self)


def _observations(series: pd.DataFrame, definition: str) -> pd.DataFrame:
    """Validated observations: columns year (int), housing_stock, homes (float), sorted by year."""
    _check_definition(definition)
    needed = ["year", "housing_stock", "gas_free_homes"]
    if definition == "gas_free_or_hybrid":
        needed.append("hybrid_homes")
    missing = [c for c in needed if c not in series.columns]
    if missing:
        raise ValueError(f"series lacks column(s) {missing}; expected {list(SERIES_COLUMNS)}")
    if series["year"].isna().any():
        raise ValueError("series has rows without a year")
    years = series["year"].astype("int64")
    duplicated = sorted(set(years[years.duplicated()]))
    if duplicated:
        raise ValueError(f"series has more than one row for year(s) {duplicated}")
    hybrid = series["hybrid_homes"] if "hybrid_homes" in series.columns else None
    homes = counted_homes(
        series["gas_free_homes"].astype("float64"),
        None if hybrid is None else hybrid.astype("float64"),
        definition,
    )
    out = pd.DataFrame(
        {
            "year": years.to_numpy(),
            "housing_stock": series["housing_stock"].astype("float64").to_numpy(),
            "homes": np.asarray(homes, dtype="float64"),
        }
    )
    return out.sort_values("year", kind="stable").reset_index(drop=True)


def _observation(obs: pd.DataFrame, year: int, definition: str) -> pd.Series:
    """The observation of ``year``, with clear errors when it is absent or incomplete."""
    rows = obs[obs["year"] == year]
    if rows.empty:
        available = ", ".join(str(y) for y in obs["year"]) or "none"
        raise ValueError(f"no observation for year {year}; observed years: {available}")
    row = rows.iloc[0]
    if pd.isna(row["homes"]):
        if definition == "gas_free_or_hybrid":
            raise ValueError(
                f"definition 'gas_free_or_hybrid' is not available for {year}: "
                "the number of hybrid homes is unknown"
            )
        raise ValueError(f"the number of gas-free homes is unknown for {year}")
    return row


def compute_progress(
    series: pd.DataFrame,
    year: int,
    target_homes: float,
    definition: str = "gas_free",
    data_kind: str = "official",
) -> Progress:
    """Progress of a region in ``year`` toward ``target_homes``.

    The one-region call of :func:`progress_frame`'s arithmetic (after checking the series, with
    messages that name the observed years), returned as a :class:`Progress`.

    Parameters
    ----------
    series : pandas.DataFrame
        One row per observed year (any order) with columns ``year``,
        ``housing_stock``, ``gas_free_homes`` and ``hybrid_homes`` (homes;
        ``hybrid_homes`` may be NaN where unknown and may be absent under
        ``gas_free``).
    year : int
        The year to report; must be observed.
    target_homes : float
        The region's target (homes), e.g. from :func:`allocate_targets`.
    definition : {"gas_free", "gas_free_or_hybrid"}
        What counts as gas-free. Under ``gas_free_or_hybrid`` only years with a
        known hybrid count enter the trend.
    data_kind : str
        Kind of the underlying data, carried through for labelling.

    Returns
    -------
    Progress

    Raises
    ------
    ValueError
        ``year`` not observed (names the observed years), the definition not
        available in ``year``, unknown definition, missing columns, duplicate
        years, or a negative target.
    """
    if _is_missing(target_homes) or target_homes < 0:
        raise ValueError(f"target_homes must be >= 0, got {target_homes!r}")
    obs = _observations(series, definition)
    year = int(year)
    _observation(obs, year, definition)  # the clear errors: year not observed, count unknown
    row = _progress_table(obs.assign(region=0), pd.Series({0: float(target_homes)}), year).iloc[0]

    def value(x) -> float | None:
        return None if pd.isna(x) else float(x)

    return Progress(
        year=year,
        housing_stock=value(row["housing_stock"]),
        gas_free_homes=float(row["gas_free_homes"]),
        gas_free_share=value(row["gas_free_share"]),
        target_homes=float(row["target_homes"]),
        homes_to_go=float(row["homes_to_go"]),
        required_per_year=float(row["required_per_year"]),
        actual_per_year=value(row["actual_per_year"]),
        projected_year_reached=None if pd.isna(row["projected_year_reached"]) else int(row["projected_year_reached"]),
        on_track=bool(row["on_track"]),
        definition=definition,
        data_kind=data_kind,
    )


def trajectory(
    series: pd.DataFrame,
    target_homes: float,
    start_year: int | None = None,
    definition: str = "gas_free",
) -> pd.DataFrame:
    """Yearly lines for the trajectory chart: observed, required path, trend, target.

    Parameters
    ----------
    series : pandas.DataFrame
        As for :func:`compute_progress`.
    target_homes : float
        The region's target (homes) in ``TARGET_YEAR``.
    start_year : int, optional
        The observation the required path and the trend start from (the
        selected year); must be observed with a known count. Default: the
        latest observation with a known count.
    definition : {"gas_free", "gas_free_or_hybrid"}
        What counts as gas-free.

    Returns
    -------
    pandas.DataFrame
        One row per year from the first observed year to ``TARGET_YEAR`` (or
        the last observed year when later), columns:

        ``year``
        ``observed_homes``
            Counted homes; NaN where not observed.
        ``required_path``
            Straight line from the start observation to ``target_homes`` in
            ``TARGET_YEAR``; NaN before ``start_year`` and after ``TARGET_YEAR``.
            When the target is already reached the path is only the start point.
        ``trend``
            ``homes(start) + slope * (year - start_year)`` for ``start_year``
            to ``TARGET_YEAR``, slope = :func:`trend_per_year` over the
            observations up to ``start_year``; NaN where undefined.
        ``target``
            ``target_homes`` in ``TARGET_YEAR``, NaN elsewhere.
    """
    obs = _observations(series, definition)
    known = obs[obs["homes"].notna()]
    if known.empty:
        raise ValueError("no observations with a known number of gas-free homes")
    start = int(known["year"].max()) if start_year is None else int(start_year)
    start_homes = float(_observation(obs, start, definition)["homes"])
    first = int(obs["year"].min())
    last = max(TARGET_YEAR, int(obs["year"].max()))
    years = np.arange(first, last + 1)
    out = pd.DataFrame({"year": years})
    out["observed_homes"] = out["year"].map(obs.set_index("year")["homes"]).astype("float64")

    required = np.full(len(years), np.nan)
    on_path = (years >= start) & (years <= TARGET_YEAR)
    if start < TARGET_YEAR and start_homes < target_homes:
        fraction = (years[on_path] - start) / (TARGET_YEAR - start)
        required[on_path] = start_homes + fraction * (target_homes - start_homes)
    else:
        required[years == start] = start_homes
    out["required_path"] = required

    past = known[known["year"] <= start]
    slope = trend_per_year(past["year"], past["homes"])
    trend = np.full(len(years), np.nan)
    if slope is not None:
        trend[on_path] = start_homes + slope * (years[on_path] - start)
    out["trend"] = trend

    out["target"] = np.where(years == TARGET_YEAR, float(target_homes), np.nan)
    return out


def progress_frame(obs: pd.DataFrame, targets: pd.Series, year: int, definition: str = "gas_free") -> pd.DataFrame:
    """Progress of many regions in ``year``, vectorised: THE progress arithmetic.

    :func:`compute_progress` is the one-region call of the same computation (it returns a
    :class:`Progress` instead of a row), so both give exactly the same numbers.

    Parameters
    ----------
    obs : pandas.DataFrame
        One row per region and observed year: ``region``, ``year``, ``housing_stock``,
        ``gas_free_homes``, ``hybrid_homes`` (homes).
    targets : pandas.Series
        Target homes per region (index: region).
    year : int
        The year to report; every region must have a known count in it.
    definition : {"gas_free", "gas_free_or_hybrid"}

    Returns
    -------
    pandas.DataFrame
        Index region; columns housing_stock, gas_free_homes (counted), gas_free_share (0..1, NaN for zero
        stock), target_homes, homes_to_go, required_per_year, actual_per_year (NaN with one observation),
        projected_year_reached (nullable Int64; <NA> = not before the horizon or no pace), on_track (bool).

    Raises
    ------
    ValueError
        A region without an observation, or without a known count, in ``year``.
    """
    _check_definition(definition)
    df = obs.copy()
    hybrid = df["hybrid_homes"] if definition == "gas_free_or_hybrid" else None
    df["homes"] = np.asarray(counted_homes(df["gas_free_homes"].astype("float64"),
                                           None if hybrid is None else hybrid.astype("float64"), definition),
                             dtype="float64")
    now = df[df["year"] == year]
    missing = targets.index.difference(now.loc[now["homes"].notna(), "region"])
    if len(missing):
        if definition == "gas_free_or_hybrid":
            raise ValueError(f"definition 'gas_free_or_hybrid' is not available for {year}: "
                             "the number of hybrid homes is unknown")
        raise ValueError(f"no observation for year {year} for {list(missing[:5])}")
    return _progress_table(df, targets, year)


def _progress_table(df: pd.DataFrame, targets: pd.Series, year: int) -> pd.DataFrame:
    """THE progress arithmetic, for many regions at once (see :func:`progress_frame` for the columns).

    ``df`` has one row per region and observed year: ``region``, ``year``, ``housing_stock`` and
    ``homes`` (counted under the definition; NaN where unknown). Every region of ``targets`` has
    a known count in ``year`` (the callers check, each with its own message).
    """
    year = int(year)
    now = df[df["year"] == year].set_index("region").reindex(targets.index)
    past = df[(df["year"] <= year) & df["homes"].notna()]
    slope = _slopes(past["region"], past["year"], past["homes"]).reindex(targets.index)

    homes = now["homes"].astype("float64")
    stock = now["housing_stock"].astype("float64")
    target = targets.astype("float64")
    to_go = (target - homes).clip(lower=0.0)
    years_left = TARGET_YEAR - year
    required = to_go / years_left if years_left > 0 else to_go
    reached = to_go == 0
    projected = _projected_years(year, homes, target, slope, PROJECTION_HORIZON_YEAR)
    return pd.DataFrame({
        "housing_stock": stock,
        "gas_free_homes": homes,
        "gas_free_share": homes / stock.where(stock > 0),
        "target_homes": target,
        "homes_to_go": to_go,
        "required_per_year": required,
        "actual_per_year": slope,
        "projected_year_reached": pd.Series(projected, index=targets.index).astype("Int64"),
        "on_track": reached | (slope.notna() & (slope >= required)),
    }, index=targets.index)
