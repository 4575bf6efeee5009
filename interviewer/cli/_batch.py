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
    g.add_argument("--concurrency", "-c", type=int, default=None, metavar="N",
                   help="answers scored at once (default 8; a model server on this machine gets one request at a time "
                        "unless N is given here or max_concurrency is set)")
    g.add_argument("--retry-errors", action="store_true", help="score again the ids whose output line has an error")
    g.add_argument("--provider-batch", action="store_true",
                   help="submit through the provider's batch API (OpenAI-compatible, about half the price, results "
                        "within 24 h) and exit; collect later with --collect")
    g.add_argument("--collect", metavar="BATCH_ID",
                   help="write the results of a submitted batch (exit 3 while it is still running)")


def wanted(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "batch", None) or getattr(args, "collect", None))


def cmd_batch(args: argparse.Namespace) -> int:
    import asyncio

    from interviewer.batch import BatchError, ProgressBar, run_batch

    if args.file:
        raise CliError("give either one answer FILE or --batch FILE.jsonl, not both", 2)
    if args.collect:
        return cmd_collect(args)
    if not args.output:
        raise CliError("--batch needs -o FILE.jsonl for the results (a rerun with the same file skips what is done)", 2)
    explicit = args.concurrency is not None
    args.concurrency = args.concurrency if explicit else 8
    if not 1 <= args.concurrency <= 256:
        raise CliError("--concurrency must be between 1 and 256", 2)
    inp, out = Path(args.batch), Path(args.output)
    if not inp.is_file():
        raise CliError(f"cannot read {inp}: no such file", 2)
    if args.provider_batch:
        return cmd_submit(args, inp, out)
    eng = engine(args, announce=bool(args.model or args.api_base))
    if explicit and eng.judge is not None and hasattr(eng.judge, "client"):
        eng.judge.client.allow(args.concurrency)  # the user asked for N at once, even from a local server
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


def _settings(args: argparse.Namespace, model: str | None = None, api_base: str | None = None):
    from interviewer.config import load_settings

    settings = load_settings(model=args.model or model, api_base=args.api_base or api_base)
    if not settings.llm_enabled or args.offline:
        raise CliError("the provider's batch API needs a model: pass --model (e.g. openai/gpt-4o-mini)", 2)
    return settings


def _state_dir(args: argparse.Namespace) -> Path:
    from interviewer.paths import data_dir

    return data_dir(args.data_dir) / "batches"


def cmd_submit(args: argparse.Namespace, inp: Path, out: Path) -> int:
    import asyncio

    from interviewer.batch_provider import submit_batch
    from interviewer.judges.base import EngineFailure

    settings = _settings(args)
    print(f"Submitting to the batch API of {settings.effective_judge_model}…", file=sys.stderr)
    try:
        res = asyncio.run(submit_batch(inp, out, settings, _state_dir(args), retry_errors=args.retry_errors))
    except EngineFailure as exc:
        raise CliError(exc.reason) from None
    if res.batch_id is None:
        print(f"Nothing to submit: {res.skipped} already in {out}, {res.failed} unusable (error lines written).", file=sys.stderr)
        return 0 if not res.failed else 1
    print(f"Submitted {res.sent} answers as batch {res.batch_id} ({res.skipped} already done, {res.failed} unusable).",
          file=sys.stderr)
    print(f"Collect the results later with: interviewer review --collect {res.batch_id}", file=sys.stderr)
    print(res.batch_id)
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    import asyncio

    from interviewer.batch import BatchError
    from interviewer.batch_provider import collect_batch, load_state
    from interviewer.judges.base import EngineFailure

    try:
        state = load_state(_state_dir(args), args.collect)
        settings = _settings(args, state.get("model"), state.get("api_base"))
        res = asyncio.run(collect_batch(args.collect, settings, state, Path(args.output) if args.output else None))
    except (BatchError, EngineFailure) as exc:
        raise CliError(getattr(exc, "reason", None) or str(exc)) from None
    if res.written == 0 and res.failed == 0 and res.status != "completed":
        print(f"Batch {args.collect} is {res.status} ({res.completed} of {res.total} done); collect again later.", file=sys.stderr)
        return 3
    print(f"Collected batch {args.collect}: {res.written} scored, {res.failed} failed -> {res.output}", file=sys.stderr)
    return 0 if not res.failed else 1
