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
        epilog="Add your own: put persona and rubric YAML files in the folders that `interviewer personas` prints.",
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
        epilog="example:\n  interviewer resume 20261121-1045",
    )
    rs.add_argument("ref", metavar="ID", help="the session id (a unique prefix is enough)")
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


def _engine(args: argparse.Namespace, *, announce: bool = True) -> dict[str, Any]:
    """The judge/voice/grader to use. Offline unless a model is configured (see `interviewer doctor`)."""
    from interviewer import engines

    return engines.select(
        model=getattr(args, "model", None),
        api_base=getattr(args, "api_base", None),
        offline=getattr(args, "offline", False),
        announce=(lambda s: print(s, file=sys.stderr)) if announce else None,
    )


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
        try:
            from interviewer.tui import run_app
        except ImportError:
            run_app = None
        if run_app is not None:
            return run_app(data_dir=args.data_dir)
    args.persona = None
    args.minutes = None
    args.model = None
    args.api_base = None
    args.offline = False
    return cmd_chat(args)


COMMANDS = {
    "personas": cmd_personas,
    "chat": cmd_chat,
    "rehearse": cmd_rehearse,
    "review": cmd_review,
    "report": cmd_report,
    "sessions": cmd_sessions,
    "resume": cmd_resume,
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
