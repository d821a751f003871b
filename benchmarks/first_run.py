"""The first ``make run`` on a fresh clone: from ``make`` to Alexa's first answer (not a test).

Copies the tracked files of this checkout (with any uncommitted edits) into a temporary
folder, as a fresh clone would have them, and runs ``make run`` there with the utterance
"what are milia" on stdin. The clock stops when the chat prints Alexa's answer.

By default the run is cold, as on a new machine: a new, empty ``HOME`` (so no pip or uv cache)
and no pip configuration (``PIP_CONFIG_FILE=/dev/null``; no ``PIP_FIND_LINKS``/index settings,
no ``UV_*``), so every package comes from PyPI. ``--warm`` keeps your own ``HOME`` and caches.

Prints when each step started (venv and uv, the install, the chat) and the total against the
20 s target, and writes ``benchmarks/results/first_run.json``. A missed target prints MISSED but
the exit status stays 0; it is 1 only when the chat never answered, or answered wrongly.

    python benchmarks/first_run.py            # cold, as on a new machine
    python benchmarks/first_run.py --warm     # with this machine's download caches
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "benchmarks" / "results" / "first_run.json"
TARGET_S = 20.0
UTTERANCE = "what are milia"
EXPECTED = "[card: What are milia?]"
# Steps, by the first line of make's output that starts with each marker.
MARKERS = {
    "venv and uv": "==> creating",
    "install": "==> installing",
    "chat started": "Milia Guide simulator.",
    "first answer": "Alexa:",
}
# Settings that would make pip or uv use something other than PyPI.
PACKAGE_SETTINGS = ("PIP_FIND_LINKS", "PIP_INDEX_URL", "PIP_EXTRA_INDEX_URL", "PIP_CONSTRAINT")


def _fresh_copy(dest: Path) -> None:
    """The tracked files, as ``git clone`` would give them (plus uncommitted edits)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for raw in filter(None, listed):
        name = raw.decode()
        source = ROOT / name
        if source.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def _environment(tmp: Path, warm: bool) -> dict[str, str]:
    env = dict(os.environ)
    for name in ("MILIA_STATE_DIR", "XDG_STATE_HOME", "VIRTUAL_ENV", "MAKEFLAGS", "MFLAGS"):
        env.pop(name, None)
    env["MILIA_STATE_DIR"] = str(tmp / "state")  # the chat's store: never the user's
    if not warm:
        home = tmp / "home"
        home.mkdir()
        env["HOME"] = str(home)
        env.pop("XDG_CACHE_HOME", None)
        env["PIP_CONFIG_FILE"] = os.devnull
        for name in list(env):
            if name in PACKAGE_SETTINGS or name.startswith("UV_"):
                del env[name]
    return env


def measure(warm: bool, timeout: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="milia-first-run-") as tmp_name:
        tmp = Path(tmp_name)
        clone = tmp / "milia-guide"
        _fresh_copy(clone)
        env = _environment(tmp, warm)
        seen: dict[str, float] = {}
        transcript: list[str] = []
        start = time.perf_counter()
        proc = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=clone,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        assert proc.stdin
        assert proc.stdout
        proc.stdin.write(UTTERANCE + "\n")
        proc.stdin.flush()
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            for line in proc.stdout:
                now = time.perf_counter() - start
                transcript.append(line.rstrip("\n"))
                print(f"{now:6.1f} s | {line}", end="", flush=True)
                for step, marker in MARKERS.items():
                    if step not in seen and line.startswith(marker):
                        seen[step] = now
                if "first answer" in seen and not proc.stdin.closed:
                    proc.stdin.close()  # end of input: the chat leaves
            proc.wait()
        finally:
            timer.cancel()
    answered = "first answer" in seen and EXPECTED in "\n".join(transcript)
    return {
        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "mode": "warm" if warm else "cold (empty HOME, PyPI only)",
        "steps_s": {step: round(seen[step], 2) for step in MARKERS if step in seen},
        "total_s": round(seen["first answer"], 2) if "first answer" in seen else None,
        "target_s": TARGET_S,
        "answered": answered,
        "exit_code": proc.returncode,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warm", action="store_true", help="keep HOME and its download caches")
    parser.add_argument("--timeout", type=float, default=600.0, help="give up after (s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    if shutil.which("make") is None:
        print("first_run: make is not installed", file=sys.stderr)
        return 1
    result = measure(args.warm, args.timeout)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print()
    print(f"first `make run`, {result['mode']}:")
    for step, at in result["steps_s"].items():  # type: ignore[union-attr]
        print(f"  {step:<14} at {at:6.1f} s")
    total = result["total_s"]
    if total is None or not result["answered"]:
        print("  the chat never gave the expected answer (see the output above)")
        return 1
    verdict = "met" if total <= TARGET_S else "MISSED"
    print(f"  total {total:.1f} s (target <= {TARGET_S:.0f} s: {verdict})")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
