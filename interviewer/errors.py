"""Turning exceptions into one clear line and an exit code."""

from __future__ import annotations


def describe(exc: BaseException) -> tuple[str, int]:
    from interviewer.catalog import CatalogError
    from interviewer.cli import CliError
    from interviewer.engine.interview import InterviewOver
    from interviewer.judges.base import EngineFailure
    from interviewer.services import UserError
    from interviewer.store import StoreError

    if isinstance(exc, CliError):
        return str(exc), exc.code
    if isinstance(exc, (UserError, CatalogError, StoreError, InterviewOver)):
        return str(exc), 1
    if isinstance(exc, EngineFailure):
        return f"the model failed: {exc.reason}. Pass --offline to use the offline engine.", 1
    if isinstance(exc, (ValueError, OSError)):
        return str(exc) or type(exc).__name__, 1
    return (
        f"unexpected {type(exc).__name__}: {exc}. Your session is saved; set INTERVIEWER_DEBUG=1 for details.",
        70,
    )
