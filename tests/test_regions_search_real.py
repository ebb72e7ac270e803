"""Region search on the real database (issue 13 item 10): `warmte regions --search` finds what people type."""

from __future__ import annotations

import pytest

from warmte import cli
from warmte.domain.regions import COMMON_NAMES, ENGLISH_NAMES, FORMER_NAMES, search_regions


@pytest.mark.parametrize(("text", "first", "also"), [
    ("sudwest", "GM1900", ()),
    ("fryslan", "PV21", ("ES02", "GM1900", "GM1970")),
    ("den haag", "GM0518", ("ES23",)),
    ("Den Bosch", "GM0796", ()),
    ("friesland", "PV21", ("ES02",)),
    ("GM0363", "GM0363", ()),
    ("gm0363", "GM0363", ()),
    ("0363", "GM0363", ()),
    ("PV27", "PV27", ()),
    ("es23", "ES23", ()),
    ("Weesp", "GM0363", ()),
    ("Delfzijl", "GM1979", ()),
    ("Mill en Sint Hubert", "GM1982", ()),
])
def test_cli_regions_search(built_db, capsys, text, first, also):
    assert cli.main(["regions", "--search", text, "--db", str(built_db)]) == 0
    codes = [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert codes[0] == first
    assert set(also) <= set(codes)


def test_every_alias_code_exists_in_the_data(data):
    """The curated names point at regions of today's data (a merger or rename would show up here)."""
    known = set(data.regions["code"])
    for table in (COMMON_NAMES, ENGLISH_NAMES, FORMER_NAMES):
        assert set(table) <= known
        for code, names in table.items():
            for name in names:
                assert code in search_regions(data.regions, name)["code"].tolist(), (code, name)
