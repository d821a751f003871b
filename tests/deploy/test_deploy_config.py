"""serverless.yml: least-privilege IAM for the code's DynamoDB calls, and no deploy without a
real skill id (deploy/skill-id-guard.js)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support import ROOT

PLACEHOLDER = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"


def _dynamodb_actions_granted() -> set[str]:
    doc = yaml.safe_load((ROOT / "serverless.yml").read_text(encoding="utf-8"))
    granted: set[str] = set()
    for statement in doc["provider"]["iam"]["role"]["statements"]:
        actions = statement["Action"]
        actions = [actions] if isinstance(actions, str) else actions
        dynamo = {a for a in actions if a.lower().startswith("dynamodb:")}
        if dynamo:
            assert statement["Effect"] == "Allow"
            # Only the skill's own table, never "*".
            assert statement["Resource"] == {"Fn::GetAtt": ["SkillTable", "Arn"]}
            granted |= dynamo
    return granted


def _dynamodb_calls_in(path: Path) -> set[str]:
    """``dynamodb:<Operation>`` for every ``<something>.client.<operation>(...)`` call in
    ``path`` whose method is a DynamoDB operation of boto3's client."""
    import botocore
    import botocore.session

    model = botocore.session.get_session().get_service_model("dynamodb")
    operations = {botocore.xform_name(op): op for op in model.operation_names}
    calls: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner = node.func.value
        owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        if "client" in owner_name and node.func.attr in operations:
            calls.add(f"dynamodb:{operations[node.func.attr]}")
    return calls


def test_iam_grants_exactly_the_dynamodb_calls_the_code_makes() -> None:
    called = _dynamodb_calls_in(ROOT / "skill" / "persistence" / "stores.py")
    assert called, "no DynamoDB client call found in skill/persistence/stores.py"
    assert {"dynamodb:GetItem", "dynamodb:PutItem"} <= called  # the scan does see the calls
    assert _dynamodb_actions_granted() == called


# ---------------------------------------------------------------------------- osls, offline


@pytest.fixture(scope="module")
def osls_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """osls's HOME: a throwaway one, shared by this module's runs so that osls compiles its
    config schema (~/.serverless/artifacts) once, not once per run."""
    home = tmp_path_factory.mktemp("osls-home")
    (home / "empty").mkdir()
    return home


def _osls(tmp_path: Path, home: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    """Run osls (``node_modules/.bin/osls``, what ``npx osls`` runs, without npx's start-up) on
    a copy of the service in ``tmp_path`` (osls writes .serverless/ next to serverless.yml),
    with no AWS credentials, no telemetry and no package index."""
    osls = ROOT / "node_modules" / ".bin" / "osls"
    if not osls.exists() or shutil.which("node") is None:
        pytest.skip("node_modules/osls is missing: run `npm ci` (make test does)")
    service = tmp_path / "service"
    service.mkdir()
    shutil.copy(ROOT / "serverless.yml", service / "serverless.yml")
    for name in ("deploy", "node_modules", "requirements", "skill", "lambda"):
        (service / name).symlink_to(ROOT / name)
    run_env = {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "SLS_TELEMETRY_DISABLED": "1",
        "SLS_NOTIFICATIONS_MODE": "off",
        "NPM_CONFIG_UPDATE_NOTIFIER": "false",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "none"),
        "AWS_CONFIG_FILE": str(home / "none"),
        # serverless-python-requirements must not reach PyPI from a test.
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(home / "empty"),
        **(env or {}),
    }
    return subprocess.run(
        [str(osls), *args],
        cwd=service,
        env=run_env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "env", "problem"),
    [
        ((), {}, "no skill id was given"),
        ((), {"ALEXA_SKILL_ID": PLACEHOLDER}, "no skill id was given"),
        (("--param=skillId=amzn1.ask.skill.mine",), {}, "is not a skill id"),
    ],
)
def test_deploy_without_a_real_skill_id_fails_clearly(
    tmp_path: Path, osls_home: Path, args: tuple[str, ...], env: dict[str, str], problem: str
) -> None:
    result = _osls(tmp_path, osls_home, "deploy", *args, env=env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Refusing to deploy" in output, output
    assert problem in output, output
    assert '--param="skillId=amzn1.ask.skill.<id>"' in output
    # It stopped before packaging: nothing was built.
    assert not (tmp_path / "service" / ".serverless" / "milia-guide.zip").exists()


def test_package_without_a_skill_id_warns_loudly(tmp_path: Path, osls_home: Path) -> None:
    # The pip step then fails (no package index in tests); the warning comes first.
    result = _osls(tmp_path, osls_home, "package", "--package", str(tmp_path / "out"))
    output = result.stdout + result.stderr
    assert (
        f"no skill id was given: this package carries the placeholder skill id {PLACEHOLDER}"
        in (output)
    ), output
    assert "would accept no real skill" in output
