"""Home's table of past sessions: mounted when there are sessions to show, after the first frame."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import DataTable

if TYPE_CHECKING:
    from interviewer.models import Session


def session_date(s: Session) -> str:
    return s.created[:16].replace("T", " ")


def session_status(s: Session) -> str:
    from interviewer.store import status_text

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
