"""The pure parts of the load tools in bench/ (no server, no timing): percentiles, the localhost-only rule,
the summary and capacity figures, the rerun message, the nginx config and its log."""

from __future__ import annotations

import importlib
import statistics
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))
wsload = importlib.import_module("wsload")
cluster = importlib.import_module("cluster")


def test_percentile_interpolates_between_ranks():
    values = [5.0, 1.0, 4.0, 2.0, 3.0]
    assert wsload.percentile(values, 50) == 3.0
    assert wsload.percentile(values, 0) == 1.0
    assert wsload.percentile(values, 100) == 5.0
    assert wsload.percentile(values, 95) == pytest.approx(4.8)
    assert wsload.percentile([1.0, 2.0], 25) == pytest.approx(1.25)
    assert wsload.percentile([7.0], 95) == 7.0
    many = [float(i) for i in range(1, 101)]
    assert wsload.percentile(many, 95) == pytest.approx(statistics.quantiles(many, n=20, method="inclusive")[-1])


@pytest.mark.parametrize("bad", [[], "q"])
def test_percentile_refuses_nonsense(bad):
    with pytest.raises(ValueError):
        wsload.percentile([] if bad == [] else [1.0], 101 if bad == "q" else 50)


@pytest.mark.parametrize("url, ws", [
    ("http://127.0.0.1:8501", "ws://127.0.0.1:8501/_stcore/stream"),
    ("http://localhost:8600/", "ws://localhost:8600/_stcore/stream"),
    ("127.0.0.1:9000", "ws://127.0.0.1:9000/_stcore/stream"),
    ("ws://127.0.0.1:8501/app", "ws://127.0.0.1:8501/app/_stcore/stream"),
])
def test_local_urls_become_the_stream_endpoint(url, ws):
    assert wsload.check_url(url) == ws


@pytest.mark.parametrize("url", [
    "http://example.org:8501", "http://10.0.0.5:8501", "http://127.0.0.2:8501", "http://[::1]:8501",
    "https://127.0.0.1:8501", "http://user:pw@127.0.0.1:8501", "http://localhost.example.org",
    "http://127.0.0.1.nip.io:8501", "ftp://127.0.0.1",
])
def test_every_other_host_is_refused(url):
    with pytest.raises(ValueError):
        wsload.check_url(url)


def test_main_refuses_a_remote_url_before_contacting_it(capsys):
    assert wsload.main(["--url", "http://example.org:8501", "--sessions", "1", "--seconds", "1"]) == 2
    assert "refusing" in capsys.readouterr().err


def test_summary_per_page_and_overall():
    runs = [{"page": "", "seconds": s} for s in (0.1, 0.2, 0.3)] + [{"page": "kaart", "seconds": 1.0}]
    out = wsload.summarize(runs)
    assert set(out) == {"/", "kaart", "overall"}
    assert out["/"]["n"] == 3 and out["/"]["p50"] == pytest.approx(0.2) and out["/"]["max"] == 0.3
    assert out["kaart"] == {"n": 1, "p50": 1.0, "p95": 1.0, "max": 1.0}
    assert out["overall"]["n"] == 4 and out["overall"]["p50"] == pytest.approx(0.25)


def test_capacity_is_the_largest_count_within_the_limit_and_without_errors():
    def result(n, p95, errors=()):
        return {"sessions": n, "errors": list(errors), "latency": {"overall": {"p95": p95}}}

    assert wsload.capacity([result(10, 0.4), result(50, 0.9), result(100, 2.5)]) == 50
    assert wsload.capacity([result(10, 0.4), result(50, 0.9, ["timeout"]), result(100, 2.5)]) == 10
    assert wsload.capacity([result(10, 1.2)]) == 0
    assert wsload.capacity([result(10, 1.0)]) == 10


def test_rerun_message_is_what_the_frontend_sends_and_passes_the_guard():
    from streamlit.proto.BackMsg_pb2 import BackMsg

    from warmte.ui.server import dropped

    raw = wsload.rerun_message("regio=GM0363", "abc", "", ("$$ID-1-f_region", "Amsterdam (gemeente)"))
    msg = BackMsg()
    msg.ParseFromString(raw)
    assert msg.WhichOneof("type") == "rerun_script"
    assert msg.rerun_script.query_string == "regio=GM0363"
    assert msg.rerun_script.page_script_hash == "abc" and msg.rerun_script.page_name == ""
    [widget] = msg.rerun_script.widget_states.widgets
    assert (widget.id, widget.string_value) == ("$$ID-1-f_region", "Amsterdam (gemeente)")
    assert not dropped(raw)
    first = BackMsg()
    first.ParseFromString(wsload.rerun_message("", "", "kaart"))
    assert first.rerun_script.page_name == "kaart" and not first.rerun_script.widget_states.widgets


def test_source_addresses_are_loopback_in_distinct_slash_24s():
    addresses = [wsload.source_address(i) for i in range(300)]
    assert len(set(addresses)) == 300
    assert all(a.startswith("127.") for a in addresses)
    assert len({a.rsplit(".", 1)[0] for a in addresses[:254]}) == 254  # what nginx's ip_hash keys on


def test_nginx_config_has_every_process_sticky_sessions_and_the_websocket_upgrade():
    text = cluster.render_config(cluster.TEMPLATE.read_text(), "/tmp/x", 8600, [8601, 8602, 8603])
    assert "{{" not in text
    assert [line.split()[1] for line in text.splitlines() if line.strip().startswith("server 127.")] == \
        ["127.0.0.1:8601", "127.0.0.1:8602", "127.0.0.1:8603"]
    assert "ip_hash;" in text and "listen 127.0.0.1:8600;" in text
    assert "location /_stcore/stream" in text and "proxy_set_header Upgrade $http_upgrade;" in text
    assert "location = /_stcore/health" in text and "pid /tmp/x/nginx.pid;" in text
    assert "proxy_set_header Host $http_host;" in text  # with the port, or Streamlit refuses the Origin
    with pytest.raises(ValueError):
        cluster.render_config(cluster.TEMPLATE.read_text(), "/tmp/x", 8600, [])


def test_sessions_per_upstream_from_the_access_log():
    log = ('127.0.1.1 "GET /_stcore/stream HTTP/1.1" 101 127.0.0.1:8601 12.0\n'
           '127.0.2.1 "GET /_stcore/stream HTTP/1.1" 101 127.0.0.1:8602 11.0\n'
           '127.0.3.1 "GET /_stcore/stream HTTP/1.1" 101 127.0.0.1:8601 10.0\n'
           '127.0.3.1 "GET /_stcore/health HTTP/1.1" 200 127.0.0.1:8601 0.001\n')
    assert cluster.upstream_counts(log) == {"127.0.0.1:8601": 2, "127.0.0.1:8602": 1}


def test_soak_growth_is_the_least_squares_slope_per_minute():
    soak = importlib.import_module("soak")
    flat = [{"t": t, "rss_mb": 300.0} for t in range(0, 120, 10)]
    assert soak.slope_per_minute(flat) == 0.0
    rising = [{"t": t, "rss_mb": 300.0 + t / 30} for t in range(0, 120, 10)]  # 2 MB per minute
    assert soak.slope_per_minute(rising) == pytest.approx(2.0)
    noisy = [{"t": t, "rss_mb": 300.0 + (5 if i % 2 else -5)} for i, t in enumerate(range(0, 200, 10))]
    assert abs(soak.slope_per_minute(noisy)) < 1.0
    assert soak.slope_per_minute(flat[:1]) == 0.0
    assert [s["t"] for s in soak.second_half(flat)] == [60, 70, 80, 90, 100, 110]


def test_next_step_changes_one_filter_or_the_page_and_keeps_to_the_region_limit():
    import random

    session = wsload.Session("ws://127.0.0.1:1/_stcore/stream")
    session.page = "kaart"
    regions = ["Nederland", "Drenthe (provincie)", "Flevoland (provincie)", "Amsterdam (gemeente)"]
    session.widgets = {"f_region": {"id": "r", "value": "Nederland", "options": regions},
                       "f_year": {"id": "y", "value": "2024", "options": ["2024", "2022", "2019", "2017"]}}
    rng = random.Random(3)
    steps = [wsload.next_step(rng, session, regions=2) for _ in range(300)]
    pages = [p for p, w in steps if w is None]
    widgets = [w for p, w in steps if w is not None]
    assert all(p is None for p, w in steps if w is not None)
    assert pages and all(p in wsload.PAGES and p != "kaart" for p in pages)
    assert {v for k, v in widgets if k == "f_region"} == {"Drenthe (provincie)"}  # limit 2, never the current
    assert {v for k, v in widgets if k == "f_year"} == {"2022", "2019", "2017"}
    kinds = [w[0] if w else "page" for _, w in steps]
    assert 0.3 < kinds.count("page") / 300 < 0.5 and 0.3 < kinds.count("f_region") / 300 < 0.5
