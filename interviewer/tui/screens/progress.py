"""The Progress screen: every round's dimensions across sessions (first, latest, best, a sparkline), a chart of the
highlighted one, and what to practise next, with a key that starts a drill on it.

The numbers come from ``interviewer.progress`` (the SQLite history index), read in a worker after the first frame.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

from interviewer.progress import ProgressView, Trend, sparkline
from interviewer.tui.messages import StartInterview

if TYPE_CHECKING:
    from interviewer.tui.app import InterviewerApp


class ProgressScreen(Screen):
    DEFAULT_CSS = """
    ProgressScreen #progress { height: 1fr; padding: 0 1; }
    ProgressScreen #progress-title { margin: 1 0 0 0; text-style: bold; color: $text-accent; }
    ProgressScreen #trends { height: 1fr; min-height: 4; }
    ProgressScreen #chart-title { margin: 1 0 0 0; }
    ProgressScreen #chart { height: 4; margin: 0 0 1 0; }
    ProgressScreen #chart > .sparkline--max-color { color: $success; }
    ProgressScreen #chart > .sparkline--min-color { color: $error; }
    ProgressScreen #next { height: auto; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape,b", "home", "Home"),
        Binding("d", "drill", "Drill the weakest"),
        Binding("r", "rehearsals", "Rehearsals in/out"),
    ]

    app: InterviewerApp  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.view: ProgressView | None = None
        self.rows: list[tuple[str, Trend]] = []  # (round name, trend) per table row
        self.rehearsals = False  # scripted rehearsals (`interviewer rehearse`) shown too

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="progress"):
            yield Static("Your progress  [dim](each bar is one finished session, oldest left)[/]", id="progress-title")
            yield DataTable(id="trends", cursor_type="row", zebra_stripes=True)
            yield Static("", id="chart-title", markup=False)
            yield Sparkline([], id="chart", summary_function=max)
            yield Static("Reading your sessions…", id="next", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#trends", DataTable)
        table.add_columns("Round", "Dimension", "First", "Latest", "Best", "Trend")
        self.load()

    @work(exclusive=True, group="progress")
    async def load(self) -> None:
        from interviewer.progress import progress_view

        try:
            view = await asyncio.to_thread(
                progress_view, self.app.store.root, catalog=self.app.catalog, rehearsals=self.rehearsals
            )
        except Exception as exc:  # noqa: BLE001 - shown, never a crash
            from interviewer.tui.screens.errors import cause

            self.query_one("#next", Static).update(f"Could not read your progress: {cause(exc)}")
            return
        self.show(view)

    def show(self, view: ProgressView) -> None:
        self.view = view
        table = self.query_one("#trends", DataTable)
        table.clear()
        self.rows = []
        for rp in view.rounds:
            for t in sorted(rp.trends, key=lambda t: (t.recent, t.name)):
                self.rows.append((rp.round, t))
                change = f" ({t.change:+d})" if t.change else ""
                table.add_row(rp.round, t.name, str(t.first), f"{t.latest}{change}", str(t.best), sparkline(t.scores[-24:]))
        nxt = self.query_one("#next", Static)
        s = view.suggestion
        lines = []
        if not view.rounds:
            lines.append("No finished sessions yet. Finish a round and your progress shows here.")
        elif s is not None:
            lines.append(f"What to practise next: {s.name} in {s.round} (recent level {s.recent:.1f} / 4). Press D to drill it.")
            lines += [f"  · {text}" for _qid, text in s.questions]
        scripted = sum(rp.rehearsals for rp in view.rounds)
        if view.rehearsals_left_out:
            n = view.rehearsals_left_out
            lines.append(f"Not counted: {n} scripted rehearsal{'s' if n != 1 else ''}. Press R to include them.")
        elif scripted:
            lines.append(f"Includes {scripted} scripted rehearsal{'s' if scripted != 1 else ''}. Press R for your own practice only.")
        nxt.update("\n".join(lines))
        if self.rows:
            table.focus()
            self._chart(0)

    def _chart(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        round_name, t = self.rows[row]
        self.query_one("#chart", Sparkline).data = [float(x) for x in t.scores]
        n = len(t.scores)
        self.query_one("#chart-title", Static).update(
            f"{t.name} · {round_name}: {t.first} → {t.latest} over {n} session{'s' if n != 1 else ''}, best {t.best} (scale 1-4)"
        )

    @on(DataTable.RowHighlighted, "#trends")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._chart(event.cursor_row)

    def action_rehearsals(self) -> None:
        self.rehearsals = not self.rehearsals
        self.load()

    def action_home(self) -> None:
        self.app.go_home()

    def action_drill(self) -> None:
        s = self.view.suggestion if self.view else None
        if s is None:
            self.notify("Finish a round first: a drill needs a dimension to work on.", severity="warning")
            return
        self.post_message(StartInterview(s.persona_id, drill=s.dimension))
