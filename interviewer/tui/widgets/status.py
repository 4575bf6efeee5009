"""The interview's status bar: persona, stage, round countdown and time on the current question."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static

from interviewer.engine.clock import fmt_clock, time_left_text

LOW_FRACTION = 0.2  # amber when less than this share of the round is left


__all__ = ["LOW_FRACTION", "StatusBar", "fmt_clock"]


class StatusBar(Horizontal):
    """One line: ``<round> · <interviewer>  <stage> · <mm:ss on this question> / <its budget>  <mm:ss left>``.

    It shows what it is given and computes nothing about the interview. The countdown turns amber when less than
    20% of the round is left and red when the round is over time.
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="sb-persona", markup=False)
        yield Static("", id="sb-stage", markup=False)
        yield Static("", id="sb-question", markup=False)
        yield Static("", id="sb-round", markup=False)

    def show(
        self,
        *,
        persona: str,
        stage: str,
        left: float | None,
        total: float,
        question_elapsed: float | None = None,
        question_budget: float | None = None,
    ) -> None:
        self.query_one("#sb-persona", Static).update(persona)
        self.query_one("#sb-stage", Static).update(stage)
        rnd = self.query_one("#sb-round", Static)
        rnd.update("" if left is None else time_left_text(left))
        rnd.set_class(left is not None and left < 0, "-over")
        rnd.set_class(left is not None and 0 <= left < LOW_FRACTION * total, "-low")
        q = self.query_one("#sb-question", Static)
        if question_elapsed is None:
            q.update("")
            q.display = False
        else:
            budget = f" / {fmt_clock(question_budget)}" if question_budget else ""
            q.update(f"· {fmt_clock(question_elapsed)}{budget}")
            q.tooltip = "Time on this question / its share of the round"
            q.display = True
            q.set_class(bool(question_budget) and question_elapsed > (question_budget or 0), "-over")
