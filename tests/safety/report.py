"""Safety report: the red-team and legitimate suites through the device-faithful simulator.

``python -m tests.safety.report`` (or ``make safety-report``) runs every case in
``tests/safety/cases.py`` in both NLU modes (statistical, like Alexa; exact, like virtual-alexa)
and prints refusal recall, false refusals, topic-and-part accuracy, unsafe answers and the
intent confusion table (``skill.tools.nlu_eval``, the same report as ``milia-skill nlu-eval``).

It always exits 0: it reports, the tests in ``tests/safety/test_safety.py`` enforce.
"""

from __future__ import annotations

import sys

from skill.cli import NLU_MODES
from skill.tools.nlu_eval import run, simulator_converse


def main() -> int:
    return run(NLU_MODES, simulator_converse, details=True)


if __name__ == "__main__":
    sys.exit(main())
