"""The Report screen's action bar: export buttons and the way back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button

from interviewer.tui.messages import ExportReport, GoHome


LABELS = {"export-md": "Export .md", "export-html": "Export .html", "export-json": "Export .json", "home": "Back to Home"}
SHORT = {"export-md": ".md", "export-html": ".html", "export-json": ".json", "home": "Home"}
WIDE_ENOUGH = 4 * (16 + 1) + 1  # four buttons at their minimum width of 16, a margin each, and the bar's margin


class ExportBar(Horizontal):
    """One line of buttons; in a narrow terminal the labels shorten so that the way back is never cut off."""

    def compose(self) -> ComposeResult:
        for bid, label in LABELS.items():
            yield Button(label, id=bid, compact=True, variant="primary" if bid == "home" else "default")

    def on_resize(self) -> None:
        narrow = self.size.width < WIDE_ENOUGH
        self.set_class(narrow, "-narrow")
        labels = SHORT if narrow else LABELS
        for button in self.query(Button):
            button.label = labels[button.id or ""]

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        bid = event.button.id or ""
        if bid.startswith("export-"):
            self.post_message(ExportReport(bid.removeprefix("export-")))
        elif bid == "home":
            self.post_message(GoHome())
