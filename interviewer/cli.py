"""The command line: parse arguments, call the engine, print. Imports stay lazy so ``--help`` starts fast."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

PROG = "interviewer"

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


def _err(msg: str) -> None:
    print(f"{PROG}: error: {msg}", file=sys.stderr)


def _minutes(value: str) -> float:
    try:
        v = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a number of minutes") from None
    if not 1 <= v <= 240:
        raise argparse.ArgumentTypeError("minutes must be between 1 and 240")
    return v


def _parser() -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", help="where sessions and reports live (default: $INTERVIEWER_HOME or the platform data dir)")
    llm = argparse.ArgumentParser(add_help=False)
    llm.add_argument("--model", metavar="MODEL", help="litellm model name, e.g. openai/gpt-4o-mini, anthropic/claude-3-5-haiku-latest, ollama/llama3.1 (default: offline engine)")
    llm.add_argument("--api-base", metavar="URL", help="base URL of an OpenAI-compatible server, e.g. http://localhost:11434")
    llm.add_argument("--offline", action="store_true", help="use the offline engine even if a model is configured")

    p = argparse.ArgumentParser(prog=PROG, description=MAIN_HELP, epilog=MAIN_EPILOG, formatter_class=fmt, parents=[common])
    p.add_argument("--version", action="store_true", help="print the version and exit")
    p.add_argument("--plain", action="store_true", help="use the line-based chat instead of the full-screen app")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser(
        "personas", parents=[common], formatter_class=fmt, help="list the interview rounds (personas)",
        description="List the interview rounds you can practise, with their length and rubric.",
        epilog=(
            "examples:\n  interviewer personas\n  interviewer chat --persona recruiter\n\n"
            "Add your own: put persona and rubric YAML files in the folders that `interviewer personas` prints."
        ),
    )

    c = sub.add_parser(
        "chat", parents=[common, llm], formatter_class=fmt, help="an interactive interview in the terminal",
        description="An interactive interview in the terminal.\n\n" + ANSWER_HELP,
        epilog="examples:\n  interviewer chat --persona behavioral\n  interviewer chat --persona recruiter --minutes 15 --plain",
    )
    c.add_argument("--persona", "-p", help="which round (see `interviewer personas`); asked for if omitted")
    c.add_argument("--minutes", "-m", type=_minutes, help="the round's time budget (default: the persona's)")
    c.add_argument("--plain", action="store_true", help="line-based chat even in a terminal that could run the app")

    r = sub.add_parser(
        "rehearse", parents=[common, llm], formatter_class=fmt, help="run a whole interview from a candidate script",
        description=(
            "Run a whole interview from a candidate script, print the transcript, save the session and write the report.\n"
            "The clock advances by each answer's `seconds`; when the script runs out, the interview closes.\n\n"
            "script format (YAML):\n"
            "  persona: behavioral        # optional if --persona is given\n"
            "  minutes: 20                # optional override of the round's budget\n"
            "  answers:\n"
            "    - seconds: 120\n"
            "      text: |\n"
            "        At my last company I owned ..."
        ),
        epilog="examples:\n  interviewer rehearse --script candidate.yaml\n  interviewer rehearse --script candidate.yaml --format json | jq '.dimensions[] | {id, score}'",
    )
    r.add_argument("--script", "-s", required=True, help="the candidate script (YAML)")
    r.add_argument("--persona", "-p", help="override the script's persona")
    r.add_argument("--minutes", "-m", type=_minutes, help="override the round's time budget")
    r.add_argument("--format", "-f", choices=("md", "json"), default="md", help="report format on stdout (json: stdout carries only the report)")

    v = sub.add_parser(
        "review", parents=[common, llm], formatter_class=fmt, help="score one written answer (e.g. a STAR story)",
        description="Score one written answer, for rehearsing a story before the interview. Reads FILE, or stdin with '-'.",
        epilog=(
            "examples:\n  interviewer review story.txt\n"
            "  interviewer review --persona recruiter --question \"What are your salary expectations?\" answer.txt\n"
            "  pbpaste | interviewer review --format json - | jq .overall"
        ),
    )
    v.add_argument("file", metavar="FILE|-", help="the answer as a text file, or - for stdin")
    v.add_argument("--persona", "-p", default="behavioral", help="which round's rubric to use (default: behavioral)")
    v.add_argument("--question", "-q", help="the question the answer replies to (picks the dimensions it probes)")
    v.add_argument("--format", "-f", choices=("md", "json"), default="md")

    rp = sub.add_parser(
        "report", parents=[common, llm], formatter_class=fmt, help="show or export the report of a session",
        description="Show the feedback report of a session, or write it to a file.",
        epilog="examples:\n  interviewer report 20261121-1045\n  interviewer report 20261121-1045 --format html -o feedback.html",
    )
    rp.add_argument("ref", metavar="ID|PATH", help="a session id (a unique prefix is enough) or a session file")
    rp.add_argument("--format", "-f", choices=("md", "html", "json"), help="default: md, or the -o file's suffix")
    rp.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")

    sub.add_parser(
        "sessions", parents=[common], formatter_class=fmt, help="list past and unfinished interviews",
        description="List past and unfinished interviews, newest first.",
        epilog="examples:\n  interviewer sessions\n  interviewer resume 20261121-1045",
    )
    rs = sub.add_parser(
        "resume", parents=[common, llm], formatter_class=fmt, help="continue an unfinished interview",
        description="Continue an unfinished interview where it stopped.\n\n" + ANSWER_HELP,
        epilog="examples:\n  interviewer sessions\n  interviewer resume 20261121-1045",
    )
    rs.add_argument("ref", metavar="ID", help="the session id (a unique prefix is enough)")

    d = sub.add_parser(
        "doctor", parents=[common, llm], formatter_class=fmt, help="show the configuration and check the model",
        description=(
            "Show the effective configuration, where each value came from, and whether the model answers.\n"
            "Keys are never printed, only whether they are set.\n\n"
            "Configuration, highest first: command line > INTERVIEWER_* environment > config.toml > defaults.\n"
            "config.toml (in the user config dir) takes the same names, e.g.:\n"
            '  model = "openai/gpt-4o-mini"\n'
            '  judge_model = "anthropic/claude-3-5-sonnet-latest"\n'
            "  timeout = 60"
        ),
        epilog=(
            "examples:\n  interviewer doctor\n  interviewer doctor --model ollama/llama3.1 --api-base http://localhost:11434\n"
            "  INTERVIEWER_MODEL=openai/gpt-4o-mini interviewer doctor"
        ),
    )
    d.add_argument("--no-check", action="store_true", help="don't send a test request to the model")

    e = sub.add_parser(
        "eval", parents=[common, llm], formatter_class=fmt, help="check that a model grades candidates of known quality in order",
        description=(
            "Interview simulated candidates of known quality (strong, average, weak) with the model and check that\n"
            "their scores come out in that order, and how far apart. Candidates replay labelled sample answers\n"
            "(calibration format, JSONL); with --candidate-model a model plays each candidate instead."
        ),
        epilog="examples:\n  interviewer eval --model openai/gpt-4o-mini\n  interviewer eval --model openai/gpt-4o --candidate-model openai/gpt-4o-mini --persona behavioral",
    )
    e.add_argument("--candidate-model", metavar="MODEL", help="a model that plays the candidates")
    e.add_argument("--persona", "-p", default="behavioral", help="the round to run (default: behavioral)")
    e.add_argument("--answers", metavar="FILE", help="labelled sample answers (default: shared/calibration/answers.jsonl)")
    e.add_argument("--minutes", "-m", type=_minutes, help="round length (default: the persona's)")
    e.add_argument("--format", "-f", choices=("table", "json"), default="table")
    return p


# --------------------------------------------------------------------------- commands


def cmd_personas(args: argparse.Namespace) -> int:
    from interviewer.catalog import default_catalog
    from interviewer.paths import user_config_dir

    cat = default_catalog()
    for prob in cat.problems:
        print(f"warning: skipped {prob}", file=sys.stderr)
    rows = [("PERSONA", "ROUND", "MINUTES", "RUBRIC", "PRACTISES")]
    for p in cat.personas.values():
        rows.append((p.id, p.round, str(p.minutes), p.rubric, p.practises))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for r in rows:
        print("  ".join(r[i].ljust(widths[i]) for i in range(4)) + "  " + r[4])
    user = user_config_dir()
    print(f"\nYour own personas and rubrics: {user / 'personas'} and {user / 'rubrics'}", file=sys.stderr)
    return 0


def _engine(args: argparse.Namespace, *, announce: bool = True, check: bool = True) -> dict[str, Any]:
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


def cmd_rehearse(args: argparse.Namespace) -> int:
    import asyncio

    from interviewer import services
    from interviewer.report.render import render

    script = services.load_script(args.script)
    store = services.open_store(args.data_dir)
    out = sys.stderr if args.format == "json" else sys.stdout
    eng = _engine(args)

    def on_turn(turn) -> None:
        who = "Interviewer" if turn.role == "interviewer" else "Candidate"
        clock = f"{int(turn.at // 60):02d}:{int(turn.at % 60):02d}"
        print(f"[{clock}] {who}: {turn.text}\n", file=out)

    def on_notice(text: str) -> None:
        print(f"  (note: {text})", file=sys.stderr)

    result = asyncio.run(
        services.rehearse(
            script, persona_id=args.persona, minutes=args.minutes, store=store, on_turn=on_turn, on_notice=on_notice, **eng
        )
    )
    s = result.interview.session
    print(f"Session {s.id} saved: {store.sessions_dir / (s.id + '.json')}", file=sys.stderr)
    for fmt, path in result.report_paths.items():
        print(f"Report ({fmt}): {path}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(render(result.report, "json") + "\n")
    else:
        sys.stdout.write("\n" + render(result.report, "md"))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from interviewer import services

    if args.file == "-":
        if sys.stdin.isatty():
            print("Paste your answer, then press Ctrl-D on an empty line.", file=sys.stderr)
        data = sys.stdin.buffer.read()
    else:
        try:
            with open(args.file, "rb") as fh:
                data = fh.read()
        except OSError as exc:
            raise CliError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    eng = _engine(args, announce=bool(args.model or args.api_base))
    if eng:
        import asyncio

        report, notices = asyncio.run(
            services.review_async(data, persona_id=args.persona, question=args.question, judge=eng["judge"], grader=eng["grader"])
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
    eng = _engine(args, announce=False) if (args.model or args.api_base) else {}
    if eng:
        import asyncio

        print(f"Grading session {session.id} with {eng['engine']}…", file=sys.stderr)
        report = asyncio.run(services.regrade(store, session, eng["grader"]))
    else:
        report = services.report_for(store, session)
    if args.output:
        fmt = args.format or format_for(Path(args.output))
        path = write_report(report, Path(args.output), fmt)
        print(f"Wrote {path}", file=sys.stderr)
        return 0
    sys.stdout.write(render(report, args.format or "md"))
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    from interviewer import services

    store = services.open_store(args.data_dir)
    sessions, corrupt = store.list()
    for path, reason in corrupt:
        print(f"warning: skipped corrupt session file {path}: {reason}", file=sys.stderr)
    if not sessions:
        print(f"No sessions yet in {store.root}. Start one with `interviewer chat`.")
        return 0
    rows = [("SESSION", "ROUND", "STARTED", "STATUS", "SCORE")]
    for s in sessions:
        score = f"{s.overall:.2f}" if s.overall is not None else "-"
        status = "finished" if s.status == "finished" else f"unfinished ({len(s.candidate_turns())} answers)"
        rows.append((s.id, s.persona_id, s.created[:16].replace("T", " "), status, score))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(r[i].ljust(widths[i]) for i in range(5)).rstrip())
    unfinished = [s for s in sessions if s.status != "finished"]
    if unfinished:
        print(f"\nContinue an unfinished one with: interviewer resume {unfinished[0].id}", file=sys.stderr)
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from interviewer import plainchat

    return plainchat.run_chat(args)


def cmd_resume(args: argparse.Namespace) -> int:
    from interviewer import plainchat

    return plainchat.run_resume(args)


def cmd_default(args: argparse.Namespace) -> int:
    """No command: the full-screen app in a terminal, the plain chat otherwise."""
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty() and os.environ.get("TERM", "") != "dumb":
        from interviewer.tui import run_app

        return run_app(data_dir=args.data_dir)
    args.persona = None
    args.minutes = None
    args.model = None
    args.api_base = None
    args.offline = False
    return cmd_chat(args)


def cmd_doctor(args: argparse.Namespace) -> int:
    from interviewer import doctor

    return doctor.run(args.model, args.api_base, args.data_dir, check=not args.no_check)


def cmd_eval(args: argparse.Namespace) -> int:
    import asyncio
    import json
    from pathlib import Path

    from interviewer import evaluate

    path = Path(args.answers) if args.answers else evaluate.default_answers_file()
    if path is None:
        raise CliError("no sample answers found: pass --answers FILE (the calibration answers.jsonl)")
    samples = evaluate.load_samples(path)
    eng = _engine(args)
    if not eng:
        raise CliError("eval needs a model: pass --model (or set INTERVIEWER_MODEL)", 2)
    cand = None
    if args.candidate_model:
        cand = evaluate.CandidateClient(eng["voice"].settings, args.candidate_model)

    def progress(row) -> None:
        print(f"  {row.quality:<8} {row.overall:.2f}  {row.recommendation}  ({row.source})", file=sys.stderr)

    print(f"Interviewing 3 simulated candidates with {eng['engine']}…", file=sys.stderr)
    rows = asyncio.run(
        evaluate.run_eval(persona_id=args.persona, samples=samples, engine=eng, candidate_client=cand, minutes=args.minutes, on_progress=progress)
    )
    ordered, gaps = evaluate.verdict(rows)
    if args.format == "json":
        print(json.dumps({"ordered": ordered, "gaps": gaps, "candidates": [r.__dict__ for r in rows]}, indent=2))
    else:
        print(f"{'CANDIDATE':<10} {'OVERALL':>7}  {'RECOMMENDATION':<14} FALLBACKS  SCORES")
        for r in rows:
            scores = " ".join(f"{k}={v}" for k, v in r.scores.items())
            print(f"{r.quality:<10} {r.overall:>7.2f}  {r.recommendation:<14} {r.fallbacks:>9}  {scores}")
        print(f"\nIn order (strong > average > weak): {'yes' if ordered else 'NO'}; gaps: {gaps}")
    return 0 if ordered else 1


COMMANDS = {
    "personas": cmd_personas,
    "chat": cmd_chat,
    "rehearse": cmd_rehearse,
    "review": cmd_review,
    "report": cmd_report,
    "sessions": cmd_sessions,
    "resume": cmd_resume,
    "doctor": cmd_doctor,
    "eval": cmd_eval,
}


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.version:
        from interviewer import __version__

        print(f"{PROG} {__version__}")
        return 0
    handler = COMMANDS.get(args.command or "", cmd_default)
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
        _err(message)
        if os.environ.get("INTERVIEWER_DEBUG"):
            raise
        return code


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
