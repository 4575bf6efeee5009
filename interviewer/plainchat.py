"""The line-based chat: an interview in any terminal, or over a pipe. A thin shell over ``services``.

Light at import (the CLI builds its help from ``ANSWER_HELP``): the engine, the catalog and the services are imported
when a chat starts.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from interviewer.engine.clock import time_left_text
from interviewer.errors import UserError, os_error_text

if TYPE_CHECKING:
    from interviewer.engine.interview import Interview, Reply

END_MARK = "."
MAX_WIDTH = 100  # wrap long lines at the terminal's width, but never wider than this

ANSWER_HELP = """\
How to answer: type or paste your answer; it may have several paragraphs.
Finish it with a line that holds only a single '.' (or press Ctrl-D).
Commands (on a line of their own): /skip  skip this question   /end  end the interview
                                   /time  time left             /help  this help
                                   /retry save again after a failed save
"""
COMMANDS = ("/skip", "/end", "/help", "/time", "/quit", "/retry")
DISCARDING = ("/skip", "/end", "/quit")  # commands that leave the question: a draft typed before them is not sent


class Wrapper:
    """Word-wraps text written piece by piece (a streamed reply) at ``width`` columns; ``None`` writes it as is.
    Spaces are held back until the next word shows whether it still fits on the line."""

    def __init__(self, out, width: int | None) -> None:
        self.out = out
        self.width = width
        self.col = 0
        self.spaces = 0  # spaces seen after the last word, not written yet

    def write(self, text: str) -> None:
        if not self.width:
            self.out.write(text)
            return
        for i, line in enumerate(text.split("\n")):
            if i:
                self.out.write("\n")
                self.col = self.spaces = 0
            for j, word in enumerate(line.split(" ")):
                if j:
                    self.spaces += 1
                if not word:
                    continue
                if self.col and self.col + self.spaces + len(word) > self.width:
                    self.out.write("\n")
                    self.col = self.spaces = 0
                self.out.write(" " * self.spaces + word)
                self.col += self.spaces + len(word)
                self.spaces = 0

    def line(self, text: str = "") -> None:
        self.write(text + "\n")
        self.col = self.spaces = 0


class PlainChat:
    def __init__(
        self, interview: Interview, store, *, grader=None, out=None, inp=None, tty: bool | None = None, width: int | None = None
    ) -> None:
        self.grader = grader
        self.interview = interview
        self.store = store
        self.out = out or sys.stdout
        self.inp = inp or sys.stdin.buffer
        self.tty = sys.stdin.isatty() if tty is None else tty
        if width is None and self.tty and getattr(self.out, "isatty", lambda: False)():
            width = min(shutil.get_terminal_size().columns - 1, MAX_WIDTH)
        self.wrap = Wrapper(self.out, width)
        self._streaming = False
        from interviewer.plaincode import CodeDesk

        self.code = CodeDesk(interview, self.say)  # /code, /file and /run in a coding round

    # ------------------------------------------------------------------ output

    def say(self, text: str = "", err: bool = False) -> None:
        if err:
            print(text, file=sys.stderr, flush=True)
            return
        self.wrap.line(text)
        self.out.flush()

    def _token(self, chunk: str) -> None:
        if not self._streaming:
            self.wrap.line()
            self.wrap.write("Interviewer: ")
            self._streaming = True
        self.wrap.write(chunk)
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
            self.wrap.line()
        self._streaming = False
        if not self.interview.finished:
            self.code.show_spec()
            self.say(self._status())

    def _status(self) -> str:
        iv = self.interview
        return "  [" + " · ".join([iv.stage_label(), time_left_text(iv.seconds_left())]) + "]"

    async def _run(self, coro_factory) -> Reply | None:
        """One engine call; a failed save is reported in one line and leaves the interview where it was (None)."""
        self._streaming = False
        try:
            reply = await coro_factory(self._token)
        except OSError as exc:
            if self._streaming:
                self.wrap.line()
            self._streaming = False
            self._save_failed(exc)
            return None
        self._show(reply, streamed=self._streaming)
        return reply

    def _save_failed(self, exc: OSError) -> None:
        where = self.store.root if self.store is not None else "the data folder"
        self.say(
            f"\n  Could not save in {where}: {os_error_text(exc)}. Nothing is lost: your answer is kept here. "
            "Free some space, then type /retry (or an empty answer) to save it and go on; /end writes the report.",
            err=True,
        )

    async def retry(self) -> None:
        """Save what the failed save could not, then give the reply that is missing (or show the last one again)."""
        from interviewer import services

        iv = self.interview
        shown = iv.last_interviewer_turn()
        reply = await self._run(lambda cb: services.retry_save(iv, cb))
        if reply is not None and reply.turn is shown:
            self.say("  (saved)")

    async def _code_command(self, cmd: str) -> None:
        if cmd == "/code":
            self.code.read_block(self.inp, END_MARK, self.tty)
        elif cmd == "/run":
            await self.code.run()
        elif not cmd[5:].strip():
            self.say("  Usage: /file PATH", err=True)
        else:
            self.code.load(cmd[5:])

    # ------------------------------------------------------------------ input

    def read_answer(self) -> tuple[str, bytes | None]:
        """Read one answer. Returns (command, None) for /commands, ("", data) for an answer, ("eof", None) at EOF.

        A command is a line of its own. /skip, /end and /quit after draft text leave the question: the draft is
        dropped (and said so), never sent as part of an answer. /time and /help show and keep the draft."""
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
            if stripped.startswith(b"/"):
                cmd = stripped.decode("utf-8", errors="replace").lower()
                if cmd in COMMANDS and (not lines or cmd in DISCARDING):
                    if lines:
                        self.say(f"  (your draft of {len(lines)} line{'s' if len(lines) != 1 else ''} was not sent)", err=True)
                    return cmd, None
                if not lines and self.code.active and (cmd in ("/code", "/run") or cmd.startswith("/file")):
                    return stripped.decode("utf-8", errors="replace"), None
                if cmd in ("/time", "/help"):
                    self.say(self._status() if cmd == "/time" else ANSWER_HELP, err=bool(lines))
                    continue
                if not lines:
                    extra = " /code /file /run" if self.code.active else ""
                    self.say(f"  Unknown command {cmd}. Commands: {' '.join(c for c in COMMANDS if c != '/quit')}{extra}", err=True)
                    continue
            lines.append(line)

    # ------------------------------------------------------------------ loop

    async def loop(self) -> int:
        from interviewer import services

        iv = self.interview
        if iv.session.turns:
            self.say(f"Resuming session {iv.session.id}.")
            for t in iv.session.turns[-2:]:
                self.say(f"\n{'Interviewer' if t.role == 'interviewer' else 'You'}: {t.text}")
        if services.needs_reply(iv):
            await self._run(iv.recover)
        else:
            self.say(self._status())
        while not iv.finished:
            cmd, data = self.read_answer()
            if cmd == "eof":
                if services.is_saved(iv):
                    self.say(f"\nInput ended. Your answers are saved; continue with: interviewer resume {iv.session.id}", err=True)
                else:
                    self.say(f"\nInput ended. Your last answer could NOT be saved in {self.store.root}.", err=True)
                return 0 if services.is_saved(iv) else 1
            if cmd == "/help":
                self.say(ANSWER_HELP)
                if self.code.active:
                    from interviewer.plaincode import CODE_HELP

                    self.say(CODE_HELP)
            elif cmd.startswith(("/code", "/file", "/run")):
                await self._code_command(cmd)
            elif cmd == "/time":
                self.say(self._status())
            elif cmd == "/retry" or (cmd == "" and not (data or b"").strip() and not services.is_saved(iv)):
                await self.retry()
            elif cmd == "/skip":
                await self._run(iv.skip)
            elif cmd in ("/end", "/quit"):
                await self._run(iv.end)
                break
            elif not services.is_saved(iv):
                await self.retry()
                text = (data or b"").decode("utf-8", errors="replace").strip()
                self.say("  (what you just typed was not sent: the answer before it had to be saved first. "
                         f"Here it is, to send again if you still want to:)\n{text}", err=True)
            else:
                code = self.code.take()
                await self._run(lambda cb: iv.answer(data or b"", on_token=cb, code=code))
        return await self.finish()

    async def finish(self) -> int:
        from interviewer import services

        iv = self.interview
        self.say("\nWriting your feedback report…", err=True)
        report = await services.finish(iv, store=self.store, grader=self.grader)
        services.close_interview(iv)
        paths, failures = services.write_reports_anywhere(report, self.store)
        self.say(f"\nOverall: {report.overall:.2f} / 4 ({report.recommendation})")
        for d in report.dimensions:
            self.say(f"  {d.name:<28} {d.score} / 4")
        if report.summary:
            self.say("\n" + textwrap.fill(report.summary, 100))
        for line in failures:
            self.say(f"  {line}", err=True)
        if paths:
            self.say("\nFull report:")
            for fmt, path in paths.items():
                self.say(f"  {fmt:<4} {path}")
        else:
            from interviewer.report.render import render

            self.say("\nNo folder could take the report file; here it is in full:\n")
            self.out.write(render(report, "md"))
        if services.is_saved(iv):
            self.say(f"Or later: interviewer report {iv.session.id}")
            return 0
        self.say(f"\nYour session could not be saved in {self.store.root}; the report above is all that is kept.", err=True)
        return 1


def pick_persona(catalog, inp=None) -> str:
    """Ask which round to run. Reads the choice from stdin's byte stream (the same one answers come from), so a
    piped session can start with the persona's number or name on its first line."""
    personas = list(catalog.personas.values())
    if not personas:
        raise UserError("no personas could be loaded (see `interviewer personas`)")
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
            raise UserError("no round chosen (pass --persona, see `interviewer personas`)", 2)
        choice = line.decode("utf-8", errors="replace").strip()
        if not tty:
            print(choice, file=out)
        if choice.isdigit() and 1 <= int(choice) <= len(personas):
            return personas[int(choice) - 1].id
        if choice in catalog.personas:
            return choice
        print(f"  Please type a number from 1 to {len(personas)}.", file=out)
    raise UserError("no valid round chosen (pass --persona, see `interviewer personas`)", 2)


EngineFactory = Callable[[], Any]
PlanFactory = Callable[[str, Any, Any], Any]


def run_chat(args: argparse.Namespace, engine: EngineFactory | None = None, plan: PlanFactory | None = None) -> int:
    """A new interview in the line chat. ``engine`` builds the EngineSet (the CLI's, which checks the model);
    ``plan(persona_id, engine, store)`` the round's plan (a tailored round or a drill), or None."""
    from interviewer import services
    from interviewer.catalog import default_catalog

    catalog = default_catalog()
    for prob in catalog.problems:
        print(f"warning: skipped {prob}", file=sys.stderr)
    persona_id = args.persona or pick_persona(catalog)
    persona = catalog.persona(persona_id)
    store = services.open_store(args.data_dir, writable=True)  # before any question: never an interview that cannot be saved
    eng = engine() if engine else None
    chosen = plan(persona.id, eng, store) if plan else None  # --job/--resume (a tailored round) or a drill
    interview = services.new_interview(
        catalog, persona.id, minutes=args.minutes, store=store, engine=eng, plan=chosen, origin="chat"
    )
    print(f"\n{persona.round} with {persona.name} · {interview.session.minutes:g} minutes · session {interview.session.id}")
    print(ANSWER_HELP)
    return _run(PlainChat(interview, store, grader=getattr(eng, "grader", None)))


def run_resume(args: argparse.Namespace, engine: EngineFactory | None = None) -> int:
    from interviewer import services
    from interviewer.catalog import default_catalog

    catalog = default_catalog()
    store = services.open_store(args.data_dir)
    warning = services.check_data_dir(store, resuming=True)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    session = services.load_session(store, args.ref)  # a clear error for a bad id before the model is checked
    if session.status == "finished":
        raise UserError(f"session {session.id} is already finished; see `interviewer report {session.id}`")
    store.lock(session.id)  # one writer: a window that has it open is named now, before the model is loaded and checked
    eng = engine() if engine else None
    interview = services.resume_interview(catalog, store, session.id, engine=eng)
    return _run(PlainChat(interview, store, grader=getattr(eng, "grader", None)))


def _run(chat: PlainChat) -> int:
    try:
        import asyncio  # here: the CLI imports this module for its help text, and asyncio costs ~30 ms

        return asyncio.run(chat.loop())
    except KeyboardInterrupt:
        sid = chat.interview.session.id
        from interviewer import services

        if services.is_saved(chat.interview):
            print(f"\nInterrupted. Your answers are saved; continue with: interviewer resume {sid}", file=sys.stderr)
        else:
            print(f"\nInterrupted. Your last answer could NOT be saved in {chat.store.root}.", file=sys.stderr)
        return 130
