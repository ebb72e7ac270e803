"""Synthetic stress sources, part 2: the tables of the real-data build (CBS energy and heating mix,
WarmteAtlas projects and transitievisie status, the supplementary lists). Used by :mod:`warmte.ingest.stress`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely

from warmte.ingest.sources import energy, etlocal, registry, warmteatlas

PUBLISHER = "Warmtemonitor stresstest (SYNTHETISCH)"
NOTE = "SYNTHETISCHE STRESSDATA: gegenereerd, geen echte cijfers / synthetic stress data, not real"


# --- Tables of the real-data build: energy, heating mix, WarmteAtlas, supplements ---------------------


#: Heat-project vocabularies as the WarmteAtlas writes them, with rough frequencies of the real layer.
_TEMPERATURE = (["techniek onbekend", "MT-net met MT-bron", "MT-net met ZLT-bron", "HT-net met HT-bron",
                 "ZLT-net/bronnet, systeem kan koelen", "MT-net met LT-bron", "ZLT-net/bronnet", "LT-net met ZLT-bron"],
                [0.25, 0.18, 0.15, 0.12, 0.09, 0.08, 0.07, 0.06])
_HEAT_SOURCE = (["TEO (+elektriciteit)", "bron onbekend", "TEA (+elektriciteit)", "geothermie (MT)",
                 "restwarmte industrie/datacenter", "aftapwarmte AVI of STEG", "zonthermie MT", "lucht",
                 "restwarmte industrie/datacenter, geothermie (MT)"],
                [0.18, 0.15, 0.12, 0.1, 0.14, 0.12, 0.07, 0.06, 0.06])
_PROJECT_PHASE_P = [0.25, 0.36, 0.31, 0.08]  # ontwikkelfase, planuitwerkingsfase, uitvoeringsfase, realisatie onzeker
_NEW_BUILD = (["Nee", "NB", "Deels"], [0.6, 0.23, 0.17])
#: Transitievisie status per category: probability (a spread like the real layer's, where most are adopted by
#: the executive) and the source's numeric code (1 also covers "ready but not adopted").
_TVW_P = {"adopted_by_council": (0.02, 1), "adopted_by_executive": (0.9, 1), "draft_adopted": (0.02, 3),
          "ready_not_adopted": (0.02, 1), "in_preparation": (0.04, 4)}
#: (status text as the reader knows it, category, probability, code), one per status.
_TVW = [(text, status, *_TVW_P[status]) for text, status in warmteatlas.TVW_STATUSES.items()]
#: A reserved domain (RFC 2606): synthetic links never resolve.
SYNTHETIC_URL = "https://synthetisch.invalid"
#: Projects: one per this many areas (325 at the default 13,000).
AREAS_PER_PROJECT = 40
#: CBS suppresses the heating mix of small areas: below this many homes every cell is n.a.
SUPPRESS_BELOW = 100


def _urban(density: np.ndarray) -> np.ndarray:
    """0..1 urban factor from inhabitants per km2 (logistic around 1,200/km2, as the illustrative layer)."""
    return 1.0 / (1.0 + np.exp(-(np.log(np.maximum(density, 1)) - np.log(1200)) / 0.55))


def _whole_percents(share: np.ndarray, stock: np.ndarray, target_homes: int) -> np.ndarray:
    """Whole percents close to ``100 * share`` whose homes (pct / 100 * stock) add up to ``target_homes``
    within one area's percent: the floors, then +1 for the largest remainders until the target is reached."""
    q = 100.0 * share
    pct = np.floor(q).astype(np.int64)
    deficit = target_homes - (pct * stock).sum() / 100.0
    order = np.argsort(-(q - pct), kind="stable")
    cum = np.cumsum(stock[order] / 100.0)
    pct[order[cum <= deficit]] += 1
    return pct


@dataclass
class _Energy:
    """Per area: the energy file's columns (numbers) and the heating-mix rows."""

    stock_2025: np.ndarray
    gas_free_pct: np.ndarray
    district_heating_pct: np.ndarray  # NaN = not published
    gas_m3: np.ndarray
    electricity_kwh: np.ndarray
    solar_pct: np.ndarray
    heat_network: np.ndarray  # bool: the area has a heat network


def energy_figures(rng: np.random.Generator, stock: np.ndarray, density: np.ndarray, gas_free_2024: float) -> _Energy:
    """Gas-free, district heating, use and solar per area, consistent with the national gas-free share."""
    n = len(stock)
    u = _urban(density)
    net = rng.random(n) < 0.04 + 0.3 * u ** 2  # heat networks, mostly in towns
    district = np.where(net, rng.beta(1.1, 3.0, n) * (0.25 + 0.75 * u), rng.beta(0.6, 60.0, n))
    electric = (0.02 + 0.05 * u) * rng.lognormal(0.0, 0.8, n)  # all-electric homes, new build
    new_area = rng.random(n) < 0.03  # new neighbourhoods: mostly gas-free
    electric[new_area] += rng.beta(4.0, 2.0, new_area.sum())
    raw = 0.95 * district + electric
    target = round(gas_free_2024 / 100.0 * stock.sum())
    scale = 1.0
    for _ in range(20):  # scale to the national share; the cap at 97% needs a few rounds
        scale *= target / (np.minimum(scale * raw, 0.97) * stock).sum()
    share = np.minimum(scale * raw, 0.97)
    gas_free_pct = _whole_percents(share, stock, target)
    dh = np.minimum(scale * 0.95 * district, share)
    published = net & (dh >= 0.03) & (stock >= SUPPRESS_BELOW)
    dh_pct = np.where(published, np.minimum(np.round(100 * dh, 1), gas_free_pct), np.nan)
    gas_m3 = np.rint((1150 - 350 * u) * rng.lognormal(0.0, 0.12, n) * (1 - gas_free_pct / 100) / 10) * 10
    electricity = np.rint(((3100 - 700 * u) * rng.lognormal(0.0, 0.08, n) + 1500 * np.minimum(electric, 1)) / 10) * 10
    solar = np.clip(np.rint(52 - 22 * u + rng.normal(0.0, 7.0, n)), 3, 80)
    growth = np.clip(rng.normal(0.008, 0.006, n), -0.005, 0.05) + 0.03 * new_area
    stock_2025 = np.maximum(1, np.rint(stock * (1 + growth))).astype(np.int64)
    return _Energy(stock_2025, gas_free_pct, dh_pct, gas_m3, electricity, solar, net)


def kwb_rows(codes, names, e: _Energy) -> list[list]:
    dh = ["" if np.isnan(v) else f"{v:.1f}" for v in e.district_heating_pct]
    return [[codes[i], names[i], int(e.stock_2025[i]), int(e.electricity_kwh[i]), int(e.gas_m3[i]), dh[i],
             int(e.gas_free_pct[i]), int(e.solar_pct[i])] for i in range(len(codes))]


def maatwerk_rows(rng: np.random.Generator, codes, stock: np.ndarray, density: np.ndarray, e: _Energy) -> list[list]:
    """Main heating per area for 2022-2024 in whole percents (as CBS publishes them), ``n.a.`` where suppressed.

    District heating 2024 is the energy file's share; it grows a point a year towards it. The columns CBS has
    but the real copy lacks (all-electric, unknown) are what is left besides the individual boiler."""
    n = len(codes)
    u = _urban(density)
    years = energy.MAATWERK_YEARS
    block = rng.lognormal(0.0, 0.6, n) * (1 + 9 * u ** 2)
    hybrid = rng.lognormal(0.0, 0.3, n) * (1.6 - 0.8 * u)
    unknown = rng.uniform(2.0, 5.0, n)
    dh_2024 = np.rint(np.nan_to_num(e.district_heating_pct))
    no_gas_part = rng.uniform(0.75, 0.92, n)
    low_gas_part = rng.uniform(0.3, 0.8, n) * (1 - no_gas_part)
    suppressed_row = stock < SUPPRESS_BELOW
    dh_hidden = np.isnan(e.district_heating_pct)
    per_year = []
    for k, _year in enumerate(years):
        back = len(years) - 1 - k  # years before 2024
        dh = np.maximum(dh_2024 - back * (dh_2024 > 0), 0)
        dh_no = np.rint(dh * no_gas_part)
        dh_low = np.minimum(np.rint(dh * low_gas_part), dh - dh_no)
        dh_high = dh - dh_no - dh_low
        blk = np.rint(np.maximum(block - 0.3 * back, 0))
        el_high = np.rint(hybrid * (1 + k))
        el_low = np.rint(np.maximum(hybrid * (0.2 + 0.6 * k) - 0.3, 0))
        electric = np.maximum(np.maximum(e.gas_free_pct - back, 0) - dh, 0)
        # Where nearly every home is gas-free, block heating and the electric columns shrink to what is left.
        rest = blk + el_high + el_low
        room = np.maximum(100 - np.rint(unknown) - dh - electric, 0)
        shrink = np.where(rest > room, room / np.maximum(rest, 1), 1.0)
        blk, el_high, el_low = (np.floor(c * shrink) for c in (blk, el_high, el_low))
        cv = np.maximum(100 - blk - dh - el_high - el_low - electric - np.rint(unknown), 0)
        per_year.append((cv, blk, dh_high, dh_low, dh_no, el_high, el_low))
    # Whole percents written as CBS does ('81.0'), by table look-up: the same text, much faster than formatting.
    text = np.array([f"{v}.0" for v in range(101)], dtype=object)
    cells = [np.stack([text[col.astype(np.int64)] for col in columns], axis=1) for columns in per_year]
    for k in range(len(years)):
        cells[k][dh_hidden, 2:5] = energy.SUPPRESSED
        cells[k][suppressed_row, :] = energy.SUPPRESSED
    rows = []
    for i in range(n):
        for k, year in enumerate(years):
            rows.append([codes[i], year, *cells[k][i]])
    return rows


def res_rows(codes, names, province, res_of) -> list[list]:
    rows = []
    for i in range(len(codes)):
        region = f"Synthetische RES-regio {res_of[i]:02d}"
        rows.append([codes[i], names[i], province[i], f"Synthetische provincie {province[i][2:]}",
                     f"ES{res_of[i]:02d}", region, f"ES{res_of[i]:02d}", names[i], f"ES{res_of[i]:02d}", region])
    return rows


def tvw_rows(rng: np.random.Generator, codes, names, province, res_of) -> list[list]:
    n = len(codes)
    status = rng.choice(len(_TVW), n, p=[p for _t, _s, p, _c in _TVW])
    preparing = np.array([s == "in_preparation" for _t, s, _p, _c in _TVW])[status]
    no_url = (rng.random(n) < 0.03) | (preparing & (rng.random(n) < 0.7))  # a plan in preparation: rarely a link
    rows = []
    for i in range(n):
        text, _status, _p, code = _TVW[status[i]]
        url = warmteatlas.NO_URL if no_url[i] else f"{SYNTHETIC_URL}/transitievisie-warmte/{codes[i]}.pdf"
        rows.append([codes[i], names[i], f"Synthetische provincie {province[i][2:]}", f"ES{res_of[i]:02d}",
                     names[i], text, code, url, "source_has_no_url (#N/A)" if no_url[i] else ""])
    return rows


def project_rows(rng: np.random.Generator, codes, names, res_of, stock: np.ndarray, density: np.ndarray,
                  e: _Energy, cells) -> list[list]:
    """A few hundred heat networks in development, mostly in areas with a heat network, several led by residents."""
    n_areas = len(codes)
    n = max(10, n_areas // AREAS_PER_PROJECT)
    weight = stock * (0.2 + _urban(density)) * (1 + 4 * e.heat_network)
    where = np.sort(rng.choice(n_areas, n, replace=False, p=weight / weight.sum()))
    points = shapely.get_coordinates(shapely.point_on_surface(cells[where]))
    ids = rng.permutation(np.arange(1, 3 * n + 1))[:n]  # the real ids are numbers with gaps, not in order
    phase = rng.choice(len(warmteatlas.PROJECT_PHASES), n, p=_PROJECT_PHASE_P)
    homes = np.rint(rng.lognormal(np.log(700), 0.9, n) / 5) * 5
    homes = np.maximum(5, np.minimum(homes, 3 * stock[where])).astype(int)
    homes_kind = rng.random(n)  # NB, a number with the source's 'we' note, or a plain number
    utility = rng.integers(0, 25, n)
    utility_nb = rng.random(n) < 0.4
    new_build = rng.choice(len(_NEW_BUILD[0]), n, p=_NEW_BUILD[1])
    resident = rng.random(n) < 0.35
    temperature = rng.choice(len(_TEMPERATURE[0]), n, p=_TEMPERATURE[1])
    source = rng.choice(len(_HEAT_SOURCE[0]), n, p=_HEAT_SOURCE[1])
    month = rng.integers(0, 19, n)  # status dates 2024-07 .. 2026-01, first of the month
    text_date = rng.random(n) < 0.05  # as the real layer, a few dates are text ('ju-24')
    supplier = rng.integers(0, 8, n)
    no_supplier = (resident & (rng.random(n) < 0.5)) | (rng.random(n) < 0.05)
    delivery = rng.integers(2025, 2041, n)
    no_delivery = rng.random(n) < 0.27
    link = rng.random(n) < 0.7
    rows = []
    for j in range(n):
        i = int(where[j])
        pid = int(ids[j])
        wijk = f"Synthetische wijk {i + 1:05d}"
        if homes_kind[j] < 0.08:
            homes_text = warmteatlas.NOT_KNOWN
        elif homes_kind[j] < 0.11:
            homes_text = f"{homes[j]} we"
        else:
            homes_text = str(homes[j])
        m = 6 + int(month[j])
        status = "ju-24" if text_date[j] else f"{2024 + m // 12}{m % 12 + 1:02d}01"
        buurt = f"BU{codes[i][2:]}{j % 97 + 1:02d}"
        rows.append([
            pid, f"Synthetisch warmtenet {pid:04d}", names[i], wijk, f"Synthetische RES-regio {res_of[i]:02d}",
            homes_text, warmteatlas.NOT_KNOWN if utility_nb[j] else int(utility[j]), _NEW_BUILD[0][new_build[j]],
            "Ja" if resident[j] else "Nee", _TEMPERATURE[0][temperature[j]], _HEAT_SOURCE[0][source[j]], status,
            warmteatlas.PROJECT_PHASES[phase[j]],
            f"Synthetische energiecoöperatie {i + 1:05d} U.A." if resident[j] else "",
            "" if no_supplier[j] else f"Synthetisch warmtebedrijf {'ABCDEFGH'[supplier[j]]}",
            "" if no_delivery[j] else int(delivery[j]),
            f"{SYNTHETIC_URL}/warmtenet/{pid}" if link[j] else "",
            buurt, codes[i], buurt, codes[i], f"{points[j, 1]:.6f}", f"{points[j, 0]:.6f}"])
    return rows


def named_extra_rows(rng: np.random.Generator, codes, names, stock: np.ndarray, taken) -> list[list]:
    """Seven supplementary initiatives with the status as their (synthetic) source gives it; two unnamed."""
    free = np.setdiff1d(np.arange(len(codes)), taken)
    pick = rng.choice(free, 7, replace=False, p=stock[free] / stock[free].sum())
    statuses = [("coöperatie opgericht (synthetisch)", "2018-11"), ("aanleg begonnen (synthetisch)", "2022-04-07"),
                ("haalbaarheidsstudie (synthetisch)", "2022-04-07"), ("belangstelling (synthetisch)", "2022-04-07"),
                ("in exploitatie (synthetisch)", "2023-06"), ("vraagbundeling (synthetisch)", "2024-02"),
                ("onderzoek bronnen (synthetisch)", "2024-09")]
    focus = ["buurtwarmtenet", "warmtenet", "diepe geothermie", "zonthermie (belangstelling)", "warmtenet met WKO",
             "isolatie en besparing", "aquathermie"]
    rows = []
    for j, i in enumerate(pick):
        unnamed = j in (3, 5)
        name = registry.UNNAMED if unnamed else f"Synthetische warmtecoöperatie {j + 1:02d}"
        place = "" if j == 5 else f"Synthetische wijk {i + 1:05d}"
        rows.append([name, "warmte-initiatief" if unnamed else "warmtecooperatie", place, names[i], codes[i],
                     f"{focus[j]} (synthetisch)", "synthetisch (stresstest)" if j % 3 == 0 else "", "",
                     *statuses[j], NOTE if j % 2 else ""])
    return rows


def facts_extra_rows(seed: int) -> list[list]:
    """Eight supplementary national facts on cooperatives and heat initiatives (made-up values)."""
    pub = f"Synthetische stressdata (seed {seed})"
    values = [("energiecooperaties", "aantal energiecooperaties", "313", "cooperaties", "2016"),
              ("energiecooperaties", "aantal energiecooperaties", "392", "cooperaties", "2017"),
              ("energiecooperaties", "aantal energiecooperaties", "676", "cooperaties", "2021"),
              ("energiecooperaties", "aantal energiecooperaties (bijgesteld)", "697", "cooperaties", "2021"),
              ("warmte-initiatieven", "energiecooperaties bezig met warmte-initiatieven", "140",
               "cooperaties (van 705)", "2022"),
              ("warmte-initiatieven", "actieve lokale warmte-initiatieven", "ca. 100", "initiatieven", "2021"),
              ("warmte-initiatieven", "rol burgercollectief in warmteprojecten: initiatiefnemer / gelijkwaardig "
               "partner / klankbordgroep", "59 / 30 / 11", "%", "2023"),
              ("doelen", "ambitie coöperatieve warmteprojecten", "1000", "projecten", "2030")]
    return [[topic, indicator, value, unit, period, "Nederland", PUBLISHER, pub, "", NOTE]
            for topic, indicator, value, unit, period in values]


def paw_round1_rows(rng: np.random.Generator, codes, names, paw_round1, stock: np.ndarray, taken) -> list[list]:
    """Nine round-1 proeftuinen with a local initiative: the partial list's first two round-1 rows (same area and
    neighbourhood, so the build merges them) and seven more."""
    free = np.setdiff1d(np.arange(len(codes)), taken)
    more = rng.choice(free, 9 - len(paw_round1[:2]), replace=False, p=stock[free] / stock[free].sum())
    solutions = ["buurtwarmtenet", "warmtenet op aquathermie", "isolatie plus hybride warmtepompen",
                 "WKO plus warmtenet", "isolatie en duurzame energie", "zonne-energie en seizoensopslag",
                 "warmtenet op restwarmte", "energietransitieplan, warmtenet", "hybride warmtepomp en groen gas"]
    rows = []
    for j, i in enumerate([*paw_round1[:2], *more]):
        rows.append([codes[i], names[i], names[i], f"Synthetische wijk {i + 1:05d}", f"{solutions[j]} (synthetisch)",
                     f"Synthetisch lokaal initiatief {j + 1:02d}"])
    return rows


ETLOCAL_FILE = etlocal.FILE
ETLOCAL_HEADER = ["gm_code", "name_slug", "analysis_year", *sorted(etlocal.COUNT_COLUMNS)]  # the real file's order


def etlocal_rows(rng: np.random.Generator, codes, stock: np.ndarray, density: np.ndarray) -> list[list]:
    """Dwellings per type and construction period (ETLocal layout): more apartments in dense areas, a random
    share of old homes; whole numbers summing to about the area's stock."""
    u = _urban(density)
    apartments = np.clip(0.05 + 0.6 * u + rng.normal(0, 0.05, len(codes)), 0.01, 0.95)
    old = np.clip(rng.beta(2, 10, len(codes)), 0, 0.9)
    periods = len(etlocal.PERIODS)
    rows = []
    for i, code in enumerate(codes):
        houses = (1 - apartments[i]) / (len(etlocal.TYPES) - 1)
        by_type = [apartments[i], houses, houses, houses]
        by_period = [old[i], *([(1 - old[i]) / (periods - 1)] * (periods - 1))]
        counts = dict(zip(etlocal.COUNT_COLUMNS, (int(round(stock[i] * a * b)) for a in by_type for b in by_period),
                          strict=True))
        rows.append([code, f"synthetisch-{i + 1:05d}", etlocal.YEAR, *(counts[c] for c in ETLOCAL_HEADER[3:])])
    return rows


def etlocal_file(dest, rng: np.random.Generator, codes, stock: np.ndarray, density: np.ndarray):
    """(path, header, rows) of the synthetic ETLocal file, for the stress writer."""
    return dest / ETLOCAL_FILE, ETLOCAL_HEADER, etlocal_rows(rng, codes, stock, density)
