"""Load benchmark for the web service (not a test): gunicorn + locust, loopback only.

Starts ``gunicorn 'skill.web.app:create_app(verify=False)'`` on a free 127.0.0.1 port, runs locust
headless with ``benchmarks/locustfile.py`` (launch, content, refusal and help requests), prints
requests/s, latency percentiles and errors, writes ``benchmarks/results/load.json`` and exits 1
if any request failed. Bounded: the run lasts ``--duration`` plus a fixed grace period.

    python benchmarks/load.py                 # 20 users, 30 s, 2 gunicorn workers
    python benchmarks/load.py -u 50 -t 60s -w 4
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from http import HTTPStatus
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = ROOT / "benchmarks" / "locustfile.py"
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "load.json"
HOST = "127.0.0.1"  # never anything but loopback


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "health", timeout=2) as resp:
                if resp.status == HTTPStatus.OK:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise SystemExit("server did not become healthy in time")


def _seconds(duration: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600}
    if duration[-1] in units:
        return int(float(duration[:-1]) * units[duration[-1]])
    return int(duration)


def _num(value: str) -> float:
    try:
        return float(value)
    except ValueError:
        return 0.0


def _read_stats(prefix: Path) -> dict[str, Any]:
    rows = list(csv.DictReader((prefix.parent / f"{prefix.name}_stats.csv").open()))
    per_name = {}
    total: dict[str, Any] = {}
    for row in rows:
        entry = {
            "requests": int(_num(row["Request Count"])),
            "failures": int(_num(row["Failure Count"])),
            "rps": round(_num(row["Requests/s"]), 1),
            "median_ms": _num(row["Median Response Time"]),
            "avg_ms": round(_num(row["Average Response Time"]), 2),
            "p95_ms": _num(row["95%"]),
            "p99_ms": _num(row["99%"]),
            "max_ms": round(_num(row["Max Response Time"]), 1),
        }
        if row["Name"] == "Aggregated":
            total = entry
        else:
            per_name[row["Name"]] = entry
    return {"total": total, "by_request": per_name}


def _run_with_progress(
    cmd: list[str], env: dict[str, str], limit: float, every: float = 5.0
) -> subprocess.CompletedProcess[str]:
    """``subprocess.run`` with a line every ``every`` seconds, so 30 s of load isn't silent."""
    started = time.monotonic()
    with subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as proc:
        while True:
            try:
                out, err = proc.communicate(timeout=every)
                break
            except subprocess.TimeoutExpired:
                elapsed = time.monotonic() - started
                if elapsed > limit:
                    proc.kill()
                    raise
                print(f"  ... {elapsed:.0f} s", flush=True)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-u", "--users", type=int, default=20)
    parser.add_argument("-r", "--spawn-rate", type=int, default=20)
    parser.add_argument("-t", "--duration", default="30s")
    parser.add_argument("-w", "--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)

    port = _free_port()
    url = f"http://{HOST}:{port}/"
    with tempfile.TemporaryDirectory(prefix="milia-load-") as tmp:
        env = dict(os.environ, MILIA_STATE_DIR=str(Path(tmp) / "state"))
        env.pop("ALEXA_SKILL_ID", None)
        server_cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            str(args.workers),
            "-b",
            f"{HOST}:{port}",
            "--log-level",
            "warning",
            "--no-control-socket",  # gunicorn 27 would make ~/.gunicorn/ for its control socket
            "skill.web.app:create_app(verify=False)",
        ]
        server_log = Path(tmp) / "server.log"
        with server_log.open("wb") as log:
            server = subprocess.Popen(server_cmd, cwd=ROOT, env=env, stdout=log, stderr=log)
            try:
                _wait_healthy(url, server)
                prefix = Path(tmp) / "locust"
                locust_cmd = [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    str(LOCUSTFILE),
                    "--headless",
                    "-u",
                    str(args.users),
                    "-r",
                    str(args.spawn_rate),
                    "-t",
                    args.duration,
                    "--host",
                    url.rstrip("/"),
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--stop-timeout",
                    "5",
                    "--loglevel",
                    "WARNING",
                ]
                limit = _seconds(args.duration) + 90
                print(
                    f"load: {args.users} users for {args.duration} on {url} "
                    f"(gunicorn, {args.workers} workers)",
                    flush=True,
                )
                locust = _run_with_progress(locust_cmd, env, limit)
                stats = _read_stats(prefix)
            finally:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
        server_errors = [
            line
            for line in server_log.read_text(errors="replace").splitlines()
            if "Traceback" in line or " ERROR " in line or "[ERROR]" in line
        ]

    total = stats["total"]
    result = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "server": f"gunicorn -w {args.workers} (sync), verify off, loopback",
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "duration": args.duration,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        **stats,
        "server_error_lines": len(server_errors),
        "locust_exit_code": locust.returncode,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")

    print(f"requests: {total.get('requests', 0)}  errors: {total.get('failures', 0)}")
    print(
        f"throughput: {total.get('rps', 0)} req/s  median {total.get('median_ms', 0)} ms  "
        f"p95 {total.get('p95_ms', 0)} ms  p99 {total.get('p99_ms', 0)} ms  "
        f"max {total.get('max_ms', 0)} ms"
    )
    for name, entry in sorted(stats["by_request"].items()):
        print(
            f"  {name:<10} {entry['requests']:>7} req  {entry['rps']:>7} req/s  "
            f"p99 {entry['p99_ms']} ms  errors {entry['failures']}"
        )
    print(f"written: {args.out}")
    if locust.returncode != 0 and total.get("failures", 0) == 0:
        print(locust.stderr[-2000:], file=sys.stderr)
    failed = total.get("requests", 0) == 0 or total.get("failures", 0) > 0 or bool(server_errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
