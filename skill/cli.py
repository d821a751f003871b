"""``milia-skill``: talk to the skill, check it, serve it and package it.

Usage errors, an unknown locale or a missing model print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from skill.simulator import Simulator, Turn

USAGE_ERROR = 2
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")


class UsageError(Exception):
    """A problem with what the user asked for, found before any work: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but every error is a single line."""

    def error(self, message: str) -> NoReturn:
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\n")


def _locale(value: str) -> str:
    if value not in LOCALES:
        raise argparse.ArgumentTypeError(
            f"unknown locale {value!r}; choose one of {', '.join(LOCALES)}"
        )
    return value


def _port(value: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"port must be a number, not {value!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, not {port}")
    return port


def _writable(path: Path) -> Path:
    """Fail now, not after the conversation, when a file can't be written where asked."""
    import os

    parent = path.expanduser().resolve().parent
    if not parent.is_dir():
        raise UsageError(f"cannot write {path}: no directory {parent}")
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise UsageError(f"cannot write {path}: permission denied")
    return path


def build_parser() -> argparse.ArgumentParser:
    """The command-line contract other tools rely on."""
    parser = _Parser(prog="milia-skill", description="Milia Guide, an Alexa skill, locally.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    chat = sub.add_parser("chat", help="talk to the skill in the terminal")
    chat.add_argument("--locale", type=_locale, default="en-US")
    chat.add_argument("--screen", action="store_true", help="simulate a device with a screen")
    chat.add_argument("--record", type=Path, metavar="FILE", help="write an ask-dialog replay")

    ask = sub.add_parser("ask", help="one session: a one-shot, then follow-up turns")
    ask.add_argument("--locale", type=_locale, default="en-US")
    ask.add_argument("--screen", action="store_true")
    ask.add_argument("--json", action="store_true", help="one JSON object per utterance")
    ask.add_argument("utterances", nargs="+", metavar="UTTERANCE")

    sub.add_parser("validate", help="check interaction models and content")

    serve = sub.add_parser("serve", help="run the HTTPS-ready web service (Flask)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=5000)
    serve.add_argument("--no-verify", action="store_true", help="local tools only")

    replay = sub.add_parser("replay", help="play an ask-dialog replay file")
    replay.add_argument("file", type=Path, metavar="FILE")
    replay.add_argument("--screen", action="store_true")

    simulator = sub.add_parser(
        "simulator", help="the browser simulator on 127.0.0.1 (a local page)"
    )
    simulator.add_argument("--locale", type=_locale, default="en-US")
    simulator.add_argument("--host", default="127.0.0.1")
    simulator.add_argument("--port", type=_port, default=5055)

    package = sub.add_parser("package", help="build the ASK CLI skill package")
    package.add_argument("--out", type=Path, default=Path("build/skill-package"))
    package.add_argument("--lambda-arn", default=None, help="default: $LAMBDA_ARN")
    return parser


def _print_turn(turn: Turn, out: object = sys.stdout) -> None:
    if turn.speech:
        said = f"Alexa: {turn.speech}"
        if getattr(out, "isatty", lambda: False)():
            import shutil
            import textwrap

            width = max(40, shutil.get_terminal_size().columns - 1)
            said = textwrap.fill(said, width=width, subsequent_indent=" " * 7)
        print(said, file=out)  # type: ignore[arg-type]
    if turn.card_title:
        print(f"       [card: {turn.card_title}]", file=out)  # type: ignore[arg-type]
    if turn.end_session:
        print("       (session ended)", file=out)  # type: ignore[arg-type]


def _simulator(locale: str, screen: bool, application_id: str | None = None) -> Simulator:
    from skill.simulator import Simulator

    return Simulator(locale, screen=screen, application_id=application_id)


def cmd_chat(args: argparse.Namespace) -> int:
    if args.record:
        _writable(args.record)
    sim = _simulator(args.locale, args.screen)
    said: list[str] = []
    print("Milia Guide simulator. Say 'open milia guide' to start; Ctrl-D to leave.")
    try:
        while True:
            try:
                line = input("You: ").strip()
            except EOFError:
                print()
                break
            if not line:
                continue
            said.append(line)
            _print_turn(sim.send(line))
    except KeyboardInterrupt:
        print()
    finally:
        if args.record:
            record = {
                "skillId": sim.application_id,
                "locale": args.locale,
                "type": "text",
                "userInput": said,
            }
            args.record.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    sim = _simulator(args.locale, args.screen)
    for index, utterance in enumerate(args.utterances):
        turn = sim.send(utterance, one_shot=index == 0)
        if args.json:
            print(json.dumps(turn.as_json(), ensure_ascii=False))
        else:
            print(f"You: {utterance}")
            _print_turn(turn)
    return 0


def cmd_validate(_: argparse.Namespace) -> int:
    from skill.content_checks import validate_content
    from skill.simulator import models_dir
    from skill.validate import validate_models_dir

    problems = validate_models_dir(models_dir()) + validate_content()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("interaction models and content: OK")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from skill.web import serve

    serve(args.host, args.port, verify=not args.no_verify)
    return 0


def cmd_replay(args: argparse.Namespace) -> int:
    from skill.simulator import SimulatorError

    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SimulatorError(f"no replay file at {args.file}") from None
    except (OSError, ValueError) as exc:
        raise SimulatorError(f"cannot read replay file {args.file}: {exc}") from None
    inputs = data.get("userInput") if isinstance(data, dict) else None
    if not isinstance(inputs, list) or not all(isinstance(i, str) for i in inputs):
        raise SimulatorError('replay file needs a "userInput" list of strings')
    locale = data.get("locale", "en-US")
    if locale not in LOCALES:
        raise SimulatorError(f"unknown locale {locale!r} in replay file")
    sim = _simulator(locale, args.screen, data.get("skillId"))
    for utterance in inputs:
        print(f"You: {utterance}")
        _print_turn(sim.send(utterance))
    return 0


def cmd_simulator(args: argparse.Namespace) -> int:
    import logging

    from skill.simulator.web import serve

    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")

    def ready(url: str) -> None:
        print(f"Milia Guide simulator: open {url} in a browser (Ctrl-C stops it)", flush=True)

    serve(args.host, args.port, args.locale, ready=ready)
    return 0


def cmd_package(args: argparse.Namespace) -> int:
    from skill.packaging import main as package_main

    argv = ["--out", str(args.out)]
    if args.lambda_arn:
        argv += ["--lambda-arn", args.lambda_arn]
    return package_main(argv)


COMMANDS = {
    "chat": cmd_chat,
    "ask": cmd_ask,
    "validate": cmd_validate,
    "serve": cmd_serve,
    "replay": cmd_replay,
    "package": cmd_package,
    "simulator": cmd_simulator,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for ``milia-skill`` and ``python -m skill``."""
    args = build_parser().parse_args(argv)
    from ask_sdk_core.exceptions import AskSdkException

    from skill.simulator import SimulatorError

    try:
        return COMMANDS[args.command](args)
    except (SimulatorError, UsageError) as exc:
        print(f"milia-skill: error: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except OSError as exc:  # the machine said no: a port in use, a file that can't be written
        print(f"milia-skill: error: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except AskSdkException as exc:
        print(f"milia-skill: error: the skill rejected the request: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
