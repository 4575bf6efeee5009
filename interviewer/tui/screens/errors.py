"""How the screens name a failure to the candidate: the one ``errors.cause`` the whole project uses."""

from __future__ import annotations

from interviewer.errors import cause

__all__ = ["cause", "turn_failure"]


def turn_failure(kind: str, exc: BaseException, *, saved: bool, reply_missing: bool) -> str:
    """What the Interview screen says when a turn (answer, recover, skip, end) failed. ``saved``: the session's last
    save succeeded; ``reply_missing``: its last turn is the candidate's. Never claims a save that did not happen."""
    if kind in ("answer", "recover") and reply_missing and saved:
        return f"Your answer is saved, but the interviewer could not reply: {cause(exc)}. Press Ctrl+S to try again."
    if kind in ("answer", "recover") and not saved:
        return (f"Your answer could not be saved: {cause(exc)}. It is kept in the box; press Ctrl+S to try again "
                "(Ctrl+T ends the interview and writes the report wherever it can).")
    if kind == "answer":
        return f"Your answer was not sent: {cause(exc)}. It is still in the box; press Ctrl+S to try again."
    if kind == "skip":
        return f"Could not skip the question: {cause(exc)}"
    return f"Could not end the interview: {cause(exc)}"
