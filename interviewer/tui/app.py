"""The interviewer's Textual app: a thin shell over the engine.

Start-up stays light so Home is interactive at once: the catalog (YAML) is read while Home is composed, sessions are
listed in a worker after the first frame, and the model configuration and the engine (``engines.select``, which may
import litellm and check the model) are resolved lazily in workers, never before Home is shown.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from interviewer.configfile import env_model
from interviewer.paths import data_dir as resolve_data_dir
from interviewer.tui import resume_gc
from interviewer.tui.messages import (
    GoHome, InterviewFinished, OpenProgress, OpenReport, ResumeInterview, StartInterview, StartLoop, StartLoopRound,
)
from interviewer.tui.screens.errors import cause
from interviewer.tui.screens.home import HomeScreen

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from interviewer.engines import EngineSet
    from interviewer.catalog import Catalog
    from interviewer.engine.clock import Clock
    from interviewer.engine.interview import Interview
    from interviewer.loop import Loop
    from interviewer.store import SessionStore

DARK, LIGHT = "textual-dark", "textual-light"


class InterviewerApp(App[int]):
    CSS_PATH = Path(__file__).resolve().parent / "app.tcss"  # absolute: subclasses elsewhere keep the style
    TITLE = "interviewer"
    SUB_TITLE = "mock interviews in your terminal"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
        Binding("f1", "help", "Help", priority=True),
        Binding("question_mark", "help", "Help", show=False),
        Binding("f2", "toggle_theme", "Light/dark", show=False),
    ]

    def __init__(
        self,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        clock: Clock | None = None,
        engine: EngineSet | dict[str, Any] | None = None,
        test_mode: bool | None = None,
        catalog: Catalog | None = None,
        start: tuple[str | None, float | None, str | None, str | None] = (None, None, None, None),
        session: str | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = data_dir
        self._store: SessionStore | None = None
        self.clock = clock
        self._engine_override = None
        if engine is not None:  # tests inject one; the first frame needs no engine module
            from interviewer.engines import EngineSet

            self._engine_override = EngineSet.of(engine)
        self.test_mode = os.environ.get("INTERVIEWER_TEST_MODE") == "1" if test_mode is None else test_mode
        self._catalog = catalog
        self._engines: dict[tuple[str | None, bool], EngineSet] = {}
        self._model: str | None = None
        self._model_known = False
        self.current_interview: Interview | None = None
        self.current_loop: Loop | None = None  # the loop whose screen is open (set by LoopScreen)
        self.theme = DARK
        self._start, self._session = start, session  # what to open over Home at once (`chat -p X`, `resume ID`)
        self.startup_warning: str | None = None

    def on_mount(self) -> None:
        if self.startup_warning:
            self.notify(self.startup_warning, severity="warning", markup=False, timeout=15)
        persona, minutes, job, cv = self._start
        if self._session:
            self.post_message(ResumeInterview(self._session))
        elif persona:
            self.post_message(StartInterview(persona, minutes=minutes, job=job, resume=cv))  # type: ignore[arg-type]

    def on_ready(self) -> None:
        resume_gc()  # the first frame is on screen: the garbage collector's start-up pause is over
        home = self.screen_stack[0] if self.screen_stack else None
        if isinstance(home, HomeScreen):
            home.after_first_frame()

    def update_styles(self, node: DOMNode, animate: bool = True) -> None:
        """Restyle only nodes in the DOM: Textual also restyles unmounted ones whose classes change (an Input's
        validity, a Button's variant, set in their constructors), wasted work since mounting styles every widget."""
        if node is self or node.is_attached:
            super().update_styles(node, animate)

    # ------------------------------------------------------------------ shared state

    @property
    def store(self) -> SessionStore:
        """The same store as services.open_store(data_dir), made on first use: the models it loads (pydantic) are
        not needed for the first frame."""
        if self._store is None:
            from interviewer.store import SessionStore

            self._store = SessionStore(resolve_data_dir(str(self.data_dir) if self.data_dir else None))
        return self._store

    @property
    def catalog(self) -> Catalog:
        """Every persona and rubric, each validated when first used (the first round started pays for its own)."""
        if self._catalog is None:
            from interviewer.catalog import default_catalog

            self._catalog = default_catalog()
        return self._catalog

    def rounds(self) -> list:
        """The rounds Home lists: from the files' headers (``rounds.round_index``) until the catalog is validated,
        then the personas that load."""
        if self._catalog is None:
            from interviewer.rounds import round_index

            return list(round_index())
        return self._catalog.rounds()

    def get_default_screen(self) -> Screen:
        return HomeScreen()

    def injected_engine_name(self) -> str | None:
        """The engine's name when one was injected (tests), else None."""
        if self._engine_override is None:
            return None
        name = self._engine_override.engine or "offline"
        return "offline engine" if name == "offline" else name

    def model_hint(self) -> str | None:
        """The configured model as far as known without loading the settings (env only)."""
        return self._model if self._model_known else env_model()

    async def configured_model(self) -> str | None:
        """The model from the settings (env + config.toml), loaded once, off the event loop."""
        if self._model_known:
            return self._model
        if self._engine_override is not None:
            self._model, self._model_known = None, True
            return None
        model = env_model()
        if model is None:
            try:  # pydantic-settings and config.toml: imported and read in a thread, off the event loop
                model = await asyncio.to_thread(_settings_model)
            except Exception as exc:  # noqa: BLE001 - a broken config is reported, the app goes on offline
                self.notify(f"Config problem: {cause(exc)}", severity="warning", markup=False, timeout=10)
        self._model, self._model_known = model, True
        return model

    async def resolve_engine(self, model: str | None = None, offline: bool = False) -> EngineSet:
        """The EngineSet for an interview, resolved lazily in a worker.

        ``engines.select`` may import litellm and check the model, so it runs in a thread, and never before Home is
        shown. A failure falls back to the offline engine with a notification that names the cause.
        """
        if self._engine_override is not None:
            return self._engine_override
        from interviewer import engines
        from interviewer.engines import OFFLINE

        configured = await self.configured_model()
        if offline or not (model or configured):
            return OFFLINE
        key = (model, offline)
        if key in self._engines:
            return self._engines[key]

        notes: list[str] = []

        def build() -> EngineSet:
            eng = engines.select(model=model, offline=offline, announce=notes.append)
            if eng:
                try:  # the model client imports litellm on first use: do that here, off the event loop
                    from interviewer.judges.llm import _litellm

                    _litellm()
                except ImportError:
                    pass
            return eng

        shown = model or configured
        try:
            eng = await asyncio.to_thread(build)
            check = getattr(engines, "preflight", None)
            if eng and check is not None:
                await check(eng)
        except Exception as exc:  # noqa: BLE001 - shown to the candidate; the interview goes on offline
            reason = cause(exc)
            self.notify(
                f"The model {shown} is not usable: {reason}. This interview uses the offline engine; "
                "see `interviewer doctor`.",
                title="Offline engine", severity="warning", markup=False, timeout=15,
            )
            return OFFLINE  # not cached: the next interview checks again
        for note in notes:
            self.notify(note, markup=False, timeout=8)
        self._engines[key] = eng
        return eng

    # ------------------------------------------------------------------ navigation (messages from screens)

    def on_start_interview(self, message: StartInterview) -> None:
        from interviewer.tui.screens.coding import screen_class

        InterviewScreen = screen_class(self.catalog, persona_id=message.persona_id)  # noqa: N806 - a class
        self.push_screen(
            InterviewScreen(
                persona_id=message.persona_id, minutes=message.minutes, model=message.model, offline=message.offline,
                job=message.job, resume=message.resume, drill=message.drill,
            )
        )

    def on_resume_interview(self, message: ResumeInterview) -> None:
        self.resume_interview(message.session_id)

    @work(exclusive=True, group="navigate")
    async def resume_interview(self, session_id: str) -> None:
        """Continue a session; a round of an unfinished loop continues inside its loop."""
        from interviewer.loop import LoopStore
        from interviewer.tui.screens.coding import screen_class

        loop = await asyncio.to_thread(LoopStore(self.store.root).loop_of_session, session_id)
        if loop is not None and loop.status != "finished":
            from interviewer.tui.screens.loop import LoopScreen

            await self.push_screen(LoopScreen(loop))
        InterviewScreen = screen_class(self.catalog, store=self.store, session_id=session_id)  # noqa: N806 - a class
        self.push_screen(InterviewScreen(session_id=session_id))

    def on_interview_finished(self, message: InterviewFinished) -> None:
        """A round is graded: back to its loop's break screen, or on to the report."""
        from interviewer.tui.screens.report import ReportScreen

        loop = self.current_loop
        if loop is not None and loop.round_for_session(message.session_id) is not None:
            from interviewer.tui.screens.loop import LoopScreen

            self.pop_screen()
            if isinstance(self.screen, LoopScreen):
                self.screen.round_finished(message.session_id, message.report)
            return
        self.switch_screen(ReportScreen(message.report, message.markdown, message.session_id, message.paths))

    @work(exclusive=True, group="navigate")
    async def on_start_loop(self, message: StartLoop) -> None:
        from interviewer import loop_services
        from interviewer.tui.screens.loop import LoopScreen

        def open_loop() -> Loop:
            loops = loop_services.loop_store(self.store)
            unfinished = None if message.fresh else loops.latest_unfinished()
            if unfinished is not None:
                loop_services.hold_loop(self.store, unfinished)  # LoopLocked when another window runs it
                return unfinished
            planned, _ = loop_services.plan_rounds(self.catalog)
            return loop_services.new_loop(self.store, planned)

        try:
            loop = await asyncio.to_thread(open_loop)
        except Exception as exc:  # noqa: BLE001
            self.notify(f"Could not open the onsite loop: {cause(exc)}", severity="error", markup=False)
            return
        for r in loop.rounds:
            if r.status == "unavailable":
                self.notify(r.note, severity="warning", markup=False, timeout=8)
        await self.push_screen(LoopScreen(loop))

    @work(exclusive=True, group="navigate")
    async def on_start_loop_round(self, message: StartLoopRound) -> None:
        from interviewer import loop_services
        from interviewer.tui.screens.coding import screen_class

        loop = self.current_loop
        if loop is None or loop.id != message.loop_id:
            return
        try:
            eng = await self.resolve_engine()
            index = loop.current
            plan = None
            if index is not None and loop.rounds[index].status == "pending":  # a loop begun with --job/--cv
                plan = await loop_services.round_plan(loop, loop.rounds[index].persona_id, eng, self.store, self.catalog)
            iv = await asyncio.to_thread(
                loop_services.begin_round, loop, self.store, self.catalog, engine=eng.get("engine", "offline"), plan=plan
            )
        except Exception as exc:  # noqa: BLE001
            self.notify(f"Could not start the round: {cause(exc)}", severity="error", markup=False)
            return
        finally:
            from interviewer.tui.screens.loop import LoopScreen

            if isinstance(self.screen, LoopScreen):
                self.screen.starting = False
        InterviewScreen = screen_class(self.catalog, persona_id=iv.session.persona_id)  # noqa: N806 - a class
        self.push_screen(InterviewScreen(session_id=iv.session.id))

    def on_open_report(self, message: OpenReport) -> None:
        self.open_report(message.session_id)

    def on_open_progress(self, message: OpenProgress) -> None:
        self.open_progress()

    def open_progress(self) -> None:
        from interviewer.tui.screens.progress import ProgressScreen

        if not isinstance(self.screen, ProgressScreen):
            self.push_screen(ProgressScreen())

    def on_go_home(self, message: GoHome) -> None:
        self.go_home()

    def go_home(self) -> None:
        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    @work(exclusive=True, group="open-report")
    async def open_report(self, session_id: str) -> None:
        from interviewer import services
        from interviewer.report.render import render
        from interviewer.tui.screens.report import ReportScreen

        def build():
            session = services.load_session(self.store, session_id)
            report = services.report_for(self.store, session, self.catalog)
            return session, report, render(report, "md")

        try:
            session, report, markdown = await asyncio.to_thread(build)
        except Exception as exc:  # noqa: BLE001
            self.notify(f"Could not open the report of {session_id}: {cause(exc)}", severity="error", markup=False)
            return
        paths = {fmt: p for fmt in ("md", "html", "json") if (p := self.store.report_path(session.id, fmt)).exists()}
        await self.push_screen(ReportScreen(report, markdown, session.id, paths))

    # ------------------------------------------------------------------ app-wide actions

    def action_help(self) -> None:
        from interviewer.tui.screens.modals import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.current_theme.dark else DARK

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        commands = getattr(screen, "palette_commands", None)
        if callable(commands):
            yield from commands()
        yield SystemCommand("Toggle light/dark theme", "Switch between textual-dark and textual-light (F2)",
                            self.action_toggle_theme)
        yield SystemCommand("Help: keys", "Every key of the app (F1)", self.action_help)
        if not isinstance(screen, HomeScreen):
            yield SystemCommand("Home", "Back to the Home screen", self.go_home)
        yield SystemCommand("Progress", "Your scores across sessions, and what to practise next", self.open_progress)
        yield from super().get_system_commands(screen)

    def unfinished_session_id(self) -> str | None:
        """The session to name on quit: unfinished, and truly on disk (never claim a save that did not happen)."""
        iv = self.current_interview
        if iv is not None and not iv.finished and iv.session.turns and self.store.is_saved(iv.session.id):
            return iv.session.id
        return None

    def unsaved_session_id(self) -> str | None:
        """An interview whose latest answer could not be saved, if the candidate quits now."""
        iv = self.current_interview
        if iv is not None and iv.session.turns and not self.store.is_saved(iv.session.id):
            return iv.session.id
        return None


def _settings_model() -> str | None:
    """The model the voice would use according to the settings (env + config.toml), or None. Runs in a thread."""
    from interviewer.config import load_settings

    return load_settings().effective_voice_model


def resume_hint(session_id: str) -> str:
    return (
        f"Your interview is saved (session {session_id}). Run `interviewer` to resume it from Home, "
        f"or `interviewer resume {session_id}`."
    )
