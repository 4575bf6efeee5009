"""How the screens name a failure to the candidate."""

from __future__ import annotations

from interviewer.judges.base import EngineFailure

PLAIN = ("UserError", "StoreError", "CatalogError", "InterviewOver")


def cause(exc: BaseException) -> str:
    """The cause of a failure in one line: the message, prefixed with the exception's type unless it is a plain
    user-facing error (ValueError, OSError and the project's own errors already read as sentences)."""
    if isinstance(exc, EngineFailure) and exc.reason:  # the model's failure, already named in words
        return exc.reason
    text = (str(exc).strip().splitlines() or [""])[0]
    name = type(exc).__name__
    if not text:
        return name
    if isinstance(exc, (ValueError, OSError)) or name in PLAIN:
        return text
    return f"{name}: {text}"
