"""Modals: a yes/no confirmation and the key help."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Markdown, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask a yes/no question. Dismisses with True for yes."""

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
                yield Button(f"{self.yes} [y]", id="yes", variant="error")
                yield Button(f"{self.no} [n]", id="no", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")


HELP = """\
## Keys

| Key | Where | What it does |
|---|---|---|
| **Ctrl+S** (or Ctrl+Enter) | interview | send your answer |
| **Enter** | interview | new line in your answer |
| **Ctrl+N** | interview | skip this question |
| **Ctrl+T** | interview | end the interview now (asks first) |
| **Enter** / **S** | home | start the highlighted round |
| **R** | home | resume your unfinished interview |
| **Tab** / **Shift+Tab** | everywhere | move between fields |
| **M** / **H** / **J** | report | export Markdown / HTML / JSON |
| **Esc** / **B** | report | back to Home |
| **F1** / **?** | everywhere | this help |
| **Ctrl+P** | everywhere | command palette: every action by name |
| **F2** | everywhere | switch between dark and light theme |
| **Ctrl+Q** / **Ctrl+C** | everywhere | quit (an unfinished interview is saved; resume it from Home) |

Every answer is saved the moment you send it. Quitting mid-interview loses nothing.
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q,question_mark", "close", "Close")]

    def __init__(self) -> None:
        super().__init__(classes="modal")

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Markdown(HELP)
            yield Button("Close [Esc]", id="close", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)
