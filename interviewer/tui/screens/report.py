"""The Report screen: the Markdown report, a table of the dimensions, and export."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Markdown, Static

from interviewer.models import Report
from interviewer.report.render import bar, number
from interviewer.tui.messages import ExportReport, GoHome
from interviewer.tui.widgets.report import ExportBar

if TYPE_CHECKING:
    from interviewer.tui.app import InterviewerApp

FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "json": "JSON"}


class ReportScreen(Screen):
    CSS_PATH = Path(__file__).resolve().parents[1] / "report.tcss"  # read when the first report opens
    BINDINGS = [
        Binding("m", "export('md')", "Export .md"),
        Binding("h", "export('html')", "Export .html"),
        Binding("j", "export('json')", "Export .json"),
        Binding("escape,b", "home", "Home"),
    ]

    app: InterviewerApp  # type: ignore[assignment]

    def __init__(self, report: Report, markdown: str, session_id: str | None, paths: dict[str, Path] | None = None) -> None:
        super().__init__()
        self.report = report
        self.markdown = markdown
        self.session_id = session_id or report.session_id
        self.paths = dict(paths or {})

    def compose(self) -> ComposeResult:
        r = self.report
        yield Header()
        yield Static(
            Content.assemble(
                (r.round, "bold"),
                "  ·  overall ",
                (f"{r.overall:.2f} / 4", "bold"),
                f"  ·  {r.recommendation}",
            ),
            id="report-title",
        )
        yield ExportBar(id="export-bar")
        yield DataTable(id="dimensions", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="report-scroll"):
            yield Markdown(self.markdown, id="report-md")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Report · {self.session_id}" if self.session_id else "Report"
        table = self.query_one("#dimensions", DataTable)
        table.add_column("Dimension", key="name")
        table.add_column("Weight", key="weight")
        table.add_column("Score", key="score")
        for d in self.report.dimensions:
            table.add_row(
                d.name,
                Text(number(d.weight), justify="right"),
                Text(f"{d.score} / 4  {bar(d.score)}" + (f"  mean {d.mean:g}" if d.mean is not None else "")),
                key=d.id,
            )
        self.query_one("#report-scroll").focus()

    # ------------------------------------------------------------------ actions

    def action_export(self, fmt: str) -> None:
        self.post_message(ExportReport(fmt))

    def action_home(self) -> None:
        self.post_message(GoHome())

    @on(ExportReport)
    def _export(self, event: ExportReport) -> None:
        event.stop()
        self.export(event.fmt)

    @on(GoHome)
    def _home(self, event: GoHome) -> None:
        event.stop()
        self.app.go_home()

    @work(group="export")
    async def export(self, fmt: str) -> None:
        from interviewer import services

        try:
            paths = await asyncio.to_thread(services.write_reports, self.report, self.app.store, (fmt,))
            written = paths[fmt]
        except Exception as exc:  # noqa: BLE001 - the cause goes to the candidate
            self.notify(f"Could not export {FORMAT_NAMES.get(fmt, fmt)}: {exc}", severity="error", markup=False)
            return
        self.paths[fmt] = written
        self.notify(f"Wrote {written}", title=f"{FORMAT_NAMES.get(fmt, fmt)} report", markup=False, timeout=8)

    def palette_commands(self) -> list[SystemCommand]:
        return [
            SystemCommand("Export report as Markdown", "Write the report as .md (M)", lambda: self.action_export("md")),
            SystemCommand("Export report as HTML", "Write the report as .html (H)", lambda: self.action_export("html")),
            SystemCommand("Export report as JSON", "Write the report as .json (J)", lambda: self.action_export("json")),
            SystemCommand("Back to Home", "Leave the report (Esc)", self.action_home),
        ]
