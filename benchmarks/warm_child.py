"""Warm latency of ``lambda_handler``, in a process of its own (``benchmarks/run.py`` starts it).

    python benchmarks/warm_child.py ITERATIONS WARMUP [SKILL_ROOT] [--cases NAME,NAME...]
                                    [--block ROUNDS]

Loads the skill (``lambda.lambda_function`` from the repository root, as Lambda does) and the
hello-world skill in this one process, answers every event ``WARMUP`` times untimed, then times
``ITERATIONS`` rounds in which each case runs once, interleaved, so drift on a busy machine hits
every case alike. Each call goes through the real ``lambda_handler`` with a freshly parsed event
(as Lambda hands it over; parsing is not timed); session attributes travel in the event. Prints
one JSON object: per case, the timings' p50, p99, mean and max in microseconds, a check that the
answer is the expected one, and ``sdk_deserialize_us``: the median time the SDK's own
``DefaultSerializer`` takes to turn that event into a ``RequestEnvelope`` (a floor every ASK SDK
skill pays, which grows with the event: slots, entity resolution, session attributes).

``--cases`` picks the cases (default: content, refusal, follow_up, hello_intent). ``one_shot`` is
the content question opening a new session, so the skill's store is read and written (which
store: the environment's, as in production: ``MILIA_STATE_DIR`` for SQLite, ``:memory:`` for
none, ``SKILL_TABLE_NAME`` for DynamoDB). ``hello_intent_io`` is the hello intent plus one
``GetItem`` and one ``PutItem`` on ``SKILL_TABLE_NAME``, timed with it: the baseline of a
persistent skill's one-shot on DynamoDB.

Noise: this runs on shared machines, where other processes take the CPU for a few ms at a time.
Each case also reports its p50 and p99 per block of ``--block`` consecutive rounds (default
500). ``benchmarks/run.py`` judges the median over blocks of the per-block ratio, as it judges
cold starts by the median of per-round ratios: a burst of load elsewhere spoils a block, not the
figure. The p50/p99 over every call are reported too.
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
# The request envelopes the tests replay too (the same files, one home).
EVENTS = ROOT / "tests" / "events"

# case name -> (which skill, event file, text the spoken answer must contain)
CASES: dict[str, tuple[str, str, str]] = {
    "content": ("skill", "content.json", "liquid nitrogen"),
    "refusal": ("skill", "refusal.json", "dermatologist"),
    "follow_up": ("skill", "follow_up.json", "scab"),
    "hello_intent": ("hello", "hello_intent.json", "Hello, Sam"),
    "one_shot": ("skill", "one_shot.json", "liquid nitrogen"),
    "hello_intent_io": ("hello_io", "hello_intent.json", "Hello, Sam"),
}
DEFAULT_CASES = ("content", "refusal", "follow_up", "hello_intent")


def percentile(sorted_values: list[int], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, round(pct / 100 * len(sorted_values)))
    return float(sorted_values[min(rank, len(sorted_values)) - 1])


def load_handlers(skill_root: Path, with_io: bool) -> dict[str, Any]:
    sys.path.insert(0, str(BENCH / "hello_world"))
    hello = importlib.import_module("lambda_function")
    sys.path.insert(0, str(skill_root))
    skill = importlib.import_module("lambda.lambda_function")
    handlers = {"skill": skill.lambda_handler, "hello": hello.lambda_handler}
    if with_io:
        import os

        import boto3

        client, table = boto3.client("dynamodb"), os.environ["SKILL_TABLE_NAME"]

        def hello_io(event: dict[str, Any], context: Any) -> Any:
            key = {"id": {"S": event["context"]["System"]["user"]["userId"]}}
            client.get_item(TableName=table, Key=key, ConsistentRead=True)
            response = hello.lambda_handler(event, context)
            client.put_item(TableName=table, Item={**key, "visits": {"N": "1"}})
            return response

        handlers["hello_io"] = hello_io
    return handlers


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
    args = sys.argv[1:]
    names = list(DEFAULT_CASES)
    if "--cases" in args:
        at = args.index("--cases")
        names = args[at + 1].split(",")
        del args[at : at + 2]
    block = 500
    if "--block" in args:
        at = args.index("--block")
        block = int(args[at + 1])
        del args[at : at + 2]
    cases = {name: CASES[name] for name in names}
    iterations, warmup = int(args[0]), int(args[1])
    skill_root = Path(args[2]) if args[2:] else ROOT  # optional: the checkout to measure
    handlers = load_handlers(skill_root, "hello_intent_io" in cases)
    raw = {
        name: (EVENTS / file).read_text(encoding="utf-8") for name, (_, file, _) in cases.items()
    }
    checks: dict[str, bool] = {}
    for name, (which, _, expect) in cases.items():
        handler = handlers[which]
        for _ in range(warmup):
            response = handler(json.loads(raw[name]), None)
        checks[name] = expect.lower() in speech_of(response).lower()

    samples: dict[str, list[int]] = {name: [] for name in cases}
    clock = time.perf_counter_ns
    plan = [(name, handlers[which], raw[name]) for name, (which, _, _) in cases.items()]
    loads = json.loads
    for _ in range(iterations):
        for name, handler, text in plan:
            event = loads(text)
            start = clock()
            handler(event, None)
            samples[name].append(clock() - start)

    result: dict[str, Any] = {}
    for name, values in samples.items():
        blocks = [sorted(values[i : i + block]) for i in range(0, len(values), block)]
        values.sort()
        result[name] = {
            "p50_us": percentile(values, 50) / 1000,
            "p99_us": percentile(values, 99) / 1000,
            "block_p50_us": [percentile(b, 50) / 1000 for b in blocks],
            "block_p99_us": [percentile(b, 99) / 1000 for b in blocks],
            "mean_us": statistics.fmean(values) / 1000,
            "max_us": values[-1] / 1000,
            "n": len(values),
            "answer_ok": checks[name],
            "sdk_deserialize_us": sdk_deserialize_us(raw[name]),
        }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
