"""Atomic file writes: a reader (or a crash) sees either the old file or the new one, never a mix.

The new content goes to a temp file in the target's directory (same filesystem, so the rename is atomic), is flushed
and fsynced, then ``os.replace``d onto the target; finally the directory is fsynced so the rename itself survives a
power cut. A temp file left by a killed process starts with "." and ends with ".tmp", so listings can skip it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write_bytes", "atomic_write_text"]


def _fsync_dir(directory: Path) -> None:
    """Persist a rename in ``directory``. Best effort: some platforms (Windows) cannot open a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path | str, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, creating parent directories as needed."""
    path = Path(path)
    directory = path.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix="." + path.name, suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_dir(directory)


def atomic_write_text(path: Path | str, text: str, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``text`` (UTF-8 by default) atomically, creating parent directories as needed."""
    atomic_write_bytes(path, text.encode(encoding))
