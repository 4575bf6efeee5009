"""Session commands: `sessions` (list) and `resume` (continue an unfinished interview)."""

from __future__ import annotations

import argparse
import sys

from interviewer.cli._common import ANSWER_HELP, Parents, add_plain, command, engine, wants_app

ORDER = 40


def register(sub, parents: Parents) -> None:
    examples = ("interviewer sessions", "interviewer resume 20261121-1045")
    command(
        sub, parents, "sessions", cmd_sessions, help="list past and unfinished interviews",
        description="List past and unfinished interviews, newest first.", examples=examples,
    )
    rs = command(
        sub, parents, "resume", cmd_resume, llm=True, help="continue an unfinished interview",
        description=(
            "Continue an unfinished interview, or an onsite loop, where it stopped: in the full-screen app in a\n"
            "terminal, in the line-based chat with --plain or when input or output is not a terminal (a loop always\n"
            "continues in the line-based chat).\n\nIn the line-based chat:\n" + ANSWER_HELP
        ),
        examples=examples,
    )
    rs.add_argument("ref", metavar="ID", help="the session or loop id (a unique prefix is enough)")
    add_plain(rs)


def cmd_sessions(args: argparse.Namespace) -> int:
    from interviewer import services
    from interviewer.store import status_text

    store = services.open_store(args.data_dir)
    found = store.listing()
    for line in found.warnings():
        print(f"warning: {line}", file=sys.stderr)
    sessions = found.sessions
    if not sessions:
        print(f"No sessions yet in {store.root}. Start one with `interviewer chat`.")
        return 0
    rows = [("SESSION", "ROUND", "STARTED", "STATUS", "SCORE")]
    for s in sessions:
        score = f"{s.overall:.2f}" if s.overall is not None else "-"
        status = status_text(s)
        rows.append((s.id, s.persona_id, s.created[:16].replace("T", " "), status, score))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    for r in rows:
        print("  ".join(r[i].ljust(widths[i]) for i in range(5)).rstrip())
    unfinished = [s for s in sessions if s.status != "finished"]
    if unfinished:
        print(f"\nContinue an unfinished one with: interviewer resume {unfinished[0].id}", file=sys.stderr)
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    from interviewer import plainchat, plainloop

    if plainloop.resume_target(args) is not None:  # a loop id, or a session that is a round of an unfinished loop
        return plainloop.run_loop(args)
    if wants_app(args):
        from interviewer import services
        from interviewer.cli.interview import app_engine
        from interviewer.locks import SessionLocked, holder_pid
        from interviewer.tui import run_app

        store = services.open_store(args.data_dir)
        session = services.load_session(store, args.ref)  # a bad id, a finished or an open session: one line, no app
        if session.status == "finished":
            raise services.UserError(f"session {session.id} is already finished; see `interviewer report {session.id}`")
        pid = holder_pid(store.lock_path(session.id))
        if pid:
            raise SessionLocked(session.id, pid)
        return run_app(data_dir=args.data_dir, engine=app_engine(args), session=session.id)
    return plainchat.run_resume(args, lambda: engine(args))
