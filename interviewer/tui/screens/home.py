"""Home: pick a round (and its length), resume an unfinished interview, open past reports."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.validation import Integer

from interviewer.engine.clock import MAX_MINUTES, MIN_MINUTES, MINUTES_RANGE
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, OptionList, Static

from interviewer.models import Session
from interviewer.tui.messages import OpenProgress, OpenReport, ResumeInterview, StartInterview, StartLoop
from interviewer.tui.widgets.home import PersonaList, SessionTable, session_date, session_status
from interviewer.tui.widgets.tailor import TailorFields

if TYPE_CHECKING:
    from interviewer.tui.app import InterviewerApp


MINUTES_ERROR = f"Minutes must be a whole number from {MINUTES_RANGE}."


class HomeScreen(Screen):
    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("r", "resume", "Resume"),
        Binding("l", "loop", "Onsite loop"),
        Binding("m", "focus_minutes", "Minutes", show=False),
        Binding("p", "progress", "Progress"),
    ]

    app: InterviewerApp  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.sessions: list[Session] = []
        self.unfinished: Session | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        app = self.app
        personas = list(app.catalog.personas.values())
        yield Header()
        with Vertical(id="home"):
            yield Button("", id="resume", variant="warning", compact=True)
            yield Static("Choose a round  [dim](Enter or S to start)[/]", classes="section")
            yield PersonaList(personas)
            with Horizontal(id="options"):
                yield Label("Minutes", classes="field-label")
                minutes = Input(
                    str(personas[0].minutes) if personas else "",
                    id="minutes",
                    type="integer",
                    max_length=3,
                    validators=[Integer(minimum=MIN_MINUTES, maximum=MAX_MINUTES, failure_description=f"{MINUTES_RANGE} minutes")],
                    compact=True,
                    tooltip=f"The round's time budget, {MIN_MINUTES}-{MAX_MINUTES} minutes",
                )
                minutes.cursor_blink = not app.test_mode
                yield minutes
                yield Label("", id="engine", classes="field-label", markup=False)
                model = Input("", id="model", compact=True, placeholder="model (empty: offline)")
                model.cursor_blink = not app.test_mode
                model.display = False
                yield model
                yield Button("Start interview", id="start", variant="primary", compact=True)
            yield TailorFields(blink=not app.test_mode)
            yield Static("", id="minutes-error", markup=False)
            yield Static("Recent sessions  [dim](Enter opens the report, or resumes)[/]", classes="section")
            yield SessionTable()
            yield Static("No interviews yet. Pick a round above to start one.", id="no-sessions")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#resume").display = False
        self.query_one("#no-sessions").display = False
        self.query_one(PersonaList).focus()
        if self.app.catalog.problems:
            for prob in self.app.catalog.problems:
                self.notify(f"Skipped {prob}", severity="warning", markup=False, timeout=8)
        self._show_engine(self.app.model_hint())
        # after the first frame: reading sessions and settings must not delay it
        self._shown_once = False  # the first resume is the first show: sessions load once, after the first frame
        self.call_after_refresh(self.load_sessions)
        self.call_after_refresh(self.load_model)

    def on_screen_resume(self) -> None:
        if self._shown_once:  # back from an interview or a report: the list may have changed
            self.load_sessions()
        self._shown_once = True

    # ------------------------------------------------------------------ data (in workers, after the first frame)

    @work(exclusive=True, group="sessions")
    async def load_sessions(self) -> None:
        try:
            found = await asyncio.to_thread(self.app.store.listing)
        except OSError as exc:
            self.notify(f"Cannot read sessions in {self.app.store.root}: {exc}", severity="error", markup=False)
            return
        for path, reason in found.corrupt:
            self.notify(f"Skipped unreadable session file {path.name}: {reason}", severity="warning", markup=False)
        for path, winner in found.copies:
            self.notify(f"{path.name} holds the same session as {winner.name}: listed once, from {winner.name}",
                        severity="warning", markup=False)
        self.show_sessions(found.sessions)

    def show_sessions(self, sessions: list[Session]) -> None:
        self.sessions = sessions
        rounds = {p.id: p.round for p in self.app.catalog.personas.values()}
        table = self.query_one(SessionTable)
        table.show(sessions, rounds)
        table.display = bool(sessions)
        self.query_one("#no-sessions").display = not sessions
        # the latest unfinished session, from the list just read (newest first)
        self.unfinished = next((s for s in sessions if s.status != "finished"), None)
        resume = self.query_one("#resume", Button)
        if self.unfinished is not None:
            s = self.unfinished
            round_name = rounds.get(s.persona_id, s.persona_id)
            answers = session_status(s).removeprefix("unfinished ").strip("()")
            resume.label = Content(f"▶ Resume your unfinished {round_name} interview ({answers})  ·  R")
            resume.tooltip = f"Session {s.id}, started {session_date(s)}"
            resume.display = True
        else:
            resume.display = False
        self.refresh_bindings()

    @work(exclusive=True, group="model")
    async def load_model(self) -> None:
        model = await self.app.configured_model()
        self._show_engine(model)

    def _show_engine(self, model: str | None) -> None:
        label = self.query_one("#engine", Label)
        field = self.query_one("#model", Input)
        injected = self.app.injected_engine_name()
        if injected is not None:
            label.update(f"Engine: {injected}")
            field.display = False
        elif model:
            label.update("Model")
            if not field.display:
                field.value = model
            field.display = True
        else:
            label.update("Engine: offline engine")
            field.display = False

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.unfinished is not None
        return True

    def _minutes(self) -> int | None:
        field = self.query_one("#minutes", Input)
        result = field.validate(field.value)
        if result is not None and not result.is_valid or not field.value.strip():
            self._show_minutes_error(True)
            self.notify(MINUTES_ERROR, severity="error")
            field.focus()
            return None
        self._show_minutes_error(False)
        return int(field.value)

    def action_start(self, persona_id: str | None = None) -> None:
        plist = self.query_one(PersonaList)
        if persona_id is None:
            idx = plist.highlighted if plist.highlighted is not None else 0
            if not plist.option_count:
                self.notify("No rounds could be loaded (see `interviewer personas`).", severity="error")
                return
            persona_id = plist.get_option_at_index(idx).id
        minutes = self._minutes()
        if minutes is None or persona_id is None:
            return
        model_field = self.query_one("#model", Input)
        model = offline = None
        if model_field.display:
            typed = model_field.value.strip()
            model = typed or None
            offline = not typed
            if typed and typed == self.app.model_hint():
                model = None  # the configured one: let the engine read the full configuration
        job, resume, problem = self.query_one(TailorFields).paths()
        if problem:
            self.notify(problem, severity="error", markup=False)
            return
        self.post_message(StartInterview(persona_id, minutes, model=model, offline=bool(offline), job=job, resume=resume))

    def action_resume(self) -> None:
        if self.unfinished is not None:
            self.post_message(ResumeInterview(self.unfinished.id))

    def action_progress(self) -> None:
        self.post_message(OpenProgress())

    def action_loop(self) -> None:
        self.post_message(StartLoop())

    def action_focus_minutes(self) -> None:
        self.query_one("#minutes", Input).focus()

    def palette_commands(self) -> list[SystemCommand]:
        cmds = [
            SystemCommand(f"Start: {p.round}", f"Start a {p.minutes}-minute {p.round} interview with {p.name}",
                          lambda pid=p.id: self.action_start(pid))
            for p in self.app.catalog.personas.values()
        ]
        if self.unfinished is not None:
            cmds.insert(0, SystemCommand("Resume unfinished interview", f"Continue session {self.unfinished.id}",
                                         self.action_resume))
        cmds.append(SystemCommand("Onsite loop", "Several rounds as one onsite, with breaks and a debrief (L)", self.action_loop))
        cmds.append(SystemCommand("New onsite loop", "Start a new loop with the default rounds, even if one is unfinished",
                                  lambda: self.post_message(StartLoop(fresh=True))))
        finished = [s for s in self.sessions if s.status == "finished"]
        if finished:
            s = finished[0]
            cmds.append(SystemCommand("Open latest report", f"The report of session {s.id}",
                                      lambda sid=s.id: self.post_message(OpenReport(sid))))
        return cmds

    # ------------------------------------------------------------------ events

    @on(OptionList.OptionHighlighted, "#personas")
    def _persona_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        persona = self.app.catalog.personas.get(event.option.id or "")
        if persona is not None:
            self.query_one("#minutes", Input).value = str(persona.minutes)

    @on(OptionList.OptionSelected, "#personas")
    def _persona_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_start(event.option.id)

    @on(Input.Submitted, "#minutes")
    @on(Input.Submitted, "#model")
    @on(Input.Submitted, "#job")
    @on(Input.Submitted, "#resume-file")
    def _input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_start()

    @on(Input.Changed, "#minutes")
    def _minutes_changed(self, event: Input.Changed) -> None:
        result = event.validation_result
        self._show_minutes_error(result is not None and not result.is_valid and bool(event.value))

    def _show_minutes_error(self, shown: bool) -> None:
        err = self.query_one("#minutes-error", Static)
        err.update(MINUTES_ERROR if shown else "")
        err.set_class(shown, "-shown")

    @on(Button.Pressed, "#start")
    def _start_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_start()

    @on(Button.Pressed, "#resume")
    def _resume_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_resume()

    @on(DataTable.RowSelected, "#sessions")
    def _session_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        sid = event.row_key.value
        session = next((s for s in self.sessions if s.id == sid), None)
        if session is None:
            return
        if session.status == "finished":
            self.post_message(OpenReport(session.id))
        else:
            self.post_message(ResumeInterview(session.id))
