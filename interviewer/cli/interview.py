"""Interview commands: `chat` (interactive) and `rehearse` (a whole interview from a candidate script)."""

from __future__ import annotations

import argparse
import sys

from interviewer.cli import _tailor
from interviewer.cli._common import (
    ANSWER_HELP, MINUTES_RANGE, Parents, add_plain, command, emit_result, engine, minutes, wants_app,
)
from interviewer.engine.clock import fmt_clock

ORDER = 20


REHEARSE = """\
Run a whole interview from a candidate script, print the transcript, save the session and write the report.
The clock advances by each answer's `seconds`; when the script runs out, the interview closes.

script format (YAML):
  persona: behavioral        # optional if --persona is given
  minutes: 20                # optional override of the round's budget
  answers:
    - seconds: 120
      text: |
        At my last company I owned ...

A loop script rehearses several rounds as one onsite and prints the debrief (see `interviewer loop`):
  rounds:
    - persona: recruiter
      minutes: 20
      answers: [{seconds: 60, text: ...}]"""

REHEARSE_EXAMPLES = """\
interviewer rehearse --script candidate.yaml
interviewer rehearse --script candidate.yaml --format json | jq '.dimensions[] | {id, score}'
"""


def register(sub, parents: Parents) -> None:
    c = command(
        sub, parents, "chat", cmd_chat, llm=True, help="an interactive interview in the terminal",
        description=(
            "An interactive interview: the full-screen app in a terminal, the line-based chat with --plain or when\n"
            "input or output is not a terminal.\n\nIn the line-based chat:\n" + ANSWER_HELP
        ),
        examples=(
            "interviewer chat --persona behavioral", "interviewer chat --persona recruiter --minutes 15 --plain",
            "interviewer chat -p ml-system-design --job job.pdf --resume cv.pdf",
        ),
    )
    c.add_argument("--persona", "-p", help="which round (see `interviewer personas`); asked for if omitted")
    c.add_argument("--minutes", "-m", type=minutes, help=f"the round's time budget, {MINUTES_RANGE} minutes (default: the persona's)")
    add_plain(c)
    _tailor.add_options(c, stdin_ok=False)

    r = command(
        sub, parents, "rehearse", cmd_rehearse, llm=True, help="run a whole interview from a candidate script",
        description=REHEARSE,
        examples=REHEARSE_EXAMPLES,
    )
    r.add_argument("--script", "-s", required=True, help="the candidate script (YAML)")
    r.add_argument("--persona", "-p", help="override the script's persona")
    r.add_argument("--minutes", "-m", type=minutes, help=f"override the round's time budget ({MINUTES_RANGE} minutes)")
    r.add_argument("--format", "-f", choices=("md", "json"), default="md", help="report format on stdout (json: stdout carries only the report)")
    _tailor.add_options(r)


def cmd_chat(args: argparse.Namespace) -> int:
    if wants_app(args):
        from interviewer.tui import run_app

        return run_app(
            data_dir=args.data_dir, engine=app_engine(args), persona=args.persona, minutes=args.minutes,
            job=args.job, cv=args.resume,
        )
    from interviewer import plainchat

    return plainchat.run_chat(args, lambda: engine(args), plan_factory(args))


def plan_factory(args: argparse.Namespace):
    """The line chat's plan: --job/--resume (a tailored round) or a drill's, made once the persona is known."""
    return lambda persona_id, eng, store: _tailor.plan_from_args(args, persona_id, eng, store)


def app_engine(args: argparse.Namespace):
    """The engine the app should use when the command line names one (checked now, before the app takes the
    screen); None lets the app resolve the configured one itself."""
    if not (args.model or args.api_base or args.offline):
        return None
    return engine(args, announce=False)


def cmd_rehearse(args: argparse.Namespace) -> int:
    import asyncio

    from interviewer import services
    from interviewer.report.render import render

    path, data = services.read_script(args.script)
    if "rounds" in data:  # a loop script: every round, then the debrief
        from interviewer import loop_services
        from interviewer.cli.loop import rehearse_loop

        return rehearse_loop(args, services.validate_script(path, data, loop_services.LoopScript))
    script = services.validate_script(path, data, services.RehearsalScript)
    store = services.open_store(args.data_dir, writable=True)
    out = sys.stderr if args.format == "json" else sys.stdout
    eng = engine(args)
    persona_id = args.persona or script.persona
    plan = _tailor.plan_from_args(args, persona_id, eng, store) if persona_id else None

    def on_turn(turn) -> None:
        who = "Interviewer" if turn.role == "interviewer" else "Candidate"
        print(f"[{fmt_clock(turn.at)}] {who}: {turn.text}\n", file=out)

    def on_notice(text: str) -> None:
        print(f"  (note: {text})", file=sys.stderr)

    result = asyncio.run(
        services.rehearse(
            script, persona_id=args.persona, minutes=args.minutes, store=store, on_turn=on_turn, on_notice=on_notice,
            judge=eng.judge, voice=eng.voice, grader=eng.grader, engine=eng.engine, plan=plan,
        )
    )
    s = result.interview.session
    saved = f"Session {s.id} saved: {store.sessions_dir / (s.id + '.json')}"
    return emit_result(saved, result.report_paths, "Report", lambda fmt: render(result.report, fmt), args.format)
