"""Home's list of the rounds one can practise (past sessions: ``sessions.py``, mounted after the first frame)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from textual.content import Content
from textual.widgets import OptionList
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


def __getattr__(name: str):  # the sessions table moved to sessions.py; older imports keep working
    if name in ("SessionTable", "session_date", "session_status", "session_score"):
        from interviewer.tui.widgets import sessions

        return getattr(sessions, name)
    raise AttributeError(name)
