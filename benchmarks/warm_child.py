"""Warm latency of ``lambda_handler``, in a process of its own (``benchmarks/run.py`` starts it).

    python benchmarks/warm_child.py ITERATIONS WARMUP [SKILL_ROOT]

Loads the skill (``lambda.lambda_function`` from the repository root, as Lambda does) and the
hello-world skill in this one process, answers every event ``WARMUP`` times untimed, then times
``ITERATIONS`` rounds in which each case runs once, interleaved, so drift on a busy machine hits
every case alike. Each call goes through the real ``lambda_handler`` with a freshly parsed event
(as Lambda hands it over; parsing is not timed); session attributes travel in the event. Prints
one JSON object: per case, the timings' p50, p99, mean and max in microseconds, a check that the
answer is the expected one, and ``sdk_deserialize_us``: the median time the SDK's own
``DefaultSerializer`` takes to turn that event into a ``RequestEnvelope`` (a floor every ASK SDK
skill pays, which grows with the event: slots, entity resolution, session attributes).
"""

from __future__ import annotations

import importlib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"
EVENTS = BENCH / "events"

# case name -> (which skill, event file, text the spoken answer must contain)
CASES: dict[str, tuple[str, str, str]] = {
    "content": ("skill", "content.json", "liquid nitrogen"),
    "refusal": ("skill", "refusal.json", "dermatologist"),
    "follow_up": ("skill", "follow_up.json", "scab"),
    "hello_intent": ("hello", "hello_intent.json", "Hello, Sam"),
}


def percentile(sorted_values: list[int], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, round(pct / 100 * len(sorted_values)))
    return float(sorted_values[min(rank, len(sorted_values)) - 1])


def load_handlers(skill_root: Path) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH / "hello_world"))
    hello = importlib.import_module("lambda_function")
    sys.path.insert(0, str(skill_root))
    skill = importlib.import_module("lambda.lambda_function")
    return {"skill": skill.lambda_handler, "hello": hello.lambda_handler}


def sdk_deserialize_us(text: str, rounds: int = 300) -> float:
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import RequestEnvelope

    serializer, times = DefaultSerializer(), []
    for _ in range(rounds):
        start = time.perf_counter_ns()
        serializer.deserialize(payload=text, obj_type=RequestEnvelope)
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1000


def speech_of(response: dict[str, Any]) -> str:
    output = (response.get("response") or {}).get("outputSpeech") or {}
    return str(output.get("ssml") or output.get("text") or "")


def main() -> None:
    iterations, warmup = int(sys.argv[1]), int(sys.argv[2])
    handlers = load_handlers(Path(sys.argv[3]) if len(sys.argv) > 3 else ROOT)
    raw = {
        name: (EVENTS / file).read_text(encoding="utf-8") for name, (_, file, _) in CASES.items()
    }
    checks: dict[str, bool] = {}
    for name, (which, _, expect) in CASES.items():
        handler = handlers[which]
        for _ in range(warmup):
            response = handler(json.loads(raw[name]), None)
        checks[name] = expect.lower() in speech_of(response).lower()

    samples: dict[str, list[int]] = {name: [] for name in CASES}
    clock = time.perf_counter_ns
    plan = [(name, handlers[which], raw[name]) for name, (which, _, _) in CASES.items()]
    loads = json.loads
    for _ in range(iterations):
        for name, handler, text in plan:
            event = loads(text)
            start = clock()
            handler(event, None)
            samples[name].append(clock() - start)

    result: dict[str, Any] = {}
    for name, values in samples.items():
        values.sort()
        result[name] = {
            "p50_us": percentile(values, 50) / 1000,
            "p99_us": percentile(values, 99) / 1000,
            "mean_us": statistics.fmean(values) / 1000,
            "max_us": values[-1] / 1000,
            "n": len(values),
            "answer_ok": checks[name],
            "sdk_deserialize_us": sdk_deserialize_us(raw[name]),
        }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
