"""Home: pick a round (and its length), resume an unfinished interview, open past reports."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.validation import Integer

from textual.widgets import Button, Footer, Header, Input, OptionList, Static

from interviewer.engine.clock import MAX_MINUTES, MIN_MINUTES, MINUTES_RANGE
from interviewer.tui.messages import OpenProgress, OpenReport, ResumeInterview, StartInterview, StartLoop
from interviewer.tui.widgets.home import PersonaList, StartButton
from interviewer.tui.widgets.tailor import TailorFields

if TYPE_CHECKING:
    from interviewer.models import Session
    from interviewer.tui.app import InterviewerApp


MINUTES_ERROR = f"Minutes must be a whole number from {MINUTES_RANGE}."
NO_SESSIONS = "No interviews yet. Pick a round above to start one."


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
        personas = app.rounds()  # the round index: no YAML, no pydantic before the first frame
        yield Header()
        # hidden until needed, so mounted only then (the first frame stays light): the resume button (an unfinished
        # session), the model field (a configured model), the minutes error, and the sessions table or its
        # "no interviews yet" line (once the sessions are read)
        with Vertical(id="home"):
            yield Static("Choose a round  [dim](Enter or S to start)[/]", classes="section")
            # the rounds' descriptions cut to the list's width at once (padding and scroll bar: 5 columns), so the
            # first frame shows them as they stay; a wrong guess is corrected on the list's first resize
            yield PersonaList(personas, width=app.size.width - 5 if app.size.width else None)
            with Horizontal(id="options"):
                yield Static("Minutes", classes="field-label")
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
                yield Static("", id="engine", classes="field-label", markup=False)
                yield StartButton("Start interview", id="start")
            yield TailorFields(blink=not app.test_mode)
            yield Static("Recent sessions  [dim](Enter opens the report, or resumes)[/]", classes="section -recent")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PersonaList).focus()
        self._show_engine(self.app.model_hint())
        self._shown_once = False  # the first resume is the first show: sessions load once, after the first frame

    def after_first_frame(self) -> None:
        """Called by the app once the first frame is on screen and takes input (Textual's Ready): read the sessions,
        the settings and the whole catalog in workers. Started earlier, their imports (pydantic, YAML) would
        compete with the first frame for the interpreter."""
        self.load_sessions()
        self.load_model()
        self.check_catalog()

    def _on_resize(self, event: events.Resize) -> None:
        if event.size == self.outer_size:  # laid out at this size already (Textual sends the first size up to 3 times)
            event.prevent_default()
            event.stop()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if self._shown_once:  # back from an interview or a report: the list may have changed
            self.load_sessions()
        else:  # the first show: every widget was styled a moment ago, when it was mounted; restyling them all again
            event.refresh_styles = False  # (Screen's own handler, which runs after this one) would delay the frame
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
        await self.show_sessions(found.sessions)

    async def show_sessions(self, sessions: list[Session]) -> None:
        self.sessions = sessions
        from interviewer.tui.widgets.sessions import SessionTable, session_date, session_status

        rounds = {p.id: p.round for p in self.app.rounds()}
        tables = self.query(SessionTable)
        if sessions and not tables:
            await self.query_one("#home").mount(SessionTable(), after=".section.-recent")
        for table in self.query(SessionTable):
            table.show(sessions, rounds)
            table.display = bool(sessions)
        if not sessions and not self.query("#no-sessions"):
            await self.query_one("#home").mount(Static(NO_SESSIONS, id="no-sessions", markup=False))
        for line in self.query("#no-sessions"):
            line.display = not sessions
        # the latest unfinished session, from the list just read (newest first)
        self.unfinished = next((s for s in sessions if s.status != "finished"), None)
        if self.unfinished is not None and not self.query("#resume"):
            button = Button("", id="resume", variant="warning", compact=True)
            await self.query_one("#home").mount(button, before=0)
        for resume in self.query("#resume").results(Button):
            resume.display = self.unfinished is not None
            if self.unfinished is None:
                continue
            s = self.unfinished
            round_name = rounds.get(s.persona_id, s.persona_id)
            answers = session_status(s).removeprefix("unfinished ").strip("()")
            resume.label = Content(f"▶ Resume your unfinished {round_name} interview ({answers})  ·  R")
            resume.tooltip = f"Session {s.id}, started {session_date(s)}"
        self.refresh_bindings()

    @work(exclusive=True, group="catalog")
    async def check_catalog(self) -> None:
        """Validate every persona and rubric (off the event loop): name the files that do not load, and list only
        the rounds that do."""
        try:
            problems = await asyncio.to_thread(lambda: self.app.catalog.problems)
        except Exception as exc:  # noqa: BLE001 - Home stays usable; starting a round names the cause again
            self.notify(f"Could not read the rounds: {exc}", severity="warning", markup=False, timeout=8)
            return
        for prob in problems:
            self.notify(f"Skipped {prob}", severity="warning", markup=False, timeout=8)
        plist = self.query_one(PersonaList)
        rounds = self.app.rounds()
        if [p.id for p in plist.personas] != [p.id for p in rounds]:
            plist.show(rounds)

    @work(exclusive=True, group="model")
    async def load_model(self) -> None:
        model = await self.app.configured_model()
        self._show_engine(model)

    def _show_engine(self, model: str | None) -> None:
        label = self.query_one("#engine", Static)
        fields = self.query("#model")
        injected = self.app.injected_engine_name()
        if injected is None and model:
            label.update("Model")
            if not fields:
                field = Input(model, id="model", compact=True, placeholder="model (empty: offline)")
                field.cursor_blink = not self.app.test_mode
                self.query_one("#options").mount(field, before="#start")
            elif not fields.first().display:
                fields.first(Input).value = model
            self.query("#model").first().display = True
            return
        label.update(f"Engine: {injected}" if injected is not None else "Engine: offline engine")
        for field in fields:
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
        model_fields = self.query("#model")
        model_field = model_fields.first(Input) if model_fields else None
        model = offline = None
        if model_field is not None and model_field.display:
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
            for p in self.app.rounds()
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
        persona = next((p for p in self.app.rounds() if p.id == event.option.id), None)
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
        if not self.query("#minutes-error"):
            if not shown:
                return
            self.query_one("#home").mount(Static("", id="minutes-error", markup=False), after="#tailor")
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

    def on_data_table_row_selected(self, event) -> None:  # the sessions table (DataTable.RowSelected)
        if event.data_table.id != "sessions":
            return
        event.stop()
        sid = event.row_key.value
        session = next((s for s in self.sessions if s.id == sid), None)
        if session is None:
            return
        if session.status == "finished":
            self.post_message(OpenReport(session.id))
        else:
            self.post_message(ResumeInterview(session.id))
