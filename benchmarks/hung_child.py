"""Launches against a DynamoDB endpoint that accepts connections and never answers.

    python benchmarks/hung_child.py SKILL_ROOT EVENT ROUNDS

``benchmarks/run.py`` starts a loopback TCP server that accepts and then says nothing, points
``AWS_ENDPOINT_URL_DYNAMODB`` at it and starts this process. It imports the Lambda entry and
answers the launch ``ROUNDS`` times, each a new session, timing each response. The first round
includes creating the boto3 client (a cold start); the later ones are a warm process. Prints one
JSON object: ``ms`` (per round), ``ok`` (every round was answered with speech) and ``returning``
(whether any round saw a stored visit: it must not, the store never answers).
"""

from __future__ import annotations

import importlib
import json
import sys
import time


def main() -> None:
    root, event_path, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(event_path, encoding="utf-8") as fh:
        raw = fh.read()
    sys.path.insert(0, root)
    handler = importlib.import_module("lambda.lambda_function").lambda_handler
    times, ok, returning = [], True, False
    for _ in range(rounds):
        event = json.loads(raw)
        start = time.perf_counter()
        response = handler(event, None)
        times.append((time.perf_counter() - start) * 1000)
        ok = ok and bool(response["response"].get("outputSpeech"))
        user = (response.get("sessionAttributes") or {}).get("user") or {}
        returning = returning or bool(user.get("returning"))
    sys.stdout.write(json.dumps({"ms": times, "ok": ok, "returning": returning}) + "\n")


if __name__ == "__main__":
    main()
