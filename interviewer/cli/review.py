"""Scoring commands: `review` (one written answer) and `report` (show or export a session's report)."""

from __future__ import annotations

import argparse
import sys

from interviewer.cli import _batch
from interviewer.cli._common import CliError, Parents, command, read_input, engine

ORDER = 30


def register(sub, parents: Parents) -> None:
    v = command(
        sub, parents, "review", cmd_review, llm=True, help="score one written answer (e.g. a STAR story)",
        description="Score one written answer, for rehearsing a story before the interview. Reads FILE, or stdin with '-'.",
        examples=(
            "interviewer review story.txt",
            "interviewer review --persona recruiter --question \"What are your salary expectations?\" answer.txt",
            "pbpaste | interviewer review --format json - | jq .overall",
            "interviewer review --batch answers.jsonl -o results.jsonl --concurrency 16 --model openai/gpt-4o-mini",
            "interviewer review --batch answers.jsonl -o results.jsonl --provider-batch --model openai/gpt-4o-mini",
            "interviewer review --collect batch_abc123          (later: writes the results to the same file)",
        ),
    )
    v.add_argument("file", metavar="FILE|-", nargs="?", help="the answer as a text file, or - for stdin")
    v.add_argument("--persona", "-p", default="behavioral", help="which round's rubric to use (default: behavioral)")
    v.add_argument("--question", "-q", help="the question the answer replies to (picks the dimensions it probes)")
    v.add_argument("--format", "-f", choices=("md", "json"), default="md")
    _batch.add_options(v)

    rp = command(
        sub, parents, "report", cmd_report, llm=True, help="show or export the report of a session",
        description="Show the feedback report of a session, or write it to a file.",
        examples=("interviewer report 20261121-1045", "interviewer report 20261121-1045 --format html -o feedback.html"),
    )
    rp.add_argument("ref", metavar="ID|PATH", help="a session id (a unique prefix is enough) or a session file")
    rp.add_argument("--format", "-f", choices=("md", "html", "json"), help="default: md, or the -o file's suffix")
    rp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")


def cmd_review(args: argparse.Namespace) -> int:
    from interviewer import services

    if _batch.wanted(args):  # --batch / --collect: many answers from JSONL
        return _batch.cmd_batch(args)
    if not args.file:
        raise CliError("give the answer as FILE (or - for stdin), or many answers with --batch FILE.jsonl", 2)

    data = read_input(args.file, "answer")
    eng = engine(args, announce=bool(args.model or args.api_base))
    if eng:
        import asyncio

        report, notices = asyncio.run(
            services.review_async(data, persona_id=args.persona, question=args.question, judge=eng.judge, grader=eng.grader)
        )
    else:
        report, notices = services.review(data, persona_id=args.persona, question=args.question)
    for n in notices:
        print(f"note: {n}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        from interviewer.report.render import render

        sys.stdout.write(render(report, "md"))
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from interviewer import services
    from interviewer.report.render import format_for, render, write_report

    store = services.open_store(args.data_dir)
    session = services.load_session(store, args.ref)
    eng = engine(args, announce=False) if (args.model or args.api_base) else None
    if eng:
        import asyncio

        print(f"Grading session {session.id} with {eng.engine}…", file=sys.stderr)
        report = asyncio.run(services.regrade(store, session, eng.grader))
    else:
        report = services.report_for(store, session)
    if args.output:
        fmt = args.format
        if fmt is None:
            try:
                fmt = format_for(Path(args.output))
            except ValueError:
                raise CliError(
                    f"cannot tell the report format from {args.output}: name the file .md, .html or .json, "
                    "or pass --format md|html|json"
                ) from None
        path = write_report(report, Path(args.output), fmt)
        print(f"Wrote {path}", file=sys.stderr)
        return 0
    sys.stdout.write(render(report, args.format or "md"))
    return 0
