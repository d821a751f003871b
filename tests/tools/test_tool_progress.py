"""Long tools say what they are doing: make load prints a line every few seconds."""

from __future__ import annotations

import importlib.util
import os
import sys
from types import ModuleType

import pytest

from tests.support import ROOT


def _load_benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("milia_load", ROOT / "benchmarks" / "load.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_long_run_prints_while_it_waits(capsys: pytest.CaptureFixture[str]) -> None:
    load = _load_benchmark()
    cmd = [sys.executable, "-c", "import time; time.sleep(0.5); print('done')"]
    result = load._run_with_progress(cmd, dict(os.environ), limit=60, every=0.1)
    assert result.returncode == 0
    assert result.stdout.strip() == "done"
    ticks = [line for line in capsys.readouterr().out.splitlines() if line.startswith("  ... ")]
    assert len(ticks) >= 2
