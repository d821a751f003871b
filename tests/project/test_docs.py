"""The documentation says what the code does: commands, flags, headers, how to run things."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from skill.cli import build_parser
from tests.support import ROOT, serve_app

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _options(parser: argparse.ArgumentParser) -> list[str]:
    return [
        max(action.option_strings, key=len)
        for action in parser._actions
        if action.option_strings and action.dest != "help"
    ]


def _readme_tree() -> str:
    """The architecture note's tree: the code block that starts with ``skill/``."""
    (tree,) = re.findall(r"```\n(skill/ .*?)```", README, flags=re.DOTALL)
    return tree


# Packages whose modules the tree names one by one (the others are described as a whole).
NAMED_MODULES = ("", "core", "safety", "persistence", "web", "tools")


def test_the_readme_tree_names_every_package_and_module() -> None:
    tree = _readme_tree()
    packages = [p.name for p in (ROOT / "skill").iterdir() if (p / "__init__.py").exists()]
    missing = [f"skill/{p}/" for p in packages if not re.search(rf"^ +{p}/ ", tree, re.M)]
    for package in NAMED_MODULES:
        for module in sorted((ROOT / "skill" / package).glob("*.py")):
            if not module.stem.startswith("__") and not re.search(rf"\b{module.stem}\b", tree):
                missing.append(str(module.relative_to(ROOT)))
    assert not missing, f"README.md's architecture tree does not name: {missing}"


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_the_readme_table_lists_every_command_and_flag(command: str) -> None:
    rows = [line for line in README.splitlines() if line.startswith(f"| `milia-skill {command}")]
    assert rows, f"README.md's command table has no row for `milia-skill {command}`"
    for option in _options(_subcommands()[command]):
        assert option in rows[0], f"README.md's `milia-skill {command}` row leaves out {option}"


def test_the_readme_lists_the_version_flag() -> None:
    assert "| `milia-skill --version` |" in README


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    """The web service on a free loopback port (werkzeug, in this process)."""
    from skill.web.app import create_app

    with serve_app(create_app(verify=False)) as url:
        yield f"{url}/"


def test_the_allow_header_in_docs_is_the_real_one(server_url: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(server_url, timeout=10)
    assert answer.value.code == 405
    allow = answer.value.headers["Allow"]
    documented = re.search(
        r"405, with `Allow: ([^`]*)`", (ROOT / "docs" / "web-service.md").read_text()
    )
    assert documented, "docs/web-service.md no longer documents the 405"
    # Werkzeug lists the methods in set order, which changes from run to run.
    assert sorted(documented.group(1).split(", ")) == sorted(allow.split(", "))


def test_npm_run_test_e2e_starts_its_own_server() -> None:
    scripts = json.loads((ROOT / "package.json").read_text())["scripts"]
    assert scripts["test:e2e"] == "make e2e"
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^e2e:.*\n\t.*pytest tests/e2e/test_node_e2e\.py", makefile, re.M)


@pytest.mark.skipif(
    shutil.which("node") is None or not (ROOT / "node_modules" / "virtual-alexa").is_dir(),
    reason="node or node_modules missing: run `npm ci` (make test does)",
)
def test_node_tests_without_a_server_say_how_to_run_them() -> None:
    env = {k: v for k, v in os.environ.items() if k != "SKILL_URL"}
    result = subprocess.run(
        ["node", "--test", "tests/node/"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "SKILL_URL is not set: run `npm run test:e2e` or `make e2e`" in result.stdout
