"""The onsite loop: `loop` (run, resume, list loops, show a debrief) and the loop branch of `rehearse`."""

from __future__ import annotations

import argparse
import sys

from interviewer.cli._common import MINUTES_RANGE, Parents, command, emit_result, engine
from interviewer.engine.clock import fmt_clock

ORDER = 25

DESCRIPTION = """\
Run several rounds as one onsite, each with its own clock and budget, with a break between rounds, and get
one debrief at the end: a row per round with its score and recommendation, a loop-level recommendation,
and the three things to practise first.

Default rounds: recruiter -> ml-coding -> ml-system-design -> ml-depth -> behavioral (a default round whose
persona is not installed is reported and left out). Everything is saved as you go: stop at a break (Ctrl-D)
or anywhere else and continue days later with --resume.

How the loop's recommendation is decided: the mean of the rounds' scores, read with the usual thresholds;
any round at No Hire caps the loop at Lean No Hire, two rounds at No Hire make it No Hire, and Strong Hire
needs every round at Hire or better.
"""

EXAMPLES = """\
interviewer loop                                        the default five-round onsite
interviewer loop --rounds recruiter,behavioral --minutes 20
interviewer loop --rounds ml-depth,case-study --minutes 30,45
interviewer loop --rounds behavioral,ml-system-design --job job.pdf --cv resume.pdf   tailored to a job
interviewer loop --list                                 your loops and where they stand
interviewer loop --resume loop-20261121                 continue an unfinished loop
interviewer loop --debrief loop-20261121 --format html -o debrief.html
interviewer rehearse --script loop.yaml --format json   a whole loop from a script (rounds: [...])
"""


def register(sub, parents: Parents) -> None:
    p = command(
        sub, parents, "loop", cmd_loop, llm=True, help="run several rounds as one onsite, with a debrief",
        description=DESCRIPTION, examples=EXAMPLES,
    )
    p.add_argument("--rounds", "-r", metavar="A,B,C", help="the rounds in order (see `interviewer personas`)")
    p.add_argument("--minutes", "-m", metavar="M[,M...]", help=f"one budget for every round, or one per round ({MINUTES_RANGE} minutes each)")
    p.add_argument("--resume", metavar="LOOP_ID", help="continue a loop (a unique prefix of its id is enough)")
    p.add_argument("--list", action="store_true", help="list your loops")
    p.add_argument("--debrief", metavar="LOOP_ID", help="print (or write with -o) the debrief of a loop")
    p.add_argument("--format", "-f", choices=("md", "html", "json"), help="debrief format (default: md, or the -o file's suffix)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the debrief to FILE")
    p.add_argument("--job", metavar="FILE", help="a job description (.txt, .md or .pdf): every new round is tailored to it")
    p.add_argument("--resume-file", "--cv", dest="resume_file", metavar="FILE",
                   help="your resume (.txt, .md or .pdf): deep-dive questions on your projects (--resume continues a loop)")


def cmd_loop(args: argparse.Namespace) -> int:
    if args.list:
        return _list(args)
    if args.debrief:
        return _debrief(args)
    from interviewer import plainloop

    return plainloop.run_loop(args)


def _list(args: argparse.Namespace) -> int:
    from interviewer import loop_services, services

    store = services.open_store(args.data_dir)
    loops = loop_services.loop_store(store).list()
    if not loops:
        print(f"No loops yet in {store.root}. Start one with `interviewer loop`.")
        return 0
    rows = [("LOOP", "STARTED", "ROUNDS", "STATUS")]
    for lp in loops:
        done = sum(r.status == "finished" for r in lp.rounds)
        status = "finished" if lp.status == "finished" else f"unfinished ({done} of {len(lp.playable)} rounds)"
        rows.append((lp.id, lp.created[:16].replace("T", " "), ",".join(r.persona_id for r in lp.rounds), status))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(r[i].ljust(widths[i]) for i in range(4)).rstrip())
    return 0


def _debrief(args: argparse.Namespace) -> int:
    from pathlib import Path

    from interviewer import loop_services, services
    from interviewer.report.debrief import render_debrief, write_debrief
    from interviewer.report.render import format_for

    store = services.open_store(args.data_dir)
    d = loop_services.debrief(loop_services.load_loop(store, args.debrief), store)
    if args.output:
        fmt = args.format or format_for(Path(args.output))
        print(f"Wrote {write_debrief(d, Path(args.output), fmt)}", file=sys.stderr)
        return 0
    sys.stdout.write(render_debrief(d, args.format or "md"))
    return 0


def rehearse_loop(args: argparse.Namespace, script) -> int:
    """`rehearse --script` with a loop script: every round in order, then the debrief (JSON: the debrief only)."""
    import asyncio

    from interviewer import loop_services, services
    from interviewer.report.debrief import render_debrief

    if args.persona or args.minutes:
        print("note: --persona and --minutes apply to one-round scripts; a loop script sets them per round", file=sys.stderr)
    store = services.open_store(args.data_dir)
    out = sys.stderr if args.format == "json" else sys.stdout
    eng = engine(args)

    def on_round(n: int, of: int, persona: str) -> None:
        print(f"\n=== Round {n} of {of}: {persona}\n", file=out)

    def on_turn(turn) -> None:
        who = "Interviewer" if turn.role == "interviewer" else "Candidate"
        print(f"[{fmt_clock(turn.at)}] {who}: {turn.text}\n", file=out)

    tailor = None
    if getattr(args, "job", None) or getattr(args, "resume", None):  # rehearse --job/--resume with a loop script
        from interviewer import tailoring

        tailor = tailoring.read_inputs(args.job, args.resume)
    result = asyncio.run(
        loop_services.rehearse_loop(
            script, store=store, on_turn=on_turn, on_round=on_round,
            on_notice=lambda t: print(f"  (note: {t})", file=sys.stderr), tailor=tailor, **eng,
        )
    )
    saved = f"Loop {result.loop.id} saved: {loop_services.loop_store(store).path_for(result.loop.id)}"
    return emit_result(saved, result.paths, "Debrief", lambda fmt: render_debrief(result.debrief, fmt), args.format)
