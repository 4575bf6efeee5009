"""Home's lists: the rounds one can practise, and past sessions."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.content import Content
from textual.widgets import DataTable, OptionList
from textual.widgets.option_list import Option

from interviewer.models import Persona, Session
from interviewer.store import status_text


def persona_prompt(p: Persona, width: int = 200) -> Content:
    """Two lines: the round, its length and the interviewer; then what it practises (cut to one line)."""
    head = Content.assemble((p.round, "bold"), f"  ·  {p.minutes} min  ·  with {p.name.split(',')[0]}")
    if not p.practises:
        return head
    practises = p.practises if len(p.practises) <= width else p.practises[: width - 1].rstrip() + "…"
    return Content.assemble(head, "\n", (practises, "dim"))


class PersonaList(OptionList):
    """The rounds. Option ids are persona ids."""

    def __init__(self, personas: Iterable[Persona], *, id: str | None = "personas") -> None:
        self.personas = list(personas)
        super().__init__(*self._persona_options(200), id=id)
        self._prompt_width = 200

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


def session_date(s: Session) -> str:
    return s.created[:16].replace("T", " ")


def session_status(s: Session) -> str:
    return status_text(s)


def session_score(s: Session) -> str:
    return f"{s.overall:.2f}" if s.overall is not None else "-"


class SessionTable(DataTable):
    """Past sessions, newest first. Row keys are session ids."""

    def __init__(self, *, id: str | None = "sessions") -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.add_column("Date", key="date")
        self.add_column("Round", key="round")
        self.add_column("Status", key="status")
        self.add_column("Score", key="score")

    def show(self, sessions: list[Session], rounds: dict[str, str]) -> None:
        self.clear()
        seen: set[str] = set()
        for s in sessions:
            if s.id in seen:  # the store lists each session once; a duplicate here must never crash Home
                continue
            seen.add(s.id)
            self.add_row(
                session_date(s),
                rounds.get(s.persona_id, s.persona_id),
                session_status(s),
                Text(session_score(s), justify="right"),
                key=s.id,
            )
