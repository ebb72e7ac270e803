"""ETLocal 2023 dwellings by type and period: what the build keeps, and how it refuses a bad file."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from warmte import config
from warmte.ingest.sources import SourceError
from warmte.ingest.sources.etlocal import FILE, load_housing_type


@pytest.fixture()
def codes(data):
    return set(data.municipality["code"])


def test_shares_are_computed_from_the_counts_of_the_file(codes):
    out, source = load_housing_type(config.sources_dir(), codes)
    assert len(out) == 342 and set(out["code"]) == codes
    raw = pd.read_csv(config.sources_dir() / FILE).set_index("gm_code")
    row = raw.loc["GM0014"]  # Groningen, the first data row of the file
    counts = row.filter(like="present_number_of_")
    got = out.set_index("code").loc["GM0014"]
    assert got["dwellings"] == round(counts.sum())
    assert got["apartment_share"] == pytest.approx(counts.filter(like="_apartments_").sum() / counts.sum())
    assert got["pre1945_share"] == pytest.approx(counts.filter(like="_before_1945").sum() / counts.sum())
    # Amsterdam is mostly apartments; Almere has no homes from before 1945.
    assert out.set_index("code").loc["GM0363", "apartment_share"] > 0.8
    assert out.set_index("code").loc["GM0034", "pre1945_share"] == 0
    assert source.relative == FILE


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace("GM0014,", "GM9999,", 1), "row 2: unknown municipality code 'GM9999'"),
    (lambda t: t.replace(",2023,13043.0,", ",2023,lots,", 1), "row 2, column present_number_of_apartments_1945_1964: "
                                                              "'lots' is not a number"),
    (lambda t: t.replace(",2023,13043.0,", ",2022,13043.0,", 1), "row 2, column analysis_year: '2022' is not 2023"),
    (lambda t: t.replace("gm_code,", "code,", 1), "gm_code"),
    (lambda t: "\n".join(t.splitlines()[:-1]) + "\n", "municipalities missing"),
])
def test_a_bad_file_is_refused_naming_file_row_and_column(tmp_path, codes, edit, message):
    root = tmp_path / "s"
    (root / "etlocal").mkdir(parents=True)
    src = config.sources_dir() / FILE
    shutil.copyfile(src, root / FILE)
    (root / FILE).write_text(edit(src.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_housing_type(root, codes)
    assert FILE in str(err.value) and message in str(err.value)
