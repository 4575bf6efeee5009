"""Sessions on disk: one JSON file per session, written atomically after every turn.

Layout under ``root``::

    sessions/<id>.json     Session.model_dump_json(indent=1)
    reports/<id>.<fmt>     rendered reports (md, html, json)

    sessions/.<id>.lock    held by the one process that writes the session (see locks.py)

Files whose name starts with "." are temp files of an interrupted atomic write (or locks) and are ignored.
A session file is read through ``migrations.migrate``, so files of older versions load in the current format.
A file's name and the id inside it can disagree (a copied or renamed file): the session is listed once, from the
file named after its id if there is one, else from the most recently updated claimant; the others are reported.
No Textual, litellm or Jinja imports here: listing and resuming must stay cheap.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from interviewer.atomic import atomic_write_text
from interviewer.errors import DataDirError, InterviewerError
from interviewer.locks import FileLock, SessionLocked
from interviewer.migrations import migrate
from interviewer.paths import check_writable
from interviewer.models import Session

__all__ = ["Listing", "SessionLocked", "SessionStore", "StoreError", "status_text"]

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SAFE_FMT = re.compile(r"^[A-Za-z0-9]+$")
_MAX_CANDIDATES = 5


class StoreError(InterviewerError):
    """A session cannot be found, is ambiguous, or is corrupt. ``str(err)`` is one line fit for the user."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


def _rand4() -> str:
    return secrets.token_hex(2)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "session"


def _now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _short_reason(exc: Exception) -> str:
    """One line describing why a session file did not load."""
    if isinstance(exc, ValidationError):
        errors = exc.errors(include_url=False)
        if not errors:
            return "invalid session"
        first = errors[0]
        loc = ".".join(str(p) for p in first.get("loc", ()))
        msg = str(first.get("msg", "invalid")).splitlines()[0]
        reason = f"{loc}: {msg}" if loc else msg
        if len(errors) > 1:
            reason += f" (+{len(errors) - 1} more error{'s' if len(errors) > 2 else ''})"
        return reason
    return (str(exc).splitlines() or [type(exc).__name__])[0] or type(exc).__name__


def _sort_key(session: Session) -> tuple[float, str]:
    """Newest-first key: ``created`` as a timestamp (naive times are local), then the id (which starts with time)."""
    try:
        ts = datetime.fromisoformat(session.created).timestamp()
    except (ValueError, TypeError, OverflowError, OSError):
        ts = float("-inf")
    return ts, session.id


def _updated_key(item: tuple[Path, Session]) -> tuple[float, float]:
    path, session = item
    try:
        ts = datetime.fromisoformat(session.updated).timestamp() if session.updated else float("-inf")
    except (ValueError, TypeError, OverflowError, OSError):
        ts = float("-inf")
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = float("-inf")
    return ts, mtime


def status_text(session: Session) -> str:
    """``finished``, or ``unfinished (1 answer)`` / ``unfinished (3 answers)``."""
    if session.status == "finished":
        return "finished"
    n = len(session.candidate_turns())
    return f"unfinished ({n} answer{'' if n == 1 else 's'})"


@dataclass
class Listing:
    """What ``SessionStore.listing`` found: each session once, newest first, and the files it skipped."""

    sessions: list[Session] = field(default_factory=list)
    corrupt: list[tuple[Path, str]] = field(default_factory=list)  # (file, why it did not load)
    copies: list[tuple[Path, Path]] = field(default_factory=list)  # (a second file claiming a session, the file used)

    def warnings(self) -> list[str]:
        """One line per skipped file."""
        lines = [f"skipped corrupt session file {path}: {reason}" for path, reason in self.corrupt]
        lines += [
            f"{path} holds the same session as {winner.name}: listed once, from {winner.name}"
            for path, winner in self.copies
        ]
        return lines


class SessionStore:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.sessions_dir = self.root / "sessions"
        self.reports_dir = self.root / "reports"
        self._locks: dict[str, FileLock] = {}
        self.unsaved: dict[str, OSError] = {}  # session id -> why its latest save failed

    # ------------------------------------------------------------------ paths

    def path_for(self, session_id: str) -> Path:
        if not _SAFE_ID.match(session_id):
            raise StoreError(f"invalid session id {session_id!r}")
        return self.sessions_dir / f"{session_id}.json"

    def lock_path(self, session_id: str) -> Path:
        return self.path_for(session_id).with_name(f".{session_id}.lock")

    def report_path(self, session_id: str, fmt: str) -> Path:
        if not _SAFE_FMT.match(fmt):
            raise StoreError(f"invalid report format {fmt!r}")
        if not _SAFE_ID.match(session_id):
            raise StoreError(f"invalid session id {session_id!r}")
        return self.reports_dir / f"{session_id}.{fmt}"

    def _files(self) -> list[Path]:
        if not self.sessions_dir.is_dir():
            return []
        return sorted(
            p for p in self.sessions_dir.iterdir() if p.suffix == ".json" and not p.name.startswith(".") and p.is_file()
        )

    # ------------------------------------------------------------------ the data dir

    def check_writable(self) -> None:
        """Raise DataDirError (one line naming the folder and how to choose another) unless a session can be saved
        here: the folders can be made and a small file written, synced and removed (``paths.check_writable``)."""
        check_writable(self.root)

    # ------------------------------------------------------------------ one writer per session

    def lock(self, session_id: str) -> None:
        """Become the one writer of ``session_id`` until ``unlock`` (or this process ends, however it ends).
        Raises SessionLocked naming the other writer's pid."""
        if session_id in self._locks:
            return
        lock = FileLock(self.lock_path(session_id), session_id)
        try:
            lock.acquire()
        except OSError:
            return  # no lock file can be made (a read-only data dir): nobody can write the session, so none is needed
        self._locks[session_id] = lock

    def unlock(self, session_id: str) -> None:
        lock = self._locks.pop(session_id, None)
        if lock is not None:
            lock.release()

    def is_saved(self, session_id: str) -> bool:
        """Whether the session's latest state is on disk (its last save did not fail, and its file exists)."""
        return session_id not in self.unsaved and self.path_for(session_id).is_file()

    # ------------------------------------------------------------------ ids

    def new_id(self, persona_id: str, now: datetime | None = None) -> str:
        """``YYYYmmdd-HHMMSS-<persona>-<4 hex>`` in local time, unused in this store."""
        now = now or datetime.now()
        if now.tzinfo is not None:
            now = now.astimezone()  # local wall-clock time
        stem = f"{now:%Y%m%d-%H%M%S}-{_slug(persona_id)}"
        for _ in range(1000):
            candidate = f"{stem}-{_rand4()}"
            if not (self.sessions_dir / f"{candidate}.json").exists():
                return candidate
        raise StoreError(f"could not find a free session id for {stem}")  # pragma: no cover

    # ------------------------------------------------------------------ write / read

    def save(self, session: Session) -> Path:
        """Stamp ``session.updated`` and write the session atomically. Cheap enough to call after every turn.

        Only the session's writer may save it: a process that did not ``lock`` it takes the lock for the write and
        gets SessionLocked if another process holds it. A failed write (full or read-only disk) raises the OSError
        and leaves the session in ``unsaved`` until a later save succeeds."""
        path = self.path_for(session.id)
        session.updated = _now_iso()
        data = session.model_dump_json(indent=1)
        transient = None
        if session.id not in self._locks:
            transient = FileLock(self.lock_path(session.id), session.id)
            try:
                transient.acquire()
            except OSError as exc:
                self.unsaved[session.id] = exc
                raise
        try:
            atomic_write_text(path, data)
        except OSError as exc:
            self.unsaved[session.id] = exc
            raise
        finally:
            if transient is not None:
                transient.release()
        self.unsaved.pop(session.id, None)
        return path

    def _read(self, path: Path) -> Session:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"no session file at {path}", path) from None
        except OSError as exc:
            raise StoreError(f"cannot read session file {path}: {exc.strerror or exc}", path) from None
        try:
            raw = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
            msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8 text"
            raise StoreError(f"session file {path} is corrupt: invalid JSON{where}: {msg}", path) from None
        try:
            return Session.model_validate(migrate(raw))
        except InterviewerError as exc:
            raise StoreError(f"session file {path} cannot be opened: {exc}", path) from None
        except (ValidationError, ValueError) as exc:
            raise StoreError(f"session file {path} is corrupt: {_short_reason(exc)}", path) from None

    def load(self, id_or_path: str | Path) -> Session:
        """Load by full id, unique id prefix, or path to a ``.json`` file. An id is matched against the file names
        and the ids inside the files, so a renamed or copied file is found, and its copies are not ambiguous."""
        text = str(id_or_path)
        if isinstance(id_or_path, Path) or text.endswith(".json") or "/" in text or "\\" in text:
            return self._read(Path(id_or_path).expanduser())
        if not text:
            raise StoreError("no session id given (see `interviewer sessions`)")
        exact = self.sessions_dir / f"{text}.json"
        if _SAFE_ID.match(text) and exact.is_file():
            return self._read(exact)
        found = self.listing()
        by_id = [s for s in found.sessions if s.id == text] or [s for s in found.sessions if s.id.startswith(text)]
        if not by_id:
            broken = [p for p, _ in found.corrupt if p.stem.startswith(text)]
            if len(broken) == 1:
                return self._read(broken[0])  # raises the reason it is corrupt
            raise StoreError(f"no session matches {text!r} (see `interviewer sessions`)")
        if len(by_id) > 1:
            shown = ", ".join(s.id for s in by_id[:_MAX_CANDIDATES])
            more = len(by_id) - _MAX_CANDIDATES
            extra = f" and {more} more" if more > 0 else ""
            raise StoreError(f"{text!r} is ambiguous: matches {shown}{extra}")
        return by_id[0]

    # ------------------------------------------------------------------ listing

    def listing(self) -> Listing:
        """Every readable session once, newest first (by ``created``), with the corrupt files and the copies."""
        found = Listing()
        claims: dict[str, list[tuple[Path, Session]]] = {}
        for path in self._files():
            try:
                session = self._read(path)
            except StoreError as exc:
                reason = str(exc)
                prefix = f"session file {path} is corrupt: "
                found.corrupt.append((path, reason[len(prefix):] if reason.startswith(prefix) else reason))
                continue
            claims.setdefault(session.id, []).append((path, session))
        for sid, items in claims.items():
            named = [it for it in items if it[0].stem == sid]
            winner = named[0] if named else max(items, key=_updated_key)
            found.sessions.append(winner[1])
            found.copies += [(path, winner[0]) for path, _ in items if path != winner[0]]
        found.sessions.sort(key=_sort_key, reverse=True)
        return found

