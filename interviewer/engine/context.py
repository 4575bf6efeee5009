"""What the judge and the voice are told about the interview at a turn (a ``TurnContext``): the question the turn
belongs to, what the interviewer had just asked, the time left and the dimensions to read the reply for. Built for the
turn under way, or again for an earlier answer when it is read after a restart."""

from __future__ import annotations

from typing import TYPE_CHECKING

from interviewer.engine.assessor import as_of
from interviewer.judges.base import TurnContext
from interviewer.models import Turn

if TYPE_CHECKING:
    from interviewer.engine.interview import Interview


def asked_in(turn: Turn | None) -> str | None:
    """What an interviewer turn asked: its follow-up's probe, else its question."""
    if turn is None or turn.move is None:
        return None
    return turn.move.probe or turn.move.question_text


def current_context(iv: Interview) -> TurnContext:
    """The context of the turn under way."""
    q = iv.session.current_question
    return TurnContext(
        persona=iv.persona,
        rubric=iv.rubric,
        session=iv.session,
        question=q.text if q else None,
        prompt=asked_in(iv.last_interviewer_turn()),
        seconds_left=iv.seconds_left(),
        dimensions=iv.agent.dimensions_for_reply(iv.session),
    )


def earlier_context(iv: Interview, turn: Turn) -> TurnContext:
    """The context an earlier answer was given in (to read it again after a restart)."""
    session = iv.session
    texts = {q.index: q.text for q in session.questions}
    prompt = None
    for t in reversed(session.turns[: turn.index]):
        if t.role == "interviewer" and t.move:
            prompt = asked_in(t)
            break
    dims = list(turn.assessment.dimensions) if turn.assessment else None
    if turn.question_index is not None:
        stage = "question"
    else:  # the warm-up comes before the first question; an answer with none after it is the wrap-up's
        stage = "opening" if not any(t.question_index is not None for t in session.turns[: turn.index]) else "wrapup"
    return TurnContext(
        persona=iv.persona, rubric=iv.rubric, session=as_of(session, turn.question_index, stage),
        question=texts.get(turn.question_index) if turn.question_index is not None else None,
        prompt=prompt, seconds_left=iv.seconds_left(), dimensions=dims,
    )
