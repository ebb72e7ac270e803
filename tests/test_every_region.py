"""Every region's page computations run: no region may break a page (e.g. initiatives without history).

Both snapshots: the measured one (the default: real initiatives only, no council indicators) and the one with
the demonstration layer (generated register with stopped initiatives, council indicators).
"""

from __future__ import annotations

import pandas as pd
import pytest

from warmte.views import common
from warmte.views import comparison as comparison_view
from warmte.views import council as council_view
from warmte.views import initiatives as initiatives_view
from warmte.views import peers as peers_view
from warmte.views import progress as progress_view


def _edge_regions(data) -> list[str]:
    """Regions whose data is unusual: no initiatives, only initiatives without a phase
    history, only stopped initiatives; plus every province and the Netherlands."""
    inits = data.initiative
    with_history = set(data.initiative_phase["initiative_id"])
    by_muni = inits.groupby("municipality_code")["initiative_id"].apply(set)
    no_history = [c for c, ids in by_muni.items() if not ids & with_history]
    none = sorted(set(data.municipality["code"]) - set(by_muni.index))[:5]
    stopped_ids = set(data.initiative_phase.loc[data.initiative_phase["phase"] == "gestopt", "initiative_id"])
    only_stopped = [c for c, ids in by_muni.items() if ids <= stopped_ids]
    assert no_history and none  # the real data has both kinds
    if data.demo:
        assert only_stopped  # the generated register also has municipalities whose initiatives all stopped
    else:
        assert not stopped_ids  # no real initiative is known to have stopped
    return ["NL", *data.province["code"], *no_history, *none, *only_stopped[:5]]


@pytest.fixture(params=["data", "demo_data"])
def snapshot(request):
    return request.getfixturevalue(request.param)


def test_every_region_has_a_summary(snapshot):
    for code in snapshot.regions["code"]:
        s = progress_view.region_summary(snapshot, code)
        assert s.region == code and s.target_homes > 0


def test_edge_regions_compute_every_page_part(snapshot):
    data = snapshot
    table = comparison_view.level_table(data, "gemeente")
    for code in _edge_regions(data):
        fun = initiatives_view.region_funnel(data, code)
        listing = initiatives_view.initiative_list(data, code)
        assert len(listing) == fun.total
        council = council_view.region_council(data, code)
        members = common.region_members(data.municipality, code)
        if data.demo:
            assert len(council) == len(members)
        else:  # no council indicators are measured: none generated either
            assert council.empty
        if code.startswith("GM"):
            similar = comparison_view.similar_municipalities(data, table, code)
            assert code in set(similar["code"]) and len(similar) == peers_view.DEFAULT_PEERS + 1
            if data.demo:
                profile = council_view.council_profile(council)
                assert list(profile["weight"])[-1] == 100
            # the transitievisie warmte status is known for every municipality (WarmteAtlas)
            assert pd.notna(table.set_index("code").loc[code, "tvw_status"])


def test_initiatives_without_history_are_listed_with_unknown_phase(data):
    # Súdwest-Fryslân has one named (real) initiative, Warm Heeg, and no phase history for it.
    listing = initiatives_view.initiative_list(data, "GM1900")
    heeg = listing[listing["name"] == "Warm Heeg"].iloc[0]
    assert heeg["phase"] == "onbekend"
    assert pd.isna(heeg["since"]) and pd.isna(heeg["months_in_phase"])
    assert heeg["data_kind"] == "compiled"
