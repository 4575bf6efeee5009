"""What every command module shares: the parent parsers (global options), the engine choice, the minutes type.

Imports stay lazy (inside functions) so ``interviewer --help`` never loads litellm, textual or pydantic models.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from typing import Any

PROG = "interviewer"
FMT = argparse.RawDescriptionHelpFormatter

ANSWER_HELP = """\
How to answer: type or paste your answer; it may have several paragraphs.
Finish it with a line that holds only a single '.' (or press Ctrl-D).
Commands (on a line of their own): /skip  skip this question   /end  end the interview
                                   /time  time left             /help  this help
"""


class CliError(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def err(msg: str) -> None:
    print(f"{PROG}: error: {msg}", file=sys.stderr)


def minutes(value: str) -> float:
    """argparse type for --minutes."""
    try:
        v = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of minutes") from None
    if not 1 <= v <= 240:
        raise argparse.ArgumentTypeError("minutes must be between 1 and 240")
    return v


@dataclass(frozen=True)
class Parents:
    """Parent parsers a command module passes to ``add_parser(parents=[...])``.

    ``common``: --data-dir. ``llm``: --model, --api-base, --offline."""

    common: argparse.ArgumentParser
    llm: argparse.ArgumentParser


def make_parents() -> Parents:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", help="where sessions and reports live (default: $INTERVIEWER_HOME or the platform data dir)")
    llm = argparse.ArgumentParser(add_help=False)
    llm.add_argument("--model", metavar="MODEL", help="litellm model name, e.g. openai/gpt-4o-mini, anthropic/claude-3-5-haiku-latest, ollama/llama3.1 (default: offline engine)")
    llm.add_argument("--api-base", metavar="URL", help="base URL of an OpenAI-compatible server, e.g. http://localhost:11434")
    llm.add_argument("--offline", action="store_true", help="use the offline engine even if a model is configured")
    return Parents(common=common, llm=llm)


def engine(args: argparse.Namespace, *, announce: bool = True, check: bool = True) -> dict[str, Any]:
    """The judge/voice/grader to use. Offline unless a model is configured (see `interviewer doctor`).

    A configured model is checked before any interview starts, so a missing key or an unreachable server is one
    clear error now rather than a failure mid-interview."""
    from interviewer import engines

    eng = engines.select(
        model=getattr(args, "model", None),
        api_base=getattr(args, "api_base", None),
        offline=getattr(args, "offline", False),
        announce=(lambda s: print(s, file=sys.stderr)) if announce else None,
    )
    if eng and check:
        import asyncio

        from interviewer.judges.base import EngineFailure

        if announce and sys.stderr.isatty():
            print("Checking the model…", file=sys.stderr)
        try:
            asyncio.run(engines.preflight(eng))
        except EngineFailure as exc:
            raise CliError(
                f"the model is not usable: {exc.reason}. Check `interviewer doctor`, or pass --offline to use the offline engine."
            ) from None
    return eng
