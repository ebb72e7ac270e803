"""Heat supply today: district heating and gas use per home (CBS), for a municipality or region.

The report's first finding is that every heat initiative aims at a heat network; these figures show where
heat networks already are. District heating per municipality comes from two CBS tables: 86333NED (2024,
published for 61 municipalities) and the maatwerk table on main heating installations (2022-2024; ``n.a.`` =
suppressed). A region gets a share only when every one of its municipalities has one (see
:func:`warmte.views.comparison.level_table`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from warmte import model
from warmte.i18n import fmt_int, fmt_pct, t
from warmte.views import comparison
from warmte.views.common import check_region, member_codes


@dataclass(frozen=True)
class HeatSupply:
    """District heating and gas use of one region (shares 0..1; None = not published)."""

    region: str
    name: str
    year: int
    district_heating_share: float | None
    gas_m3_per_home: float | None
    province: str | None  # the municipality's province (None for other levels)
    province_gas_m3_per_home: float | None
    national_gas_m3_per_home: float | None
    district_heating_trend: pd.DataFrame  # year, district_heating_share (maatwerk, municipality only)


def _value(table: pd.DataFrame, code: str, column: str) -> float | None:
    hit = table.loc[table["code"] == code, column]
    return None if hit.empty or pd.isna(hit.iloc[0]) else float(hit.iloc[0])


def heat_supply(data, code: str) -> HeatSupply:
    """The heat supply figures of a region (the energy columns of the per-level table)."""
    check_region(data, code)
    level = model.level_of(code)
    years = data.municipal_years() or data.years
    table = comparison.level_table(data, level, max(years))
    national = comparison.level_table(data, "nederland", max(years))
    province = province_gas = None
    trend = pd.DataFrame(columns=["year", "district_heating_share"])
    if level == "gemeente":
        province = str(data.municipality.set_index("code").loc[code, "province_code"])
        province_gas = _value(comparison.level_table(data, "provincie", max(years)), province, "gas_m3_per_home")
        mix = data.heating_mix[data.heating_mix["municipality_code"] == code]
        trend = mix[["year", "district_heating_share"]].dropna().sort_values("year").reset_index(drop=True)
    energy_year = int(data.municipal_energy["year"].max()) if len(data.municipal_energy) else max(years)
    return HeatSupply(region=code, name=data.region_name(code), year=energy_year,
                      district_heating_share=_value(table, code, "district_heating_share"),
                      gas_m3_per_home=_value(table, code, "gas_m3_per_home"), province=province,
                      province_gas_m3_per_home=province_gas,
                      national_gas_m3_per_home=_value(national, model.NATIONAL_CODE, "gas_m3_per_home"),
                      district_heating_trend=trend)


def heat_sentences(supply: HeatSupply, data, lang: str) -> list[str]:
    """What the figures say, with the province and the Netherlands beside a municipality."""
    out = []
    name = t("the_netherlands", lang) if supply.region == model.NATIONAL_CODE else supply.name
    if supply.district_heating_share is not None:
        out.append(t("heat_dh", lang, name=name, pct=fmt_pct(supply.district_heating_share, lang),
                     year=supply.year))
    elif model.level_of(supply.region) == "gemeente":
        out.append(t("heat_dh_unknown", lang, name=name, year=supply.year))
    else:
        n = len(member_codes(data, supply.region))
        known = int(data.municipal_energy[data.municipal_energy["municipality_code"].isin(
            member_codes(data, supply.region))]["district_heating_share"].notna().sum())
        out.append(t("heat_dh_region", lang, name=name, known=known, n=n, year=supply.year))
    if len(supply.district_heating_trend) >= 2:
        first, last = supply.district_heating_trend.iloc[0], supply.district_heating_trend.iloc[-1]
        out.append(t("heat_dh_trend", lang, first_year=int(first["year"]),
                     first=fmt_pct(first["district_heating_share"], lang, 0), last_year=int(last["year"]),
                     last=fmt_pct(last["district_heating_share"], lang, 0)))
    if supply.gas_m3_per_home is not None:
        compare = []
        if supply.province is not None and supply.province_gas_m3_per_home is not None:
            compare.append(t("heat_compare", lang, name=data.region_name(supply.province),
                             value=fmt_int(supply.province_gas_m3_per_home, lang)))
        if supply.region != model.NATIONAL_CODE and supply.national_gas_m3_per_home is not None:
            compare.append(t("heat_compare", lang, name=t("the_netherlands", lang),
                             value=fmt_int(supply.national_gas_m3_per_home, lang)))
        text = t("heat_gas", lang, name=name, m3=fmt_int(supply.gas_m3_per_home, lang), year=supply.year)
        if compare:
            text += " (" + "; ".join(compare) + ")"
        out.append(text + ".")
    return out
