"""The onsite loop in the app: the rounds and where the loop stands, the break between rounds, and the debrief.

The screen stays under the Interview screen of each round. Its keys post messages; the app routes them: Enter starts
(or resumes) the next round, and when a round's Interview screen finishes the app pops it and hands the report back
here. The bookkeeping is ``loop_services``'; this is a thin shell.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Markdown, Static

from interviewer import loop_services
from interviewer.loop import Loop
from interviewer.models import Report
from interviewer.tui.messages import GoHome, StartLoopRound
from interviewer.tui.screens.errors import cause

if TYPE_CHECKING:
    from interviewer.tui.app import InterviewerApp


class LoopScreen(Screen):
    DEFAULT_CSS = """
    LoopScreen #loop-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    LoopScreen #loop-rounds { height: auto; max-height: 9; margin: 0 1; }
    LoopScreen #loop-break { height: auto; margin: 1 2; padding: 1 2; border: round $primary 60%; }
    LoopScreen #loop-scroll { height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("enter", "next_round", "Next round", priority=True),
        Binding("escape,b", "home", "Home (the loop is saved)"),
    ]

    app: InterviewerApp  # type: ignore[assignment]

    def __init__(self, loop: Loop) -> None:
        super().__init__()
        self.loop = loop
        self.busy = True  # until the loop is reconciled with its sessions
        self.starting = False  # a round is being started

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="loop-title", markup=False)
        yield DataTable(id="loop-rounds", cursor_type="none", zebra_stripes=True)
        yield Static("", id="loop-break", markup=False)
        with VerticalScroll(id="loop-scroll"):
            yield Markdown("", id="loop-debrief")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Onsite loop · {self.loop.id}"
        table = self.query_one("#loop-rounds", DataTable)
        for key, label in (("n", "#"), ("round", "Round"), ("minutes", "Minutes"), ("status", "Status")):
            table.add_column(label, key=key)
        self.app.current_loop = self.loop
        self.reconcile()

    def on_unmount(self) -> None:
        loop_services.release_loop(self.app.store, self.loop)  # back Home: another window may run the loop now

    def on_screen_resume(self) -> None:
        self.app.current_loop = self.loop
        self.starting = False
        self.refresh_bindings()

    # ------------------------------------------------------------------ state

    def show(self) -> None:
        lp, catalog = self.loop, self.app.catalog
        table = self.query_one("#loop-rounds", DataTable)
        table.clear()
        for i, r in enumerate(lp.rounds):
            p = catalog.personas.get(r.persona_id)
            status = {
                "finished": f"{r.overall:.2f}  {r.recommendation}" if r.overall is not None else "finished",
                "active": "in progress", "pending": "", "unavailable": "not available yet",
            }[r.status]
            minutes = r.minutes or (p.minutes if p else "")
            table.add_row(str(i + 1), p.round if p else r.persona_id, f"{minutes:g}" if minutes else "-", status)
        done = sum(r.status == "finished" for r in lp.rounds)
        self.query_one("#loop-title", Static).update(f"Onsite loop · {done} of {len(lp.playable)} rounds done")
        self.query_one("#loop-break", Static).update(self._message())
        self.refresh_bindings()

    def _message(self) -> str:
        lp = self.loop
        index = lp.current
        if index is None:
            return "The loop is over. Your debrief is below (and written beside the reports). Esc goes Home."
        r = lp.rounds[index]
        p = self.app.catalog.personas.get(r.persona_id)
        name = f"{p.round} with {p.name}" if p else r.persona_id
        n, of = lp.position(index)
        minutes = r.minutes or (p.minutes if p else 0)
        if r.status == "active":
            return f"Round {n} of {of}, {name}, is in progress. Press Enter to continue it."
        if any(x.status == "finished" for x in lp.rounds):
            return (
                f"Break. Take a few minutes: stretch, drink some water. Your progress is saved.\n"
                f"Next: round {n} of {of}, {name} ({minutes:g} min). Press Enter when ready."
            )
        return f"Round {n} of {of}: {name} ({minutes:g} min). Press Enter to start; each round keeps its own clock."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_round":
            return not (self.busy or self.starting) and self.loop.current is not None
        return True

    # ------------------------------------------------------------------ work

    @work(exclusive=True, group="loop")
    async def reconcile(self) -> None:
        self.busy = True
        try:
            eng = await self.app.resolve_engine()
            for note in await loop_services.reconcile(self.loop, self.app.store, self.app.catalog, eng.get("grader")):
                self.notify(note, markup=False, timeout=8)
        except Exception as exc:  # noqa: BLE001
            self.notify(f"Could not read the loop's sessions: {cause(exc)}", severity="error", markup=False)
        self.busy = False
        self.show()
        if self.loop.current is None:
            await self._show_debrief()

    def round_finished(self, session_id: str, report: Report) -> None:
        """The app hands back a round's report when its Interview screen finished."""
        index = self.loop.round_for_session(session_id)
        if index is not None:
            loop_services.complete_round(self.loop, index, self.app.store, report)
        self.notify(f"{report.round}: {report.overall:.2f} / 4 ({report.recommendation})", markup=False, timeout=8)
        self.show()
        if self.loop.current is None:
            self.debrief()

    @work(exclusive=True, group="loop")
    async def debrief(self) -> None:
        await self._show_debrief()

    async def _show_debrief(self) -> None:
        from interviewer.report.debrief import render_debrief

        app = self.app

        def build() -> str:
            d = loop_services.debrief(self.loop, app.store, app.catalog)
            loop_services.write_debrief(d, app.store)
            return render_debrief(d, "md")

        try:
            markdown = await asyncio.to_thread(build)
        except Exception as exc:  # noqa: BLE001
            self.notify(f"Could not write the debrief: {cause(exc)}", severity="error", markup=False)
            return
        await self.query_one("#loop-debrief", Markdown).update(markdown)

    # ------------------------------------------------------------------ actions -> messages

    def action_next_round(self) -> None:
        if not (self.busy or self.starting) and self.loop.current is not None:
            self.starting = True
            self.refresh_bindings()
            self.post_message(StartLoopRound(self.loop.id))

    def action_home(self) -> None:
        self.post_message(GoHome())

    def palette_commands(self) -> list[SystemCommand]:
        cmds = [SystemCommand("Back to Home", "Leave the loop; it is saved (Esc)", self.action_home)]
        if self.loop.current is not None:
            cmds.insert(0, SystemCommand("Next round", "Start or continue the loop's next round (Enter)", self.action_next_round))
        return cmds
