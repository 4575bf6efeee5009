"""The line-based chat: an interview in any terminal, or over a pipe. A thin shell over ``Interview``."""

from __future__ import annotations

import argparse
import asyncio
import sys
import textwrap

from interviewer import services
from interviewer.catalog import default_catalog
from interviewer.cli import ANSWER_HELP, CliError, _engine
from interviewer.engine.interview import Interview, Reply

END_MARK = "."


def _fmt_clock(seconds: float) -> str:
    sign = "-" if seconds < 0 else ""
    seconds = abs(int(seconds))
    return f"{sign}{seconds // 60:02d}:{seconds % 60:02d}"


class PlainChat:
    def __init__(self, interview: Interview, store, *, grader=None, out=None, inp=None, tty: bool | None = None) -> None:
        self.grader = grader
        self.interview = interview
        self.store = store
        self.out = out or sys.stdout
        self.inp = inp or sys.stdin.buffer
        self.tty = sys.stdin.isatty() if tty is None else tty
        self._streaming = False

    # ------------------------------------------------------------------ output

    def say(self, text: str = "", err: bool = False) -> None:
        print(text, file=sys.stderr if err else self.out, flush=True)

    def _token(self, chunk: str) -> None:
        if not self._streaming:
            self.out.write("\nInterviewer: ")
            self._streaming = True
        self.out.write(chunk)
        self.out.flush()

    def _show(self, reply: Reply, streamed: bool) -> None:
        for n in reply.notices:
            self.say(f"  (note: {n})", err=True)
        if reply.replaced_partial and reply.turn:
            self.say("\n  (the model's reply broke off; the offline interviewer takes this turn)", err=True)
            streamed = False
        if reply.turn and not streamed:
            self.say(f"\nInterviewer: {reply.turn.text}")
        elif streamed:
            self.out.write("\n")
        self._streaming = False
        if not self.interview.finished:
            self.say(self._status())

    def _status(self) -> str:
        iv = self.interview
        left = iv.seconds_left()
        parts = [iv.stage_label(), f"{_fmt_clock(left)} left" if left >= 0 else f"{_fmt_clock(-left)} over time"]
        return "  [" + " · ".join(parts) + "]"

    async def _run(self, coro_factory) -> Reply:
        self._streaming = False
        reply = await coro_factory(self._token)
        self._show(reply, streamed=self._streaming)
        return reply

    # ------------------------------------------------------------------ input

    def read_answer(self) -> tuple[str, bytes | None]:
        """Read one answer. Returns (command, None) for /commands, ("", data) for an answer, ("eof", None) at EOF."""
        lines: list[bytes] = []
        if self.tty:
            self.say(f"\nYou (end with a line holding only '{END_MARK}'; /help for commands):")
        while True:
            line = self.inp.readline()
            if not line:
                if lines:
                    return "", b"".join(lines)
                return "eof", None
            stripped = line.strip()
            if stripped == END_MARK.encode():
                return "", b"".join(lines)
            if not lines and stripped.startswith(b"/"):
                cmd = stripped.decode("utf-8", errors="replace").lower()
                if cmd in ("/skip", "/end", "/help", "/time", "/quit"):
                    return cmd, None
                self.say(f"  Unknown command {cmd}. " + "Commands: /skip /end /time /help", err=True)
                continue
            lines.append(line)

    # ------------------------------------------------------------------ loop

    async def loop(self) -> int:
        iv = self.interview
        if iv.session.turns:
            self.say(f"Resuming session {iv.session.id}.")
            for t in iv.session.turns[-2:]:
                who = "Interviewer" if t.role == "interviewer" else "You"
                self.say(f"\n{who}: {t.text}")
            if iv.session.turns[-1].role == "candidate" or not iv.awaiting_reply:
                await self._run(iv.recover)
            else:
                self.say(self._status())
        else:
            await self._run(iv.start)
        while not iv.finished:
            cmd, data = self.read_answer()
            if cmd == "eof":
                self.say(
                    f"\nInput ended. Your answers are saved; continue with: interviewer resume {iv.session.id}", err=True
                )
                return 0
            if cmd == "/help":
                self.say(ANSWER_HELP)
                continue
            if cmd == "/time":
                self.say(self._status())
                continue
            if cmd == "/skip":
                await self._run(iv.skip)
                continue
            if cmd in ("/end", "/quit"):
                await self._run(iv.end)
                break
            await self._run(lambda cb: iv.answer(data or b"", on_token=cb))
        return await self.finish()

    async def finish(self) -> int:
        iv = self.interview
        self.say("\nWriting your feedback report…", err=True)
        report = await services.finish(iv, store=self.store, grader=self.grader)
        paths = services.write_reports(report, self.store)
        self.say(f"\nOverall: {report.overall:.2f} / 4 ({report.recommendation})")
        for d in report.dimensions:
            self.say(f"  {d.name:<28} {d.score} / 4")
        if report.summary:
            self.say("\n" + textwrap.fill(report.summary, 100))
        self.say("\nFull report:")
        for fmt, path in paths.items():
            self.say(f"  {fmt:<4} {path}")
        self.say(f"Or later: interviewer report {iv.session.id}")
        return 0


def _pick_persona(catalog, inp=None) -> str:
    """Ask which round to run. Reads the choice from stdin's byte stream (the same one answers come from), so a
    piped session can start with the persona's number or name on its first line."""
    personas = list(catalog.personas.values())
    if not personas:
        raise CliError("no personas could be loaded (see `interviewer personas`)")
    inp = inp or sys.stdin.buffer
    tty = sys.stdin.isatty()
    out = sys.stdout if tty else sys.stderr
    print("Which round would you like to practise?\n", file=out)
    for i, p in enumerate(personas, 1):
        print(f"  {i}. {p.round:<22} {p.minutes:>3} min  {p.practises}", file=out)
    for _ in range(5):
        print(f"\nNumber (1-{len(personas)}) or name: ", end="", file=out, flush=True)
        line = inp.readline()
        if not line:
            raise CliError("no round chosen (pass --persona, see `interviewer personas`)", 2)
        choice = line.decode("utf-8", errors="replace").strip()
        if not tty:
            print(choice, file=out)
        if choice.isdigit() and 1 <= int(choice) <= len(personas):
            return personas[int(choice) - 1].id
        if choice in catalog.personas:
            return choice
        print(f"  Please type a number from 1 to {len(personas)}.", file=out)
    raise CliError("no valid round chosen (pass --persona, see `interviewer personas`)", 2)


def run_chat(args: argparse.Namespace) -> int:
    catalog = default_catalog()
    for prob in catalog.problems:
        print(f"warning: skipped {prob}", file=sys.stderr)
    persona_id = args.persona or _pick_persona(catalog)
    persona = catalog.persona(persona_id)
    store = services.open_store(args.data_dir)
    eng = _engine(args)
    from interviewer.cli._tailor import plan_from_args

    plan = plan_from_args(args, persona.id, eng, store)  # --job/--resume (a tailored round) or a drill
    interview = Interview.new(
        catalog, persona.id, minutes=args.minutes, store=store,
        judge=eng.get("judge"), voice=eng.get("voice"), engine=eng.get("engine", "offline"), plan=plan,
    )
    minutes = interview.session.minutes
    print(f"\n{persona.round} with {persona.name} · {minutes:g} minutes · session {interview.session.id}")
    print(ANSWER_HELP)
    return _run(PlainChat(interview, store, grader=eng.get("grader")))


def run_resume(args: argparse.Namespace) -> int:
    catalog = default_catalog()
    store = services.open_store(args.data_dir)
    session = services.load_session(store, args.ref)
    if session.status == "finished":
        raise CliError(f"session {session.id} is already finished; see `interviewer report {session.id}`")
    eng = _engine(args)
    interview = Interview.resume(catalog, session, store=store, judge=eng.get("judge"), voice=eng.get("voice"))
    return _run(PlainChat(interview, store, grader=eng.get("grader")))


def _run(chat: PlainChat) -> int:
    try:
        return asyncio.run(chat.loop())
    except KeyboardInterrupt:
        sid = chat.interview.session.id
        print(f"\nInterrupted. Your answers are saved; continue with: interviewer resume {sid}", file=sys.stderr)
        return 130
