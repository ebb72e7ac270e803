"""The illustrative layer: generated where no open data exists.

Everything here is seeded and reproducible (same seed, same rows), consistent
with the real national totals, and every row is marked ``illustrative``.
Nothing generated here is presented as fact; the dashboard marks it.

What is generated and what it is calibrated to:

* gas-free and hybrid homes per municipality per year: national totals equal
  the CBS national shares times the national stock exactly (integer
  allocation), with a spread by density (urban municipalities with heat
  networks far ahead) anchored on the municipal facts in the facts list
  (Purmerend 62.7%, Almere and Duiven 58% in 2019; Aa en Hunze 0.4%);
* a register of local heat initiatives matching the Lokale Energie Monitor
  2022/2023 (78 active in 2022, 70 in 2023 of which 21 new, 4 delivering heat),
  counting the real named initiatives as active with unknown phase;
* council indicators per municipality per year matching the national counts of
  adopted transitievisies warmte (Sep 2021: 70 of 338 reporting; Apr 2022:
  "ruim 300" of 345).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from warmte import model
from warmte.domain.allocation import allocate  # THE allocator (exact largest remainder, caps)

# --- Calibration targets (facts list rows; see SOURCES.md 1.4) --------------

#: Municipal gas-free shares in the facts list, used as anchors of the spread.
ANCHORS: dict[str, tuple[int, float]] = {
    "Purmerend": (2019, 0.627),
    "Almere": (2019, 0.58),
    "Duiven": (2019, 0.58),
    "Leeuwarden": (2022, 0.072),
    "Aa en Hunze": (2019, 0.004),
}
#: Lokale Energie Monitor: active collective heat initiatives at year end.
LEM_ACTIVE = {2022: 78, 2023: 70}
LEM_NEW_2023 = 21
LEM_OPERATIONAL_2023 = 4
#: Councils with an adopted transitievisie warmte at each snapshot date.
#: 2021: 70 of 338 reporting, scaled to 342; 2022: "ruim 300" of 345 scaled to
#: 342; 2023 and 2024 are extrapolated (no public count).
TVW_SNAPSHOTS: dict[int, tuple[str, int]] = {
    2021: ("2021-09-30", 71),
    2022: ("2022-04-30", 298),
    2023: ("2023-12-31", 328),
    2024: ("2024-12-31", 336),
}


def _urban(density: np.ndarray) -> np.ndarray:
    """0..1 urban factor from inhabitants per km2 (logistic around 1,200/km2)."""
    return 1.0 / (1.0 + np.exp(-(np.log(np.maximum(density, 1)) - np.log(1200)) / 0.55))


# --- Housing -----------------------------------------------------------------


def housing(municipalities: pd.DataFrame, national: pd.DataFrame, seed: int,
            real_gas_free: dict[int, pd.Series] | None = None) -> pd.DataFrame:
    """Stock, gas-free and hybrid homes per municipality per national-series year.

    Parameters
    ----------
    municipalities : DataFrame
        code, name, housing_stock (homes on 1 Jan 2024, official), density_per_km2.
    national : DataFrame
        year, housing_stock, gas_free_share, hybrid_share (the national series).
    seed : int
    real_gas_free : dict year -> Series
        Real gas-free share (0..1) per municipality code for a year; those
        values replace the estimate (kind official) and shape the spread.

    Returns
    -------
    DataFrame with municipality_code, year, housing_stock, gas_free_homes,
    hybrid_homes, stock_kind, gas_free_kind, hybrid_kind.
    """
    rng = np.random.default_rng(seed)
    real_gas_free = real_gas_free or {}
    m = municipalities.reset_index(drop=True)
    n = len(m)
    stock_2024 = m["housing_stock"].to_numpy(dtype=float)
    urban = _urban(m["density_per_km2"].to_numpy(dtype=float))
    # Profile before calibration: a first-year share (heat networks, mostly
    # urban) plus a gain that follows the national increase (gas-free new build
    # and conversions, everywhere; a little more in cities).
    years = national.sort_values("year")
    _first_year, first_share = int(years["year"].iloc[0]), float(years["gas_free_share"].iloc[0])
    increase = {int(y): float(s) - first_share for y, s in zip(years["year"], years["gas_free_share"], strict=False)}
    base = (0.004 + 0.12 * urban ** 2) * rng.lognormal(0.0, 0.6, n)
    gain = rng.lognormal(0.0, 0.3, n) * (0.7 + 0.6 * urban)
    if real_gas_free:
        year0 = max(real_gas_free)
        real = real_gas_free[year0].reindex(m["code"]).to_numpy(dtype=float)
        have = ~np.isnan(real)
        base[have] = np.maximum(real[have] - gain[have] * increase.get(year0, 0.0), real[have] / 2)
    fixed = np.zeros(n, dtype=bool)
    for name, (year, share) in ANCHORS.items():
        hit = np.flatnonzero(m["name"].to_numpy() == name)
        if len(hit) and year in increase:
            i = int(hit[0])
            fixed[i] = True
            gain[i] = min(gain[i], share / 2 / max(increase[year], 1e-9))
            base[i] = share - gain[i] * increase[year]
    # Scale the free municipalities so that the first year matches nationally.
    stock_first = allocate(int(years["housing_stock"].iloc[0]), stock_2024)
    need = first_share * stock_first.sum() - (base[fixed] * stock_first[fixed]).sum()
    base[~fixed] *= need / (base[~fixed] * stock_first[~fixed]).sum()
    hybrid_profile = (0.015 + 0.05 * (1 - urban)) * rng.lognormal(0.0, 0.35, n)

    rows = []
    for _, nat in national.sort_values("year").iterrows():
        year = int(nat["year"])
        stock_total = int(nat["housing_stock"])
        if year == model.REFERENCE_STOCK_YEAR:
            stock = stock_2024.astype("int64")
            stock_kind = "official"
        else:
            stock = allocate(stock_total, stock_2024)
            stock_kind = "illustrative"
        if stock.sum() != stock_total:
            raise ValueError(f"stock {year}: municipal sum {stock.sum()} != national {stock_total}")
        gf_kind = "illustrative"
        if year in real_gas_free:
            share = real_gas_free[year].reindex(m["code"]).to_numpy(dtype=float)
            gas_free = np.rint(np.nan_to_num(share) * stock).astype("int64")
            gf_kind = "official"
        else:
            gas_free_total = round(float(nat["gas_free_share"]) * stock_total)
            raw = (base + gain * increase[year]) * stock
            gas_free = allocate(gas_free_total, raw, np.floor(0.97 * stock))
        hybrid = None
        if pd.notna(nat.get("hybrid_share")):
            hybrid_total = round(float(nat["hybrid_share"]) * stock_total)
            hybrid = allocate(hybrid_total, hybrid_profile * stock, (stock - gas_free).astype(float))
        for i in range(n):
            rows.append((m.at[i, "code"], year, int(stock[i]), int(gas_free[i]),
                         None if hybrid is None else int(hybrid[i]), stock_kind, gf_kind,
                         None if hybrid is None else "illustrative"))
    return pd.DataFrame(rows, columns=["municipality_code", "year", "housing_stock", "gas_free_homes",
                                       "hybrid_homes", "stock_kind", "gas_free_kind", "hybrid_kind"])


# --- Initiatives ---------------------------------------------------------------

D = date.fromisoformat
MEDIAN_MONTHS = {"orientatie": 14, "haalbaarheid": 20, "projectontwikkeling": 16, "realisatie": 12}
#: Probability of moving on after a phase (the rest stay: the stall).
P_NEXT = {"orientatie": 0.72, "haalbaarheid": 0.38, "projectontwikkeling": 0.7, "realisatie": 0.9}
TECH_P = {"warmtenet": 0.86, "hybride": 0.05, "groen_gas": 0.03, "besparing": 0.06}
ROLE_P = {"partner": 0.25, "supporter": 0.45, "none": 0.30}


@dataclass(frozen=True)
class Category:
    """A group of illustrative initiatives sharing calibration constraints."""

    name: str
    count: int
    start: tuple[str, str]
    stop: tuple[str, str] | None  # stop window (gestopt starts inside), or None
    operational_2023: bool = False


def _rand_date(rng, lo: str, hi: str) -> date:
    a, b = D(lo), D(hi)
    return a + timedelta(days=int(rng.integers(0, (b - a).days + 1)))


def _walk(rng, start: date, as_of: date, force_to_end: bool) -> list[tuple[str, date]]:
    """Phase spells (phase, start) from ``start`` until ``as_of``."""
    spells = [("orientatie", start)]
    t = start
    for phase, nxt in zip(model.PHASES[:-1], model.PHASES[1:], strict=False):
        months = MEDIAN_MONTHS[phase] * rng.lognormal(0, 0.35) * (0.55 if force_to_end else 1.0)
        t = t + timedelta(days=int(months * 30.4375))
        if t > as_of or (not force_to_end and rng.random() > P_NEXT[phase]):
            break
        spells.append((nxt, t))
    return spells


def _phase_at(spells: list[tuple[str, date]], day: date) -> str | None:
    current = None
    for phase, start in spells:
        if start <= day:
            current = phase
    return current


def initiatives(municipalities: pd.DataFrame, real_active: int, real_operational_2023: int,
                seed: int, as_of: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """An illustrative register and phase histories matching the LEM aggregates.

    ``real_active`` real initiatives (phase unknown, counted as active in 2022
    and 2023) and ``real_operational_2023`` of them in exploitatie are counted
    towards the targets, so real plus illustrative match the LEM.
    """
    rng = np.random.default_rng(seed + 1)
    as_of_d = D(as_of)
    new_2023 = LEM_NEW_2023
    stopped_2023 = LEM_ACTIVE[2022] - LEM_ACTIVE[2023] + new_2023
    both = LEM_ACTIVE[2022] - real_active - stopped_2023
    if both < LEM_OPERATIONAL_2023:
        raise ValueError("too many real initiatives to calibrate the illustrative register")
    operational = LEM_OPERATIONAL_2023 - real_operational_2023
    categories = [
        Category("operational", operational, ("2016-01-01", "2018-06-30"), None, True),
        Category("active", both - operational, ("2016-06-01", "2022-12-31"), ("2024-01-01", "2025-10-31")),
        Category("stopped_2023", stopped_2023, ("2016-06-01", "2022-09-30"), ("2023-01-01", "2023-12-31")),
        Category("new_2023", new_2023, ("2023-01-01", "2023-12-31"), ("2024-06-01", "2025-10-31")),
        Category("stopped_early", 12, ("2016-01-01", "2020-06-30"), ("2017-06-01", "2022-06-30")),
        Category("new_later", 14, ("2024-01-01", "2025-10-31"), None),
    ]
    weights = municipalities["population"].to_numpy(dtype=float) ** 0.7
    m_weights = weights / weights.sum()
    codes = municipalities["code"].to_numpy()
    names = municipalities["name"].to_numpy()
    y22, y23 = D("2022-12-31"), D("2023-12-31")

    inits, phases = [], []
    k = 0
    for cat in categories:
        for _ in range(cat.count):
            for _attempt in range(2000):
                start = _rand_date(rng, *cat.start)
                spells = _walk(rng, start, as_of_d, cat.operational_2023)
                stop = None
                if cat.stop is not None and (cat.name.startswith("stopped") or rng.random() < 0.15):
                    stop = _rand_date(rng, *cat.stop)
                    spells = [s for s in spells if s[1] < stop] + [(model.STOPPED, stop)]
                at23 = _phase_at(spells, y23)
                if cat.operational_2023 and at23 != "exploitatie":
                    continue
                if not cat.operational_2023 and "exploitatie" in (at23, _phase_at(spells, y22)):
                    continue
                if len(spells) > 1 and spells[-1][0] == model.STOPPED and spells[-2][1] >= spells[-1][1]:
                    continue
                break
            else:  # pragma: no cover - the constraints are always satisfiable
                raise RuntimeError(f"could not generate an initiative of category {cat.name}")
            k += 1
            iid = f"I{k:03d}"
            i = rng.choice(len(codes), p=m_weights)
            tech = rng.choice(list(TECH_P), p=list(TECH_P.values()))
            inits.append({
                "initiative_id": iid,
                "name": f"Illustratief warmte-initiatief {k:03d} ({names[i]})",
                "municipality_code": codes[i],
                "place": None,
                "org_type": rng.choice(["energiecooperatie", "bewonersinitiatief", "warmtecooperatie"]),
                "technology": tech,
                "focus": None,
                "municipal_role": rng.choice(list(ROLE_P), p=list(ROLE_P.values())),
                "homes_planned": int(round(rng.lognormal(np.log(250), 0.8))),
                "volunteers": int(3 + rng.poisson(7)),
                "professional_support": bool(rng.random() < 0.3),
                "url": None,
                "data_kind": "illustrative",
            })
            for j, (phase, start) in enumerate(spells):
                end = spells[j + 1][1] if j + 1 < len(spells) else None
                phases.append({"initiative_id": iid, "phase": phase, "start_date": start, "end_date": end})
    return pd.DataFrame(inits), pd.DataFrame(phases)


def active_count(initiative_ids, phases: pd.DataFrame, day: date, unknown_ids=()) -> int:
    """Initiatives active on ``day``: started on or before it and not stopped.

    Initiatives in ``unknown_ids`` (no phase history) count as active.
    """
    n = len(set(unknown_ids))
    for iid in initiative_ids:
        spells = phases[phases["initiative_id"] == iid]
        started = spells[spells["start_date"] <= day]
        if len(started) and started.sort_values("start_date")["phase"].iloc[-1] != model.STOPPED:
            n += 1
    return n


# --- Council indicators -------------------------------------------------------


def council(municipalities: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Council indicators per municipality per snapshot year (see ``TVW_SNAPSHOTS``)."""
    rng = np.random.default_rng(seed + 2)
    m = municipalities.reset_index(drop=True)
    n = len(m)
    size = np.log(m["population"].to_numpy(dtype=float))
    # Adoption order: larger municipalities somewhat earlier.
    order = np.argsort(-(size + rng.normal(0, 1.2, n)), kind="stable")
    adopted_date = np.full(n, None, dtype=object)
    years = sorted(TVW_SNAPSHOTS)
    prev_count, prev_day = 0, D("2020-01-01")
    for year in years:
        day_s, count = TVW_SNAPSHOTS[year]
        day = D(day_s)
        for idx in order[prev_count:count]:
            adopted_date[idx] = prev_day + timedelta(days=int(rng.integers(1, (day - prev_day).days + 1)))
        prev_count, prev_day = count, day
    wup_p = {2021: 0.02, 2022: 0.06, 2023: 0.12, 2024: 0.2}
    budget_p = {2021: 0.3, 2022: 0.4, 2023: 0.5, 2024: 0.55}
    informed_p = {2021: 0.04, 2022: 0.08, 2023: 0.12, 2024: 0.16}
    engagement = rng.normal(0, 0.5, n) + 0.25 * (size - size.mean())
    wup = np.zeros(n, dtype=bool)
    budget = np.zeros(n, dtype=bool)
    informed = np.zeros(n, dtype=bool)
    rows = []
    for year in years:
        day = D(TVW_SNAPSHOTS[year][0])
        tvw = np.array([d is not None and d <= day for d in adopted_date])
        lift = 1 / (1 + np.exp(-engagement))
        wup |= tvw & (rng.random(n) < wup_p[year] * 2 * lift)
        budget |= rng.random(n) < budget_p[year] * 1.2 * lift
        informed |= rng.random(n) < informed_p[year] * 1.5 * lift
        debates = rng.poisson(np.clip(0.8 + engagement, 0.1, None))
        motions = rng.poisson(np.clip(0.35 + 0.5 * engagement, 0.05, None))
        for i in range(n):
            rows.append({
                "municipality_code": m.at[i, "code"], "year": year,
                "tvw_adopted": bool(tvw[i]),
                "tvw_adopted_date": adopted_date[i] if tvw[i] else None,
                "wup_adopted": bool(wup[i]), "heat_debates": int(debates[i]), "heat_motions": int(motions[i]),
                "budget_allocated": bool(budget[i]), "informed_of_share": bool(informed[i]),
                "data_kind": "illustrative",
            })
    return pd.DataFrame(rows)
