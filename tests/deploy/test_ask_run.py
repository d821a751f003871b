"""``ask run`` (ASK CLI v2 local debugging): the CLI's own code reads ask-resources.json.

tests/node/ask-run-flow.cjs loads the ASK CLI from node_modules and asks its resource parser
and run helper what ``ask run`` would start: the code folder, the runtime, the handler, and
ask-sdk-local-debug's invoker in ``python3``'s site-packages. Then the invoker's own loader
imports that handler from that file, and it answers a real LaunchRequest. Offline: ``ask run``
itself needs an Amazon account, so the websocket to Amazon is the one part not exercised.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from skill.simulator import Simulator
from tests.support import NODE_TESTS, ROOT

SCRIPT = NODE_TESTS / "ask-run-flow.cjs"

pytestmark = pytest.mark.skipif(
    not (ROOT / "node_modules" / "ask-cli").is_dir() or shutil.which("node") is None,
    reason="node or node_modules/ask-cli missing: run `npm ci` (make test does)",
)


def _project(tmp_path: Path, resources: dict[str, Any] | None = None) -> Path:
    """A copy of what ``ask run`` reads: ask-resources.json and the code folder (the CLI writes
    .ask/ask-states.json next to the resources file, so never run it on the work tree)."""
    project = tmp_path / "project"
    project.mkdir()
    text = (ROOT / "ask-resources.json").read_text(encoding="utf-8")
    if resources is not None:
        text = json.dumps(resources)
    (project / "ask-resources.json").write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "lambda", project / "lambda")
    return project


def _resolve(tmp_path: Path, project: Path) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    # `python3` is what the CLI runs: this venv's, as after `source .venv/bin/activate`.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return subprocess.run(
        ["node", str(SCRIPT), str(project)],
        cwd=ROOT,
        env={**os.environ, "PATH": path, "HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _arg(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def test_the_ask_cli_finds_the_python_handler_and_the_local_debugger(tmp_path: Path) -> None:
    project = _project(tmp_path)
    result = _resolve(tmp_path, project)
    assert result.returncode == 0, result.stdout + result.stderr
    flow = json.loads(result.stdout)
    assert flow["skillMetadataSrc"] == "./build/skill-package"
    # No deployer: `ask deploy` uploads the skill package and leaves the Lambda to osls.
    assert flow["infrastructureType"] is None
    assert flow["runtime"] == "python"
    assert flow["flow"] == "PythonRunFlow"
    assert flow["invocation"] == {
        "handlerName": "lambda_handler",
        "skillFileName": "lambda_function",
        "skillCodeFolderName": "./lambda",
    }
    script = Path(flow["exec"]["script"])
    assert script.parts[-2:] == ("ask_sdk_local_debug", "local_debugger_invoker.py")
    assert script.is_relative_to(sys.prefix)  # found in this venv, through `python3`
    args = flow["exec"]["args"]
    assert _arg(args, "--skillHandler") == "lambda_handler"
    assert (project / _arg(args, "--skillFilePath")).is_file()
    assert list((tmp_path / "home").iterdir()) == []


def test_the_local_debugger_loads_that_handler_and_it_answers(tmp_path: Path) -> None:
    from ask_sdk_local_debug.config.skill_invoker_config import SkillInvokerConfiguration

    project = _project(tmp_path)
    flow = json.loads(_resolve(tmp_path, project).stdout)
    args = flow["exec"]["args"]
    invoker = SkillInvokerConfiguration(
        skill_file_path=str(project / _arg(args, "--skillFilePath")),
        skill_handler=_arg(args, "--skillHandler"),
    )
    launch = Simulator("en-US").send("open milia guide").request
    reply = invoker.skill_builder_func(launch, None)
    assert reply["version"] == "1.0"
    assert "general information, not medical advice" in reply["response"]["outputSpeech"]["ssml"]
    assert reply["response"]["shouldEndSession"] is False


def test_the_ask_cli_rejects_a_profile_without_a_handler(tmp_path: Path) -> None:
    resources = json.loads((ROOT / "ask-resources.json").read_text(encoding="utf-8"))
    del resources["profiles"]["default"]["skillInfrastructure"]["userConfig"]["handler"]
    result = _resolve(tmp_path, _project(tmp_path, resources))
    assert result.returncode == 1
    assert "Missing handler info" in json.loads(result.stdout)["error"]
