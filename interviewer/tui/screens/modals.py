"""Modals: a yes/no confirmation and the key help."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from rich.table import Table
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

MODALS_CSS = Path(__file__).resolve().parents[1] / "modals.tcss"  # read when the first modal opens


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question. Dismisses with True for yes."""

    CSS_PATH = MODALS_CSS

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n,escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No", detail: str = "") -> None:
        super().__init__(classes="modal")
        self.question = question
        self.yes = yes
        self.no = no
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="question", markup=False)
            if self.detail:
                yield Static(self.detail, id="detail", markup=False)
            with Horizontal(id="buttons"):
                yield Button(Content(f"{self.yes} (y)"), id="yes", variant="error")
                yield Button(Content(f"{self.no} (n)"), id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")


KEYS: list[tuple[str, str, str]] = [
    ("Ctrl+S", "interview", "send your answer (Ctrl+Enter too, where the terminal passes it)"),
    ("Enter", "interview", "new line in your answer"),
    ("Ctrl+N", "interview", "skip this question"),
    ("Ctrl+T", "interview", "end the interview now (asks first)"),
    ("Enter / S", "home", "start the highlighted round"),
    ("R", "home", "resume your unfinished interview"),
    ("L", "home", "the onsite loop: several rounds, breaks, one debrief"),
    ("Enter", "loop", "start the next round (after the break)"),
    ("M / H / J", "report", "export Markdown / HTML / JSON"),
    ("Esc / B", "report", "back to Home"),
    ("Tab", "anywhere", "next field (Shift+Tab: previous)"),
    ("F1 / ?", "anywhere", "this help"),
    ("Ctrl+P", "anywhere", "command palette: every action by name"),
    ("F2", "anywhere", "switch between the dark and the light theme"),
    ("Ctrl+Q / Ctrl+C", "anywhere", "quit; an unfinished interview is saved and Home offers to resume it"),
]


def keys_table() -> Table:
    table = Table(box=None, show_header=True, header_style="bold", padding=(0, 1), expand=True)
    table.add_column("Key", style="bold", no_wrap=True)
    table.add_column("Where", style="dim", no_wrap=True)
    table.add_column("What it does", ratio=1)
    for key, where, what in KEYS:
        table.add_row(key, where, what)
    return table


class HelpScreen(ModalScreen[None]):
    CSS_PATH = MODALS_CSS
    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Close")]

    def __init__(self) -> None:
        super().__init__(classes="modal")

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static("Keys", id="help-title")
            with VerticalScroll(id="help-body"):
                yield Static(keys_table(), id="help-keys")
                yield Static(
                    "Every answer is saved the moment you send it, so quitting mid-interview loses nothing.",
                    id="help-note",
                )
            yield Button("Close (Esc)", id="close", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
