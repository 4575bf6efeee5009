"""What every command module shares: the parent parsers (global options), the engine choice, the minutes type.

Imports stay lazy (inside functions) so ``interviewer --help`` never loads litellm, textual or pydantic models.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

from interviewer.engine.clock import MINUTES_RANGE, check_minutes  # noqa: F401 - MINUTES_RANGE: the commands' --help
from interviewer.errors import UserError
from interviewer.plainchat import ANSWER_HELP  # noqa: F401 - the command modules' help

PROG = "interviewer"
FMT = argparse.RawDescriptionHelpFormatter

# Kept here for the command modules; the text belongs to the line chat.
CliError = UserError


def err(msg: str) -> None:
    print(f"{PROG}: error: {msg}", file=sys.stderr)


def minutes(value: str) -> float:
    """argparse type for --minutes."""
    try:
        v = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of minutes") from None
    try:
        return check_minutes(v)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


@dataclass(frozen=True)
class Parents:
    """Parent parsers a command module passes to ``add_parser(parents=[...])``.

    ``common``: --data-dir. ``llm``: --model, --api-base, --offline."""

    common: argparse.ArgumentParser
    llm: argparse.ArgumentParser


def command(
    sub, parents: Parents, name: str, handler, *, help: str, description: str, examples: tuple[str, ...] | str = (),
    note: str = "", llm: bool = False,
) -> argparse.ArgumentParser:
    """A subcommand: the global options (and the model options with ``llm``), its help text kept as written, the
    examples (one a line, or a tuple; then a ``note``) as the epilog, and the handler that runs it."""
    if isinstance(examples, str):
        examples = tuple(examples.strip("\n").splitlines())
    epilog = "examples:\n" + "\n".join(f"  {e}" for e in examples) if examples else ""
    if note:
        epilog = f"{epilog}\n\n{note}" if epilog else note
    p = sub.add_parser(
        name, parents=[parents.common, parents.llm] if llm else [parents.common], formatter_class=FMT, help=help,
        description=description, epilog=epilog or None,
    )
    p.set_defaults(handler=handler)
    return p


def emit_result(saved: str, paths: dict, label: str, render, fmt: str) -> int:
    """After a rehearsal: where it was saved and written (stderr), then the report on stdout as ``render(fmt)``
    gives it (JSON alone on stdout, for pipes)."""
    print(saved, file=sys.stderr)
    for kind, path in paths.items():
        print(f"{label} ({kind}): {path}", file=sys.stderr)
    if fmt == "json":
        sys.stdout.write(render("json") + "\n")
    else:
        sys.stdout.write("\n" + render("md"))
    return 0


def read_input(path: str, what: str) -> bytes:
    """The bytes of ``path``, or of stdin for "-" (with a hint on a terminal); one clear error line if unreadable."""
    if path == "-":
        if sys.stdin.isatty():
            print(f"Paste your {what}, then press Ctrl-D on an empty line.", file=sys.stderr)
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror or exc}") from None


DATA_DIR_HELP = "where sessions and reports live (default: $INTERVIEWER_HOME or the platform data dir)"
PLAIN_HELP = "line-based chat even in a terminal that could run the full-screen app"


def add_global_options(parser: argparse.ArgumentParser, *, default: Any) -> None:
    """The options that work before or after the command. The top-level parser gives them their defaults; a
    subcommand's copy defaults to ``argparse.SUPPRESS`` so that, when absent there, it keeps what came before."""
    parser.add_argument("--data-dir", metavar="DIR", default=default, help=DATA_DIR_HELP)


def add_plain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plain", action="store_true", default=argparse.SUPPRESS, help=PLAIN_HELP)


def make_parents() -> Parents:
    common = argparse.ArgumentParser(add_help=False)
    add_global_options(common, default=argparse.SUPPRESS)
    llm = argparse.ArgumentParser(add_help=False)
    llm.add_argument("--model", metavar="MODEL", help="litellm model name, e.g. openai/gpt-4o-mini, anthropic/claude-3-5-haiku-latest, ollama/llama3.1 (default: offline engine)")
    llm.add_argument("--api-base", metavar="URL", help="base URL of an OpenAI-compatible server, e.g. http://localhost:11434")
    llm.add_argument("--offline", action="store_true", help="use the offline engine even if a model is configured")
    return Parents(common=common, llm=llm)


def engine(args: argparse.Namespace, *, announce: bool = True, check: bool = True):
    """The EngineSet to use: offline unless a model is configured (see `interviewer doctor`). A configured model is
    checked before any interview starts (one clear error now rather than a failure mid-interview)."""
    from interviewer import engines

    def say(text: str) -> None:
        print(text, file=sys.stderr)

    eng = engines.select(
        model=getattr(args, "model", None),
        api_base=getattr(args, "api_base", None),
        offline=getattr(args, "offline", False),
        announce=say if announce else None,
    )
    if eng and check:
        if announce and sys.stderr.isatty():
            say("Checking the model…")
        engines.check(eng)
    return eng


def wants_app(args: argparse.Namespace) -> bool:
    """The full-screen app in an interactive terminal; the line chat with --plain, over a pipe or on a dumb TERM."""
    import os

    if getattr(args, "plain", False):
        return False
    return sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb"
