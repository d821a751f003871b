"""One cold start, in the fresh process ``benchmarks/run.py`` starts: import, then one request.

    python benchmarks/coldstart_child.py TASK_ROOT MODULE EVENT [--plain]
                                         [--dynamodb-client | --dynamodb-io]

Mirrors the Lambda Python runtime: the runtime's own modules (json, logging...) are loaded and
the event is parsed before the handler module is imported; ``TASK_ROOT`` goes first on
``sys.path`` and ``MODULE`` is imported by name (``lambda.lambda_function`` for the skill, as
Lambda imports the handler ``lambda/lambda_function.lambda_handler``). The clock starts just
before that import and stops when the first response is back.

``--plain``: a plain fresh process instead, as ``python -c "from lambda.lambda_function import
lambda_handler; ..."`` is: nothing but ``sys`` and ``time`` is loaded before the handler module,
and ``json``, ``logging``... load when the skill (or the event's parsing) needs them.

``--dynamodb-client`` (baseline of measure (b)): after the import, also create
``boto3.client("dynamodb")`` as a skill with a DynamoDB store would, before answering.
``--dynamodb-io`` additionally does one GetItem and one PutItem on ``SKILL_TABLE_NAME``
(what a persistent skill's launch does; reported for information).

Prints one JSON object: ``init_ms`` (import), ``first_ms`` (import + first response),
``maxrss_kb`` (peak RSS of this process, VmHWM), ``ok`` (a spoken answer came back),
``boto3_loaded`` and ``modules`` (how many modules were imported).
"""

import sys
import time

if "--plain" not in sys.argv:  # the Lambda runtime loads these before the handler module
    import importlib
    import json
    import logging  # noqa: F401
    import traceback  # noqa: F401


def peak_rss_kb() -> int:
    """Peak RSS of this program: VmHWM, reset by exec. (``ru_maxrss`` is not: after a vfork
    it also counts the parent's peak, e.g. run.py's moto server.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main() -> None:
    task_root, module_name, event_path = sys.argv[1:4]
    flags = set(sys.argv[4:])
    if "--plain" in flags:
        start = time.perf_counter()
        sys.path.insert(0, task_root)
        module = __import__(module_name, fromlist=["lambda_handler"])
        imported = time.perf_counter()
        with open(event_path, encoding="utf-8") as fh:
            event = __import__("json").load(fh)
    else:
        with open(event_path, encoding="utf-8") as fh:
            event = json.load(fh)
        sys.path.insert(0, task_root)
        start = time.perf_counter()
        module = importlib.import_module(module_name)
        imported = time.perf_counter()
    if flags & {"--dynamodb-client", "--dynamodb-io"}:
        import boto3

        client = boto3.client("dynamodb")
        if "--dynamodb-io" in flags:
            import os

            key = {"id": {"S": event["context"]["System"]["user"]["userId"]}}
            table = os.environ["SKILL_TABLE_NAME"]
            client.get_item(TableName=table, Key=key, ConsistentRead=True)
            client.put_item(TableName=table, Item={**key, "visits": {"N": "1"}})
    response = module.lambda_handler(event, None)
    done = time.perf_counter()

    speech = (response.get("response") or {}).get("outputSpeech") or {}
    result = {
        "init_ms": (imported - start) * 1000,
        "first_ms": (done - start) * 1000,
        "maxrss_kb": peak_rss_kb(),
        "ok": bool(speech.get("ssml") or speech.get("text")),
        "boto3_loaded": "boto3" in sys.modules,
        "modules": len(sys.modules),
    }
    sys.stdout.write(sys.modules["json"].dumps(result) + "\n")


if __name__ == "__main__":
    main()
