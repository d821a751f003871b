"""Safety report: the confusion matrix and topic accuracy of the red-team suites.

``python -m tests.safety_report`` (or ``make safety-report``) runs every case in
``tests/safety_cases.py`` through the real simulator, one fresh simulator per case, and prints:

* the confusion matrix: expected refuse / allow against actually refused / answered;
* topic accuracy on the legitimate suites (answered, and on the expected topic);
* every misclassified case, known routing gaps marked as such;
* any response that reads as extraction instructions.

It always exits 0: it reports, the tests in ``tests/test_safety.py`` enforce.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from dataclasses import dataclass, field

from tests.safety_cases import (
    KNOWN_TOPIC_GAPS,
    LEGIT_CASES,
    LEGIT_MULTI_TURN,
    REFUSE_CASES,
    REFUSE_MULTI_TURN,
    Expected,
    accepts,
    answered_topic,
    converse,
    output_text,
)


@dataclass
class Tally:
    """Counts and findings for one run over the suites."""

    refuse_refused: int = 0
    refuse_answered: int = 0
    allow_refused: int = 0
    allow_answered: int = 0
    on_topic: int = 0
    legit_total: int = 0
    missed: list[str] = field(default_factory=list)
    over_refused: list[str] = field(default_factory=list)
    off_topic: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)


def _label(key: str | tuple[str, ...]) -> str:
    return key if isinstance(key, str) else " > ".join(key)


def _check_output(tally: Tally, key: str | tuple[str, ...], turns: list) -> None:
    from skill.safety import unsafe_instructions

    for turn in turns:
        found = unsafe_instructions(output_text(turn))
        if found:
            tally.unsafe.append(f"{_label(key)!r} turn {turn.utterance!r}: {found}")


def _expect_refusal(tally: Tally, key: str | tuple[str, ...]) -> None:
    utterances = (key,) if isinstance(key, str) else key
    turns = converse(utterances)
    _check_output(tally, key, turns)
    last = turns[-1]
    if last.refused:
        tally.refuse_refused += 1
    else:
        tally.refuse_answered += 1
        tally.missed.append(f"{_label(key)!r} -> answered {answered_topic(last)} ({last.intent})")


def _expect_answer(tally: Tally, key: str | tuple[str, ...], expected: Expected) -> None:
    utterances = (key,) if isinstance(key, str) else key
    turns = converse(utterances)
    _check_output(tally, key, turns)
    last = turns[-1]
    tally.legit_total += 1
    if last.refused:
        tally.allow_refused += 1
        tally.over_refused.append(f"{_label(key)!r} (expected {expected})")
        return
    tally.allow_answered += 1
    got = answered_topic(last)
    if accepts(expected, got):
        tally.on_topic += 1
        return
    note = KNOWN_TOPIC_GAPS.get(key)
    where = f"  [known routing gap: {note}]" if note else ""
    tally.off_topic.append(f"{_label(key)!r} -> {got} (expected {expected}){where}")


def _progress(label: str, count: int, started: float) -> None:
    """One line per suite on stderr, so a long run is never silent."""
    print(
        f"  {label}: {count} cases ({time.perf_counter() - started:.0f} s so far)",
        file=sys.stderr,
        flush=True,
    )


def run(progress: bool = False) -> Tally:
    """Every suite, every case (with ``progress``, a line on stderr before each suite)."""
    tally = Tally()
    started = time.perf_counter()
    if progress:
        _progress("red-team, one utterance", len(REFUSE_CASES), started)
    for utterance in REFUSE_CASES:
        _expect_refusal(tally, utterance)
    if progress:
        _progress("red-team, conversations", len(REFUSE_MULTI_TURN), started)
    for conversation in REFUSE_MULTI_TURN:
        _expect_refusal(tally, conversation)
    if progress:
        _progress("legitimate, one utterance", len(LEGIT_CASES), started)
    for utterance, expected in LEGIT_CASES:
        _expect_answer(tally, utterance, expected)
    if progress:
        _progress("legitimate, conversations", len(LEGIT_MULTI_TURN), started)
    for conversation, expected in LEGIT_MULTI_TURN:
        _expect_answer(tally, conversation, expected)
    return tally


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "n/a"


def render(tally: Tally, seconds: float) -> str:
    """The report as text."""
    refuse_total = tally.refuse_refused + tally.refuse_answered
    allow_total = tally.allow_refused + tally.allow_answered
    width = 22
    lines = [
        "Milia Guide safety report",
        f"suites: {len(REFUSE_CASES)} refuse + {len(REFUSE_MULTI_TURN)} refuse multi-turn, "
        f"{len(LEGIT_CASES)} legitimate + {len(LEGIT_MULTI_TURN)} legitimate multi-turn "
        f"({seconds:.1f} s)",
        "",
        "Confusion matrix (rows: expected, columns: actual)",
        f"{'':<{width}}{'refused':>10}{'answered':>10}{'total':>8}",
        f"{'expected refuse':<{width}}{tally.refuse_refused:>10}{tally.refuse_answered:>10}"
        f"{refuse_total:>8}",
        f"{'expected allow':<{width}}{tally.allow_refused:>10}{tally.allow_answered:>10}"
        f"{allow_total:>8}",
        "",
        f"refusal recall (at-home requests refused):  "
        f"{tally.refuse_refused}/{refuse_total} = {_percent(tally.refuse_refused, refuse_total)}",
        f"over-refusal (legitimate questions refused): "
        f"{tally.allow_refused}/{allow_total} = {_percent(tally.allow_refused, allow_total)}",
        f"topic accuracy (legitimate, right topic):   "
        f"{tally.on_topic}/{tally.legit_total} = {_percent(tally.on_topic, tally.legit_total)}",
        f"responses reading as instructions:          {len(tally.unsafe)}",
    ]
    sections = (
        ("At-home requests answered (missed refusals)", tally.missed),
        ("Legitimate questions refused (over-refusal)", tally.over_refused),
        ("Legitimate questions answered off topic", tally.off_topic),
        ("Responses that read as instructions", tally.unsafe),
    )
    for title, items in sections:
        lines += ["", f"{title}: {len(items)}"]
        lines += [f"  - {item}" for item in items]
    return "\n".join(lines)


def main() -> int:
    """Run the suites in a throwaway state directory and print the report."""
    with tempfile.TemporaryDirectory(prefix="milia-safety-") as state:
        os.environ["MILIA_STATE_DIR"] = state
        for name in ("ALEXA_SKILL_ID", "SKILL_TABLE_NAME"):
            os.environ.pop(name, None)
        import logging

        logging.getLogger("skill").setLevel(logging.WARNING)
        start = time.perf_counter()
        print("safety report: every suite through the simulator...", file=sys.stderr, flush=True)
        tally = run(progress=True)
        print(render(tally, time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
