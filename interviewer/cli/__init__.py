"""The command line: parse arguments, call the services, print. Imports stay lazy so ``--help`` starts fast.

Adding a command: create ``interviewer/cli/<group>.py`` with

    ORDER = 60                                   # position in `interviewer --help` (lower first)

    def register(sub, parents):                  # sub: the subparsers action; parents: cli._common.Parents
        p = sub.add_parser("mycmd", parents=[parents.common], help="...", description="...", epilog="examples: ...")
        p.set_defaults(handler=cmd_mycmd)

    def cmd_mycmd(args) -> int: ...              # import heavy modules inside the handler, not at module level

Every public module in this package that defines ``register`` is picked up; nothing else needs editing.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from interviewer.cli._common import ANSWER_HELP, FMT, PROG, CliError, add_global_options, engine, err, make_parents, wants_app

__all__ = ["ANSWER_HELP", "CliError", "PROG", "main"]

# Kept for callers of the former single-module CLI.
_engine = engine

MAIN_HELP = """\
A terminal mock interviewer for recruiter screens, behavioral (STAR) rounds and (ML) system-design rounds.
It asks follow-ups aimed at the gaps in your answers, keeps time like a real interviewer, and writes a
scored feedback report (1-4 per dimension, with quotes from your answers).

Run with no command to start an interview.
"""

MAIN_EPILOG = """\
examples:
  interviewer                                   start (pick a round)
  interviewer personas                          list the rounds you can practise
  interviewer chat --persona behavioral         a 45-minute behavioral round
  interviewer chat --persona system-design --minutes 30
  interviewer review --question "Tell me about a conflict" story.txt
  interviewer rehearse --script candidate.yaml --format json | jq .overall
  interviewer sessions                          past interviews
  interviewer report 2026112 --format html -o feedback.html
  interviewer doctor                            configuration and model check
  interviewer chat -p recruiter --model openai/gpt-4o-mini

Sessions and reports live in the data dir (INTERVIEWER_HOME or --data-dir overrides it).
Without a model configured everything runs on the offline engine: no network, no key.
"""


def command_modules() -> list:
    """The command modules of this package, in --help order."""
    mods = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        mod = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(mod, "register"):
            mods.append(mod)
    return sorted(mods, key=lambda m: (getattr(m, "ORDER", 100), m.__name__))


def _parser() -> argparse.ArgumentParser:
    parents = make_parents()
    p = argparse.ArgumentParser(prog=PROG, description=MAIN_HELP, epilog=MAIN_EPILOG, formatter_class=FMT)
    add_global_options(p, default=None)
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.add_argument("--plain", action="store_true", help="use the line-based chat instead of the full-screen app")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for mod in command_modules():
        mod.register(sub, parents)
    return p


build_parser = _parser


def cmd_default(args: argparse.Namespace) -> int:
    """No command: the full-screen app in a terminal, the plain chat otherwise."""
    if wants_app(args):
        from interviewer.tui import run_app

        return run_app(data_dir=args.data_dir)
    from interviewer import plainchat

    args.persona = None
    args.minutes = None
    args.model = None
    args.api_base = None
    args.offline = False
    return plainchat.run_chat(args, lambda: engine(args))


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from interviewer import __version__

        print(f"{PROG} {__version__}")
        return 0
    handler = getattr(args, "handler", None) or cmd_default
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's flush at exit
        except OSError:
            pass
        return 0
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one clear line, never a traceback
        from interviewer.errors import describe

        message, code = describe(exc)
        err(message)
        if os.environ.get("INTERVIEWER_DEBUG"):
            raise
        return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
