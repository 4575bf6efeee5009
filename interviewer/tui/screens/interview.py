"""The Interview screen: the chat log, the answer box and the status bar over one ``Interview``.

The screen owns the ``Interview`` and calls it from one async worker at a time (group "engine", exclusive). The
engine persists every turn itself, so quitting at any moment loses nothing; the session stays unfinished and Home
offers to resume it. Opening the interview (the engine, a new or resumed session, a tailored plan) is in
``interview_start.py``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Button, Footer, LoadingIndicator, Static

from interviewer import services
from interviewer.engine.interview import Interview, Reply
from interviewer.engines import OFFLINE, EngineSet
from interviewer.tui.messages import EndInterview, InterviewFinished, SendAnswer, SkipQuestion
from interviewer.tui.screens.errors import cause, turn_failure
from interviewer.tui.screens.interview_start import InterviewStart
from interviewer.tui.screens.modals import ConfirmScreen
from interviewer.tui.widgets.answer_box import AnswerBox
from interviewer.tui.widgets.chat import ChatLog, ChatMessage, TypingIndicator
from interviewer.tui.widgets.status import StatusBar

if TYPE_CHECKING:
    from interviewer.tui.app import InterviewerApp

TokenCall = Callable[[Callable[[str], None]], Awaitable[Reply]]


class InterviewScreen(InterviewStart, Screen):
    CSS_PATH = Path(__file__).resolve().parents[1] / "interview.tcss"  # read when the first interview opens
    BINDINGS = [
        Binding("ctrl+s,ctrl+enter", "send", "Send", priority=True),
        Binding("ctrl+n", "skip", "Skip question", priority=True),
        Binding("ctrl+t", "end", "End interview", priority=True),
        Binding("ctrl+r", "retry_report", "Retry report", show=False, priority=True),
    ]
    AUTO_FOCUS = "#answer"

    app: InterviewerApp  # type: ignore[assignment]

    def __init__(
        self,
        *,
        persona_id: str | None = None,
        minutes: int | None = None,
        model: str | None = None,
        offline: bool = False,
        session_id: str | None = None,
        job: str | None = None,
        resume: str | None = None,
        drill: str | None = None,
    ) -> None:
        super().__init__()
        self.job, self.resume, self.drill = job, resume, drill  # a tailored round or a drill (new sessions only)
        if not persona_id and not session_id:
            raise ValueError("an interview needs a persona or a session to resume")
        self.persona_id = persona_id
        self.minutes = minutes
        self.model = model
        self.offline = offline
        self.session_id = session_id
        self.interview: Interview | None = None
        self.engine: EngineSet = OFFLINE
        self.busy = False  # the engine is working on a turn
        self.closing = False  # the interview is over: grading and writing the report
        self.report_failed = False

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        yield ChatLog(id="chat")
        yield TypingIndicator(animate=not self.app.test_mode)
        yield AnswerBox(blink=not self.app.test_mode)
        with Horizontal(id="finishing"):
            yield LoadingIndicator(id="finishing-spinner")
            yield Static("Writing your report…", id="finishing-label", markup=False)
        yield Footer()

    def on_unmount(self) -> None:
        if self.interview is not None:
            services.close_interview(self.interview)  # another window may open the session now

    def on_mount(self) -> None:
        self.query_one("#finishing").display = False
        self.status.show(persona="Getting ready…", stage="", left=None, total=1)
        self.set_interval(1.0, self.tick)
        self.boot()

    # ------------------------------------------------------------------ handy

    @property
    def chat(self) -> ChatLog:
        return self.query_one(ChatLog)

    @property
    def box(self) -> AnswerBox:
        return self.query_one(AnswerBox)

    @property
    def typing(self) -> TypingIndicator:
        return self.query_one(TypingIndicator)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    def _speaker(self) -> str:
        return self.interview.persona.name if self.interview else "Interviewer"

    def _short_name(self) -> str:
        return self._speaker().split(",")[0]

    def _focus_box(self) -> None:
        if not self.closing:
            self.box.focus()

    def tick(self) -> None:
        """Refresh the status bar (once a second, and after every turn)."""
        iv = self.interview
        if iv is None:
            return
        p = iv.persona
        q = iv.session.current_question
        finished = iv.finished
        self.status.show(
            persona=f"{p.round} · {p.name.split(',')[0]}",
            stage=iv.stage_label(),
            left=None if finished else iv.seconds_left(),
            total=iv.session.minutes * 60.0,
            question_elapsed=None if (q is None or finished) else max(iv.now() - q.started_at, 0.0),
            question_budget=q.budget_seconds if q else None,
        )

    # ------------------------------------------------------------------ one turn

    async def _speak(self, call: TokenCall) -> Reply:
        """Run one engine call that produces the interviewer's next turn, streaming it into a new message."""
        self.typing.start(f"{self._short_name()} is typing")
        msg: ChatMessage = await self.chat.add("interviewer", self._speaker(), pending=True)
        first = True

        def feed(chunk: str) -> None:
            nonlocal first
            if first:  # the engine has moved on (new question, follow-up...): show the new stage with its first words
                first = False
                self.tick()
            msg.feed(chunk)

        try:
            reply = await call(feed)
        except BaseException:
            msg.remove()
            raise
        if reply.turn is not None:
            await msg.finish(reply.turn.text)
        else:
            await msg.remove()
        for note in reply.notices:
            self.notify(note, severity="warning", markup=False, timeout=8)
        return reply

    async def _after_reply(self) -> None:
        self.tick()
        iv = self.interview
        if iv is not None and iv.finished:
            await self.finish()
        else:
            self._focus_box()

    @work(exclusive=True, group="engine")
    async def run_turn(self, kind: str, text: str = "") -> None:
        iv = self.interview
        assert iv is not None
        self.busy = True
        you: ChatMessage | None = None
        call: TokenCall
        if kind == "recover":
            call = lambda cb: services.retry_save(iv, cb)  # noqa: E731 - the reply is missing, or the last save failed
        elif kind == "answer":
            you = await self.chat.add("candidate", "You", text)
            self.box.take_out(text)  # sent: out of the box while the reply is pending (put back on failure)
            call = self.answer_call(text)  # a resend of a saved answer only asks again
        elif kind == "skip":
            call = iv.skip
        else:
            call = lambda cb: iv.end(on_token=cb)  # noqa: E731
        try:
            await self._speak(call)
        except Exception as exc:  # noqa: BLE001 - the cause is shown; the answer is kept
            if you is not None:
                await you.remove()
            if kind == "answer":
                self.box.put_back(text)
            saved = services.is_saved(iv)
            msg = turn_failure(kind, exc, saved=saved, reply_missing=self._reply_missing())
            self.notify(msg, severity="error", markup=False, timeout=10)
            return
        finally:
            self.busy = False
            self.typing.stop()
            self.tick()
            self._focus_box()
        await self._after_reply()

    def answer_call(self, text: str) -> TokenCall:
        """The engine call that sends ``text`` (a coding screen adds the code)."""
        iv = self.interview
        assert iv is not None
        return lambda cb: iv.answer(text, on_token=cb)

    def _reply_missing(self) -> bool:
        """Whether the last saved turn is the candidate's, with no reply from the interviewer yet."""
        turns = self.interview.session.turns if self.interview else []
        return bool(turns) and turns[-1].role == "candidate"

    # ------------------------------------------------------------------ the end: grade and report

    async def finish(self) -> None:
        iv = self.interview
        assert iv is not None
        self.closing = True
        self.report_failed = False
        self.box.display = False
        self.typing.stop()
        self.query_one("#finishing").display = True
        self.query_one("#finishing-spinner").display = True
        self.query_one("#finishing-label", Static).update("Writing your report…")
        self.tick()
        app = self.app
        try:
            report = await services.finish(iv, store=app.store, grader=self.engine.grader)
            services.close_interview(iv)
            paths, failures = await asyncio.to_thread(services.write_reports_anywhere, report, app.store)
            from interviewer.report.render import render

            markdown = await asyncio.to_thread(render, report, "md")
            for line in failures:
                self.notify(line[:1].upper() + line[1:], severity="warning", markup=False, timeout=15)
            if not services.is_saved(iv):
                self.notify(f"Your session could not be saved in {app.store.root}; the report is shown here.",
                            severity="error", markup=False, timeout=15)
        except Exception as exc:  # noqa: BLE001
            self.report_failed = True
            self.query_one("#finishing-spinner").display = False
            self.query_one("#finishing-label", Static).update(
                f"Could not write the report: {cause(exc)}. Ctrl+R tries again"
                + ("; your interview is saved." if services.is_saved(iv) else ".")
            )
            self.notify(f"Could not write the report: {cause(exc)}", severity="error", markup=False, timeout=10)
            return
        app.current_interview = None
        self.post_message(InterviewFinished(iv.session.id, report, markdown, paths))  # the app routes it

    @work(exclusive=True, group="engine")
    async def retry_finish(self) -> None:
        await self.finish()

    # ------------------------------------------------------------------ actions (keys, palette) -> messages

    def action_send(self) -> None:
        # Keys typed just before the send key may still sit in the box's queue (a priority binding runs at once):
        # send from the box's own queue, after them, so the whole answer goes.
        self.box.call_later(self.box.send)

    def action_skip(self) -> None:
        self.post_message(SkipQuestion())

    def action_end(self) -> None:
        self.post_message(EndInterview())

    def action_retry_report(self) -> None:
        if self.closing and self.report_failed:
            self.retry_finish()

    def _can_act(self, what: str) -> bool:
        if self.closing:
            return False
        if self.interview is None or self.busy:
            self.notify(f"Just a moment: the interviewer is still speaking. ({what} when they are done.)", timeout=3)
            return False
        return True

    @on(SendAnswer)
    def _send(self, event: SendAnswer) -> None:
        event.stop()
        if not self._can_act("Send"):
            return
        iv = self.interview
        if not event.text.strip() and (self._reply_missing() or (iv is not None and not services.is_saved(iv))):
            self.run_turn("recover")  # the answer is kept; save it and ask for the interviewer's reply again
            return
        if not event.text.strip():
            self.notify("Type your answer first (Ctrl+N skips the question).", severity="warning", timeout=4)
            self._focus_box()
            return
        self.run_turn("answer", event.text)

    @on(SkipQuestion)
    def _skip(self, event: SkipQuestion) -> None:
        event.stop()
        if self._can_act("Skip"):
            self.run_turn("skip")

    @on(EndInterview)
    def _end(self, event: EndInterview) -> None:
        event.stop()
        if self.closing:
            return
        if self.interview is None:
            self.app.pop_screen()
            return

        def decided(yes: bool | None) -> None:
            if yes and self._can_act("End"):
                self.run_turn("end")
            else:
                self._focus_box()

        self.app.push_screen(
            ConfirmScreen(
                "End the interview now?",
                yes="End interview",
                no="Keep going",
                detail="You'll get a report on the answers so far. Your draft in the box is not sent.",
            ),
            decided,
        )

    @on(Button.Pressed)
    def _button(self, event: Button.Pressed) -> None:
        event.stop()

    def palette_commands(self) -> list[SystemCommand]:
        return [
            SystemCommand("Send answer", "Send the text in the answer box (Ctrl+S)", self.action_send),
            SystemCommand("Skip question", "Move on to the next question (Ctrl+N)", self.action_skip),
            SystemCommand("End interview", "End the interview now and get the report (Ctrl+T)", self.action_end),
        ]
