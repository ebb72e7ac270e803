"""Several app processes behind Debian's nginx, on this machine, started and stopped by one script.

Usage::

    .venv/bin/python bench/cluster.py up --procs 2 [--port 8600] [--db PATH]      # until Ctrl-C
    .venv/bin/python bench/cluster.py bench --procs 1 2 [--sessions 10 50 100] [--seconds 60] [--think 5]
                                           [--saturate 10]

``up`` starts ``--procs`` processes of the production entry (``streamlit run warmte/ui/server.py`` with the
README's settings from .streamlit/config.toml) on ports 8601, 8602, ... over ONE database file (a copy of
``--db``, default ``$WARMTE_DB`` or data/warmte.duckdb, made read-only with mode 0444; every process opens it
read-only), waits until each answers ``/_stcore/health``, then runs Debian's nginx (``apt-get install
nginx-light``) in the foreground as a child process with a temporary prefix and the config rendered from
bench/nginx.conf.template (ip_hash sticky sessions, WebSocket upgrade for ``/_stcore/stream``, the health check
passed through). Nothing under /etc/nginx is read or changed. Ctrl-C (or SIGTERM) stops nginx and every app
process this script started, and removes the temporary directory.

``bench`` does that for each ``--procs`` value and runs bench/wsload.py through nginx (sessions spread over
loopback source networks so that ip_hash can balance them): the latency per session count, and with
``--saturate N`` a run of N sessions without think time, whose reruns per second are the throughput; prints
the gain of the last process count over the first and writes bench/results/cluster-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
TEMPLATE = BENCH / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STREAM_LOG = re.compile(r'"GET [^"]*/_stcore/stream [^"]*" \d+ (\S+)')


def render_config(template: str, prefix: str, port: int, upstream_ports: list[int]) -> str:
    """The nginx config: ``{{prefix}}``, ``{{port}}`` and one ``server`` line per app process."""
    if not upstream_ports:
        raise ValueError("at least one app process")
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=2 fail_timeout=10s;" for p in upstream_ports)
    text = template.replace("{{prefix}}", prefix).replace("{{port}}", str(port)).replace("{{servers}}", servers)
    if "{{" in text:
        raise ValueError("unfilled field in the nginx template: " + text[text.index("{{"):][:40])
    return text


def upstream_counts(access_log: str) -> Counter:
    """Websocket sessions per upstream address, from an access log in the template's ``upstream`` format."""
    return Counter(m.group(1) for m in STREAM_LOG.finditer(access_log))


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx and uvicorn bind: TIME_WAIT is fine
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Cluster:
    """N app processes and nginx, as children of this process; a context manager that always stops them."""

    def __init__(self, procs: int, port: int = 8600, db: str | None = None):
        self.procs, self.port = procs, port
        self.db = Path(db or os.environ.get("WARMTE_DB") or REPO / "data" / "warmte.duckdb")
        self.ports = [port + 1 + i for i in range(procs)]
        self.children: list[subprocess.Popen] = []
        self.app_pids: list[int] = []
        self.dir: Path | None = None
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self) -> Cluster:
        wsload = _wsload()
        if not Path(NGINX).exists():
            raise SystemExit("nginx not found: apt-get install -y nginx-light")
        busy = [p for p in [self.port, *self.ports] if not _port_free(p)]
        if busy:
            raise SystemExit(f"ports in use: {busy}")
        self.dir = Path(tempfile.mkdtemp(prefix="warmte-cluster-"))
        self.dir.chmod(0o755)  # nginx workers run as nobody when started by root
        db = self.dir / "warmte.duckdb"
        shutil.copyfile(self.db, db)
        db.chmod(0o444)
        env = dict(os.environ, WARMTE_DB=str(db), PYTHONPATH=str(REPO))
        try:
            for port in self.ports:
                log = open(self.dir / f"app-{port}.log", "wb")  # noqa: SIM115 - closed with the process
                proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(wsload.ENTRY),
                                         "--server.port", str(port), "--server.address", "127.0.0.1"],
                                        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
                log.close()
                self.children.append(proc)
                self.app_pids.append(proc.pid)
            for port in self.ports:
                if not wsload.wait_healthy(f"http://127.0.0.1:{port}"):
                    raise SystemExit(f"app process on port {port} did not become healthy (see {self.dir})")
            for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (self.dir / "tmp" / sub).mkdir(parents=True)
                (self.dir / "tmp" / sub).chmod(0o777)
            conf = self.dir / "nginx.conf"
            conf.write_text(render_config(TEMPLATE.read_text(), str(self.dir), self.port, self.ports))
            with open(self.dir / "nginx.stderr", "wb") as err:
                self.children.append(subprocess.Popen([NGINX, "-p", str(self.dir), "-c", str(conf),
                                                       "-g", "daemon off;"], stderr=err))
            if not wsload.wait_healthy(self.url, 20):
                raise SystemExit(f"nginx did not answer on {self.url} (see {self.dir}/error.log)")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        for proc in reversed(self.children):  # nginx first, then the app processes
            if proc.poll() is None:
                proc.terminate()  # nginx: fast shutdown; streamlit: stops its sessions
        for proc in self.children:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.children.clear()
        if self.dir is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def app_ws_urls(self) -> list[str]:
        """Each app process's own websocket endpoint (to warm every process up before a measurement)."""
        return [_wsload().check_url(f"http://127.0.0.1:{port}") for port in self.ports]

    def sessions_per_upstream(self) -> dict:
        log = (self.dir / "access.log").read_text() if self.dir else ""
        return dict(upstream_counts(log))


def _wsload():
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module("wsload")


def up(args) -> int:
    with Cluster(args.procs, args.port, args.db) as cluster:
        print(f"nginx on {cluster.url} in front of {cluster.procs} app processes "
              f"(ports {', '.join(map(str, cluster.ports))}, pids {', '.join(map(str, cluster.app_pids))}); "
              f"config and logs in {cluster.dir}. Ctrl-C stops them.", flush=True)
        stop = {"now": False}
        signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
        try:
            while not stop["now"] and all(p.poll() is None for p in cluster.children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
    return 0


def bench(args) -> int:
    wsload = _wsload()
    out = []
    for procs in args.procs:
        row = {"procs": procs, "runs": []}
        runs = [(n, args.think) for n in args.sessions] + ([(args.saturate, 0.0)] if args.saturate else [])
        for sessions, think in runs:
            with Cluster(procs, args.port, args.db) as cluster:  # a fresh cluster per run
                result = asyncio.run(wsload.run_load(wsload.check_url(cluster.url), sessions, args.seconds, think,
                                                     cluster.app_pids, spread_sources=True,
                                                     warm_urls=cluster.app_ws_urls()))
                result["sessions_per_upstream"] = cluster.sessions_per_upstream()
            print(f"[{procs} process(es) behind nginx] " + wsload.report(result)
                  + f"\n  websocket sessions per process: {result['sessions_per_upstream']}", flush=True)
            row["runs"].append(result)
        row["capacity_p95_1s"] = wsload.capacity([r for r in row["runs"] if r["think"] == args.think])
        print(f"[{procs} process(es)] sessions at p95 <= 1 s (think {args.think} s): {row['capacity_p95_1s']}")
        out.append(row)
    payload = {"rows": out}
    if args.saturate and len(out) > 1:
        first, last = (r["runs"][-1]["runs_per_second"] for r in (out[0], out[-1]))
        payload["throughput_gain"] = round(last / first, 2) if first else None
        print(f"throughput without think time, {args.saturate} sessions: {first}/s with {out[0]['procs']} "
              f"process(es), {last}/s with {out[-1]['procs']}: gain x{payload['throughput_gain']}")
    print(f"wrote {wsload.save('cluster', payload)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="App processes behind nginx on localhost.")
    sub = ap.add_subparsers(dest="command", required=True)
    for name in ("up", "bench"):
        p = sub.add_parser(name)
        p.add_argument("--port", type=int, default=8600, help="nginx port; app processes use the next ones")
        p.add_argument("--db", help="database file to copy (default $WARMTE_DB or data/warmte.duckdb)")
    sub.choices["up"].add_argument("--procs", type=int, default=2)
    b = sub.choices["bench"]
    b.add_argument("--procs", type=int, nargs="+", default=[1, 2])
    b.add_argument("--sessions", type=int, nargs="*", default=[10, 50, 100])
    b.add_argument("--seconds", type=float, default=60.0)
    b.add_argument("--think", type=float, default=5.0)
    b.add_argument("--saturate", type=int, default=10, help="sessions for the no-think throughput run (0: none)")
    args = ap.parse_args(argv)
    return up(args) if args.command == "up" else bench(args)


if __name__ == "__main__":
    sys.exit(main())
