"""Sessions on disk: one JSON file per session, written atomically after every turn.

Layout under ``root``::

    sessions/<id>.json     Session.model_dump_json(indent=1)
    reports/<id>.<fmt>     rendered reports (md, html, json)

Files whose name starts with "." are temp files of an interrupted atomic write and are ignored.
No Textual, litellm or Jinja imports here: listing and resuming must stay cheap.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime
from pathlib import Path

from pydantic import ValidationError

from interviewer.atomic import atomic_write_text
from interviewer.models import Session

__all__ = ["SessionStore", "StoreError"]

_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_SAFE_FMT = re.compile(r"^[A-Za-z0-9]+$")
_MAX_CANDIDATES = 5


class StoreError(Exception):
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


class SessionStore:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.sessions_dir = self.root / "sessions"
        self.reports_dir = self.root / "reports"

    # ------------------------------------------------------------------ paths

    def path_for(self, session_id: str) -> Path:
        if not _SAFE_ID.match(session_id):
            raise StoreError(f"invalid session id {session_id!r}")
        return self.sessions_dir / f"{session_id}.json"

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
        """Stamp ``session.updated`` and write the session atomically. Cheap enough to call after every turn."""
        path = self.path_for(session.id)
        session.updated = _now_iso()
        atomic_write_text(path, session.model_dump_json(indent=1))
        return path

    def _read(self, path: Path) -> Session:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"no session file at {path}", path) from None
        except OSError as exc:
            raise StoreError(f"cannot read session file {path}: {exc.strerror or exc}", path) from None
        try:
            return Session.model_validate_json(data)
        except (ValidationError, ValueError) as exc:
            raise StoreError(f"session file {path} is corrupt: {_short_reason(exc)}", path) from None

    def load(self, id_or_path: str | Path) -> Session:
        """Load by full id, unique id prefix, or path to a ``.json`` file."""
        text = str(id_or_path)
        if isinstance(id_or_path, Path) or text.endswith(".json") or "/" in text or "\\" in text:
            return self._read(Path(id_or_path).expanduser())
        if not text:
            raise StoreError("no session id given (see `interviewer sessions`)")
        exact = self.sessions_dir / f"{text}.json"
        if _SAFE_ID.match(text) and exact.is_file():
            return self._read(exact)
        matches = [p for p in self._files() if p.stem.startswith(text)]
        if not matches:
            raise StoreError(f"no session matches {text!r} (see `interviewer sessions`)")
        if len(matches) > 1:
            shown = ", ".join(p.stem for p in matches[:_MAX_CANDIDATES])
            more = len(matches) - _MAX_CANDIDATES
            extra = f" and {more} more" if more > 0 else ""
            raise StoreError(f"{text!r} is ambiguous: matches {shown}{extra}")
        return self._read(matches[0])

    # ------------------------------------------------------------------ listing

    def list(self) -> tuple[list[Session], list[tuple[Path, str]]]:
        """All readable sessions, newest first (by ``created``), and the corrupt files as ``(path, reason)``."""
        sessions: list[Session] = []
        corrupt: list[tuple[Path, str]] = []
        for path in self._files():
            try:
                sessions.append(self._read(path))
            except StoreError as exc:
                reason = str(exc)
                prefix = f"session file {path} is corrupt: "
                corrupt.append((path, reason[len(prefix):] if reason.startswith(prefix) else reason))
        sessions.sort(key=_sort_key, reverse=True)
        return sessions, corrupt

    def latest_unfinished(self) -> Session | None:
        """The most recently created session that is still active, if any."""
        sessions, _ = self.list()
        return next((s for s in sessions if s.status != "finished"), None)
