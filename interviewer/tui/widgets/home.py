"""Home's list of the rounds one can practise (past sessions: ``sessions.py``, mounted after the first frame)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from textual.content import Content
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option

class RoundLike(Protocol):
    """A round as Home lists it: ``rounds.RoundInfo`` (the first frame) or a ``models.Persona``."""

    id: str
    name: str
    round: str
    minutes: int
    practises: str


def persona_prompt(p: RoundLike, width: int = 200) -> Content:
    """Two lines: the round, its length and the interviewer; then what it practises (cut to one line)."""
    head = Content.assemble((p.round, "bold"), f"  ·  {p.minutes} min  ·  with {p.name.split(',')[0]}")
    if not p.practises:
        return head
    practises = p.practises if len(p.practises) <= width else p.practises[: width - 1].rstrip() + "…"
    return Content.assemble(head, "\n", (practises, "dim"))


class PersonaList(OptionList):
    """The rounds. Option ids are persona ids."""

    def __init__(self, personas: Iterable[RoundLike], *, id: str | None = "personas", width: int | None = None) -> None:
        """``width``: the columns a description may take (None: 200, cut to the list's width on its first resize)."""
        self.personas = list(personas)
        self._prompt_width = max(width, 20) if width else 200
        super().__init__(*self._persona_options(self._prompt_width), id=id)

    def show(self, personas: Iterable[RoundLike]) -> None:
        """List these rounds instead (the highlight stays on the same place)."""
        self.personas = list(personas)
        highlighted = self.highlighted
        self.set_options(self._persona_options(self._prompt_width))
        if highlighted is not None and self.option_count:
            self.highlighted = min(highlighted, self.option_count - 1)

    def _persona_options(self, width: int) -> list[Option]:
        return [Option(persona_prompt(p, width), id=p.id) for p in self.personas]

    def on_resize(self) -> None:
        """Keep each round to two lines: cut the description to the list's width."""
        width = max(self.scrollable_content_region.width - 1, 20)
        if width != self._prompt_width:
            self._prompt_width = width
            highlighted = self.highlighted
            self.set_options(self._persona_options(width))
            if highlighted is not None:
                self.highlighted = highlighted


class StartButton(Button, inherit_css=False):
    """Home's "Start interview" button: a Textual Button (compact, primary) styled by only the rules it uses.

    Button's own stylesheet holds some 60 rules for every variant and style, and Textual parses a widget's stylesheet
    when the first one is mounted: on Home's first frame that costs several milliseconds. The rules below are
    Button's (Textual 8), cut to the default style, primary variant, compact, in every state (hover, focus, pressed,
    disabled). Button's rules for the ANSI colour mode are left out: the app's themes are textual-dark and
    textual-light. Other screens' buttons are Textual's own."""

    DEFAULT_CSS = """
    StartButton {
        width: auto; min-width: 16; height: auto; line-pad: 1; text-align: center; content-align: center middle;
        pointer: pointer; text-style: bold; color: $button-color-foreground; background: $primary; border: none;
        &:disabled { text-opacity: 0.6; pointer: not-allowed; }
        &:focus { text-style: $button-focus-text-style; background-tint: $foreground 5%; }
        &:hover { background: $primary-darken-2; }
        &.-active { background: $primary; tint: $background 30%; }
    }
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(label, "primary", id=id, compact=True)


def __getattr__(name: str):  # the sessions table moved to sessions.py; older imports keep working
    if name in ("SessionTable", "session_date", "session_status", "session_score"):
        from interviewer.tui.widgets import sessions

        return getattr(sessions, name)
    raise AttributeError(name)
