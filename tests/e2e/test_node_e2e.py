"""Runs the virtual-alexa end-to-end tests (tests/node/) against the real server.

The server is ``python -m skill serve --no-verify`` on a free loopback port, as a developer runs
it; node's test runner talks to it over HTTP. Skipped only when the Node packages are not
installed (``npm ci``; the Makefile's e2e target does that first).

Every Node test is reported by name: tests/node/jsonl-reporter.mjs writes one JSON line per
test, each is a pytest subtest, and the names are printed as they would be by ``node --test``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.support import NODE_TESTS, ROOT

REPORTER = NODE_TESTS / "jsonl-reporter.mjs"
SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-00000000e2e0"

pytestmark = pytest.mark.skipif(
    not (ROOT / "node_modules" / "virtual-alexa").is_dir() or shutil.which("node") is None,
    reason="node or node_modules/virtual-alexa missing: run `npm ci` (make e2e does)",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url + "health", timeout=2) as resp:
                if resp.status == 200 and json.loads(resp.read())["status"] == "ok":
                    return True
        except (urllib.error.URLError, OSError, ValueError):
            time.sleep(0.1)
    return False


def _results(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def test_virtual_alexa_conversation(
    tmp_path: Path, subtests: pytest.Subtests, capsys: pytest.CaptureFixture[str]
) -> None:
    env = dict(os.environ, MILIA_STATE_DIR=str(tmp_path / "state"), ALEXA_SKILL_ID=SKILL_ID)
    for _attempt in range(3):  # the free port can be taken between probe and bind
        port = _free_port()
        url = f"http://127.0.0.1:{port}/"
        log = (tmp_path / f"server-{port}.log").open("wb")
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "skill",
                "serve",
                "--no-verify",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            if not _wait_healthy(url, server):
                continue
            node = subprocess.run(
                [
                    "node",
                    "--test",
                    f"--test-reporter={REPORTER}",
                    "--test-reporter-destination=stdout",
                    str(NODE_TESTS),
                ],
                cwd=ROOT,
                env=dict(os.environ, SKILL_URL=url, SKILL_ID=SKILL_ID),
                capture_output=True,
                text=True,
                timeout=180,
                check=False,
            )
            results = _results(node.stdout)
            with capsys.disabled():
                print("\n  tests/node, by name:")
                for test in results:
                    mark = "ok  " if test["ok"] else "FAIL"
                    indent = "  " * (test["nesting"] + 1)
                    print(f"{indent}node {mark} {test['name']} ({test['ms'] or 0:.0f} ms)")
            for test in results:
                with subtests.test(msg=test["name"]):
                    assert test["ok"], test["error"]
            report = f"{node.stdout[-6000:]}\n{node.stderr[-3000:]}"
            assert node.returncode == 0, f"node --test failed ({node.returncode})\n{report}"
            assert len(results) >= 15, report
            assert not any(t["skip"] for t in results), report
            return
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()
    server_log = "\n".join(p.read_text(errors="replace") for p in tmp_path.glob("server-*.log"))
    pytest.fail(f"the server never became healthy:\n{server_log[-4000:]}")
