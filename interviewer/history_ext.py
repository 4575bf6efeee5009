"""Extensions of the history index: extra tables filled from each session (the story bank, for one).

Register an :class:`Extension` with :func:`register` at import time of the feature's module; indexes opened
afterwards create its tables (``ddl``) and call ``index(conn, doc)`` for every session they (re)read, inside the
index's transaction. Tables should reference ``sessions(id) ON DELETE CASCADE``. Bumping ``version`` rebuilds the
whole index from the files. Standard library only.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 3  # the base tables' layout (history.py); part of the fingerprint



class SessionDoc:
    """One session as the indexers see it: the raw JSON (cheap) and, on demand, the pydantic models."""

    def __init__(self, path: Path, data: dict[str, Any], report: dict[str, Any] | None) -> None:
        self.path = path
        self.data = data  # the session file, parsed with json
        self.report = report  # the stored report JSON, if any

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @cached_property
    def session(self):  # -> interviewer.models.Session
        from interviewer.models import Session

        return Session.model_validate(self.data)


@dataclass(frozen=True)
class Extension:
    """Extra tables filled from each session (e.g. the story bank)."""

    name: str
    version: int
    ddl: tuple[str, ...]
    index: Callable[[sqlite3.Connection, SessionDoc], None]


_EXTENSIONS: dict[str, Extension] = {}


def register(ext: Extension) -> None:
    """Add (or replace) an extension. Indexes opened afterwards create its tables and fill them."""
    _EXTENSIONS[ext.name] = ext


def fingerprint() -> str:
    parts = [f"base:{SCHEMA_VERSION}"] + [f"{e.name}:{e.version}" for e in sorted(_EXTENSIONS.values(), key=lambda e: e.name)]
    return ",".join(parts)


