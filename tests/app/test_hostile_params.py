"""Hostile query parameters through the whole app (AppTest), property-based.

Every URL parameter gets random, empty, overlong, wrong-type and injection
values: the app never shows an exception, always renders a page heading, and
every ignored value is reported as a notice.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from warmte.filters import PARAMS

REPO = Path(__file__).resolve().parents[2]
PAGES = ["pages/overview.py", "pages/map.py", "pages/initiatives.py", "pages/council.py",
         "pages/municipality.py", "pages/data.py"]
INJECTIONS = ["<script>alert(1)</script>", "' OR 1=1 --", "GM0363'; DROP TABLE municipality; --",
              "[klik](javascript:alert(1))", "{{7*7}}", "%00", "../../etc/passwd", "\u202e", "NaN", "-1",
              "1e309", "2024.0", "０", "GM0363 ", "x" * 5000]

values = (st.text(max_size=40) | st.sampled_from(INJECTIONS) | st.integers(-10**6, 10**6).map(str)
          | st.sampled_from(["NL", "GM0363", "PV27", "ES05", "2024", "2017", "en", "nl", "res", "on_track", "6"]))
params = st.dictionaries(st.sampled_from(sorted(PARAMS) + ["utm_source", "page"]), values, max_size=5)


@pytest.fixture(scope="module", autouse=True)
def _db(built_db):
    old = os.environ.get("WARMTE_DB")
    os.environ["WARMTE_DB"] = str(built_db)
    yield
    if old is None:
        os.environ.pop("WARMTE_DB", None)
    else:
        os.environ["WARMTE_DB"] = old


@given(query=params, page=st.sampled_from(PAGES))
@settings(max_examples=500, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
def test_hostile_query_parameters_never_break_a_page(query, page):
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, (query, [e.value for e in at.exception])
    shown = " ".join(w.value for w in at.warning)  # notices appear on the page that was opened
    if page != "pages/overview.py":
        at.switch_page(page)
        at.run()
    assert not at.exception, (query, page, [e.value for e in at.exception])
    assert at.title, (query, page)
    for key, value in query.items():
        if key in PARAMS and value.strip() and f"'{key}'" not in shown:
            # not reported -> it must have been accepted as a valid value
            assert len(value.strip()) <= 64
