"""The multi-line answer box: Enter makes a new line, the send key posts the text."""

from __future__ import annotations

from textual.widgets import TextArea

from interviewer.tui.messages import SendAnswer

PLACEHOLDER = "Type your answer. Enter starts a new line; Ctrl+S sends it."


class AnswerBox(TextArea):
    """A TextArea that knows how to say "send this". The screen decides what sending means."""

    def __init__(self, *, blink: bool = True, id: str | None = "answer") -> None:
        super().__init__(
            "",
            id=id,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            placeholder=PLACEHOLDER,
        )
        self.cursor_blink = blink
        self.border_title = "Your answer"
        self.border_subtitle = "Ctrl+S send · Enter new line"

    def send(self) -> None:
        """Post the current text. The text stays until the screen takes it out (``take_out``, once it is sent)."""
        self.post_message(SendAnswer(self.text))

    def take_out(self, sent: str) -> None:
        """Remove a sent answer, keeping anything typed after it."""
        current = self.text
        if current == sent:
            self.clear()
        elif current.startswith(sent):
            self.text = current[len(sent):].lstrip("\n")
            self.move_cursor(self.document.end)

    def put_back(self, sent: str) -> None:
        """A send that failed: the answer goes back in the box, before anything typed since."""
        rest = self.text
        if rest.startswith(sent):
            return
        self.text = sent + ("\n" + rest if rest.strip() else "")
        self.move_cursor(self.document.end)
