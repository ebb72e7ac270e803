"""warmte.figures.mapbins: bin edges fitted to the values shown, labels that differ (hand-computed)."""

from __future__ import annotations

import pytest

from warmte.figures.choropleth import bin_index
from warmte.figures.mapbins import Bins, bin_format, bin_labels, nice_bins


@pytest.mark.parametrize(("values", "edges", "lowest", "highest"), [
    # ten values 1..10: quintiles 2.8, 4.6, 6.4, 8.2 -> one significant digit 3, 5, 6, 8
    (list(range(1, 11)), [1, 3, 5, 6, 8, 10], False, False),
    # quintiles 792, 862, 920, 974 would merge at one digit (800, 900, 900, 1000): two digits
    ([700, 760, 800, 850, 870, 900, 950, 970, 990, 1400], [700, 790, 860, 920, 970, 1400], False, False),
    # most are 0: "0" alone, then 0.5 (the lowest other value) and the quartiles of the others 0.875, 1.5,
    # 2.5; one digit would merge 1.5 and 2.5 (both 2), so two digits
    ([0] * 10 + [0.5, 1, 2, 4], [0, 0.5, 0.88, 1.5, 2.5, 4], True, False),
    # two values: each its own bin
    ([0, 0, 0, 1], [0, 1, 2], True, True),
    # shares 80%..100%: quartiles 0.9525, 1, 1 -> 0.95 and 1; the top bin is exactly 100%
    ([0.8, 0.9, 0.97, 1.0, 1.0, 1.0, 1.0, 1.0], [0.8, 0.95, 1.0, 1.05], False, True),
    # one value
    ([5, 5, 5], [5, 10], True, False),
])
def test_nice_bins_by_hand(values, edges, lowest, highest):
    bins = nice_bins(values)
    assert bins.edges == pytest.approx(edges)
    assert (bins.lowest_alone, bins.highest_alone) == (lowest, highest)


@pytest.mark.parametrize("values", [
    list(range(1, 11)), [0] * 300 + [0.2, 0.5, 1.3, 15.6], [0.0001, 0.0002, 0.0003, 0.0004, 0.0009],
    [530.9, 724.8, 831.1, 865.0, 888.2, 959.1], [1, 1, 1, 2, 2, 2, 3], [0, 1e-6],
])
def test_every_bin_holds_a_value_and_labels_differ(values):
    bins = nice_bins(values)
    assert all(b > a for a, b in zip(bins.edges, bins.edges[1:], strict=False))
    klass = bin_index(values, bins.edges)
    assert set(klass.tolist()) == set(range(len(bins.edges) - 1))  # no empty bin
    labels = bin_labels(bins, bin_format(bins, False), "nl")
    assert len(set(labels)) == len(labels) == len(bins.edges) - 1
    assert "&lt; 0" not in labels and not any("-" in lab for lab in labels)  # never "< 0" or a negative edge
    assert not any(lab.split(" – ")[0] == lab.split(" – ")[-1] for lab in labels if " – " in lab)  # no "a – a"


def test_no_value_gives_one_unit_bin():
    assert nice_bins([float("nan")]).edges == [0.0, 1.0]


@pytest.mark.parametrize(("bins", "share", "spec", "nl", "en"), [
    (Bins([0.01, 0.04, 0.05, 0.09, 0.66]), True, ".0%", ["&lt; 4%", "4% – 5%", "5% – 9%", "≥ 9%"],
     ["&lt; 4%", "4% – 5%", "5% – 9%", "≥ 9%"]),
    (Bins([0, 0.07, 0.2, 16], lowest_alone=True), False, ",.2f", ["0", "0,07 – 0,20", "≥ 0,20"],
     ["0", "0.07 – 0.20", "≥ 0.20"]),
    (Bins([0.8, 0.97, 1.0, 1.03], highest_alone=True), True, ".0%", ["&lt; 97%", "97% – 100%", "100%"],
     ["&lt; 97%", "97% – 100%", "100%"]),
    (Bins([530, 1200, 1500]), False, ",.0f", ["&lt; 1.200", "≥ 1.200"], ["&lt; 1,200", "≥ 1,200"]),
    (Bins([0.05, 0.06, 0.075, 0.1]), True, ".1%", ["&lt; 6,0%", "6,0% – 7,5%", "≥ 7,5%"],
     ["&lt; 6.0%", "6.0% – 7.5%", "≥ 7.5%"]),
])
def test_format_and_labels(bins, share, spec, nl, en):
    assert bin_format(bins, share) == spec
    assert bin_labels(bins, spec, "nl") == nl
    assert bin_labels(bins, spec, "en") == en
