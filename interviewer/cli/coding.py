"""Coding-round commands: `questions` (a round's questions) and `check` (run a solution against a question's tests)."""

from __future__ import annotations

import argparse
import json
import sys

from interviewer.cli._common import CliError, Parents, command, read_input

ORDER = 35


def register(sub, parents: Parents) -> None:
    q = command(
        sub, parents, "questions", cmd_questions, help="list the questions of a round",
        description="List the questions of a round (persona), with their ids. Coding questions show their function.",
        examples=(
            "interviewer questions ml-coding", "interviewer questions -p case-study      the same flag as chat and review",
            "interviewer questions behavioral --format json | jq '.[].id'",
        ),
    )
    q.add_argument("round", metavar="ROUND", nargs="?", help="a persona id, e.g. ml-coding (see `interviewer personas`)")
    q.add_argument("--persona", "-p", metavar="ROUND", help="the same, as a flag (as in `chat` and `review`)")
    q.add_argument("--format", "-f", choices=("text", "json"), default="text")

    c = command(
        sub, parents, "check", cmd_check, help="run a solution against a coding question's hidden tests",
        description="""\
Run FILE against the hidden tests of a coding question, in the sandbox (a separate process with time,
memory, output and process limits and no network). Exit 0 when every test passes, 1 otherwise.""",
        examples=(
            "interviewer check roc-auc solution.py", "interviewer check kmeans km.py --format json | jq .passed",
            "interviewer check top-k-frequent topk.py --examples      only the examples shown with the question",
        ),
    )
    c.add_argument("question", metavar="QUESTION_ID", help="a coding question id (see `interviewer questions ml-coding`)")
    c.add_argument("file", metavar="FILE|-", help="the solution as a Python file, or - for stdin")
    c.add_argument("--examples", action="store_true", help="run the shown examples instead of the hidden tests")
    c.add_argument("--timeout", type=float, default=5.0, metavar="S", help="seconds per test (default: 5)")
    c.add_argument("--format", "-f", choices=("text", "json"), default="text")


def cmd_questions(args: argparse.Namespace) -> int:
    from interviewer import coding_service
    from interviewer.services import UserError

    if args.round and args.persona and args.round != args.persona:
        raise CliError(f"two rounds given ({args.round!r} and -p {args.persona!r}): give one")
    round_id = args.round or args.persona
    if not round_id:
        raise CliError("which round? e.g. `interviewer questions behavioral` (see `interviewer personas`)")
    try:
        rows = coding_service.questions(round_id)
    except UserError as exc:
        raise CliError(str(exc)) from None
    if args.format == "json":
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return 0
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        print(f"{r['id'].ljust(width)}  {r['text']}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from interviewer import coding_service
    from interviewer.services import UserError

    data = read_input(args.file, "code")
    if not 0 < args.timeout <= 60:
        raise CliError("--timeout must be between 0 and 60 seconds")
    if sys.stderr.isatty() and args.format == "text":
        print(f"Running {args.file} against the {'examples' if args.examples else 'hidden tests'} of {args.question}…", file=sys.stderr)
    try:
        result = coding_service.check(args.question, data, examples=args.examples, timeout=args.timeout)
    except UserError as exc:
        raise CliError(str(exc)) from None
    if args.format == "json":
        sys.stdout.write(json.dumps(result.table(), indent=2) + "\n")
    else:
        for t in result.tests:
            mark = {"passed": "PASS", "failed": "FAIL", "error": "ERROR", "timed_out": "TIMEOUT"}[t.outcome]
            line = f"{mark:7}  {t.name}"
            if t.outcome != "passed":
                line += f"\n         {('input ' + t.input + ': ') if t.input else ''}{t.detail}"
            print(line)
        print(result.summary)
    return 0 if result.all_passed else 1
