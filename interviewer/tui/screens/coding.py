"""The Interview screen of a coding round: the chat on the left, a Python code editor (line numbers, highlighting)
with the question's signature and examples on the right. F5 runs the shown examples in the sandbox (a worker, off
the UI thread); Ctrl+S submits the answer together with the code, which then runs against the hidden tests."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, LoadingIndicator, Static, TextArea

from interviewer.tui.messages import SendAnswer
from interviewer.tui.screens.interview import InterviewScreen
from interviewer.tui.widgets.answer_box import AnswerBox
from interviewer.tui.widgets.chat import ChatLog, TypingIndicator
from interviewer.tui.widgets.status import StatusBar


class CodeEditor(TextArea):
    """The candidate's code: Python highlighting, line numbers, Tab indents."""

    def __init__(self, *, blink: bool = True) -> None:
        super().__init__("", id="code", language="python", show_line_numbers=True, tab_behavior="indent", soft_wrap=False)
        self.cursor_blink = blink
        self.border_title = "Your code"
        self.border_subtitle = "F5 run examples · Ctrl+S submit with your answer · F6 switch"


class CodingInterviewScreen(InterviewScreen):
    BINDINGS = [
        Binding("f5,ctrl+e", "run_examples", "Run examples", priority=True),
        Binding("f6", "switch_focus", "Code/answer", priority=True),
    ]
    DEFAULT_CSS = """
    CodingInterviewScreen #coding-main { height: 1fr; }
    CodingInterviewScreen #coding-left { width: 1fr; }
    CodingInterviewScreen #coding-right { width: 1fr; }
    CodingInterviewScreen #spec { height: auto; max-height: 9; padding: 0 1; color: $text-muted; }
    CodingInterviewScreen #code { height: 1fr; border: round $primary 60%; }
    CodingInterviewScreen #code:focus { border: round $primary; }
    CodingInterviewScreen #run-result { height: auto; max-height: 8; padding: 0 1; }
    CodingInterviewScreen #run-result.-failed { color: $text-error; }
    CodingInterviewScreen #run-result.-passed { color: $text-success; }
    """

    loaded_question: str | None = None
    submitted: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="coding-main"):
            with Vertical(id="coding-left"):
                yield ChatLog(id="chat")
                yield TypingIndicator(animate=not self.app.test_mode)
                yield AnswerBox(blink=not self.app.test_mode)
            with Vertical(id="coding-right"):
                yield Static("", id="spec", markup=False)
                yield CodeEditor(blink=not self.app.test_mode)
                yield Static("F5 runs the examples shown above; nothing is sent to the interviewer.", id="run-result", markup=False)
        with Horizontal(id="finishing"):
            yield LoadingIndicator(id="finishing-spinner")
            yield Static("Writing your report…", id="finishing-label", markup=False)
        yield Footer()

    @property
    def editor(self) -> CodeEditor:
        return self.query_one(CodeEditor)

    def tick(self) -> None:
        super().tick()
        self._load_question()

    def _load_question(self) -> None:
        """Show the current question's signature and examples, and its starter (or latest) code, once per question."""
        iv = self.interview
        q = iv.session.current_question if iv else None
        if iv is None or q is None or q.question_id == self.loaded_question:
            return
        from interviewer.coding_service import spec_text, starter_or_latest

        self.loaded_question = q.question_id
        self.query_one("#spec", Static).update(spec_text(q.question_id) or "")
        self.editor.text = starter_or_latest(iv.session, q.question_id)
        self.submitted = {**self.submitted, q.question_id: self.submitted.get(q.question_id, "")}

    def answer_call(self, text: str):
        """Submit the code with the answer when it changed since the last submission for this question."""
        iv = self.interview
        assert iv is not None
        code = self.editor.text
        qid = self.loaded_question
        send = code if code.strip() and qid and self.submitted.get(qid) != code else None
        if send is not None and qid:
            self.submitted = {**self.submitted, qid: code}
        return lambda cb: iv.answer(text, on_token=cb, code=send)

    @on(SendAnswer)
    def _send(self, event: SendAnswer) -> None:
        if not event.text.strip() and self.loaded_question and self.editor.text.strip() and not self.busy and not self.closing:
            event.stop()
            self.run_turn("answer", "(submitted code)")
            return
        super()._send(event)

    def action_run_examples(self) -> None:
        if self.interview is None or self.closing:
            return
        # running the examples is part of writing the code: the cursor goes (back) to the editor, where the fix is
        # typed next, also when F5 was pressed in the answer box (where every reply leaves the focus)
        if not self.editor.has_focus:
            self.editor.focus()
        if not self.editor.text.strip():
            self.notify("Write some code first.", severity="warning", timeout=3)
            return
        self.run_examples(self.editor.text)

    @work(exclusive=True, group="examples")
    async def run_examples(self, code: str) -> None:
        out = self.query_one("#run-result", Static)
        out.set_classes("")
        out.update("Running the examples in the sandbox…")
        iv = self.interview
        assert iv is not None
        try:
            result = await iv.run_examples(code)  # runs in a thread, in a separate sandboxed process
        except Exception as exc:  # noqa: BLE001
            out.update(f"Could not run the examples: {exc}")
            return
        if result is None:
            out.update("There is no coding question open right now.")
            return
        lines = [result.summary]
        for t in result.tests:
            if t.outcome != "passed":
                lines.append(f"✗ {t.input}: {t.detail}")
            if t.output:
                lines.append(f"  printed: {t.output.strip()[:200]}")
        out.set_classes("-passed" if result.all_passed else "-failed")
        out.update("\n".join(lines))

    def action_switch_focus(self) -> None:
        if self.editor.has_focus:
            self._focus_box()
        else:
            self.editor.focus()

    def palette_commands(self) -> list[SystemCommand]:
        return [
            *super().palette_commands(),
            SystemCommand("Run examples", "Run your code against the shown examples (F5)", self.action_run_examples),
        ]


def screen_class(catalog, *, persona_id: str | None = None, store=None, session_id: str | None = None) -> type[InterviewScreen]:
    """The coding screen for a round whose rubric scores code, the plain interview screen otherwise."""
    try:
        if persona_id is None and store is not None and session_id:
            from interviewer import services

            persona_id = services.load_session(store, session_id).persona_id
        persona = catalog.personas.get(persona_id or "")
        rubric = catalog.rubrics.get(persona.rubric) if persona else None
    except Exception:  # noqa: BLE001 - the interview screen reports a session it cannot load
        return InterviewScreen
    return CodingInterviewScreen if rubric is not None and rubric.kind == "coding" else InterviewScreen
