"""One exception base for the whole project, and the one place that turns any exception into a line for a person.

Every error the project raises on purpose is an ``InterviewerError(message, exit_code)``: ``str(err)`` is one line fit
for the user, ``exit_code`` is what the command line exits with. Subclasses live beside the code that raises them
(``StoreError`` in store, ``CatalogError`` in catalog, ``EngineFailure`` in judges.base, ``InterviewOver`` in the
engine); the ones with no better home live here. This module imports nothing from the project, so every module,
core or shell, can import it.
"""

from __future__ import annotations

__all__ = ["DataDirError", "InterviewerError", "UserError", "cause", "describe", "os_error_text"]


class InterviewerError(Exception):
    """An error the project raised on purpose. ``str(err)`` reads as a sentence; ``exit_code`` is the CLI's."""

    exit_code: int = 1

    def __init__(self, message: str = "", exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code

    @property
    def message(self) -> str:
        """The first line of the message (or the class name when there is none)."""
        return (str(self).strip().splitlines() or [""])[0] or type(self).__name__

    def for_cli(self) -> str:
        """The line the command line prints; subclasses may add advice that only makes sense there."""
        return self.message


class UserError(InterviewerError):
    """A problem the user can fix (a bad file, a bad option, an empty answer)."""


class DataDirError(UserError):
    """The data dir (sessions and reports) cannot be written. ``errno`` says why (ENOSPC: full, EROFS: read-only)."""

    errno: int | None = None

    @classmethod
    def from_oserror(cls, folder: object, exc: OSError) -> DataDirError:
        err = cls(
            f"cannot save sessions in {folder}: {os_error_text(exc)}. "
            "Choose another folder with --data-dir DIR or INTERVIEWER_HOME=DIR."
        )
        err.errno = exc.errno
        return err

    @property
    def disk_full(self) -> bool:
        """A full disk may free up while the program runs; a read-only or forbidden folder will not."""
        import errno as _errno

        return self.errno in (_errno.ENOSPC, _errno.EDQUOT)


def os_error_text(exc: OSError) -> str:
    """``[Errno 30] Read-only file system: '/x'`` as ``read-only file system (/x)``."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    reason = reason[:1].lower() + reason[1:]
    return f"{reason} ({exc.filename})" if exc.filename else reason


def _plain(exc: BaseException) -> str | None:
    """The message of an exception that already reads as a sentence, else None."""
    if isinstance(exc, InterviewerError):
        return exc.message
    if isinstance(exc, OSError):
        return os_error_text(exc)
    if isinstance(exc, ValueError):
        return (str(exc).strip().splitlines() or [""])[0] or type(exc).__name__
    return None


def describe(exc: BaseException) -> tuple[str, int]:
    """The command line's one line and exit code for ``exc``."""
    if isinstance(exc, InterviewerError):
        return exc.for_cli(), exc.exit_code
    plain = _plain(exc)
    if plain is not None:
        return plain, 1
    return (
        f"unexpected {type(exc).__name__}: {exc}. Set INTERVIEWER_DEBUG=1 for details.",
        70,
    )


def cause(exc: BaseException) -> str:
    """The cause of a failure in one line, as the app shows it: the message, prefixed with the exception's type unless
    it already reads as a sentence (the project's own errors, ValueError, OSError)."""
    plain = _plain(exc)
    if plain is not None:
        return plain
    text = (str(exc).strip().splitlines() or [""])[0]
    name = type(exc).__name__
    return f"{name}: {text}" if text else name
