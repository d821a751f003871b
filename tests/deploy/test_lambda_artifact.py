"""The Lambda artifact holds only the request path: the request path never imports the
simulator (nor scikit-learn), the CLI or the build and evaluation tools that serverless.yml
leaves out of the zip."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support import ROOT, event_files

LEFT_OUT = (
    "skill.simulator",
    "skill.tools",
    "skill.web",
    "skill.cli",
    "skill.__main__",
    "sklearn",
)


def test_serverless_leaves_the_tools_out_of_the_zip() -> None:
    text = (ROOT / "serverless.yml").read_text(encoding="utf-8")
    for module in LEFT_OUT[:-1]:
        path = module.replace(".", "/")
        assert f'"!{path}/**"' in text or f'"!{path}.py"' in text, module
    # and every package of skill/ is either shipped (the request path) or left out, by name
    shipped = {"content", "core", "handlers", "persistence", "safety", "apl"}
    packages = {p.parent.name for p in (ROOT / "skill").glob("*/__init__.py")}
    assert packages - shipped == {"simulator", "tools", "web"}


def test_the_request_path_needs_nothing_left_out(tmp_path: Path) -> None:
    events = [json.loads(p.read_text(encoding="utf-8")) for p in event_files()]
    assert events
    code = (
        "import json, sys\n"
        "sys.path.insert(0, 'lambda')\n"
        "from lambda_function import lambda_handler\n"
        "for event in json.load(sys.stdin):\n"
        "    out = lambda_handler(event, None)\n"
        "    assert out['response'].get('outputSpeech'), out\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "MILIA_STATE_DIR": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(events),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout)
    assert not [m for m in loaded if m.startswith(LEFT_OUT)], loaded
