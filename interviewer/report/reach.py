"""Why a round stopped before reaching some dimensions, in honest words for the report.

"Not enough time to reach them" only when time really ran out; a candidate who ended the round with 28 minutes left is
told so, and a round whose planned questions simply did not touch a dimension says that instead.
"""

from __future__ import annotations

from interviewer.models import Session


def minutes_half(seconds: float) -> float:
    """Seconds as minutes, to the nearest half minute (a budget a candidate can read: 5, 5.5, 27)."""
    return round(seconds / 30.0) / 2



def not_reached_reason(session: Session) -> str:
    """Why the round stopped before some dimensions came up, in words for the report ("not enough time to reach
    them" only when time really ran out)."""
    if session.id == "review":
        return "one answer to one question: that question does not ask about them"
    wrapup = close = None
    for t in session.turns:
        if t.role == "interviewer" and t.move:
            if t.move.kind == "wrapup":
                wrapup = t.move
            elif t.move.kind == "close":
                close = t.move
    if close is not None and close.reason in ("candidate", "skip", "script_end"):
        last_at = session.turns[-1].at if session.turns else 0.0
        left = session.minutes * 60.0 - last_at
        who = "the script ran out of answers" if close.reason == "script_end" else "you ended the round"
        if left >= 60:
            return f"{who} with {_minutes_words(left)} left, before these came up"
        if wrapup is not None:
            return f"{who} before these came up"
        return "not enough time to reach them"
    if wrapup is not None and wrapup.reason != "round_time":
        return "the round's questions did not touch them"
    if wrapup is None and close is None:
        return "the round stopped before these came up"
    return "not enough time to reach them"


def _minutes_words(seconds: float) -> str:
    m = max(1, int(seconds // 60))
    return "1 minute" if m == 1 else f"{m} minutes"
