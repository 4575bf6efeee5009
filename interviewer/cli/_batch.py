"""`review --batch`: many answers from JSONL, resumable, with bounded concurrency and a progress bar on a terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from interviewer.cli._common import CliError, engine


def add_options(v: argparse.ArgumentParser) -> None:
    g = v.add_argument_group(
        "many answers (a class, a recorded mock day)",
        'input lines: {"id", "persona", "question", "answer"}; output lines: {"id", "overall", "recommendation", '
        '"dimensions", "engine", "error"}, one per input id. A rerun skips the ids already in the output.',
    )
    g.add_argument("--batch", metavar="FILE.jsonl", help="score every answer in FILE.jsonl")
    g.add_argument("-o", "--output", metavar="FILE.jsonl", help="where the results go (appended; required with --batch)")
    g.add_argument("--concurrency", "-c", type=int, default=8, metavar="N", help="answers scored at once (default 8)")
    g.add_argument("--retry-errors", action="store_true", help="score again the ids whose output line has an error")


def wanted(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "batch", None))


def cmd_batch(args: argparse.Namespace) -> int:
    import asyncio

    from interviewer.batch import BatchError, ProgressBar, run_batch

    if args.file:
        raise CliError("give either one answer FILE or --batch FILE.jsonl, not both", 2)
    if not args.output:
        raise CliError("--batch needs -o FILE.jsonl for the results (a rerun with the same file skips what is done)", 2)
    if not 1 <= args.concurrency <= 256:
        raise CliError("--concurrency must be between 1 and 256", 2)
    inp, out = Path(args.batch), Path(args.output)
    if not inp.is_file():
        raise CliError(f"cannot read {inp}: no such file", 2)
    eng = engine(args, announce=bool(args.model or args.api_base))
    bar = ProgressBar(0, sys.stderr)

    def started(stats) -> None:
        if stats.skipped and stats.skipped >= stats.total:
            print(f"All {stats.total} answers are already in {out}: nothing left to score.", file=sys.stderr)
        elif stats.skipped:
            print(f"{stats.skipped} of {stats.total} answers are already in {out}; scoring the rest.", file=sys.stderr)

    try:
        stats = asyncio.run(
            run_batch(inp, out, concurrency=args.concurrency, judge=eng.get("judge"), retry_errors=args.retry_errors,
                      progress=bar, on_start=started)
        )
    except BatchError as exc:
        raise CliError(str(exc)) from None
    except KeyboardInterrupt:
        bar.close()
        print(f"\nInterrupted. Every finished answer is saved in {out}; run the same command again to score the rest.",
              file=sys.stderr)
        return 130
    dup = f", {stats.duplicates} duplicate id(s) ignored" if stats.duplicates else ""
    print(
        f"Scored {stats.done}, failed {stats.failed}, already done {stats.skipped}{dup} in {stats.seconds:.1f} s -> {out}",
        file=sys.stderr,
    )
    if stats.failed:
        for e in stats.errors[:3]:
            print(f"  error: {e}", file=sys.stderr)
        print("Failed answers have an 'error' in the output; --retry-errors scores them again.", file=sys.stderr)
        return 1
    return 0
