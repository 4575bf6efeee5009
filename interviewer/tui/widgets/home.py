"""Home's lists: the rounds one can practise, and past sessions."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import DataTable, OptionList
from textual.widgets.option_list import Option

from interviewer.models import Persona, Session


def persona_prompt(p: Persona) -> Text:
    head = Text.assemble((p.round, "bold"), f"  ·  {p.minutes} min  ·  with {p.name}")
    if p.practises:
        return Text.assemble(head, "\n", (p.practises, "dim"))
    return head


class PersonaList(OptionList):
    """The rounds. Option ids are persona ids."""

    def __init__(self, personas: Iterable[Persona], *, id: str | None = "personas") -> None:
        super().__init__(*(Option(persona_prompt(p), id=p.id) for p in personas), id=id)


def session_date(s: Session) -> str:
    return s.created[:16].replace("T", " ")


def session_status(s: Session) -> str:
    if s.status == "finished":
        return "finished"
    n = len(s.candidate_turns())
    return f"unfinished ({n} answer{'s' if n != 1 else ''})"


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
        for s in sessions:
            self.add_row(
                session_date(s),
                rounds.get(s.persona_id, s.persona_id),
                session_status(s),
                Text(session_score(s), justify="right"),
                key=s.id,
            )
