"""``milia-skill``: talk to the skill, check it, serve it and package it.

Usage errors, an unknown locale or a missing model print one line and exit with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from skill.locales import DEFAULT_LOCALE, LOCALES
from skill.simulator.nlu.types import NLU_MODES

if TYPE_CHECKING:
    from skill.simulator import Simulator, Turn

USAGE_ERROR = 2
MAX_PORT = 65535


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
    if not 1 <= port <= MAX_PORT:
        raise argparse.ArgumentTypeError(f"port must be between 1 and {MAX_PORT}, not {port}")
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


class _Version(argparse.Action):
    """``--version``: the installed distribution's version, looked up only when asked."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> NoReturn:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("milia-guide")
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "unknown (not installed)"
        print(f"{parser.prog} {found}")
        parser.exit(0)


LOCALE_HELP = f"one of {', '.join(LOCALES)} (default: en-US)"
SCREEN_HELP = "a device with a screen: also show the card text and the APL screen"


def build_parser() -> argparse.ArgumentParser:
    """The command-line contract other tools rely on."""
    parser = _Parser(prog="milia-skill", description="Milia Guide, an Alexa skill, locally.")
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    chat = sub.add_parser(
        "chat",
        help="talk to the skill in the terminal",
        description="Talk to the skill. Arrow keys edit and recall earlier lines (history is "
        "kept in the state directory); Ctrl-D or Ctrl-C leaves.",
    )
    chat.add_argument("--locale", type=_locale, default=DEFAULT_LOCALE, help=LOCALE_HELP)
    chat.add_argument("--screen", action="store_true", help=SCREEN_HELP)
    chat.add_argument("--record", type=Path, metavar="FILE", help="write an ask-dialog replay")
    _nlu_option(chat)

    ask = sub.add_parser("ask", help="one session: a one-shot, then follow-up turns")
    ask.add_argument("--locale", type=_locale, default=DEFAULT_LOCALE, help=LOCALE_HELP)
    ask.add_argument("--screen", action="store_true", help=SCREEN_HELP)
    ask.add_argument("--json", action="store_true", help="one JSON object per utterance")
    _nlu_option(ask)
    ask.add_argument("utterances", nargs="+", metavar="UTTERANCE")

    sub.add_parser("validate", help="check interaction models and content")

    serve = sub.add_parser("serve", help="run the HTTPS-ready web service (Flask)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=5000)
    serve.add_argument("--no-verify", action="store_true", help="local tools only")

    replay = sub.add_parser("replay", help="play an ask-dialog replay file")
    replay.add_argument("file", type=Path, metavar="FILE")
    replay.add_argument("--screen", action="store_true", help=SCREEN_HELP)
    _nlu_option(replay)

    evaluate = sub.add_parser(
        "nlu-eval", help="the safety suites through a device-faithful NLU: the figures"
    )
    evaluate.add_argument(
        "--nlu", choices=(*NLU_MODES, "both"), default="both", help="default: both"
    )
    evaluate.add_argument("--locale", type=_locale, default=DEFAULT_LOCALE, help=LOCALE_HELP)
    evaluate.add_argument("--brief", action="store_true", help="figures only, no case lists")
    profile = evaluate.add_argument_group("Alexa's own NLU (ASK CLI Utterance Profiler)")
    profile.add_argument(
        "--profile", action="store_true", help="resolve with ask smapi profile-nlu"
    )
    profile.add_argument("--skill-id", default=None, help="the skill whose model is deployed")
    profile.add_argument("--stage", default="development")
    profile.add_argument("--recordings", type=Path, metavar="FILE", help="replay recorded answers")
    profile.add_argument("--record", type=Path, metavar="FILE", help="save the profiler's answers")

    simulator = sub.add_parser(
        "simulator", help="the browser simulator on 127.0.0.1 (a local page)"
    )
    simulator.add_argument("--locale", type=_locale, default=DEFAULT_LOCALE)
    simulator.add_argument("--host", default="127.0.0.1")
    simulator.add_argument("--port", type=_port, default=5055)

    package = sub.add_parser("package", help="build the ASK CLI skill package")
    package.add_argument("--out", type=Path, default=Path("build/skill-package"))
    endpoint = package.add_mutually_exclusive_group()
    endpoint.add_argument("--lambda-arn", default=None, help="default: $LAMBDA_ARN")
    endpoint.add_argument(
        "--endpoint-url", default=None, metavar="URL", help="an HTTPS web-service endpoint"
    )
    package.add_argument(
        "--ssl-certificate-type",
        choices=("Wildcard", "SelfSigned", "Trusted"),
        default="Wildcard",
        help="the endpoint's certificate, with --endpoint-url (default: Wildcard)",
    )
    return parser


def _nlu_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--nlu",
        choices=NLU_MODES,
        default="statistical",
        help="how words become intents: a classifier trained on the interaction model "
        "(statistical, like Alexa) or literal samples only (exact, like virtual-alexa)",
    )


INDENT = " " * 7  # under "Alexa: "


def _fill(text: str, out: object, first: str = INDENT) -> str:
    """``text`` wrapped to the terminal's width when ``out`` is one, else as it is."""
    if not getattr(out, "isatty", lambda: False)():
        return first + text
    import shutil
    import textwrap

    width = max(40, shutil.get_terminal_size().columns - 1)
    return textwrap.fill(text, width=width, initial_indent=first, subsequent_indent=INDENT)


def _print_turn(
    turn: Turn, out: TextIO = sys.stdout, *, screen: bool = False, ended: str = "(session ended)"
) -> None:
    if turn.speech:
        print(_fill(turn.speech, out, "Alexa: "), file=out)
    if turn.card_title:
        print(f"{INDENT}[card: {turn.card_title}]", file=out)
    if screen:
        card = (turn.response.get("response") or {}).get("card") or {}
        for paragraph in str(card.get("text") or card.get("content") or "").split("\n"):
            if paragraph.strip():
                print(_fill(f"  {paragraph.strip()}", out), file=out)
        for directive in turn.directives:
            lines = apl_text(directive)
            if lines:
                print(f"{INDENT}[screen]", file=out)
                for line in lines:
                    print(_fill(f"| {line}", out), file=out)
    if turn.end_session and ended:
        print(f"{INDENT}{ended}", file=out)


def apl_text(directive: dict[str, Any]) -> list[str]:
    """What an ``Alexa.Presentation.APL.RenderDocument`` directive shows, as lines of text.

    Walks the document's ``mainTemplate`` the way a device lays it out, for the bindings our
    documents use: ``${ds.field}``, ``${data}`` inside a ``data``-bound container, and
    ``when`` conditions such as ``${ds.list.length > 0}``. Only ``Text`` components print.
    Hand-written because no Python library renders APL (Amazon's viewhosts are JavaScript and
    need a browser, which a terminal chat should not start); unknown expressions print empty.
    """
    if directive.get("type") != "Alexa.Presentation.APL.RenderDocument":
        return []
    document = directive.get("document") or {}
    main = document.get("mainTemplate") or {}
    sources = directive.get("datasources") or {}
    top = {name: sources.get(name) for name in main.get("parameters") or []}
    layout = _AplLayout()
    layout.walk(main.get("items") or main.get("item") or [], top)
    return layout.lines


class _AplLayout:
    """The ``Text`` a template shows, in order (see :func:`apl_text`)."""

    def __init__(self) -> None:
        import re

        self.binding = re.compile(r"\$\{([^}]*)\}")
        self.length_test = re.compile(r"(.+?)\.length\s*>\s*0")
        self.lines: list[str] = []

    def value(self, expr: str, scope: dict[str, Any]) -> Any:  # a JSON value
        expr = expr.strip()
        match = self.length_test.fullmatch(expr)
        if match:
            return bool(self.value(match.group(1), scope))
        node: object = scope
        for part in expr.split("."):
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        return node

    def text(self, template: str, scope: dict[str, Any]) -> str:
        return self.binding.sub(lambda m: str(self.value(m.group(1), scope) or ""), template)

    def walk(self, node: object, scope: dict[str, Any]) -> None:
        if isinstance(node, list):
            for child in node:
                self.walk(child, scope)
            return
        if not isinstance(node, dict) or not self._shown(node, scope):
            return
        if node.get("type") == "Text" and isinstance(node.get("text"), str):
            shown = self.text(node["text"], scope).strip()
            if shown and shown != "•":
                self.lines.append(shown)
            return
        children = node.get("items") or node.get("item") or []
        for child_scope in self._scopes(node.get("data"), scope):
            self.walk(children, child_scope)

    def _shown(self, node: dict[str, Any], scope: dict[str, Any]) -> bool:
        """False when the component's ``when`` condition is a binding that is false."""
        when = node.get("when")
        shown_when = self.binding.fullmatch(when.strip()) if isinstance(when, str) else None
        return not shown_when or bool(self.value(shown_when.group(1), scope))

    def _scopes(self, data: object, scope: dict[str, Any]) -> list[dict[str, Any]]:
        """One scope per item of a ``data``-bound container (``${data}`` is the item); the
        container's own scope when it binds no data."""
        if isinstance(data, str) and (m := self.binding.fullmatch(data.strip())):
            return [{**scope, "data": item} for item in self.value(m.group(1), scope) or []]
        if isinstance(data, list):
            return [{**scope, "data": item} for item in data]
        return [scope]


def _simulator(
    locale: str, screen: bool, application_id: str | None = None, nlu: str = "statistical"
) -> Simulator:
    from skill.simulator import Simulator

    return Simulator(locale, screen=screen, application_id=application_id, nlu=nlu)


CHAT_ENDED = "(session ended. Say 'open milia guide' to start again, or press Ctrl-D to leave.)"
HISTORY_FILE = "chat_history"
HISTORY_LENGTH = 1000


def _line_editing() -> Path | None:
    """Arrow keys, editing and history for a terminal (stdlib readline); the history file.

    History lives in the state directory, next to the skill's own store. ``None`` when stdin is
    not a terminal, readline is missing (Windows), or the directory can't be written.
    """
    if not sys.stdin.isatty():
        return None
    try:
        import readline
    except ImportError:
        return None
    from skill.persistence import MEMORY, state_dir

    directory = state_dir()
    if directory == MEMORY:  # nothing is kept on disk
        return None
    history = Path(directory) / HISTORY_FILE
    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        if history.exists():
            readline.read_history_file(history)
    except OSError:
        return None
    readline.set_history_length(HISTORY_LENGTH)
    return history


def _save_history(history: Path | None) -> None:
    if history is None:
        return
    import contextlib
    import readline

    with contextlib.suppress(OSError):  # history is a convenience: never fail the chat over it
        readline.write_history_file(history)


def _read_line(interactive: bool) -> str | None:
    """The next thing the user says, or ``None`` at end of input.

    Piped input is echoed after the prompt, so a transcript reads ``You: what are milia``.
    """
    if interactive:
        try:
            return input("You: ")
        except EOFError:
            print()
            return None
    line = sys.stdin.readline()
    if not line:
        return None
    if line.strip():
        print(f"You: {line.strip()}")
    return line


def _warm_in_background(sim: Simulator) -> None:
    """Load scikit-learn and train the NLU while the user types the first line."""
    import threading

    warm = getattr(sim.nlu, "warm", None)
    if warm is not None:
        threading.Thread(target=warm, name="nlu-warm-up", daemon=True).start()


def cmd_chat(args: argparse.Namespace) -> int:
    if args.record:
        _writable(args.record)
    sim = _simulator(args.locale, args.screen, nlu=args.nlu)
    _warm_in_background(sim)
    said: list[str] = []
    interactive = sys.stdin.isatty()
    history = _line_editing()
    print("Milia Guide simulator. Say 'open milia guide' to start; Ctrl-D to leave.")
    try:
        while True:
            line = _read_line(interactive)
            if line is None:
                break
            line = line.strip()
            if not line:
                continue
            said.append(line)
            _print_turn(sim.send(line), screen=args.screen, ended=CHAT_ENDED)
    except KeyboardInterrupt:
        print()
    finally:
        _save_history(history)
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
    sim = _simulator(args.locale, args.screen, nlu=args.nlu)
    for index, utterance in enumerate(args.utterances):
        turn = sim.send(utterance, one_shot=index == 0)
        if args.json:
            print(json.dumps(turn.as_json(), ensure_ascii=False))
        else:
            print(f"You: {utterance}")
            _print_turn(turn, screen=args.screen)
    return 0


def cmd_validate(_: argparse.Namespace) -> int:
    from skill.simulator import models_dir
    from skill.tools.content_checks import validate_content
    from skill.tools.validate import validate_models_dir

    problems = validate_models_dir(models_dir()) + validate_content()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("interaction models and content: OK")
    return 0


WEB_PACKAGES = frozenset({"flask", "flask_ask_sdk", "werkzeug", "cryptography", "certifi"})


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from skill.web.app import serve

        serve(args.host, args.port, verify=not args.no_verify)
    except ModuleNotFoundError as exc:
        if (exc.name or "").partition(".")[0] not in WEB_PACKAGES:
            raise
        raise UsageError(
            f"serve needs the web extra ({exc.name} is not installed): run `make serve`, "
            "or install it with `pip install -e '.[web]'`"
        ) from None
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
    locale = data.get("locale", DEFAULT_LOCALE)
    if locale not in LOCALES:
        raise SimulatorError(f"unknown locale {locale!r} in replay file")
    sim = _simulator(locale, args.screen, data.get("skillId"), args.nlu)
    for utterance in inputs:
        print(f"You: {utterance}")
        _print_turn(sim.send(utterance), screen=args.screen)
    return 0


def cmd_nlu_eval(args: argparse.Namespace) -> int:
    from skill.tools import nlu_eval

    try:
        nlu_eval.suites()
    except nlu_eval.EvalError as exc:
        raise UsageError(str(exc)) from None
    if args.profile:
        from skill.simulator.nlu.profiler import ProfilerError

        if args.recordings is None and not args.skill_id:
            raise UsageError("--profile needs --skill-id SKILL (or --recordings FILE)")
        if args.record:
            _writable(args.record)
        converse = nlu_eval.profiler_converse(
            args.skill_id,
            args.locale,
            stage=args.stage,
            recordings=args.recordings,
            record_to=args.record,
        )
        try:
            return nlu_eval.run(["Alexa (Utterance Profiler)"], lambda _: converse, not args.brief)
        except ProfilerError as exc:
            raise UsageError(str(exc)) from None
    modes = NLU_MODES if args.nlu == "both" else (args.nlu,)
    return nlu_eval.run(
        modes, lambda mode: nlu_eval.simulator_converse(mode, args.locale), not args.brief
    )


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
    from skill.tools.packaging import main as package_main

    argv = ["--out", str(args.out)]
    if args.lambda_arn:
        argv += ["--lambda-arn", args.lambda_arn]
    if args.endpoint_url:
        argv += ["--endpoint-url", args.endpoint_url]
        argv += ["--ssl-certificate-type", args.ssl_certificate_type]
    return package_main(argv)


COMMANDS = {
    "chat": cmd_chat,
    "ask": cmd_ask,
    "validate": cmd_validate,
    "serve": cmd_serve,
    "replay": cmd_replay,
    "package": cmd_package,
    "nlu-eval": cmd_nlu_eval,
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
