"""Performance of the skill against a hello-world ASK SDK skill, side by side (``make bench``).

Measures, in one run, on this machine and interpreter:

(a) cold start: a fresh process imports the Lambda handler module and answers one LaunchRequest
    (``benchmarks/coldstart_child.py``); skill and hello-world alternate, median of per-pair
    ratios of the process wall time. Embedded (SQLite) store in a temporary directory. Two ways:
    the Lambda-like child (the runtime's modules loaded first) and a plain fresh process (as
    ``python -c`` sees it).
(b) the same with the DynamoDB store, against moto's server on 127.0.0.1. Baseline: the
    hello-world skill plus ``boto3.client("dynamodb")``. Shown too, for information: that
    baseline plus the one GetItem and one PutItem the skill's launch makes (visit count).
(c) warm p50/p99 of ``lambda_handler``: a content question, a refusal and a follow-up, against
    the hello-world intent (``benchmarks/warm_child.py``: one process, interleaved).
(d) peak RSS (VmHWM) of the cold-start processes of (a); those of (b) for information.
(f) warm p99 of a one-shot (the content question opening a new session: the store is read and
    written), with the embedded SQLite store and without a store (memory), against the
    hello-world intent.
(g) the one-shot on DynamoDB (moto's server on 127.0.0.1) against the hello-world intent plus
    one GetItem and one PutItem.
(h) a launch against a DynamoDB endpoint that accepts connections and never answers (a loopback
    TCP server): the persistence budget must get Alexa an answer in about a second.
(e) the size of the Lambda artifact: ``.serverless/*.zip`` (``make package``) if there is one,
    else ``npx osls package`` run in a temporary copy of the tree (osls empties its service's
    ``.serverless/``, so it never runs in the shared one).

Prints a table and writes the same figures to ``benchmarks/results/latest.json``. A missed
target prints MISSED but the exit status stays 0: this is a benchmark, not a test.

    python benchmarks/run.py                    # the full run (about a minute)
    python benchmarks/run.py --pairs 7 --iterations 500 --no-zip

Bytecode: the environment may say PYTHONDONTWRITEBYTECODE (then every cold start would compile
the skill from source, unlike Lambda, whose zip carries .pyc). Children run without it, with
PYTHONPYCACHEPREFIX under benchmarks/__pycache__/ (ignored by git), after an untimed warm-up.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
# The request envelopes the tests replay too (the same files, one home).
EVENTS = ROOT / "tests" / "events"
HELLO_ROOT = BENCH / "hello_world"
CHILD = BENCH / "coldstart_child.py"
WARM_CHILD = BENCH / "warm_child.py"
HUNG_CHILD = BENCH / "hung_child.py"
PYCACHE = BENCH / "__pycache__" / "prefix"
DEFAULT_OUT = BENCH / "results" / "latest.json"

APP_ID = "amzn1.ask.skill.00000000-0000-0000-0000-00000000be4c"  # the events' applicationId
TABLE = "milia-bench-users"
REGION = "us-east-1"

TARGETS = {
    "coldstart": 1.15,
    "coldstart_plain": 1.15,
    "coldstart_dynamodb": 1.15,
    "warm_p99": 1.5,
    "rss": 1.2,
    "one_shot_p99": 2.0,
    "one_shot_dynamodb_p50": 1.1,
}
HUNG_STORE_LIMIT_MS = 1250  # the 1 s persistence budget, plus the answer itself, with margin
ZIP_LIMIT_BYTES = 6_000_000  # "6 MB", decimal: the stricter reading

Variant = tuple[str, str, str]  # (label, task root, handler module)
SKILL: Variant = ("skill", str(ROOT), "lambda.lambda_function")  # --skill-root: another root
HELLO: Variant = ("hello", str(HELLO_ROOT), "lambda_function")


# --- environment ------------------------------------------------------------------------------


def base_env(state_dir: str) -> dict[str, str]:
    """The children's environment: skill-id check on, bytecode cached, no AWS configuration."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("AWS_", "SKILL_TABLE", "PYTHON", "MILIA_"))
    }
    env.update(
        ALEXA_SKILL_ID=APP_ID,
        MILIA_STATE_DIR=state_dir,
        PYTHONPYCACHEPREFIX=str(PYCACHE),
        LOG_LEVEL="INFO",
    )
    return env


def dynamodb_env(env: dict[str, str], endpoint: str, table: str = TABLE) -> dict[str, str]:
    out = dict(env)
    out.update(
        SKILL_TABLE_NAME=table,
        AWS_ENDPOINT_URL_DYNAMODB=endpoint,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_SESSION_TOKEN="testing",
        AWS_REGION=REGION,
        AWS_DEFAULT_REGION=REGION,
        AWS_EC2_METADATA_DISABLED="true",
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
    )
    return out


# --- cold start -------------------------------------------------------------------------------


def cold_start(which: Variant, env: dict[str, str], extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """One fresh process: its own report plus wall and CPU time measured from outside."""
    _, task_root, module = which
    cmd = [sys.executable, str(CHILD), task_root, module, str(EVENTS / "launch.json"), *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"cold-start child failed ({' '.join(cmd)}):\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    if not report["ok"]:
        raise SystemExit(f"cold-start child gave no speech: {which[0]} {extra}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report.update(wall_ms=wall, cpu_ms=cpu * 1000)
    return report


def bare_interpreter(env: dict[str, str], runs: int) -> float:
    walls = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        walls.append((time.perf_counter() - start) * 1000)
    return statistics.median(walls)


def alternate(
    variants: list[tuple[Variant, tuple[str, ...]]],
    env: dict[str, str],
    pairs: int,
) -> list[list[dict[str, Any]]]:
    """``pairs`` rounds; each runs every variant once, the order rotating between rounds."""
    for which, extra in variants:  # untimed warm-up: .pyc written, page cache warm
        cold_start(which, env, extra)
    rounds = []
    for i in range(pairs):
        order = list(range(len(variants)))
        order = order[i % len(order) :] + order[: i % len(order)]
        row: list[dict[str, Any]] = [{}] * len(variants)
        for j in order:
            row[j] = cold_start(variants[j][0], env, variants[j][1])
        rounds.append(row)
    return rounds


def summarise(rounds: list[list[dict[str, Any]]], a: int, b: int) -> dict[str, Any]:
    """Medians of variant ``a`` and ``b`` and the median of the per-round ratios a/b."""

    def med(i: int, key: str) -> float:
        return statistics.median(r[i][key] for r in rounds)

    def ratio(key: str) -> float:
        return statistics.median(r[a][key] / r[b][key] for r in rounds)

    out: dict[str, Any] = {"pairs": len(rounds)}
    for key in ("wall_ms", "first_ms", "init_ms", "cpu_ms", "maxrss_kb"):
        out[key] = {"skill": med(a, key), "baseline": med(b, key), "ratio": ratio(key)}
    return out


def run_coldstart(env: dict[str, str], pairs: int, skill: Variant) -> dict[str, Any]:
    """Both ways at once, alternating: the Lambda-like child and the plain fresh process."""
    plain = ("--plain",)
    rounds = alternate([(skill, ()), (HELLO, ()), (skill, plain), (HELLO, plain)], env, pairs)
    out = summarise(rounds, 0, 1)
    out["plain"] = summarise(rounds, 2, 3)
    return out


@contextlib.contextmanager
def moto_dynamodb(env: dict[str, str], table: str) -> Iterator[tuple[dict[str, str], Any]]:
    """moto's server on a free loopback port with ``table`` made: (environment, client).

    (moto keeps its state per process, across servers: each measure uses a table of its own.)
    """
    import logging

    import boto3
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        denv = dynamodb_env(env, f"http://{host}:{port}", table)
        client = boto3.client(
            "dynamodb",
            endpoint_url=denv["AWS_ENDPOINT_URL_DYNAMODB"],
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_table(
            TableName=table,
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        yield denv, client
    finally:
        server.stop()


def run_coldstart_dynamodb(env: dict[str, str], pairs: int, skill: Variant) -> dict[str, Any]:
    with moto_dynamodb(env, TABLE) as (denv, client):
        variants = [(skill, ()), (HELLO, ("--dynamodb-client",)), (HELLO, ("--dynamodb-io",))]
        rounds = alternate(variants, denv, pairs)
        user = json.loads((EVENTS / "launch.json").read_text())["context"]["System"]["user"]
        item = client.get_item(TableName=TABLE, Key={"id": {"S": user["userId"]}}).get("Item")
    out = summarise(rounds, 0, 1)
    out["with_io_baseline"] = summarise(rounds, 0, 2)
    out["skill_boto3_loaded"] = all(r[0]["boto3_loaded"] for r in rounds)
    out["skill_wrote_item"] = bool(item and "attributes" in item)
    return out


# --- warm -------------------------------------------------------------------------------------


def warm_child(
    env: dict[str, str],
    iterations: int,
    warmup: int,
    skill: Variant,
    cases: list[str],
    *,
    block: int = 500,
) -> dict[str, Any]:
    cmd = [sys.executable, str(WARM_CHILD), str(iterations), str(warmup), skill[1]]
    cmd += ["--cases", ",".join(cases), "--block", str(min(block, iterations))]
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"warm child failed:\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _ratios(case: dict[str, Any], baseline: dict[str, Any]) -> None:
    """Judged: the median over blocks of consecutive rounds of the per-block ratio (see
    warm_child.py). Kept too: the ratios of the p50/p99 over every call."""
    case["p50_all_ratio"] = case["p50_us"] / baseline["p50_us"]
    case["p99_all_ratio"] = case["p99_us"] / baseline["p99_us"]
    for pct in ("p50", "p99"):
        pairs = list(zip(case[f"block_{pct}_us"], baseline[f"block_{pct}_us"], strict=False))
        case[f"{pct}_ratio"] = statistics.median(a / b for a, b in pairs)
        case[f"{pct}_block_us"] = statistics.median(a for a, _ in pairs)
        baseline[f"{pct}_block_us"] = statistics.median(b for _, b in pairs)


def run_warm(env: dict[str, str], iterations: int, warmup: int, skill: Variant) -> dict[str, Any]:
    """(c), and (f) with the embedded store: one process, every case interleaved."""
    names = ["content", "refusal", "follow_up", "one_shot", "hello_intent"]
    cases = warm_child(env, iterations, warmup, skill, names)
    for name in names[:-1]:
        _ratios(cases[name], cases["hello_intent"])
    return cases


def run_one_shot_memory(
    env: dict[str, str], iterations: int, warmup: int, skill: Variant
) -> dict[str, Any]:
    """(f) without the embedded store: ``MILIA_STATE_DIR=:memory:``."""
    cases = warm_child(
        {**env, "MILIA_STATE_DIR": ":memory:"},
        iterations,
        warmup,
        skill,
        ["one_shot", "hello_intent"],
    )
    _ratios(cases["one_shot"], cases["hello_intent"])
    return cases


def run_one_shot_dynamodb(
    env: dict[str, str], iterations: int, warmup: int, skill: Variant
) -> dict[str, Any]:
    """(g): the one-shot against the hello intent + GetItem + PutItem, both on moto."""
    with moto_dynamodb(env, TABLE + "-one-shot") as (denv, _):
        names = ["one_shot", "hello_intent_io"]
        cases = warm_child(denv, iterations, warmup, skill, names, block=250)
    _ratios(cases["one_shot"], cases["hello_intent_io"])
    return cases


class SilentServer:
    """A loopback TCP server that accepts every connection and never answers."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held: list[Any] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                self.held.append(self.sock.accept()[0])
            except OSError:
                return

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


def run_hung_store(env: dict[str, str], rounds: int, skill: Variant) -> dict[str, Any]:
    """(h): launches with ``AWS_ENDPOINT_URL_DYNAMODB`` on a server that never answers."""
    server = SilentServer()
    try:
        denv = dynamodb_env(env, server.url)
        cmd = [sys.executable, str(HUNG_CHILD), skill[1], str(EVENTS / "launch.json"), str(rounds)]
        proc = subprocess.run(
            cmd, env=denv, capture_output=True, text=True, timeout=120, check=False
        )
        connections = len(server.held)
    finally:
        server.close()
    if proc.returncode != 0:
        raise SystemExit(f"hung-store child failed:\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    warm = result["ms"][1:] or result["ms"]
    result.update(
        first_ms=result["ms"][0],
        warm_max_ms=max(warm),
        warm_median_ms=statistics.median(warm),
        connections=connections,
    )
    return result


# --- zip --------------------------------------------------------------------------------------


def zip_report(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    groups: dict[str, int] = {}
    for info in infos:
        top = info.filename.split("/", 1)[0]
        groups[top] = groups.get(top, 0) + info.compress_size
    largest = sorted(groups.items(), key=lambda kv: -kv[1])[:8]
    newest_source = max(p.stat().st_mtime for p in (ROOT / "skill").rglob("*.py"))
    return {
        "status": "measured",
        "path": str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path),
        "bytes": path.stat().st_size,
        "uncompressed_bytes": sum(i.file_size for i in infos),
        "files": len(infos),
        "largest_top_level_kb": {k: round(v / 1024, 1) for k, v in largest},
        "older_than_sources": path.stat().st_mtime < newest_source,
    }


def _isolated_copy(dest: Path) -> None:
    """What ``osls package`` reads, in ``dest``: osls cleans its service's ``.serverless/``, so
    it never runs in the shared tree (that would delete another build's artifacts)."""
    dest.mkdir(parents=True)
    for name in ("serverless.yml", "package.json", "package-lock.json"):
        if (ROOT / name).exists():
            shutil.copy2(ROOT / name, dest / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("skill", "lambda", "requirements", "deploy"):  # deploy/: the osls plugin
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    (dest / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)


def find_python312() -> str | None:
    """A python3.12 that really is 3.12 (the Makefile's PY312 search: PATH, then pyenv)."""
    candidates = [shutil.which("python3.12") or "python3.12"]
    pyenv = shutil.which("pyenv")
    if pyenv:
        proc = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False)
        candidates += sorted(
            str(p) for p in Path(proc.stdout.strip()).glob("versions/3.12*/bin/python3.12")
        )
    check = "import sys; sys.exit(sys.version_info[:2] != (3, 12))"
    for candidate in candidates:
        try:
            if subprocess.run([candidate, "-c", check], capture_output=True).returncode == 0:
                return candidate
        except OSError:
            continue
    return None


def build_zip(work: Path) -> dict[str, Any]:
    """``npx osls package`` as ``make package`` runs it, but in a temporary copy of the tree."""
    npx = shutil.which("npx")
    if npx is None or not (ROOT / "node_modules" / ".bin" / "osls").exists():
        return {"status": "not built", "message": "no osls: `npm ci`, then `make package`"}
    service = work / "service"
    _isolated_copy(service)
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.update(
        SLS_TELEMETRY_DISABLED="1", SLS_NOTIFICATIONS_MODE="off", SOURCE_DATE_EPOCH="315532800"
    )
    py312 = find_python312()
    if py312:  # the Lambda runtime's bytecode, as `make package` does
        env["PYTHON_BIN"] = py312
        compileall = ["-m", "compileall", "-q", "-f", "--invalidation-mode", "checked-hash"]
        subprocess.run(
            [py312, *compileall, "skill", "lambda"],
            cwd=service,
            env=env,
            capture_output=True,
            check=False,
        )
    try:
        proc = subprocess.run(
            [npx, "--no-install", "osls", "package"],
            cwd=service,
            env=env,
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"status": "not built", "message": "npx osls package timed out after 240 s"}
    built = sorted((service / ".serverless").glob("*.zip"))
    if proc.returncode != 0 or not built:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-6:]
        return {"status": "not built", "message": "npx osls package failed: " + " | ".join(tail)}
    report = zip_report(built[0])
    report["path"] = "built by benchmarks/run.py (npx osls package in a temporary copy)"
    return report


def run_zip(build: bool, allow_build: bool, work: Path) -> dict[str, Any]:
    """The zip ``make package`` left in ``.serverless/``, else one built in a temporary copy."""
    existing = sorted((ROOT / ".serverless").glob("*.zip"))
    if existing and not build:
        return zip_report(existing[0])
    if not allow_build:
        return {"status": "not built", "message": "no .serverless/*.zip: run `make package`"}
    return build_zip(work)


# --- report -----------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "load_average": list(os.getloadavg()),
    }


def _ms(v: float) -> str:
    return f"{v:.0f} ms"


def _us(v: float) -> str:
    return f"{v:.0f} us"


def _mib(kb: float) -> str:
    return f"{kb / 1024:.1f} MiB"


class _Rows:
    """The table's rows: measure, skill, baseline, ratio, target, result."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def add(
        self, label: str, fig: dict[str, float], unit: Any, target: float | None = None
    ) -> None:
        """One measure against its baseline; judged against ``target``, else information."""
        ratio = fig["ratio"]
        shown = [label, unit(fig["skill"]), unit(fig["baseline"]), f"{ratio:.2f}x"]
        if target is None:
            self.rows.append([*shown, "(info)", ""])
        else:
            self.rows.append([*shown, f"<= {target:g}x", "pass" if ratio <= target else "MISSED"])

    def warm(
        self,
        label: str,
        case: dict[str, Any],
        base: dict[str, Any],
        target: float,
        judge: str = "p99",
    ) -> None:
        """A warm case: the judged percentile, the other one, and the p99 over every call."""
        other = "p50" if judge == "p99" else "p99"
        for pct, goal in ((judge, target), (other, None)):
            fig = {
                "skill": case[f"{pct}_block_us"],
                "baseline": base[f"{pct}_block_us"],
                "ratio": case[f"{pct}_ratio"],
            }
            self.add(f"{label} {pct}" if goal else f"    {pct}", fig, _us, goal)
        every = {
            "skill": case["p99_us"],
            "baseline": base["p99_us"],
            "ratio": case["p99_all_ratio"],
        }
        self.add("    p99 over every call", every, _us)
        if not (case.get("answer_ok", True) and base.get("answer_ok", True)):
            # A fast wrong answer is no answer: the timing does not count.
            self.rows.append(["    answer check", "WRONG", "-", "-", "right text", "MISSED"])


def _cold_start_rows(rows: _Rows, results: dict[str, Any]) -> None:
    """(a) and (b)."""
    cs = results.get("coldstart")
    if cs:
        rows.add("(a) cold start, Lambda-like, wall", cs["wall_ms"], _ms, TARGETS["coldstart"])
        rows.add("    import + first response", cs["first_ms"], _ms)
        rows.add("    process CPU time", cs["cpu_ms"], _ms)
        plain = cs["plain"]
        rows.add(
            "(a) cold start, plain process, wall", plain["wall_ms"], _ms, TARGETS["coldstart_plain"]
        )
        rows.add("    import + first response", plain["first_ms"], _ms)
    db = results.get("coldstart_dynamodb")
    if db:
        rows.add(
            "(b) cold start + DynamoDB, wall", db["wall_ms"], _ms, TARGETS["coldstart_dynamodb"]
        )
        rows.add("    import + first response", db["first_ms"], _ms)
        rows.add("    vs baseline + GetItem/PutItem", db["with_io_baseline"]["wall_ms"], _ms)


def _warm_rows(rows: _Rows, results: dict[str, Any]) -> None:
    """(c)."""
    warm = results.get("warm")
    if warm:
        for name in ("content", "refusal", "follow_up"):
            rows.warm(f"(c) warm, {name}", warm[name], warm["hello_intent"], TARGETS["warm_p99"])


def _rss_rows(rows: _Rows, results: dict[str, Any]) -> None:
    """(d), from the cold starts of (a) and (b)."""
    cs = results.get("coldstart")
    if cs:
        rows.add("(d) peak RSS (cold start)", cs["maxrss_kb"], _mib, TARGETS["rss"])
    db = results.get("coldstart_dynamodb")
    if db:
        rows.add("    peak RSS with DynamoDB", db["maxrss_kb"], _mib)


def _one_shot_rows(rows: _Rows, results: dict[str, Any]) -> None:
    """(f) with and without the embedded store, and (g)."""
    warm = results.get("warm")
    if warm and "one_shot" in warm:
        target = TARGETS["one_shot_p99"]
        rows.warm(
            "(f) one-shot, SQLite store, warm", warm["one_shot"], warm["hello_intent"], target
        )
    memory = results.get("one_shot_memory")
    if memory:
        target = TARGETS["one_shot_p99"]
        rows.warm(
            "(f) one-shot, no store, warm", memory["one_shot"], memory["hello_intent"], target
        )
    dyn = results.get("one_shot_dynamodb")
    if dyn:
        target = TARGETS["one_shot_dynamodb_p50"]
        # Judged on p50: both sides make the same two round trips to moto, whose own tail on a
        # shared 2-core machine (9-55 ms per block of 250 calls, both sides alike) swamps the
        # ~0.1 ms the skill adds. See docs/performance.md.
        base = dyn["hello_intent_io"]
        rows.warm("(g) one-shot, DynamoDB, warm", dyn["one_shot"], base, target, judge="p50")


def _hung_store_rows(rows: _Rows, results: dict[str, Any]) -> None:
    """(h)."""
    hung = results.get("hung_store")
    if hung:
        ok = hung["ok"] and not hung["returning"] and hung["warm_max_ms"] <= HUNG_STORE_LIMIT_MS
        rows.rows.append(
            [
                "(h) launch, hung DynamoDB, warm max",
                _ms(hung["warm_max_ms"]),
                "-",
                "-",
                f"<= {HUNG_STORE_LIMIT_MS} ms",
                "pass" if ok else "MISSED",
            ]
        )
        rows.rows.append(
            ["    first launch (client created)", _ms(hung["first_ms"]), "-", "-", "(info)", ""]
        )


def _zip_rows(rows: _Rows, results: dict[str, Any]) -> None:
    """(e)."""
    z = results.get("zip")
    if z and z["status"] == "measured":
        ok = z["bytes"] <= ZIP_LIMIT_BYTES
        size = f"{z['bytes'] / 1e6:.2f} MB"
        rows.rows.append(["(e) Lambda zip", size, "-", "-", "<= 6 MB", "pass" if ok else "MISSED"])
    elif z:
        rows.rows.append(["(e) Lambda zip", "not built", "-", "-", "<= 6 MB", "n/a"])


def build_rows(results: dict[str, Any]) -> list[list[str]]:
    """Table rows: measure, skill, baseline, ratio, target, result ("" for information rows)."""
    rows = _Rows()
    for section in (
        _cold_start_rows,
        _warm_rows,
        _rss_rows,
        _one_shot_rows,
        _hung_store_rows,
        _zip_rows,
    ):
        section(rows, results)
    return rows.rows


def print_table(rows: list[list[str]]) -> None:
    header = ["measure", "skill", "baseline", "ratio", "target", "result"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    for row in rows:
        cells = [
            cell.ljust(width) if i in (0, 5) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pairs",
        type=int,
        default=20,
        help="cold-start rounds per measure; (a), the tightest, runs twice as many",
    )
    parser.add_argument(
        "--iterations", type=int, default=3000, help="warm timings per case (blocks of 500)"
    )
    parser.add_argument("--warmup", type=int, default=200, help="untimed warm calls per case")
    parser.add_argument(
        "--dynamodb-iterations",
        type=int,
        default=1500,
        help="(g) timings per case, on moto (blocks of 250)",
    )
    parser.add_argument("--no-zip", action="store_true", help="skip (e)")
    parser.add_argument(
        "--build-zip",
        action="store_true",
        help="build the zip in a temporary copy even if one exists",
    )
    parser.add_argument("--no-build", action="store_true", help="never run npx osls package")
    parser.add_argument("--only", choices=list("abcefgh"), action="append")
    parser.add_argument(
        "--skill-root",
        type=Path,
        help="measure the skill in another checkout (e.g. a git worktree with a change)",
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_OUT, help="where to write results")
    return parser


# --- the measures, in the order they run: each adds its figures to the results ---------------
# (results, args, environment, skill, temporary directory)
Measure = Callable[[dict[str, Any], argparse.Namespace, dict[str, str], Variant, str], None]


def _measure_coldstart(
    results: dict[str, Any], args: argparse.Namespace, env: dict[str, str], skill: Variant, tmp: str
) -> None:
    pairs = 2 * args.pairs
    print(f"(a) cold start, both ways: {pairs} alternating rounds ...", flush=True)
    results["coldstart"] = run_coldstart(env, pairs, skill)


def _measure_coldstart_dynamodb(
    results: dict[str, Any], args: argparse.Namespace, env: dict[str, str], skill: Variant, tmp: str
) -> None:
    print(f"(b) cold start with DynamoDB (moto): {args.pairs} rounds ...", flush=True)
    try:
        results["coldstart_dynamodb"] = run_coldstart_dynamodb(env, args.pairs, skill)
    except ImportError as exc:  # moto or boto3 missing: `make bench` installs them
        print(f"(b) skipped: {exc}")


def _measure_warm(
    results: dict[str, Any], args: argparse.Namespace, env: dict[str, str], skill: Variant, tmp: str
) -> None:
    print(f"(c, f) warm: {args.iterations} timings per case ...", flush=True)
    results["warm"] = run_warm(env, args.iterations, args.warmup, skill)


def _measure_one_shot_memory(
    results: dict[str, Any], args: argparse.Namespace, env: dict[str, str], skill: Variant, tmp: str
) -> None:
    print("(f) one-shot without a store ...", flush=True)
    results["one_shot_memory"] = run_one_shot_memory(env, args.iterations, args.warmup, skill)


def _measure_one_shot_dynamodb(
    results: dict[str, Any], args: argparse.Namespace, env: dict[str, str], skill: Variant, tmp: str
) -> None:
    n = args.dynamodb_iterations
    print(f"(g) one-shot on DynamoDB (moto): {n} timings per case ...", flush=True)
    try:
        results["one_shot_dynamodb"] = run_one_shot_dynamodb(env, n, n // 10, skill)
    except ImportError as exc:
        print(f"(g) skipped: {exc}")


def _measure_hung_store(
    results: dict[str, Any], args: argparse.Namespace, env: dict[str, str], skill: Variant, tmp: str
) -> None:
    print("(h) launches against a DynamoDB endpoint that never answers ...", flush=True)
    results["hung_store"] = run_hung_store(env, 4, skill)


def _measure_zip(
    results: dict[str, Any], args: argparse.Namespace, env: dict[str, str], skill: Variant, tmp: str
) -> None:
    if not args.no_zip:
        print("(e) Lambda zip ...", flush=True)
        results["zip"] = run_zip(args.build_zip, not args.no_build, Path(tmp))


# (the --only letters that ask for a measure, the measure)
MEASURES: tuple[tuple[str, Measure], ...] = (
    ("a", _measure_coldstart),
    ("b", _measure_coldstart_dynamodb),
    ("cf", _measure_warm),
    ("f", _measure_one_shot_memory),
    ("g", _measure_one_shot_dynamodb),
    ("h", _measure_hung_store),
    ("e", _measure_zip),
)


def _report(results: dict[str, Any], rows: list[list[str]]) -> None:
    """The table, the machine, notes on the zip, and which targets were missed."""
    print()
    print_table(rows)
    m = results["machine"]
    print(
        f"\nmachine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, {m['platform']}, "
        f"Python {m['python']}; load {m['load_average'][0]:.2f} -> "
        f"{m['load_average_end'][0]:.2f}; bare interpreter {results['bare_interpreter_ms']:.0f} ms"
    )
    z = results.get("zip")
    if z and z["status"] != "measured":
        print(f"(e) not built: {z['message']}")
    elif z and z.get("older_than_sources"):
        print(f"(e) note: {z['path']} is older than skill/ sources; `make package` to refresh")
    missed = [r[0].strip() for r in rows if r[5] == "MISSED"]
    if missed:
        print("\nMISSED: " + "; ".join(missed))
    else:
        print("\nall targets met")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    only = set(args.only or list("abcefgh"))
    skill = SKILL
    if args.skill_root is not None:
        skill = ("skill", str(args.skill_root.resolve()), SKILL[2])

    began = time.perf_counter()
    results: dict[str, Any] = {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": machine(),
        "method": {
            "pairs": args.pairs,
            "warm_iterations": args.iterations,
            "warm_warmup": args.warmup,
            "targets": TARGETS,
            "hung_store_limit_ms": HUNG_STORE_LIMIT_MS,
            "zip_limit_bytes": ZIP_LIMIT_BYTES,
            "pycache_prefix": str(PYCACHE.relative_to(ROOT)),
            "skill_root": skill[1],
        },
    }
    with tempfile.TemporaryDirectory(prefix="milia-bench-") as tmp:
        env = base_env(tmp)
        results["bare_interpreter_ms"] = bare_interpreter(env, 5)
        for letters, measure in MEASURES:
            if only & set(letters):
                measure(results, args, env, skill, tmp)
    results["machine"]["load_average_end"] = list(os.getloadavg())
    results["seconds"] = round(time.perf_counter() - began, 1)

    rows = build_rows(results)
    results["table"] = [
        dict(zip(["measure", "skill", "baseline", "ratio", "target", "result"], r, strict=True))
        for r in rows
    ]
    _report(results, rows)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.json.relative_to(ROOT) if args.json.is_relative_to(ROOT) else args.json}")
    print(f"took {results['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
