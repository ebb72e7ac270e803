"""Gemeenten zoals wij (issue 15): a municipality among its peers, as a range per headline indicator.

Peers are the municipalities nearest to it on five real characteristics, each standardised (z-score over all
342 municipalities) and weighted equally:

- housing stock on 1 January 2025 (CBS 86165NED), on a log scale;
- inhabitants per km² (CBS 85984NED), on a log scale;
- share of apartments and share of homes built before 1945 (Quintel ETLocal 2023);
- share of homes on district heating in 2024 (CBS maatwerk hoofdverwarming; where CBS suppressed the figure,
  the median of all municipalities stands in for it, so the other four decide).

A reader may instead choose the peers by hand (``vergelijk=GM..,GM..`` in the URL); those are used as given.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from warmte.i18n import fmt_int, fmt_num, fmt_pct, t
from warmte.views.common import UnknownRegionError

#: Number of peers chosen automatically.
DEFAULT_PEERS = 10
#: The characteristics (column of :func:`peer_features`) in the order the method page lists them.
FEATURES = ("housing_stock", "density_per_km2", "apartment_share", "pre1945_share", "district_heating_share")
LOG_FEATURES = ("housing_stock", "density_per_km2")
#: Headline indicators shown as ranges (columns of the municipal level table, plus pipeline_per_1000).
INDICATORS = ("gas_free_share", "progress_to_target", "district_heating_share", "pipeline_per_1000",
              "initiatives_per_10k_homes")


def peer_features(data) -> pd.DataFrame:
    """The five characteristics per municipality (index: code), unstandardised."""
    m = data.municipality.set_index("code")
    kinds = data.housing_type.set_index("municipality_code")
    mix = data.heating_mix
    latest = mix[mix["year"] == mix["year"].max()].set_index("municipality_code")
    return pd.DataFrame({
        "housing_stock": m["housing_stock_2025"].astype(float),
        "density_per_km2": m["density_per_km2"].astype(float),
        "apartment_share": kinds["apartment_share"].reindex(m.index).astype(float),
        "pre1945_share": kinds["pre1945_share"].reindex(m.index).astype(float),
        "district_heating_share": latest["district_heating_share"].reindex(m.index).astype(float),
    })


def _standardised(features: pd.DataFrame) -> pd.DataFrame:
    z = features.copy()
    for column in LOG_FEATURES:
        z[column] = np.log(z[column].clip(lower=1))
    z = z.fillna(z.median())
    spread = z.std(ddof=0).replace(0, 1)
    return (z - z.mean()) / spread


@dataclass(frozen=True)
class Peers:
    code: str
    codes: tuple[str, ...]  # the peers, nearest first (or in the order chosen)
    chosen_by_hand: bool
    distances: dict  # code -> distance in standardised units (automatic choice only)


def choose_peers(data, code: str, chosen: list[str] | tuple[str, ...] | None = None,
                 n: int = DEFAULT_PEERS) -> Peers:
    """The ``n`` nearest municipalities, or the hand-picked ``chosen`` (unknown or non-municipal codes and the
    municipality itself are dropped; an empty choice falls back to the automatic one)."""
    features = peer_features(data)
    if code not in features.index:
        raise UnknownRegionError(code)
    picked = [c for c in dict.fromkeys(chosen or ()) if c in features.index and c != code]
    if picked:
        return Peers(code, tuple(picked), True, {})
    z = _standardised(features)
    distance = ((z - z.loc[code]) ** 2).sum(axis=1) ** 0.5
    nearest = distance.drop(code).sort_values(kind="stable").head(n)
    return Peers(code, tuple(nearest.index), False, {k: float(v) for k, v in nearest.items()})


def with_pipeline(table: pd.DataFrame) -> pd.DataFrame:
    """The level table plus ``pipeline_per_1000``: homes planned in heat networks per 1,000 homes (0 without
    projects)."""
    planned = table["homes_planned"].astype(float).fillna(0.0)
    stock = table["housing_stock"].astype(float)
    return table.assign(pipeline_per_1000=np.where(stock > 0, planned / stock * 1000, np.nan))


#: Decimals of each indicator as written (shares as a fraction: 0.1% is three decimals).
SHOWN_DECIMALS = {"gas_free_share": 3, "progress_to_target": 3, "district_heating_share": 3, "pipeline_per_1000": 0,
                  "initiatives_per_10k_homes": 2}


def peer_ranges(table: pd.DataFrame, peers: Peers) -> pd.DataFrame:
    """Per indicator: the municipality's value, the peers' min, median and max, and its rank among them all
    (1 = highest; ``n`` counts the municipality and the peers with a value)."""
    t_ = with_pipeline(table).set_index("code")
    group = [peers.code, *peers.codes]
    rows = []
    for indicator in INDICATORS:
        # Ranked as shown: values that read the same (5,0% and 5,0%) are a tie, not "8th of 11".
        values = t_.loc[group, indicator].astype(float).round(SHOWN_DECIMALS[indicator])
        own = values.loc[peers.code]
        known = values.dropna()
        others = known.drop(peers.code, errors="ignore")
        rank = int((known > own).sum()) + 1 if own == own else None
        ties = int((others == own).sum()) if own == own else 0
        rows.append({"indicator": indicator, "value": own, "peer_min": others.min(), "peer_median": others.median(),
                     "peer_max": others.max(), "rank": rank, "n": len(known), "ties": ties})
    return pd.DataFrame(rows)


def peer_points(table: pd.DataFrame, peers: Peers) -> pd.DataFrame:
    """Long table for the strip chart: indicator, code, name, value, is_self."""
    t_ = with_pipeline(table).set_index("code")
    group = [peers.code, *peers.codes]
    parts = []
    for indicator in INDICATORS:
        parts.append(pd.DataFrame({"indicator": indicator, "code": group, "name": t_.loc[group, "name"].to_numpy(),
                                   "value": t_.loc[group, indicator].astype(float).to_numpy(),
                                   "is_self": [c == peers.code for c in group]}))
    return pd.concat(parts, ignore_index=True)


def format_indicator(indicator: str, value, lang: str) -> str:
    if value is None or value != value:
        return "–"
    if indicator in ("gas_free_share", "progress_to_target", "district_heating_share"):
        return fmt_pct(value, lang)
    if indicator == "pipeline_per_1000":
        return fmt_int(value, lang)
    return fmt_num(value, lang, 2)


def range_sentence(row: pd.Series, name: str, lang: str) -> str:
    """'Aandeel aardgasvrij: 18,0%, nummer 4 van 11 (vergelijkbare gemeenten: 3,0% tot 34,0%)'; ties and an
    unknown value are said as such."""
    label = t(f"peers_text_{row['indicator']}", lang)
    if row["rank"] is None or row["rank"] != row["rank"]:
        return t("peers_range_unknown", lang, label=label, name=name)
    value = format_indicator(row["indicator"], row["value"], lang)
    if row["ties"] and row["ties"] == row["n"] - 1:
        return t("peers_range_all_equal", lang, label=label, value=value)
    key = "peers_range_shared" if row["ties"] else "peers_range"
    return t(key, lang, label=label, value=value,
             rank=int(row["rank"]), n=int(row["n"]),
             low=format_indicator(row["indicator"], row["peer_min"], lang),
             high=format_indicator(row["indicator"], row["peer_max"], lang))


def peers_title(peers: Peers, name: str, lang: str) -> str:
    key = "peers_title_chosen" if peers.chosen_by_hand else "peers_title"
    return t(key, lang, name=name, n=len(peers.codes))


def parse_peer_param(text: str | None) -> list[str]:
    """``GM0344,GM0599`` (the URL's ``peers``) -> codes, upper-cased; anything that is not a GM code is dropped."""
    if not text:
        return []
    codes = (p.strip().upper() for p in str(text).split(","))
    return [c for c in codes if len(c) == 6 and c.startswith("GM") and c[2:].isdigit()]


#: d3 formats of the indicators on the strips.
FORMATS = {"gas_free_share": ".1%", "progress_to_target": ".0%", "district_heating_share": ".1%",
           "pipeline_per_1000": ",.0f", "initiatives_per_10k_homes": ",.2f"}


def _peers_chart(data, filters, loaders, meta_for):
    """Registry builder: the municipality among its peers, a strip per headline indicator."""
    from warmte.figures.strips import strip_chart  # plotly: imported when a chart is drawn, not by the CLI
    from warmte.figures.theme import no_data_figure
    from warmte.i18n import chart_labels

    if not filters.region.startswith("GM"):  # peers are municipalities: a larger region gets the plain sentence
        meta = meta_for(t("peers_only_municipality", filters.lang), "source_peers", False)
        return (no_data_figure(meta, chart_labels(filters.lang)), pd.DataFrame(columns=["code", "name"]), meta,
                meta.title)
    table = loaders.table(data, "gemeente", filters)
    chosen = choose_peers(data, filters.region, filters.peers)
    name = data.region_name(filters.region, filters.lang)
    points = peer_points(table, chosen)
    illustrative = bool((table.set_index("code").loc[[chosen.code, *chosen.codes], "data_kind"]
                         == "illustrative").any())
    meta = meta_for(peers_title(chosen, name, filters.lang), "source_peers", illustrative)
    fig = strip_chart(points, INDICATORS, FORMATS, meta, chart_labels(filters.lang))
    wide = points.pivot(index=["code", "name"], columns="indicator", values="value").reset_index()
    wide = wide[["code", "name", *INDICATORS]]
    ranges = peer_ranges(table, chosen)
    alt = " ".join(range_sentence(r, name, filters.lang) + "." for _, r in ranges.iterrows())
    return fig, wide, meta, alt


def peers_summary(data, code: str, table: pd.DataFrame, lang: str = "nl", chosen=()) -> dict:
    """The peers and the ranges per indicator as plain values (``warmte summary --json``); ``table``: the
    municipal level table of the year, definition and target method in use."""
    peers = choose_peers(data, code, chosen)
    ranges = peer_ranges(table, peers)
    name = data.region_name(code, lang)

    def plain(v):
        return None if v is None or v != v else (int(v) if isinstance(v, (int, np.integer)) else float(v))

    return {"codes": list(peers.codes), "chosen_by_hand": peers.chosen_by_hand,
            "ranges": [{"indicator": r["indicator"], "value": plain(r["value"]), "peer_min": plain(r["peer_min"]),
                        "peer_median": plain(r["peer_median"]), "peer_max": plain(r["peer_max"]),
                        "rank": None if r["rank"] is None or r["rank"] != r["rank"] else int(r["rank"]),
                        "n": int(r["n"]), "ties": int(r["ties"]),
                        "sentence": range_sentence(r, name, lang)} for _, r in ranges.iterrows()]}
