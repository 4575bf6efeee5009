"""The question the agent chose always reaches the candidate: a model that phrases a move may say something generic
instead of asking it. If its words do not carry the question, the bank question is added after them, verbatim."""

from __future__ import annotations

import re

from interviewer.models import Move

_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "about after again also because been before being between both could does doing during each from have having here "
    "into just more most other over same some such than that their them then there these they this those through under "
    "very were what when where which while will with would your you".split()
)


def _stems(text: str) -> set[str]:
    return {w[:5] for w in _WORD.findall(text.lower()) if len(w) > 3 and w not in _STOP}


def must_ask(move: Move) -> str | None:
    """The question a move must put to the candidate, if any (a new main question or a repeated one)."""
    if not move.question_text:
        return None
    if move.kind in ("question", "reprompt") or (move.kind == "opening" and move.question_text):
        return move.question_text.strip()
    return None


def carries(text: str, question: str, threshold: float = 0.6) -> bool:
    """True if ``text`` asks ``question``: most of its content words (by stem) are there."""
    want = _stems(question)
    if not want:
        return True
    return len(want & _stems(text)) / len(want) >= threshold


def missing_question(move: Move, text: str) -> str | None:
    """The question to add after ``text``, or None when ``text`` already carries it."""
    q = must_ask(move)
    if q is None or carries(text, q):
        return None
    return q
