"""Server capacity without a browser: N sessions speaking Streamlit's own websocket protocol.

Usage::

    .venv/bin/python bench/wsload.py [--sessions 10 50 100] [--seconds 60] [--think 5]
                                     [--url http://127.0.0.1:PORT --pid PID ...] [--spread-sources]

Without ``--url`` it starts the production entry (``streamlit run warmte/ui/server.py``, the README's run
command and settings) on a free localhost port against ``$WARMTE_DB`` or data/warmte.duckdb, once per
``--sessions`` value, so every figure starts from a fresh process. Only 127.0.0.1 / localhost is ever
contacted (any other host is refused) and every run is bounded by ``--seconds``.

Each session is one websocket to ``/_stcore/stream`` (subprotocol ``streamlit``), the connection a browser tab
holds. It sends ``BackMsg.rerun_script`` messages as the frontend does: the first names the page by its URL path
(``page_name``), later ones navigate by ``page_script_hash`` (from the ``navigation`` ForwardMsg) or change a
sidebar filter by sending the widget's new value in ``widget_states`` (region: any of the 385 regions; year:
any observed year of the region). Between reruns a session waits a random think time, uniform in
[0, 2 x ``--think``] seconds (``--think 0``: back-to-back reruns, a saturation test).

Measured per rerun: the script-run latency, from sending ``rerun_script`` until the ``script_finished``
ForwardMsg that ends the run (a run interrupted for a rerun is followed to its end), and the bytes received.
An error is: a run that does not finish successfully, an exception element, a "page not found" message, a
filter that the page did not take (the widget's value in the reply differs), or no reply within 30 s.
Memory: VmRSS and VmHWM of the server process(es) from ``/proc/PID/status`` after a warm-up session (before),
with all sessions open (after) and after they closed; per session = (after - before) / sessions.

``--spread-sources`` connects each session from its own loopback network (127.0.<i>.1): nginx's ``ip_hash``
keys on the first three octets, so without it every local session lands on the same upstream process.

Prints p50/p95 per page and overall, reruns per second, errors and memory; writes
bench/results/wsload-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[1]
ENTRY = REPO / "warmte" / "ui" / "server.py"
ALLOWED_HOSTS = frozenset({"127.0.0.1", "localhost"})
#: URL paths of the app's pages ("" is the overview).
PAGES = ("", "kaart", "initiatieven", "gemeenteraad", "gemeenteprofiel", "data")
#: Share of steps that change the page, the region or the year (the rest).
STEP_WEIGHTS = (("page", 0.4), ("region", 0.4), ("year", 0.2))
RUN_TIMEOUT = 30.0
FINISHED_EARLY_FOR_RERUN = 2
FINISHED_SUCCESSFULLY = 0


def check_url(url: str) -> str:
    """The websocket endpoint for ``url``; refuses every host but 127.0.0.1 and localhost."""
    parts = urlsplit(url if "://" in url else f"http://{url}")
    if parts.scheme not in ("http", "ws"):
        raise ValueError(f"only http:// or ws:// on 127.0.0.1 or localhost, not {url!r}")
    if (parts.hostname or "") not in ALLOWED_HOSTS or parts.username or parts.password:
        raise ValueError(f"refusing {url!r}: this load generator only contacts 127.0.0.1 or localhost")
    port = parts.port or 80
    return f"ws://{parts.hostname}:{port}{parts.path.rstrip('/')}/_stcore/stream"


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"q must be within 0 and 100, not {q}")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summarize(runs: list[dict]) -> dict:
    """p50/p95/max and count per page and overall from runs ``{"page": str, "seconds": float}``."""
    by_page: dict[str, list[float]] = {}
    for run in runs:
        by_page.setdefault(run["page"] or "/", []).append(run["seconds"])
    out = {}
    for page, values in sorted(by_page.items()):
        out[page] = {"n": len(values), "p50": percentile(values, 50), "p95": percentile(values, 95),
                     "max": max(values)}
    every = [run["seconds"] for run in runs]
    if every:
        out["overall"] = {"n": len(every), "p50": percentile(every, 50), "p95": percentile(every, 95),
                          "max": max(every)}
    return out


def capacity(results: list[dict], limit: float = 1.0) -> int:
    """The largest session count whose overall p95 is at most ``limit`` seconds, with no errors (0: none)."""
    ok = [r["sessions"] for r in results
          if not r["errors"] and r["latency"].get("overall", {}).get("p95", float("inf")) <= limit]
    return max(ok, default=0)


def memory(pids: list[int]) -> dict:
    """VmRSS and VmHWM (MB) summed over processes, from /proc/PID/status."""
    rss = hwm = 0
    for pid in pids:
        fields = {}
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            name, _, value = line.partition(":")
            fields[name] = value
        rss += int(fields["VmRSS"].split()[0])
        hwm += int(fields["VmHWM"].split()[0])
    return {"rss_mb": round(rss / 1024, 1), "hwm_mb": round(hwm / 1024, 1)}


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time (s) used so far by the processes, from /proc/PID/stat."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def rerun_message(query: str, page_hash: str = "", page_name: str = "",
                  widget: tuple[str, str] | None = None) -> bytes:
    """A serialized ``BackMsg.rerun_script`` as the frontend sends it; ``widget`` is (widget id, new value)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    msg = BackMsg()
    state = msg.rerun_script
    state.query_string = query
    state.page_script_hash = page_hash
    state.page_name = page_name
    if widget is not None:
        entry = state.widget_states.widgets.add()
        entry.id, entry.string_value = widget
    return msg.SerializeToString()


class Session:
    """One websocket session: sends reruns and follows each to its ``script_finished``."""

    def __init__(self, ws_url: str, source: str | None = None):
        self.ws_url = ws_url
        self.source = source
        self.ws = None
        self.page = ""
        self.query = ""
        self.pages: dict[str, str] = {}  # url path -> page_script_hash
        self.current_hash = ""
        self.widgets: dict[str, dict] = {}  # widget key -> {"id", "value", "options"}

    async def connect(self) -> None:
        import websockets

        extra = {"local_addr": (self.source, 0)} if self.source else {}
        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                           open_timeout=RUN_TIMEOUT, ping_interval=None, **extra)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def rerun(self, page: str | None = None, widget: tuple[str, str] | None = None) -> dict:
        """One rerun: to ``page`` (URL path) or with the widget of key ``widget[0]`` set to ``widget[1]``."""
        if page is not None and page in self.pages:
            page_hash, page_name = self.pages[page], ""
        elif page is not None:
            page_hash, page_name = "", page  # the first run: the page as the URL names it
        else:
            page_hash, page_name = self.current_hash, ""
        widget_state = (self.widgets[widget[0]]["id"], widget[1]) if widget is not None else None
        payload = rerun_message(self.query, page_hash, page_name, widget_state)
        started = time.perf_counter()
        await self.ws.send(payload)
        received, problems = await asyncio.wait_for(self._follow(), RUN_TIMEOUT)
        seconds = time.perf_counter() - started
        if page is not None and self.pages.get(page) not in (None, self.current_hash):
            problems.append(f"page {page!r} not shown")
        if widget is not None and self.widgets.get(widget[0], {}).get("value") != widget[1]:
            problems.append(f"{widget[0]}={widget[1]!r} not applied")
        return {"page": self.page, "seconds": seconds, "bytes": received, "problems": problems}

    async def _follow(self) -> tuple[int, list[str]]:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        received, problems = 0, []
        while True:
            data = await self.ws.recv()
            received += len(data)
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fwd.navigation.app_pages}
                self.current_hash = fwd.navigation.page_script_hash
                self.page = next((p for p, h in self.pages.items() if h == self.current_hash), "?")
            elif kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind == "page_not_found":
                problems.append("page not found")
            elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                self._element(fwd.delta.new_element, problems)
            elif kind == "script_finished" and fwd.script_finished != FINISHED_EARLY_FOR_RERUN:
                if fwd.script_finished != FINISHED_SUCCESSFULLY:
                    problems.append(f"script_finished status {fwd.script_finished}")
                return received, problems

    def _element(self, element, problems: list[str]) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            problems.append(f"exception: {element.exception.type}: {element.exception.message[:80]}")
        elif kind in ("selectbox", "radio"):
            widget = getattr(element, kind)
            key = widget.id.rsplit("-", 1)[-1]
            self.widgets[key] = {"id": widget.id, "value": widget.raw_value, "options": list(widget.options)}


def next_step(rng: random.Random, session: Session,
              regions: int = 0) -> tuple[str | None, tuple[str, str] | None]:
    """The next action: another page, another region or another year (never the current value).

    ``regions`` > 0 limits the region choices to the first that many options (a soak with bounded cache keys).
    """
    roll, kind = rng.random(), "page"
    for name, weight in STEP_WEIGHTS:
        if roll < weight:
            kind = name
            break
        roll -= weight
    key = {"region": "f_region", "year": "f_year"}.get(kind)
    if key and key in session.widgets:
        options = session.widgets[key]["options"]
        if key == "f_region" and regions > 0:
            options = options[:regions]
        choices = [o for o in options if o != session.widgets[key]["value"]]
        if choices:
            return None, (key, rng.choice(choices))
    return rng.choice([p for p in PAGES if p != session.page]), None


async def visitor(index: int, ws_url: str, stop_at: float, think: float, seed: int, source: str | None,
                  out: dict, opened: asyncio.Event, regions: int = 0) -> None:
    rng = random.Random(seed * 1000 + index)
    session = Session(ws_url, source)
    page, widget = PAGES[index % len(PAGES)], None  # sessions open on different pages
    try:
        await session.connect()
        out["open"] += 1
        while time.monotonic() < stop_at:
            try:
                run = await session.rerun(page, widget)
            except Exception as exc:  # any failure of the run counts as an error
                why = str(exc)[:100] or (f"no script_finished within {RUN_TIMEOUT:.0f} s"
                                         if isinstance(exc, TimeoutError) else "")
                out["errors"].append(f"session {index}: {type(exc).__name__}: {why}")
                await session.close()
                session = Session(ws_url, source)
                await session.connect()
                page, widget = PAGES[index % len(PAGES)], None
                continue
            out["runs"].append(run)
            out["errors"].extend(f"session {index}, page {run['page'] or '/'}: {p}" for p in run["problems"])
            if out["open"] >= out["sessions"]:
                opened.set()
            page, widget = next_step(rng, session, regions)
            await asyncio.sleep(min(rng.uniform(0, 2 * think), max(0.0, stop_at - time.monotonic())))
    except Exception as exc:  # a session that cannot connect at all
        out["errors"].append(f"session {index}: {type(exc).__name__}: {str(exc)[:100]}")
    finally:
        await session.close()


async def run_load(ws_url: str, sessions: int, seconds: float, think: float, pids: list[int], seed: int = 1,
                   spread_sources: bool = False, ramp: float | None = None,
                   on_sample=None, sample_every: float = 0.0, warm_urls: list[str] | None = None,
                   regions: int = 0) -> dict:
    """Run ``sessions`` concurrent sessions for ``seconds``; latencies, errors and server memory.

    First one warm-up session per server (``warm_urls``, default ``ws_url``) opens every page, so the shared
    caches are filled and Streamlit's first-session quirk (streamlit/streamlit#9992) is past before "before".
    """
    out = {"sessions": sessions, "open": 0, "runs": [], "errors": []}
    idle = memory(pids) if pids else {}
    for url in warm_urls or [ws_url]:
        warm = Session(url)
        await warm.connect()
        for page in PAGES:
            await warm.rerun(page)
        await warm.close()
    await asyncio.sleep(1.0)
    before = memory(pids) if pids else {}
    cpu_before = cpu_seconds(pids) if pids else 0.0
    ramp = min(10.0, seconds / 4) if ramp is None else ramp
    started = time.monotonic()
    stop_at = started + seconds
    opened = asyncio.Event()
    samples: list[dict] = []

    async def sampler():
        while time.monotonic() < stop_at:
            await asyncio.sleep(sample_every)
            sample = {"t": round(time.monotonic() - started, 1), **memory(pids), "runs": len(out["runs"])}
            samples.append(sample)
            if on_sample:
                on_sample(sample)

    async def staggered(i: int):
        await asyncio.sleep(ramp * i / max(1, sessions))
        await visitor(i, ws_url, stop_at, think, seed, source_address(i) if spread_sources else None, out, opened,
                      regions)

    tasks = [staggered(i) for i in range(sessions)]
    if pids and sample_every > 0:
        tasks.append(sampler())
    peak = {}

    async def peak_watch():  # memory with every session open, taken once all have run at least once
        try:
            await asyncio.wait_for(opened.wait(), seconds)
            await asyncio.sleep(0.5)
            peak.update(memory(pids))
        except TimeoutError:
            pass

    if pids:
        tasks.append(peak_watch())
    await asyncio.gather(*tasks)
    after = memory(pids) if pids else {}
    cpu_used = cpu_seconds(pids) - cpu_before if pids else 0.0
    await asyncio.sleep(2.0)
    closed = memory(pids) if pids else {}
    elapsed = time.monotonic() - started
    result = {"sessions": sessions, "seconds": round(elapsed, 1), "think": think, "regions": regions or "all",
              "runs": len(out["runs"]),
              "runs_per_second": round(len(out["runs"]) / elapsed, 2), "latency": summarize(out["runs"]),
              "errors": out["errors"], "bytes": sum(r["bytes"] for r in out["runs"]),
              "load_average": load_average(), "memory": {"idle": idle, "before": before, "all_open": peak or after,
                                                        "end": after, "closed": closed}}
    if pids and out["runs"]:
        result["server_cpu_ms_per_rerun"] = round(1000 * cpu_used / len(out["runs"]), 1)
    if pids and (peak or after):
        result["memory"]["per_session_mb"] = round(((peak or after)["rss_mb"] - before["rss_mb"]) / sessions, 2)
    if samples:
        result["samples"] = samples
    return result


async def page_cpu(ws_url: str, pids: list[int], rounds: int = 5) -> dict:
    """Server CPU time (ms, median of ``rounds``) of one rerun per page, one session, nothing else of ours running.

    The region changes every round (Nederland, then other regions), so the per-region caches are mostly cold
    for the municipal figures, as for a visitor who picks a new region. Unlike latency, CPU time is hardly
    affected by other work on the machine.
    """
    session = Session(ws_url)
    await session.connect()
    per_page: dict[str, list[float]] = {}
    rng = random.Random(7)
    try:
        for page in PAGES:
            await session.rerun(page)  # the first visit of each page (no figures taken)
        for _ in range(rounds):
            options = session.widgets["f_region"]["options"]
            await session.rerun(None, ("f_region", rng.choice(options[1:])))
            for page in PAGES:
                used = cpu_seconds(pids)
                await session.rerun(page)
                per_page.setdefault(page or "/", []).append(1000 * (cpu_seconds(pids) - used))
    finally:
        await session.close()
    return {page: round(percentile(v, 50), 1) for page, v in per_page.items()}


def source_address(index: int) -> str:
    """A loopback source address in its own /24 (127.0.1.1, 127.0.2.1, ...)."""
    return f"127.0.{index % 254 + 1}.{index // 254 % 254 + 1}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: str | None = None, port: int | None = None,
                 extra_env: dict | None = None) -> tuple[subprocess.Popen, str]:
    """``streamlit run warmte/ui/server.py`` with the README's settings (.streamlit/config.toml) on localhost."""
    port = port or _free_port()
    env = dict(os.environ, PYTHONPATH=str(REPO), **(extra_env or {}))  # PYTHONPATH: this checkout's warmte
    if db:
        env["WARMTE_DB"] = db
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ENTRY), "--server.port", str(port),
                             "--server.address", "127.0.0.1"], cwd=REPO, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    if not wait_healthy(base):
        proc.kill()
        raise SystemExit(f"streamlit did not start on {base}")
    return proc, base


def wait_healthy(base: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def report(result: dict) -> str:
    lines = [f"{result['sessions']} sessions, {result['seconds']} s, think {result['think']} s, "
             f"load average {result['load_average']}: {result['runs']} reruns ({result['runs_per_second']}/s), "
             f"{len(result['errors'])} errors"]
    for page, s in result["latency"].items():
        lines.append(f"  {page:<16} n={s['n']:<5} p50 {s['p50'] * 1000:7.0f} ms  p95 {s['p95'] * 1000:7.0f} ms  "
                     f"max {s['max'] * 1000:7.0f} ms")
    mem = result["memory"]
    if mem.get("before"):
        lines.append(f"  memory (MB): idle {mem['idle']['rss_mb']}, after a warm-up visit of every page (national "
                     f"map included) {mem['before']['rss_mb']} (peak {mem['before']['hwm_mb']}); all sessions open "
                     f"{mem['all_open']['rss_mb']} (peak {mem['all_open']['hwm_mb']}), closed "
                     f"{mem['closed']['rss_mb']}; per session {mem.get('per_session_mb')}")
    if "server_cpu_ms_per_rerun" in result:
        lines.append(f"  server CPU per rerun: {result['server_cpu_ms_per_rerun']} ms")
    lines.extend(f"  error: {e}" for e in result["errors"][:5])
    return "\n".join(lines)


def save(name: str, payload: dict) -> Path:
    out_dir = REPO / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(payload, indent=1))
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Streamlit websocket load generator (localhost only).")
    ap.add_argument("--sessions", type=int, nargs="*", default=[10, 50, 100],
                    help="session counts, one run each (none: only --page-cpu)")
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--think", type=float, default=5.0, help="mean think time between reruns (s)")
    ap.add_argument("--url", help="a running server (127.0.0.1 or localhost only); default: start one per run")
    ap.add_argument("--pid", type=int, action="append", default=[], help="server process(es) to read memory of")
    ap.add_argument("--db", help="database for a server started here (default $WARMTE_DB or data/warmte.duckdb)")
    ap.add_argument("--spread-sources", action="store_true", help="one loopback /24 per session (for ip_hash)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--page-cpu", type=int, default=0, metavar="ROUNDS",
                    help="first measure the server CPU time per page with one session (ROUNDS reruns of each)")
    args = ap.parse_args(argv)
    if args.url:
        try:
            check_url(args.url)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 2
    results = []
    cpu = {}
    if args.page_cpu:
        proc, url = (None, args.url) if args.url else start_server(args.db)
        try:
            cpu = asyncio.run(page_cpu(check_url(url), args.pid if args.url else [proc.pid], args.page_cpu))
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
        print(f"server CPU per rerun, one session (ms, median of {args.page_cpu}; load average {load_average()}): "
              + ", ".join(f"{page} {ms}" for page, ms in cpu.items()), flush=True)
    for n in args.sessions:
        proc = None
        url, pids = args.url, args.pid
        if not url:
            proc, url = start_server(args.db)
            pids = [proc.pid]
        try:
            result = asyncio.run(run_load(check_url(url), n, args.seconds, args.think, pids, args.seed,
                                          args.spread_sources))
        finally:
            if proc is not None:
                proc.terminate()
                proc.wait(timeout=30)
        print(report(result), flush=True)
        results.append(result)
    if results:
        print(f"sessions per process at p95 <= 1 s (think {args.think} s): {capacity(results)} "
              f"of {', '.join(map(str, args.sessions))} tried")
    print(f"wrote {save('wsload', {'results': results, 'capacity_p95_1s': capacity(results), 'page_cpu_ms': cpu})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
