"""The Report screen's action bar: export buttons and the way back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button

from interviewer.tui.messages import ExportReport, GoHome


class ExportBar(Horizontal):
    def compose(self) -> ComposeResult:
        yield Button("Export .md", id="export-md", compact=True)
        yield Button("Export .html", id="export-html", compact=True)
        yield Button("Export .json", id="export-json", compact=True)
        yield Button("Back to Home", id="home", compact=True, variant="primary")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id or ""
        if bid.startswith("export-"):
            self.post_message(ExportReport(bid.removeprefix("export-")))
        elif bid == "home":
            self.post_message(GoHome())
