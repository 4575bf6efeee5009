"""--job and --resume for the interview commands: read them, plan the round, say what was tailored."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_options(parser: argparse.ArgumentParser, *, stdin_ok: bool = True) -> None:
    dash = " ('-' reads stdin)" if stdin_ok else ""
    parser.add_argument("--job", metavar="FILE", help=f"a job description (.txt, .md or .pdf): questions are picked to match it{dash}")
    parser.add_argument("--resume", metavar="FILE", help=f"your resume (.txt, .md or .pdf): adds deep-dive questions on your projects{dash}")
    parser.set_defaults(tailor_stdin_ok=stdin_ok)


def plan_from_args(args: argparse.Namespace, persona_id: str, eng: dict[str, Any], store) -> Any:
    """The round's plan: one already made (a drill), one tailored to --job/--resume, or None."""
    plan = getattr(args, "plan", None)
    if plan is not None:
        return plan
    job, resume = getattr(args, "job", None), getattr(args, "resume", None)
    if not job and not resume:
        return None
    if "-" in (job, resume) and not getattr(args, "tailor_stdin_ok", True):
        from interviewer.cli._common import CliError

        raise CliError("the chat reads your answers from stdin, so --job and --resume need a file, not '-'", 2)
    import asyncio

    from interviewer import tailoring

    job_doc, resume_doc = tailoring.read_inputs(job, resume)
    if eng:
        print("Writing questions for this job and resume…", file=sys.stderr)
    plan = asyncio.run(
        tailoring.plan_for(
            persona_id, job=job_doc, resume=resume_doc, engine=eng, cache_dir=store.root / "tailored",
            on_notice=lambda s: print(f"note: {s}", file=sys.stderr),
        )
    )
    if plan is not None:
        sources = " and ".join(n for n in (plan.job_name, plan.resume_name) if n)
        kinds = sorted({n.source for n in plan.notes})
        print(f"Tailored to {sources}: {len(plan.questions)} question(s) chosen for you ({', '.join(kinds)}).", file=sys.stderr)
    return plan
