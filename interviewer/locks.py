"""One writer per session: a lock file that names its holder's pid and cannot outlive it.

On POSIX the lock is an ``flock`` on ``.<session id>.lock`` beside the session file: the kernel drops it when the
holder exits, however it exits (kill -9 included), so a lock left by a dead process is simply taken over. The file
holds the holder's pid so that a second opener can say who has the session. Where ``fcntl`` is missing (Windows) the
file is created exclusively and a lock whose pid is no longer running counts as stale and is taken over.

Locks held by this process are counted per path, so two store objects in one process share one lock.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from interviewer.errors import InterviewerError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["FileLock", "LoopLocked", "SessionLocked", "holder_pid", "pid_alive"]


class SessionLocked(InterviewerError):
    """The session is being written by another process."""

    def __init__(self, session_id: str, pid: int | None) -> None:
        who = f" (pid {pid})" if pid else ""
        super().__init__(
            f"session {session_id} is open in another window{who}. Close it there first; "
            f"`interviewer report {session_id}` shows it read-only."
        )
        self.session_id = session_id
        self.pid = pid


class LoopLocked(SessionLocked):
    """The onsite loop is being run by another process."""

    def __init__(self, loop_id: str, pid: int | None) -> None:
        who = f" (pid {pid})" if pid else ""
        InterviewerError.__init__(
            self,
            f"loop {loop_id} is open in another window{who}. Close it there first; "
            f"`interviewer loop --debrief {loop_id}` shows where it stands.",
        )
        self.session_id = loop_id
        self.pid = pid


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process, alive
    except OSError:
        return False
    return True


def _read_pid(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


# locks this process holds: path -> (fd, count)
_HELD: dict[Path, list[int]] = {}


class FileLock:
    """An exclusive, non-blocking lock on ``path`` for ``name`` (a session id, used in the error)."""

    def __init__(self, path: Path | str, name: str = "") -> None:
        self.path = Path(path)
        self.name = name or self.path.stem.lstrip(".")
        self._mine = False

    @property
    def held(self) -> bool:
        return self._mine

    def acquire(self) -> FileLock:
        """Take the lock or raise ``SessionLocked`` naming the holder's pid. Re-entrant within one process."""
        if self._mine:
            return self
        key = self.path.resolve() if self.path.parent.exists() else self.path
        if key in _HELD:
            _HELD[key][1] += 1
            self._mine = True
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = self._flock() if fcntl is not None else self._exclusive()
        _HELD[key] = [fd, 1]
        self._mine = True
        return self

    def _flock(self) -> int:
        for _ in range(20):  # another process may unlink the file between our open and our lock: open it again
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise SessionLocked(self.name, _read_pid(self.path)) from None
            except BaseException:
                os.close(fd)
                raise
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                continue
            with contextlib.suppress(OSError):  # a full disk: the lock holds without the pid in it
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            return fd
        raise SessionLocked(self.name, _read_pid(self.path))  # pragma: no cover - a lock that changes hands 20 times

    def _exclusive(self) -> int:  # pragma: no cover - exercised on Windows only
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pid = _read_pid(self.path)
                if pid is not None and pid_alive(pid) and pid != os.getpid():
                    raise SessionLocked(self.name, pid) from None
                with contextlib.suppress(OSError):
                    os.unlink(self.path)  # stale: its holder is gone
                continue
            os.write(fd, f"{os.getpid()}\n".encode())
            return fd
        raise SessionLocked(self.name, _read_pid(self.path))

    def release(self) -> None:
        if not self._mine:
            return
        self._mine = False
        key = self.path.resolve() if self.path.parent.exists() else self.path
        entry = _HELD.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] > 0:
            return
        del _HELD[key]
        with contextlib.suppress(OSError):
            os.unlink(self.path)  # while still holding it: the next opener creates a fresh file
        with contextlib.suppress(OSError):
            os.close(entry[0])

    def __enter__(self) -> FileLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def holder_pid(path: Path | str) -> int | None:
    """The pid of the live process holding the lock at ``path``, or None when nobody holds it."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        with FileLock(path):
            return None
    except SessionLocked as exc:
        return exc.pid or -1
