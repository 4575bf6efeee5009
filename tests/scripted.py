"""Shared by the rehearsal-script tests: which question each scripted answer was judged against."""

from __future__ import annotations

from interviewer.models import Session


def landed_questions(session: Session) -> list[str]:
    """The question each candidate turn was judged against, in order: "warmup", a bank id, or "wrapup"."""
    ids = {q.index: q.question_id for q in session.questions}
    landed, stage = [], "warmup"
    for t in session.turns:
        if t.role == "interviewer":
            stage = "wrapup" if t.move is not None and t.move.kind == "wrapup" else stage
        elif t.question_index is not None:
            landed.append(ids[t.question_index])
        else:
            landed.append(stage)
    return landed
