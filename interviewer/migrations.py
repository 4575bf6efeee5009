"""Session files move forward: each migration takes the JSON of version N and returns version N+1.

``MIGRATIONS[i]`` turns version ``i + 1`` into ``i + 2``; ``CURRENT`` is the version the code writes. The store runs
them on every file it reads, in memory; the file on disk is rewritten in the current version at the next save (a
listing never writes). A migration is a plain function over the parsed JSON: no model classes, so it keeps working
when the models change again. To change the session format: bump ``Session.version``'s default, append a function.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from interviewer.errors import InterviewerError

__all__ = ["CURRENT", "MIGRATIONS", "NewerVersion", "migrate"]

Data = dict[str, Any]


class NewerVersion(InterviewerError):
    """A session file written by a newer interviewer than this one."""


def _aware(stamp: Any) -> Any:
    """An ISO time without a zone, read as this machine's local time, with its offset written out."""
    if not isinstance(stamp, str) or not stamp:
        return stamp
    try:
        t = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if t.tzinfo is not None:
        return stamp
    return t.astimezone().isoformat(timespec="milliseconds" if t.microsecond else "seconds")


def v1_to_v2(data: Data) -> Data:
    """Version 2: ``created`` and ``updated`` carry their UTC offset, and ``updated`` is always set.

    Version 1 files may hold naive local times, which sort wrongly against aware ones once the machine's zone
    changes (travel, daylight saving), and an empty ``updated`` for sessions never saved twice."""
    data["created"] = _aware(data.get("created"))
    data["updated"] = _aware(data.get("updated")) or data["created"]
    return data


MIGRATIONS: list[Callable[[Data], Data]] = [v1_to_v2]
CURRENT = len(MIGRATIONS) + 1


def migrate(data: Data) -> Data:
    """``data`` (a parsed session file) in the current version. Raises NewerVersion for a file from the future."""
    if not isinstance(data, dict):
        return data  # not a session at all: validation says why
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        raise ValueError(f"version: not a session file version ({version!r})")
    if version > CURRENT:
        raise NewerVersion(
            f"it was written by a newer interviewer (session format {version}; this one reads up to {CURRENT}): "
            "upgrade interviewer to open it"
        )
    for step in MIGRATIONS[version - 1:]:
        data = step(data)
    data["version"] = CURRENT
    return data
