"""Turning exceptions into one clear line and an exit code."""

from __future__ import annotations


def describe(exc: BaseException) -> tuple[str, int]:
    from interviewer.catalog import CatalogError
    from interviewer.engine.interview import InterviewOver
    from interviewer.services import UserError
    from interviewer.store import StoreError

    code = getattr(exc, "code", None)
    if isinstance(exc, (UserError, CatalogError, StoreError, InterviewOver)):
        return str(exc), 1
    if type(exc).__name__ == "CliError":
        return str(exc), code if isinstance(code, int) else 1
    if isinstance(exc, (ValueError, OSError)):
        return str(exc) or type(exc).__name__, 1
    return (
        f"unexpected {type(exc).__name__}: {exc}. Your session is saved; set INTERVIEWER_DEBUG=1 for details.",
        70,
    )
